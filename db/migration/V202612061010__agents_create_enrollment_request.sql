-- Enrollment attempts that need an operator's approval (ADR 0025): a known machine id whose
-- host has an agent or was decommissioned, without the host's token. One row per request key
-- (only its SHA-256 is stored); repeated attempts with the same key count on the same row.
CREATE TABLE enrollment_request (
    id                   uuid        PRIMARY KEY,
    key_hash             bytea       NOT NULL,
    host_id              uuid        NOT NULL REFERENCES host (id),
    machine_id           text        NOT NULL,
    hostname             text        NOT NULL,
    kernel_release       text,
    agent_version        text        NOT NULL,
    reason               text        NOT NULL,
    enrollment_secret_id uuid        NOT NULL REFERENCES enrollment_secret (id),
    source_address       text,
    state                text        NOT NULL,
    attempts             bigint      NOT NULL,
    first_attempt_at     timestamptz NOT NULL,
    last_attempt_at      timestamptz NOT NULL,
    decided_at           timestamptz,
    decided_by           text,
    CONSTRAINT enrollment_request_key_hash_key UNIQUE (key_hash),
    CONSTRAINT enrollment_request_reason_check CHECK (reason IN ('host-has-agent', 'host-decommissioned')),
    CONSTRAINT enrollment_request_state_check CHECK (state IN ('pending', 'approved', 'rejected', 'completed')),
    CONSTRAINT enrollment_request_attempts_check CHECK (attempts >= 1)
);

-- Lists by state, newest first; the open requests of a host.
CREATE INDEX enrollment_request_state_idx ON enrollment_request (state, id);
CREATE INDEX enrollment_request_host_idx ON enrollment_request (host_id) WHERE state IN ('pending', 'approved');
