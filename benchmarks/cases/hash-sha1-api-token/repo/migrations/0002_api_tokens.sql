CREATE TABLE api_tokens (
    id          bigserial PRIMARY KEY,
    account_id  bigint NOT NULL REFERENCES accounts (id),
    digest      text NOT NULL UNIQUE,
    created_at  timestamptz NOT NULL DEFAULT now()
);
