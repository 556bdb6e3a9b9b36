-- The audit log: who did what to what, written in the transaction of the change it records.
-- Rows are only ever inserted. details never holds a secret or a token.
CREATE TABLE audit_event (
    id          bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at          timestamptz NOT NULL,
    actor_kind  text        NOT NULL,
    actor_id    text,
    actor_name  text,
    action      text        NOT NULL,
    target_type text        NOT NULL,
    target_id   text,
    details     jsonb       NOT NULL DEFAULT '{}'::jsonb,
    CONSTRAINT audit_event_actor_kind_check
        CHECK (actor_kind IN ('api-token', 'bootstrap-token', 'enrollment-secret', 'host-token', 'service')),
    CONSTRAINT audit_event_details_is_object CHECK (jsonb_typeof(details) = 'object')
);

-- Newest first, filtered by action or by target.
CREATE INDEX audit_event_action_idx ON audit_event (action, id);
CREATE INDEX audit_event_target_idx ON audit_event (target_id, id);
