-- Webhook endpoints that keep not answering rest: attempts without an answer in a row, and no attempts until paused_until.
ALTER TABLE webhooks ADD COLUMN unanswered INTEGER NOT NULL DEFAULT 0;
ALTER TABLE webhooks ADD COLUMN paused_until INTEGER NULL;

-- Attempts in flight per endpoint (leased deliveries), counted at every claim.
CREATE INDEX IF NOT EXISTS webhook_deliveries_in_flight ON webhook_deliveries (webhook_id) WHERE lease_until IS NOT NULL;

-- Event ids are numbered by the database in the order their changes commit (SQLite's writer lock orders every commit):
-- 'msg_1' and 15 hex digits, which sort after the 'msg_0…' ids earlier versions made.
CREATE TABLE IF NOT EXISTS webhook_event_counter (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    value INTEGER NOT NULL
);
INSERT INTO webhook_event_counter (id, value) VALUES (1, 0) ON CONFLICT (id) DO NOTHING;
