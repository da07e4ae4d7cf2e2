-- Webhook endpoints that keep not answering rest: attempts without an answer in a row, and no attempts until paused_until.
ALTER TABLE webhooks ADD COLUMN unanswered INTEGER NOT NULL DEFAULT 0;
ALTER TABLE webhooks ADD COLUMN paused_until BIGINT NULL;

-- Attempts in flight per endpoint (leased deliveries), counted at every claim.
CREATE INDEX webhook_deliveries_in_flight ON webhook_deliveries (webhook_id) WHERE lease_until IS NOT NULL;

-- Event ids are numbered by a sequence drawn inside the change's transaction: a change that collides with another
-- process's commit runs again and draws after it, so events of changes to the same rows number in commit order.
-- 'msg_1' and 15 hex digits, which sort after the 'msg_0…' ids earlier versions made.
CREATE SEQUENCE webhook_event_number;
