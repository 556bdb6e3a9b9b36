-- The fleet's reports (issue 16, ADR 0041, ADR 0042).
--
-- report_fleet_report: the memory and VDUSE reports of the whole fleet, computed by one replica
-- per period (the fleet-reports fleet job, ADR 0031) and served by every replica, so that the
-- unnarrowed report costs the same at any fleet size. One row.
CREATE TABLE report_fleet_report (
    id           smallint    PRIMARY KEY CHECK (id = 1),
    computed_at  timestamptz NOT NULL,
    report       jsonb       NOT NULL
);

-- report_memory_day: the memory report's figures once per UTC day, for the fleet and per group
-- of each grouping kept (kernel, numaNodes, pageSize, label:<key> of kfleet.reports.group-label-keys).
-- Written by the memory-history fleet job with INSERT ... ON CONFLICT DO NOTHING: the day's first
-- run writes each row, later runs and other replicas write nothing. `grouped` is false for the
-- fleet's row and for the hosts without a key in the grouping (`group_key` is then ''). Sums
-- are bigint: exact.
CREATE TABLE report_memory_day (
    day                 date        NOT NULL,
    grouping            text        NOT NULL,
    grouped             boolean     NOT NULL,
    group_key           text        NOT NULL,
    computed_at         timestamptz NOT NULL,
    hosts               bigint      NOT NULL,
    hvo_on              bigint      NOT NULL,
    hvo_off             bigint      NOT NULL,
    hvo_unsupported     bigint      NOT NULL,
    hvo_unknown         bigint      NOT NULL,
    stale               bigint      NOT NULL,
    installed_bytes     bigint      NOT NULL,
    installed_hosts     bigint      NOT NULL,
    hugetlb_bytes       bigint      NOT NULL,
    reclaimed_bytes     bigint      NOT NULL,
    reclaimable_bytes   bigint      NOT NULL,
    additional_bytes    bigint      NOT NULL,
    PRIMARY KEY (grouping, day, grouped, group_key)
);
-- The retention deletes by day.
CREATE INDEX report_memory_day_day_idx ON report_memory_day (day);
