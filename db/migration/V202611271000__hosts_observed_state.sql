-- What the hosts' agents report. Written only when a report changes, except host_agent,
-- whose last_seen_at/last_sequence a batched heartbeat updates: it is kept narrow, with room
-- on each page (fillfactor) and no index on the heartbeat columns, so that those updates are
-- HOT and the table does not grow in steady state.

ALTER TABLE host DROP COLUMN last_seen_at;

CREATE TABLE host_agent (
    host_id        uuid        PRIMARY KEY REFERENCES host (id),
    enrolled_at    timestamptz NOT NULL,
    agent_version  text,
    last_sequence  bigint      NOT NULL DEFAULT 0,
    report_hash    text,
    last_seen_at   timestamptz
) WITH (fillfactor = 50);

CREATE TABLE host_state (
    host_id                uuid        PRIMARY KEY REFERENCES host (id),
    reported_at            timestamptz NOT NULL,
    hvo                    text        NOT NULL CHECK (hvo IN ('on', 'off', 'unsupported', 'unknown')),
    hvo_supported          boolean,
    hvo_switch_on          boolean,
    hvo_reclaimed_bytes    bigint,
    hvo_reclaimable_bytes  bigint,
    hvo_additional_bytes   bigint,
    vduse_supported        boolean,
    vduse_device_count     integer     NOT NULL
);
CREATE INDEX host_state_hvo_idx ON host_state (hvo);

CREATE TABLE host_hugetlb_pool (
    host_id          uuid   NOT NULL REFERENCES host (id),
    page_size_bytes  bigint NOT NULL,
    total            bigint,
    free             bigint,
    PRIMARY KEY (host_id, page_size_bytes)
);

CREATE TABLE host_vduse_device (
    host_id          uuid        NOT NULL REFERENCES host (id),
    name             text        NOT NULL,
    attached         boolean,
    driver           text,
    type             text,
    queue_count      integer,
    health           text        NOT NULL,
    health_reason    text        NOT NULL,
    backend_pid      integer,
    backend_command  text,
    consumer         text,
    reported_at      timestamptz NOT NULL,
    PRIMARY KEY (host_id, name)
);

-- The latest full report of each host, as the agent sent it.
CREATE TABLE host_report (
    host_id        uuid        PRIMARY KEY REFERENCES host (id),
    received_at    timestamptz NOT NULL,
    sequence       bigint      NOT NULL,
    agent_version  text        NOT NULL,
    report_hash    text        NOT NULL,
    report         jsonb       NOT NULL
);

-- The history of changes: one row per changed field, never one per check-in.
CREATE TABLE host_change (
    id          bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    host_id     uuid        NOT NULL REFERENCES host (id),
    changed_at  timestamptz NOT NULL,
    field       text        NOT NULL,
    from_value  jsonb,
    to_value    jsonb
);
CREATE INDEX host_change_host_idx ON host_change (host_id, id DESC);
