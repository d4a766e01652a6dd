-- Every change to what a bearer token stands for is announced on the
-- channel 'imedic_auth', so that each server node can drop what its session
-- cache holds (src/domains/identity/session_cache.hpp). The payload is the
-- user id the change is about, or '*' when it may be about anyone (a role's
-- permissions, an access setting). PostgreSQL delivers a notification when
-- its transaction commits, in commit order, once per distinct payload per
-- transaction, so a bulk update costs one notification per user.
--
-- Triggers rather than calls in the application: a revocation made by
-- another node, a migration, or an operator in psql is announced the same way.

CREATE FUNCTION notify_auth_change() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  subject TEXT;
  previous TEXT;
BEGIN
  IF TG_ARGV[0] = '*' THEN
    PERFORM pg_notify('imedic_auth', '*');
    RETURN NULL;
  END IF;
  IF TG_OP = 'DELETE' THEN
    subject := to_jsonb(OLD) ->> TG_ARGV[0];
  ELSE
    subject := to_jsonb(NEW) ->> TG_ARGV[0];
  END IF;
  IF subject IS NOT NULL THEN
    PERFORM pg_notify('imedic_auth', subject);
  END IF;
  -- An UPDATE that moves a row to another user concerns the old one too.
  IF TG_OP = 'UPDATE' THEN
    previous := to_jsonb(OLD) ->> TG_ARGV[0];
    IF previous IS DISTINCT FROM subject AND previous IS NOT NULL THEN
      PERFORM pg_notify('imedic_auth', previous);
    END IF;
  END IF;
  RETURN NULL;
END;
$$;

-- Sessions: a new session is never cached before it is used, so only
-- changes count. The inactivity touch (last_used_at moving forward, every
-- 30 s per live session) is not a change; moving it back is.
CREATE TRIGGER sessions_auth_change
  AFTER UPDATE ON sessions FOR EACH ROW
  WHEN (OLD.revoked_at IS DISTINCT FROM NEW.revoked_at
        OR OLD.mfa_verified IS DISTINCT FROM NEW.mfa_verified
        OR OLD.token_hash IS DISTINCT FROM NEW.token_hash
        OR OLD.expires_at IS DISTINCT FROM NEW.expires_at
        OR OLD.idle_timeout_seconds IS DISTINCT FROM NEW.idle_timeout_seconds
        OR OLD.user_id IS DISTINCT FROM NEW.user_id
        OR NEW.last_used_at < OLD.last_used_at)
  EXECUTE FUNCTION notify_auth_change('user_id');
CREATE TRIGGER sessions_auth_delete
  AFTER DELETE ON sessions FOR EACH ROW EXECUTE FUNCTION notify_auth_change('user_id');

-- API tokens: their use stamps last_used_at, which is not a change.
CREATE TRIGGER api_tokens_auth_change
  AFTER UPDATE ON api_tokens FOR EACH ROW
  WHEN (OLD.revoked_at IS DISTINCT FROM NEW.revoked_at
        OR OLD.expires_at IS DISTINCT FROM NEW.expires_at
        OR OLD.scopes IS DISTINCT FROM NEW.scopes
        OR OLD.token_hash IS DISTINCT FROM NEW.token_hash
        OR OLD.user_id IS DISTINCT FROM NEW.user_id)
  EXECUTE FUNCTION notify_auth_change('user_id');
CREATE TRIGGER api_tokens_auth_delete
  AFTER DELETE ON api_tokens FOR EACH ROW EXECUTE FUNCTION notify_auth_change('user_id');

CREATE TRIGGER users_auth_change
  AFTER UPDATE ON users FOR EACH ROW
  WHEN (OLD.status IS DISTINCT FROM NEW.status
        OR OLD.deleted IS DISTINCT FROM NEW.deleted
        OR OLD.user_type IS DISTINCT FROM NEW.user_type)
  EXECUTE FUNCTION notify_auth_change('id');
CREATE TRIGGER users_auth_delete
  AFTER DELETE ON users FOR EACH ROW EXECUTE FUNCTION notify_auth_change('id');

-- Whether a second factor is required.
CREATE TRIGGER user_credentials_auth_change
  AFTER INSERT OR DELETE OR UPDATE OF totp_enabled, user_id ON user_credentials
  FOR EACH ROW EXECUTE FUNCTION notify_auth_change('user_id');

-- Roles, clinic memberships and the patient profile are part of the principal.
CREATE TRIGGER user_roles_auth_change
  AFTER INSERT OR UPDATE OR DELETE ON user_roles
  FOR EACH ROW EXECUTE FUNCTION notify_auth_change('user_id');
CREATE TRIGGER provider_members_auth_change
  AFTER INSERT OR UPDATE OR DELETE ON provider_members
  FOR EACH ROW EXECUTE FUNCTION notify_auth_change('user_id');
CREATE TRIGGER patient_profiles_auth_insert
  AFTER INSERT OR DELETE ON patient_profiles
  FOR EACH ROW EXECUTE FUNCTION notify_auth_change('user_id');
CREATE TRIGGER patient_profiles_auth_change
  AFTER UPDATE ON patient_profiles FOR EACH ROW
  WHEN (OLD.deleted IS DISTINCT FROM NEW.deleted OR OLD.user_id IS DISTINCT FROM NEW.user_id)
  EXECUTE FUNCTION notify_auth_change('user_id');

-- What a role may do, and the access settings, concern every user.
CREATE TRIGGER role_permissions_auth_change
  AFTER INSERT OR UPDATE OR DELETE ON role_permissions
  FOR EACH STATEMENT EXECUTE FUNCTION notify_auth_change('*');
CREATE TRIGGER access_settings_auth_change
  AFTER INSERT OR UPDATE OR DELETE ON access_settings
  FOR EACH STATEMENT EXECUTE FUNCTION notify_auth_change('*');
