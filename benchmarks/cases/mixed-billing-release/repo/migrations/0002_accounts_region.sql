ALTER TABLE accounts ADD COLUMN region text NOT NULL;
CREATE INDEX accounts_region_idx ON accounts (region);
