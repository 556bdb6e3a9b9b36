-- The state each host should be in, as actions for its agent, and what the agent reported.
CREATE SEQUENCE desired_state_change_seq;

CREATE TABLE desired_state (
    host_id     uuid        PRIMARY KEY REFERENCES host (id),
    version     bigint      NOT NULL,
    actions     jsonb       NOT NULL,
    updated_at  timestamptz NOT NULL,
    updated_by  text        NOT NULL,
    -- Service replicas poll for rows whose change_seq grew, to refresh their caches.
    change_seq  bigint      NOT NULL DEFAULT nextval('desired_state_change_seq')
);
CREATE INDEX desired_state_change_seq_idx ON desired_state (change_seq);

CREATE TABLE desired_state_result (
    id               bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    host_id          uuid        NOT NULL REFERENCES host (id),
    desired_version  bigint      NOT NULL,
    action_id        text        NOT NULL,
    type             text        NOT NULL,
    outcome          text        NOT NULL CHECK (outcome IN ('succeeded', 'failed', 'refused')),
    detail           text        NOT NULL,
    started_at       timestamptz NOT NULL,
    finished_at      timestamptz NOT NULL,
    pools            jsonb       NOT NULL,
    reported_at      timestamptz NOT NULL
);
CREATE INDEX desired_state_result_host_idx ON desired_state_result (host_id, desired_version, id DESC);

-- An agent resends results whose check-in response it did not get: record each only once.
CREATE UNIQUE INDEX desired_state_result_once_idx
    ON desired_state_result (host_id, desired_version, action_id, started_at);
