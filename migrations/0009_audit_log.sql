-- audit_log: the append-only audit trail (issue 3, item 7).
--
-- Every write, and every read of high-sensitivity data, inserts one row here
-- in the same transaction as the act (see src/domains/privacy/audit_writer.hpp
-- for the SQL convention). Rows hold names and ids, never values: the
-- changed_columns array lists column NAMES only.
--
-- Tamper evidence comes in two layers:
--   1. This migration: a trigger refuses DELETE and TRUNCATE always, and any
--      UPDATE except the one-time sealing of a row's chain columns; and the
--      application's database role holds no UPDATE/DELETE/TRUNCATE privilege
--      (only INSERT, SELECT and UPDATE of the three chain columns). Production
--      runs the application as the non-owner role `imedic_app`, so it cannot
--      drop the trigger either.
--   2. The hash chain (src/domains/privacy/audit_chain.hpp): a sealer assigns
--      each committed row a position chain_seq and a keyed BLAKE2b hash over
--      the previous row's hash and this row's content. A superuser (or the
--      table owner) can still disable triggers or set session_replication_role
--      = replica and rewrite rows; `imedic audit verify` detects that.
--
-- No foreign keys on actor_user_id and subject_patient_profile_id: the trail
-- must outlive users and patients who are erased.
CREATE TABLE audit_log (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  occurred_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  actor_user_id UUID,                 -- who acted; NULL for the system itself
  actor_role TEXT,                    -- the role they acted in (Principal::AuditRole)
  action TEXT NOT NULL CONSTRAINT audit_log_action_check CHECK (action IN (
    'create', 'read', 'update', 'delete', 'restore', 'login', 'login_failed', 'logout',
    'export', 'erase', 'permission_change', 'break_glass', 'password_change',
    'password_reset', 'mfa_enroll', 'mfa_failed', 'token_issue', 'token_revoke', 'verify',
    'suspend', 'reactivate')),
  table_name TEXT,                    -- the table acted on
  row_id TEXT,                        -- the row acted on (uuid or other key, as text)
  subject_patient_profile_id UUID,    -- whose data was touched (GDPR access log)
  request_id TEXT,
  ip INET,
  changed_columns TEXT[],             -- column NAMES only, never values
  reason TEXT,                        -- stated reason (break-glass)
  -- The chain: NULL until the sealer takes the row, then set once.
  chain_seq BIGINT CONSTRAINT audit_log_chain_seq_key UNIQUE,
  hash BYTEA,
  hash_key_id TEXT,                   -- id of the master key the chain key derives from
  CONSTRAINT audit_log_chain_columns_together CHECK (
    (chain_seq IS NULL AND hash IS NULL AND hash_key_id IS NULL) OR
    (chain_seq IS NOT NULL AND hash IS NOT NULL AND hash_key_id IS NOT NULL))
);

-- The query API's filters (GET /audit-log, GET /me/access-log).
CREATE INDEX audit_log_actor_idx ON audit_log (actor_user_id, occurred_at);
CREATE INDEX audit_log_subject_idx ON audit_log (subject_patient_profile_id, occurred_at);
CREATE INDEX audit_log_table_idx ON audit_log (table_name, occurred_at);
CREATE INDEX audit_log_occurred_at_idx ON audit_log (occurred_at);
-- The sealer's queue: rows not yet in the chain.
CREATE INDEX audit_log_unsealed_idx ON audit_log (id) WHERE chain_seq IS NULL;

-- Refuses DELETE, TRUNCATE and every UPDATE but the sealing one: a row whose
-- chain_seq is still NULL may have chain_seq, hash and hash_key_id set, with
-- every other column unchanged. Comparing the rows as jsonb minus the chain
-- columns keeps this true for columns added later. SQLSTATE 42501
-- (insufficient_privilege), the same code the missing privileges give.
CREATE FUNCTION audit_log_guard() RETURNS trigger
  LANGUAGE plpgsql
AS $$
BEGIN
  IF TG_OP = 'UPDATE' THEN
    IF OLD.chain_seq IS NULL AND NEW.chain_seq IS NOT NULL
       AND (to_jsonb(NEW) - 'chain_seq' - 'hash' - 'hash_key_id')
           IS NOT DISTINCT FROM (to_jsonb(OLD) - 'chain_seq' - 'hash' - 'hash_key_id') THEN
      RETURN NEW;
    END IF;
    RAISE EXCEPTION 'audit_log rows cannot be changed (only sealed once)'
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  RAISE EXCEPTION 'audit_log is append-only: % refused', TG_OP
    USING ERRCODE = 'insufficient_privilege';
END;
$$;

CREATE TRIGGER audit_log_guard_rows BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION audit_log_guard();
CREATE TRIGGER audit_log_guard_truncate BEFORE TRUNCATE ON audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION audit_log_guard();

-- Privileges. PUBLIC holds none on a new table; the REVOKE states the rule.
-- The application role (created by operations, see docs/architecture.md)
-- may read, append, and seal (UPDATE of the chain columns only). When the
-- role is created after this migration ran, operations grant the same.
REVOKE UPDATE, DELETE, TRUNCATE ON audit_log FROM PUBLIC;
DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'imedic_app') THEN
    REVOKE UPDATE, DELETE, TRUNCATE ON audit_log FROM imedic_app;
    GRANT SELECT, INSERT ON audit_log TO imedic_app;
    GRANT UPDATE (chain_seq, hash, hash_key_id) ON audit_log TO imedic_app;
  END IF;
END;
$$;
