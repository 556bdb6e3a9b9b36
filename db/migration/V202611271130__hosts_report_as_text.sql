-- Changed reports are the heaviest write of the check-in loop (issue 4): keep them cheap for
-- PostgreSQL to store.
--
-- The latest report is kept as the text the agent sent: the service never queries inside it,
-- and text is stored as it comes, where jsonb is parsed and rebuilt on every write. It is
-- compressed with lz4 where the server has it (much cheaper than pglz), and kept in the row
-- itself up to a full page once compressed (toast_tuple_target), so that a report of ~10 KB
-- costs no TOAST rows.
ALTER TABLE host_report ALTER COLUMN report TYPE text USING report::text;
ALTER TABLE host_report SET (toast_tuple_target = 8160);
DO $$
BEGIN
    ALTER TABLE host_report ALTER COLUMN report SET COMPRESSION lz4;
EXCEPTION WHEN feature_not_supported THEN
    RAISE NOTICE 'this PostgreSQL has no lz4: reports are compressed with pglz';
END
$$;

-- The observed state and the pools of a host are updated in place by every changed report;
-- room on each page lets those updates be HOT (no index entries, no bloat).
ALTER TABLE host_state SET (fillfactor = 70);
ALTER TABLE host_hugetlb_pool SET (fillfactor = 70);
