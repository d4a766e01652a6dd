-- Records one consent given or withdrawn, with its audit row, in one
-- statement (both commit or neither). No row when the subject is not a user
-- the caller may record for (consent_subject_visible): the route answers 404.
-- The database refuses what the body checks missed, by constraint name:
-- consent_events_provider_check, consent_events_given_text,
-- consent_events_provider_id_fkey.
-- $1 subject user, $2 purpose, $3 provider or NULL, $4 action, $5 text
-- version or NULL, $6 text SHA-256 (hex) or NULL, $7 channel, $8 ip or NULL,
-- $9 user agent or NULL, $10 recorded_by (NULL when the subject acts),
-- $11 caller, $12 caller's patient scopes, $13 caller's lead scope,
-- $14 'true' when the caller may record for anyone, $15 caller role,
-- $16 request id. Columns: the event as JSON.
WITH s AS MATERIALIZED (
  SELECT $1::uuid AS id
  WHERE consent_subject_visible($1::uuid, $11::uuid, $12, $13, $14::boolean)
),
e AS (
  INSERT INTO consent_events (user_id, purpose, provider_id, action, text_version, text_sha256,
                              channel, ip, user_agent, recorded_by)
  SELECT s.id, $2, $3::uuid, $4, $5, $6, $7, $8::inet, $9, $10::uuid FROM s
  RETURNING *
),
audit AS (
  INSERT INTO audit_log (actor_user_id, actor_role, action, table_name, row_id,
                         subject_patient_profile_id, request_id, ip, changed_columns)
  SELECT $11::uuid, $15, 'create', 'consent_events', e.id::text,
         (SELECT pp.id FROM patient_profiles pp WHERE pp.user_id = e.user_id), $16, $8::inet,
         ARRAY['purpose', 'action']
  FROM e
)
SELECT json_build_object('id', e.id, 'user_id', e.user_id, 'purpose', e.purpose,
                         'provider_id', e.provider_id, 'action', e.action,
                         'text_version', e.text_version, 'text_sha256', e.text_sha256,
                         'channel', e.channel, 'occurred_at', e.occurred_at, 'ip', host(e.ip),
                         'user_agent', e.user_agent, 'recorded_by', e.recorded_by)::text
FROM e
