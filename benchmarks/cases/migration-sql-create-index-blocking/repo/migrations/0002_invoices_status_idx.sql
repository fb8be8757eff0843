-- Speed up the collections report.
CREATE INDEX invoices_status_due_at_idx ON invoices (status, due_at);
