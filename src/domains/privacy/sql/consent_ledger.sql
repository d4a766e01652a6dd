-- A user's consent ledger: the current state per purpose (and provider) and
-- the history, newest first (the latest 1000 events; a person gives or
-- withdraws a handful). When $6 is 'true' (staff reading someone's ledger)
-- the read is audited in the same statement. No row when the user does not
-- exist. $1 subject user, $2 caller, $3 caller role, $4 request id, $5 ip,
-- $6 audit the read. Columns: {"user_id", "current": [...], "history": [...]}.
WITH u AS MATERIALIZED (
  SELECT id FROM users WHERE id = $1::uuid
),
audit AS (
  INSERT INTO audit_log (actor_user_id, actor_role, action, table_name, row_id,
                         subject_patient_profile_id, request_id, ip)
  SELECT $2::uuid, $3, 'read', 'consent_events', u.id::text,
         (SELECT pp.id FROM patient_profiles pp WHERE pp.user_id = u.id), $4, $5::inet
  FROM u
  WHERE $6::boolean
)
SELECT json_build_object(
  'user_id', u.id,
  'current', COALESCE((
    SELECT json_agg(json_build_object('purpose', c.purpose, 'provider_id', c.provider_id,
                                      'granted', c.granted, 'action', c.action,
                                      'text_version', c.text_version,
                                      'text_sha256', c.text_sha256, 'channel', c.channel,
                                      'occurred_at', c.occurred_at, 'event_id', c.event_id)
                    ORDER BY c.purpose, c.provider_id)
    FROM current_consents c WHERE c.user_id = u.id), '[]'::json),
  'history', COALESCE((
    SELECT json_agg(json_build_object('id', h.id, 'user_id', h.user_id, 'purpose', h.purpose,
                                      'provider_id', h.provider_id, 'action', h.action,
                                      'text_version', h.text_version,
                                      'text_sha256', h.text_sha256, 'channel', h.channel,
                                      'occurred_at', h.occurred_at, 'ip', host(h.ip),
                                      'user_agent', h.user_agent, 'recorded_by', h.recorded_by)
                    ORDER BY h.seq DESC)
    FROM (SELECT * FROM consent_events e WHERE e.user_id = u.id
          ORDER BY e.seq DESC LIMIT 1000) h), '[]'::json))::text
FROM u
