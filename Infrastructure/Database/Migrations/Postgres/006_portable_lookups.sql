-- A dispatcher claims deliveries under a token of its own (see Sqlite/006).
ALTER TABLE webhook_deliveries ADD COLUMN lease_token TEXT NULL;
CREATE INDEX webhook_deliveries_lease ON webhook_deliveries (lease_token) WHERE lease_token IS NOT NULL;
