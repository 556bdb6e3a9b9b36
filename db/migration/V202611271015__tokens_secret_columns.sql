-- API tokens and enrollment secrets share their columns (see IssuedSecret).
ALTER TABLE api_token RENAME COLUMN token_hash TO secret_hash;
ALTER TABLE api_token RENAME COLUMN token_hint TO secret_hint;
