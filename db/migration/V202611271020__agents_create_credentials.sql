-- Enrollment secrets (admins hand them to agents) and the host tokens agents get by
-- enrolling. Only SHA-256 hashes are stored.
CREATE TABLE enrollment_secret (
    id           uuid        PRIMARY KEY,
    name         text        NOT NULL,
    secret_hash  bytea       NOT NULL,
    secret_hint  text        NOT NULL,
    created_at   timestamptz NOT NULL,
    created_by   text        NOT NULL,
    expires_at   timestamptz,
    revoked_at   timestamptz,
    last_used_at timestamptz,
    enrollments  bigint      NOT NULL DEFAULT 0,
    CONSTRAINT enrollment_secret_hash_key UNIQUE (secret_hash)
);

-- One token per host: enrolling again replaces it, and the old one stops working.
CREATE TABLE agent_credential (
    host_id               uuid        PRIMARY KEY REFERENCES host (id),
    token_hash            bytea       NOT NULL,
    issued_at             timestamptz NOT NULL,
    enrollment_secret_id  uuid        NOT NULL REFERENCES enrollment_secret (id),
    CONSTRAINT agent_credential_token_hash_key UNIQUE (token_hash)
);
