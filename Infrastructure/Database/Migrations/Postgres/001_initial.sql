-- PostgreSQL twin of Sqlite/001_initial.sql, schema version 1. Timestamps are BIGINT milliseconds since the Unix epoch
-- (UTC); booleans are INTEGER 0/1, as on SQLite, so every slice's SQL reads the same on both stores; permissions are a
-- bit set (see Features/Servers/Permissions.cs). Codes are ASCII, so lower() is the case-insensitive match on both.

CREATE TABLE users (
    id          TEXT    NOT NULL PRIMARY KEY,
    name        TEXT    NOT NULL,
    avatar      TEXT    NULL,
    created_at  BIGINT  NOT NULL,
    updated_at  BIGINT  NOT NULL
);

CREATE TABLE servers (
    id                  TEXT    NOT NULL PRIMARY KEY,
    name                TEXT    NOT NULL,
    icon_url            TEXT    NULL,
    owner_id            TEXT    NOT NULL REFERENCES users (id),
    features            TEXT    NOT NULL DEFAULT '',
    max_invites         BIGINT  NULL,
    invites_enabled     INTEGER NOT NULL DEFAULT 1,
    default_permissions BIGINT  NOT NULL,
    vanity_code         TEXT    NULL,
    created_at          BIGINT  NOT NULL,
    updated_at          BIGINT  NOT NULL
);

CREATE UNIQUE INDEX servers_vanity_code ON servers (lower(vanity_code)) WHERE vanity_code IS NOT NULL;

CREATE TABLE channels (
    id          TEXT    NOT NULL PRIMARY KEY,
    server_id   TEXT    NOT NULL REFERENCES servers (id) ON DELETE CASCADE,
    name        TEXT    NOT NULL,
    type        TEXT    NOT NULL CHECK (type IN ('text', 'voice')),
    created_at  BIGINT  NOT NULL
);

CREATE INDEX channels_server ON channels (server_id, created_at);

CREATE TABLE members (
    id          TEXT    NOT NULL UNIQUE,
    server_id   TEXT    NOT NULL REFERENCES servers (id) ON DELETE CASCADE,
    user_id     TEXT    NOT NULL REFERENCES users (id),
    permissions BIGINT  NOT NULL,
    roles       TEXT    NOT NULL DEFAULT '',
    temporary   INTEGER NOT NULL DEFAULT 0,
    invite_code TEXT    NULL,
    inviter_id  TEXT    NULL,
    joined_at   BIGINT  NOT NULL,
    updated_at  BIGINT  NOT NULL,
    PRIMARY KEY (server_id, user_id)
);

CREATE INDEX members_invite_code ON members (invite_code) WHERE invite_code IS NOT NULL;

CREATE TABLE bans (
    server_id   TEXT    NOT NULL REFERENCES servers (id) ON DELETE CASCADE,
    user_id     TEXT    NOT NULL,
    reason      TEXT    NULL,
    created_at  BIGINT  NOT NULL,
    PRIMARY KEY (server_id, user_id)
);

CREATE TABLE invites (
    id          TEXT    NOT NULL PRIMARY KEY,
    code        TEXT    NOT NULL UNIQUE,
    server_id   TEXT    NOT NULL REFERENCES servers (id) ON DELETE CASCADE,
    channel_id  TEXT    NOT NULL REFERENCES channels (id) ON DELETE CASCADE,
    inviter_id  TEXT    NOT NULL REFERENCES users (id),
    max_uses    BIGINT  NOT NULL CHECK (max_uses >= 0),
    uses        BIGINT  NOT NULL DEFAULT 0,
    expires_at  BIGINT  NULL,
    temporary   INTEGER NOT NULL DEFAULT 0,
    created_at  BIGINT  NOT NULL,
    updated_at  BIGINT  NOT NULL,
    deleted_at  BIGINT  NULL,
    -- the use limit holds in the schema too, whatever a future code path does
    CHECK (max_uses = 0 OR uses <= max_uses)
);

CREATE INDEX invites_server_active ON invites (server_id, created_at DESC) WHERE deleted_at IS NULL;
