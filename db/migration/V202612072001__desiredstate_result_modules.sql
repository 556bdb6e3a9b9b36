-- The kernel modules an action loaded, before and after (vduse.load-modules): a JSON array of
-- {name, loadedBefore, loadedAfter}. Results of the other actions, and those stored before,
-- hold none. A constant default: adding the column rewrites no row.
ALTER TABLE desired_state_result ADD COLUMN modules jsonb NOT NULL DEFAULT '[]';
