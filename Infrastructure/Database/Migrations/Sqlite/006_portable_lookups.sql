-- One SQL text for both stores: codes are matched case-insensitively with lower(), which PostgreSQL also has (codes are
-- ASCII, so it folds exactly as NOCASE did), and these expression indexes serve it.
DROP INDEX servers_vanity_code;
CREATE UNIQUE INDEX servers_vanity_code ON servers (lower(vanity_code)) WHERE vanity_code IS NOT NULL;
DROP INDEX invites_code_nocase;
CREATE INDEX invites_code_lower ON invites (lower(code));

-- A dispatcher claims deliveries under a token of its own and reads back what it claimed, in plain SQL on both stores.
ALTER TABLE webhook_deliveries ADD COLUMN lease_token TEXT NULL;
CREATE INDEX webhook_deliveries_lease ON webhook_deliveries (lease_token) WHERE lease_token IS NOT NULL;
