-- The members list comes in pages by key, in the order (joined_at, user_id) within a server: this index holds that
-- order, so a page reads its own rows and no more, wherever it is in the list (issue #21: 3,000 members and more).
CREATE INDEX IF NOT EXISTS members_server_joined ON members (server_id, joined_at, user_id);
