-- The members list's order within a server, for its pages by key (see Sqlite/007).
CREATE INDEX IF NOT EXISTS members_server_joined ON members (server_id, joined_at, user_id);
