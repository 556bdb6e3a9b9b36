-- What the fleet's reports aggregate and group by besides the HVO figures (issue 16, ADR 0041),
-- written with the rest of host_state by each changed report (check-ins that change nothing
-- write nothing):
--   installed_memory_bytes  memmap.memoryBlocks × memmap.memoryBlockSizeBytes: the memory the
--                           kernel's memory blocks hold (null when either is unknown)
--   numa_nodes              the NUMA nodes the HugeTLB pools list (null when no pool lists them)
--   hvo_blocking_reasons    the codes of hvo.support.limits that block HVO (empty when none)
--   vduse_support_reason    vduse.supportReason
--   vduse_module_states     vduse.modules as name=state (state `unknown` when null)
-- Nullable and without defaults: adding them rewrites no row. Existing rows are filled from each
-- host's latest report (host_report), which they were written from; a host without a report has
-- no host_state row.
ALTER TABLE host_state
    ADD COLUMN installed_memory_bytes bigint,
    ADD COLUMN numa_nodes integer,
    ADD COLUMN hvo_blocking_reasons text[],
    ADD COLUMN vduse_support_reason text,
    ADD COLUMN vduse_module_states text[];

UPDATE host_state s
SET installed_memory_bytes = CASE
        WHEN jsonb_typeof(r.j -> 'hvo' -> 'memmap' -> 'memoryBlocks') = 'number'
             AND jsonb_typeof(r.j -> 'hvo' -> 'memmap' -> 'memoryBlockSizeBytes') = 'number'
             AND (r.j -> 'hvo' -> 'memmap' ->> 'memoryBlocks')::numeric
                 * (r.j -> 'hvo' -> 'memmap' ->> 'memoryBlockSizeBytes')::numeric <= 9223372036854775807
        THEN ((r.j -> 'hvo' -> 'memmap' ->> 'memoryBlocks')::numeric
              * (r.j -> 'hvo' -> 'memmap' ->> 'memoryBlockSizeBytes')::numeric)::bigint
    END,
    numa_nodes = (SELECT NULLIF(count(DISTINCT n ->> 'node'), 0)
                  FROM jsonb_array_elements(CASE jsonb_typeof(r.j -> 'hvo' -> 'pools')
                                            WHEN 'array' THEN r.j -> 'hvo' -> 'pools' ELSE '[]'::jsonb END) p
                  CROSS JOIN LATERAL jsonb_array_elements(CASE jsonb_typeof(p -> 'nodes')
                                                          WHEN 'array' THEN p -> 'nodes' ELSE '[]'::jsonb END) n),
    hvo_blocking_reasons = ARRAY(SELECT l ->> 'code'
                                 FROM jsonb_array_elements(COALESCE(r.j -> 'hvo' -> 'support' -> 'limits', '[]'::jsonb)) l
                                 WHERE (l ->> 'blocking')::boolean ORDER BY (l ->> 'code') COLLATE "C"),
    vduse_support_reason = r.j -> 'vduse' ->> 'supportReason',
    vduse_module_states = ARRAY(SELECT m FROM (SELECT (x ->> 'name') || '=' || COALESCE(x ->> 'state', 'unknown') AS m
                                FROM jsonb_array_elements(COALESCE(r.j -> 'vduse' -> 'modules', '[]'::jsonb)) x) ms
                                ORDER BY m COLLATE "C")
FROM (SELECT host_id, report::jsonb AS j FROM host_report) r
WHERE r.host_id = s.host_id;
