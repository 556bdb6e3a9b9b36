-- Who, how it ended and why (ADR 0040): the role of the API token that acted (null for
-- credentials without one: enrollment secrets, host tokens, the service), the outcome of the
-- action (refused actions are recorded too) and the reason the caller gave (the
-- Kfleet-Audit-Reason header, or a reason given in a body), at most 500 code points.
-- Adding columns with a constant default rewrites nothing (PostgreSQL 11+); the checks scan
-- the table once, which holds only nulls and the default in the new columns.
ALTER TABLE audit_event
    ADD COLUMN actor_role text,
    ADD COLUMN outcome    text NOT NULL DEFAULT 'succeeded',
    ADD COLUMN reason     text,
    ADD CONSTRAINT audit_event_actor_role_check CHECK (actor_role IN ('viewer', 'operator', 'admin')),
    ADD CONSTRAINT audit_event_outcome_check CHECK (outcome IN ('succeeded', 'refused')),
    ADD CONSTRAINT audit_event_reason_check CHECK (char_length(reason) BETWEEN 1 AND 500);

-- An agent's enrollment refused was recorded as an action that succeeded; it is a refusal.
-- (Served by the (action, id) index; a few rows per refused machine.)
UPDATE audit_event SET outcome = 'refused' WHERE action = 'enrollment.refused';
