-- The host inventory. A host is known by the machine id its agent reports (/etc/machine-id);
-- registering the same machine id again returns the same row. Decommissioned hosts stay
-- (soft delete) so that their history is kept.
CREATE TABLE host (
    id                uuid        PRIMARY KEY,
    machine_id        text        NOT NULL,
    hostname          text        NOT NULL,
    kernel_release    text,
    labels            jsonb       NOT NULL DEFAULT '{}'::jsonb,
    created_at        timestamptz NOT NULL,
    updated_at        timestamptz NOT NULL,
    last_seen_at      timestamptz,
    decommissioned_at timestamptz,
    version           bigint      NOT NULL DEFAULT 0,
    CONSTRAINT host_machine_id_key UNIQUE (machine_id),
    CONSTRAINT host_labels_is_object CHECK (jsonb_typeof(labels) = 'object')
);

-- Label selectors: equality uses @>, existence uses ?; both are served by jsonb_ops.
CREATE INDEX host_labels_idx ON host USING gin (labels);
CREATE INDEX host_last_seen_at_idx ON host (last_seen_at);
-- Kernel release prefix filters (LIKE 'x%') in any collation.
CREATE INDEX host_kernel_release_idx ON host (kernel_release text_pattern_ops);
