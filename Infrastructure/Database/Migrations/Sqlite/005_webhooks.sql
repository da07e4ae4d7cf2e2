-- Webhooks: subscriptions, the transactional outbox of events, and one delivery row per event and subscription.
CREATE TABLE IF NOT EXISTS webhooks (
    id TEXT PRIMARY KEY,
    url TEXT NOT NULL,
    events TEXT NOT NULL DEFAULT '',            -- comma-separated event types; empty means all
    server_id TEXT NULL,                        -- only this server's events; NULL means every server
    secret TEXT NOT NULL,                       -- whsec_…
    previous_secret TEXT NULL,                  -- still signs, beside the new one, until previous_secret_until
    previous_secret_until INTEGER NULL,
    disabled INTEGER NOT NULL DEFAULT 0,
    failing_since INTEGER NULL,                 -- first failed attempt since the last success
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);

CREATE TABLE IF NOT EXISTS webhook_events (
    id TEXT PRIMARY KEY,                        -- the webhook-id header, the same for every retry
    type TEXT NOT NULL,
    server_id TEXT NULL,
    body TEXT NOT NULL,                         -- the exact JSON sent and signed
    created_at INTEGER NOT NULL
);

CREATE TABLE IF NOT EXISTS webhook_deliveries (
    id TEXT PRIMARY KEY,
    webhook_id TEXT NOT NULL REFERENCES webhooks (id) ON DELETE CASCADE,
    event_id TEXT NOT NULL REFERENCES webhook_events (id) ON DELETE CASCADE,
    status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'delivered', 'failed')),
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at INTEGER NOT NULL,
    lease_until INTEGER NULL,                   -- claimed by a dispatcher until then; expired leases may be claimed again
    last_status INTEGER NULL,
    last_error TEXT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);

CREATE INDEX IF NOT EXISTS webhook_deliveries_due ON webhook_deliveries (status, next_attempt_at);
CREATE INDEX IF NOT EXISTS webhook_deliveries_by_webhook ON webhook_deliveries (webhook_id, created_at);
