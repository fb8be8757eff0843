-- Speed up the collections report. Must run outside a transaction block.
CREATE INDEX CONCURRENTLY IF NOT EXISTS invoices_status_due_at_idx ON invoices (status, due_at);
