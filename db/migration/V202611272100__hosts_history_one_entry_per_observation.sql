-- One history row per observation that changed something, holding all of its changed fields,
-- instead of one row per field (ADR 0023). A changed report changes three or four fields at once
-- (a pool's total and free pages and the bytes they reclaim), so this writes a third of the rows
-- and index entries, and the history reads as what changed together.
--
-- The rows of one observation share host_id and changed_at (one transaction's time); each group
-- is folded into its first row, which keeps its id, so ids still grow with time.
ALTER TABLE host_change ADD COLUMN changes jsonb;

UPDATE host_change AS h
SET changes = g.changes
FROM (SELECT host_id, min(id) AS id,
             jsonb_agg(jsonb_build_object('field', field, 'from', from_value, 'to', to_value) ORDER BY id) AS changes
      FROM host_change
      GROUP BY host_id, changed_at) AS g
WHERE h.host_id = g.host_id AND h.id = g.id;

DELETE FROM host_change WHERE changes IS NULL;

ALTER TABLE host_change
    DROP COLUMN field,
    DROP COLUMN from_value,
    DROP COLUMN to_value,
    ALTER COLUMN changes SET NOT NULL;
