-- Moderators' tools (#23): invite options, join requests, the raid brake and the invite policy.

-- Invite options: a label for admins, approval, roles granted on join, and who may join (restricted invites list their
-- users in invite_allowed_users). deleted_reason keeps why an invite stopped, for the status filter: deleted, revoked,
-- expired or used_up, as the invite.deleted event says it.
ALTER TABLE invites ADD COLUMN name TEXT NULL;
ALTER TABLE invites ADD COLUMN requires_approval INTEGER NOT NULL DEFAULT 0;
ALTER TABLE invites ADD COLUMN roles TEXT NOT NULL DEFAULT '';
ALTER TABLE invites ADD COLUMN restricted INTEGER NOT NULL DEFAULT 0;
ALTER TABLE invites ADD COLUMN deleted_reason TEXT NULL;

-- Invites stopped before the reason was kept: used up, or past their expiry when they stopped, or else revoked.
UPDATE invites
SET deleted_reason = CASE
    WHEN max_uses > 0 AND uses >= max_uses THEN 'used_up'
    WHEN expires_at IS NOT NULL AND expires_at <= deleted_at THEN 'expired'
    ELSE 'revoked' END
WHERE deleted_at IS NOT NULL;

CREATE TABLE invite_allowed_users (
    invite_id   TEXT    NOT NULL REFERENCES invites (id) ON DELETE CASCADE,
    user_id     TEXT    NOT NULL,
    PRIMARY KEY (invite_id, user_id)
);

-- Pending join requests, one per user and server; an answered request leaves this table (its events keep the history).
CREATE TABLE join_requests (
    server_id   TEXT    NOT NULL REFERENCES servers (id) ON DELETE CASCADE,
    user_id     TEXT    NOT NULL REFERENCES users (id),
    invite_code TEXT    NOT NULL,
    created_at  INTEGER NOT NULL,
    PRIMARY KEY (server_id, user_id)
);

CREATE INDEX join_requests_server_order ON join_requests (server_id, created_at, user_id);
CREATE INDEX join_requests_code_order ON join_requests (invite_code, created_at, user_id);

-- Who approved a member's (and a join's) request; null for direct joins, which are what the raid brake counts.
ALTER TABLE members ADD COLUMN approved_by TEXT NULL;
ALTER TABLE joins ADD COLUMN approved_by TEXT NULL;
CREATE INDEX joins_server_time ON joins (server_id, joined_at);

-- The raid brake (all three set, or none) and when it last tripped.
ALTER TABLE servers ADD COLUMN raid_max_joins INTEGER NULL;
ALTER TABLE servers ADD COLUMN raid_per_seconds INTEGER NULL;
ALTER TABLE servers ADD COLUMN raid_pause_minutes INTEGER NULL;
ALTER TABLE servers ADD COLUMN raid_detected_at INTEGER NULL;

-- The invite policy: ceilings on lifetime and uses, whether never-expiring invites are allowed, the default lifetime.
ALTER TABLE servers ADD COLUMN policy_max_age_ceiling INTEGER NULL;
ALTER TABLE servers ADD COLUMN policy_allow_never_expiring INTEGER NOT NULL DEFAULT 1;
ALTER TABLE servers ADD COLUMN policy_max_uses_ceiling INTEGER NULL;
ALTER TABLE servers ADD COLUMN policy_default_max_age INTEGER NULL;
