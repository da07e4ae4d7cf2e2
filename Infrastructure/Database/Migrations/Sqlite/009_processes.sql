-- The processes that serve this database, each renewing its row on a heartbeat, so that each knows how many share the
-- rate limits' budgets (Infrastructure/Http/ProcessHeartbeat.cs). Transient: migrate-to-postgres does not copy it.
CREATE TABLE processes (
    id TEXT PRIMARY KEY,
    heartbeat_at INTEGER NOT NULL,              -- the last heartbeat
    expires_at INTEGER NOT NULL                 -- counted until then, unless renewed
);
