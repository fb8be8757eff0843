-- Amounts above 10 billion are now possible for enterprise plans.
ALTER TABLE invoices ALTER COLUMN amount TYPE numeric(16, 2);
ALTER TABLE payments ALTER COLUMN amount TYPE numeric(16, 2);
