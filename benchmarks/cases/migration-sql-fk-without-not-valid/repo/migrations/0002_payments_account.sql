ALTER TABLE payments ADD COLUMN account_id bigint;
ALTER TABLE payments ADD CONSTRAINT payments_account_id_fkey FOREIGN KEY (account_id) REFERENCES accounts (id);
