-- API tokens of the operator API. Only a SHA-256 hash of each token is stored; the token
-- itself is shown once, when it is created. Revoked tokens are kept for the audit trail.
CREATE TABLE api_token (
    id           uuid        PRIMARY KEY,
    name         text        NOT NULL,
    role         text        NOT NULL,
    token_hash   bytea       NOT NULL,
    token_hint   text        NOT NULL,
    created_at   timestamptz NOT NULL,
    created_by   text        NOT NULL,
    expires_at   timestamptz,
    revoked_at   timestamptz,
    last_used_at timestamptz,
    CONSTRAINT api_token_hash_key UNIQUE (token_hash),
    CONSTRAINT api_token_role_check CHECK (role IN ('VIEWER', 'OPERATOR', 'ADMIN'))
);
