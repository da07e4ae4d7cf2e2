-- The processes that serve this database, each renewing its row on a heartbeat (see Sqlite/008).
CREATE TABLE processes (
    id TEXT PRIMARY KEY,
    heartbeat_at BIGINT NOT NULL,               -- the last heartbeat
    expires_at BIGINT NOT NULL                  -- counted until then, unless renewed
);
