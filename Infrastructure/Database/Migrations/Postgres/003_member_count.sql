-- Previews show member_count, kept on the server row by triggers, whatever code path adds or removes a member.
ALTER TABLE servers ADD COLUMN member_count BIGINT NOT NULL DEFAULT 0;

UPDATE servers SET member_count = (SELECT COUNT(*) FROM members m WHERE m.server_id = servers.id);

CREATE FUNCTION members_count() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        UPDATE servers SET member_count = member_count + 1 WHERE id = NEW.server_id;
    ELSE
        UPDATE servers SET member_count = member_count - 1 WHERE id = OLD.server_id;
    END IF;
    RETURN NULL;
END;
$$;

CREATE TRIGGER members_count_insert AFTER INSERT ON members FOR EACH ROW EXECUTE FUNCTION members_count();
CREATE TRIGGER members_count_delete AFTER DELETE ON members FOR EACH ROW EXECUTE FUNCTION members_count();
