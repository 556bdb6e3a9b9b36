-- The history is read per host, newest first (GET /api/v1/hosts/{id}/history); keyed by
-- (host_id, id) its primary key serves that query, and each history row costs one index entry
-- instead of two (a primary key on id alone, and an index on (host_id, id)). id stays unique
-- on its own (an identity).
ALTER TABLE host_change DROP CONSTRAINT host_change_pkey;
DROP INDEX host_change_host_idx;
ALTER TABLE host_change ADD CONSTRAINT host_change_pkey PRIMARY KEY (host_id, id);
