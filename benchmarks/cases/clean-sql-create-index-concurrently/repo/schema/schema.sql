-- Billing schema (PostgreSQL). Applied by migrations/0001_init.sql.
CREATE TABLE accounts (
    id          bigserial PRIMARY KEY,
    email       text NOT NULL UNIQUE,
    name        text NOT NULL,
    plan        text NOT NULL DEFAULT 'free',
    balance     numeric(12, 2) NOT NULL DEFAULT 0,
    status      text NOT NULL DEFAULT 'active',
    created_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE invoices (
    id          bigserial PRIMARY KEY,
    account_id  bigint NOT NULL REFERENCES accounts (id),
    number      text NOT NULL UNIQUE,
    amount      numeric(12, 2) NOT NULL,
    status      text NOT NULL DEFAULT 'open',
    issued_at   timestamptz NOT NULL DEFAULT now(),
    due_at      timestamptz NOT NULL,
    paid_at     timestamptz
);
CREATE INDEX invoices_account_id_idx ON invoices (account_id);
CREATE INDEX invoices_issued_at_idx ON invoices (issued_at);

CREATE TABLE payments (
    id          bigserial PRIMARY KEY,
    invoice_id  bigint NOT NULL REFERENCES invoices (id),
    provider_ref text NOT NULL,
    amount      numeric(12, 2) NOT NULL,
    received_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX payments_invoice_id_idx ON payments (invoice_id);

CREATE TABLE events (
    id          bigserial PRIMARY KEY,
    account_id  bigint NOT NULL REFERENCES accounts (id),
    kind        text NOT NULL,
    payload     jsonb NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX events_account_id_created_at_idx ON events (account_id, created_at);
