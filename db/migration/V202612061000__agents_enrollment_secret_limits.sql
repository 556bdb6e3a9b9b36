-- Enrollment secrets can be limited (ADR 0025): how many enrollments they allow (counted
-- exactly, in the enrollment's transaction) and the labels they give to the hosts they create.
ALTER TABLE enrollment_secret
    ADD COLUMN max_uses bigint,
    ADD COLUMN labels   jsonb NOT NULL DEFAULT '{}'::jsonb,
    ADD CONSTRAINT enrollment_secret_max_uses_check CHECK (max_uses IS NULL OR max_uses >= 1),
    ADD CONSTRAINT enrollment_secret_labels_is_object CHECK (jsonb_typeof(labels) = 'object');

-- The host tokens issued with a secret: counted on every read of the secret, deleted when it is
-- revoked with revokeHostTokens=true.
CREATE INDEX agent_credential_enrollment_secret_idx ON agent_credential (enrollment_secret_id);
