-- Attribution that outlives the membership: every join through an invite or vanity code, kept when the member leaves.
CREATE TABLE joins (
    id          INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    server_id   TEXT    NOT NULL REFERENCES servers (id) ON DELETE CASCADE,
    code        TEXT    NOT NULL,
    user_id     TEXT    NOT NULL,
    joined_at   INTEGER NOT NULL
);

CREATE INDEX joins_code ON joins (code, joined_at);

INSERT INTO joins (server_id, code, user_id, joined_at)
SELECT server_id, invite_code, user_id, joined_at
FROM members
WHERE invite_code IS NOT NULL;

-- A pause may end by itself: invites are enabled again once invites_paused_until has passed.
ALTER TABLE servers ADD COLUMN invites_paused_until INTEGER NULL;

-- Joins through the vanity code.
ALTER TABLE servers ADD COLUMN vanity_uses INTEGER NOT NULL DEFAULT 0;

-- Vanity codes are unique case-insensitively across vanity and invite codes.
CREATE INDEX invites_code_nocase ON invites (code COLLATE NOCASE);
