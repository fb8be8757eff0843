-- Speed up the order search by status.
CREATE INDEX orders_status_idx ON orders (status);
