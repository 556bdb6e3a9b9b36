-- Every desired state version has an owner: the API token (or the bootstrap admin token)
-- that set it, or a rollout (ADR 0030). While the version is in flight, only its owner
-- replaces it without force. updated_by stays the owner's name.
ALTER TABLE desired_state
    ADD COLUMN owner_kind text,
    ADD COLUMN owner_id   uuid;

-- Versions set before owners were recorded: the token is known by its name only (its id was
-- not kept), so such a version belongs to no caller of today and only force replaces it while
-- it is in flight. The bootstrap admin token has no id anyway and keeps its versions.
UPDATE desired_state
SET owner_kind = CASE WHEN updated_by = 'bootstrap-admin' THEN 'bootstrap-token' ELSE 'api-token' END;

ALTER TABLE desired_state
    ALTER COLUMN owner_kind SET NOT NULL,
    ADD CONSTRAINT desired_state_owner_kind_check
        CHECK (owner_kind IN ('api-token', 'bootstrap-token', 'rollout'));
