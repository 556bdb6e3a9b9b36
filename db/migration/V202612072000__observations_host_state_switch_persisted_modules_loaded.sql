-- What rollouts verify from a host's report: whether the HVO switch is persisted (the value the
-- boot-time sysctl configuration sets vm.hugetlb_optimize_vmemmap to; null when nothing sets it,
-- when it could not be read, or when the agent predates hvo.switchPersisted) and whether the four
-- VDUSE modules are loaded (true: all four built in or loaded; false: one is not loaded or not
-- built; null when a state is unknown). Nullable and without defaults: adding them rewrites no row.
ALTER TABLE host_state
    ADD COLUMN hvo_switch_persisted boolean,
    ADD COLUMN vduse_modules_loaded boolean;
