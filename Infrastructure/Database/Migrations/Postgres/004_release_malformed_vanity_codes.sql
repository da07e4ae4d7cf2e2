-- Release every vanity code outside the alphabet (see Sqlite/004); a database made on PostgreSQL never held one, but a
-- database copied from SQLite by migrate-to-postgres is checked again here.
UPDATE servers
SET vanity_code = NULL,
    vanity_uses = 0
WHERE vanity_code IS NOT NULL
  AND (vanity_code ~ '[^a-z0-9-]' OR length(vanity_code) NOT BETWEEN 3 AND 32);
