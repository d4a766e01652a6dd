-- Every row about one person, per table, as JSON arrays of whole rows
-- (to_jsonb: every column, so a column added later is exported without a
-- change here). The archive's tables/<name>.json (docs/privacy.md, "Export").
-- Run inside one REPEATABLE READ transaction with the file list, so the
-- archive is one consistent snapshot. Encrypted values come out sealed; the
-- job opens them. Left out on purpose, and said so in the docs: secrets that
-- prove identity (password and code hashes, token hashes, the sealed TOTP
-- secret, wrapped data keys) and one-time codes in unsent outbox payloads.
-- $1 the subject's user id. Columns: name, rows (a JSON array).
WITH
pp AS MATERIALIZED (SELECT id FROM patient_profiles WHERE user_id = $1::uuid),
bk AS MATERIALIZED (SELECT id FROM bookings WHERE patient_profile_id IN (SELECT id FROM pp)),
co AS MATERIALIZED (SELECT id FROM consultations WHERE patient_profile_id IN (SELECT id FROM pp)),
ta AS MATERIALIZED (SELECT id FROM travel_arrangements WHERE booking_id IN (SELECT id FROM bk)),
ch AS MATERIALIZED (SELECT id FROM communication_channels WHERE user_id = $1::uuid),
ms AS MATERIALIZED (SELECT id FROM messages WHERE user_id = $1::uuid),
ld AS MATERIALIZED (SELECT id FROM leads WHERE user_id = $1::uuid)
SELECT 'users', COALESCE((SELECT jsonb_agg(to_jsonb(t) ORDER BY t.id)
  FROM users t WHERE t.id = $1::uuid), '[]')
UNION ALL SELECT 'user_profiles', COALESCE((SELECT jsonb_agg(to_jsonb(t) ORDER BY t.id)
  FROM user_profiles t WHERE t.user_id = $1::uuid), '[]')
UNION ALL SELECT 'user_roles', COALESCE((SELECT jsonb_agg(to_jsonb(t) ORDER BY t.role)
  FROM user_roles t WHERE t.user_id = $1::uuid), '[]')
UNION ALL SELECT 'user_credentials', COALESCE((SELECT jsonb_agg(
    to_jsonb(t) - 'password_hash' - 'totp_secret_sealed' - 'totp_last_step')
  FROM user_credentials t WHERE t.user_id = $1::uuid), '[]')
UNION ALL SELECT 'recovery_codes', COALESCE((SELECT jsonb_agg(to_jsonb(t) - 'code_hash' ORDER BY t.id)
  FROM recovery_codes t WHERE t.user_id = $1::uuid), '[]')
UNION ALL SELECT 'sessions', COALESCE((SELECT jsonb_agg(to_jsonb(t) - 'token_hash' ORDER BY t.id)
  FROM sessions t WHERE t.user_id = $1::uuid), '[]')
UNION ALL SELECT 'api_tokens', COALESCE((SELECT jsonb_agg(to_jsonb(t) - 'token_hash' ORDER BY t.id)
  FROM api_tokens t WHERE t.user_id = $1::uuid), '[]')
UNION ALL SELECT 'verification_codes', COALESCE((SELECT jsonb_agg(to_jsonb(t) - 'code_hash' ORDER BY t.id)
  FROM verification_codes t WHERE t.user_id = $1::uuid), '[]')
UNION ALL SELECT 'external_identities', COALESCE((SELECT jsonb_agg(to_jsonb(t) ORDER BY t.id)
  FROM external_identities t WHERE t.user_id = $1::uuid), '[]')
UNION ALL SELECT 'outbox', COALESCE((SELECT jsonb_agg(to_jsonb(t) - 'payload' ORDER BY t.id)
  FROM outbox t WHERE t.user_id = $1::uuid), '[]')
UNION ALL SELECT 'provider_members', COALESCE((SELECT jsonb_agg(to_jsonb(t) ORDER BY t.provider_id)
  FROM provider_members t WHERE t.user_id = $1::uuid), '[]')
UNION ALL SELECT 'care_assignments', COALESCE((SELECT jsonb_agg(to_jsonb(t) ORDER BY t.id)
  FROM care_assignments t
  WHERE t.patient_profile_id IN (SELECT id FROM pp) OR t.staff_user_id = $1::uuid), '[]')
UNION ALL SELECT 'break_glass_grants', COALESCE((SELECT jsonb_agg(to_jsonb(t) ORDER BY t.id)
  FROM break_glass_grants t
  WHERE t.patient_profile_id IN (SELECT id FROM pp) OR t.user_id = $1::uuid), '[]')
UNION ALL SELECT 'lead_team_members', COALESCE((SELECT jsonb_agg(to_jsonb(t) ORDER BY t.team)
  FROM lead_team_members t WHERE t.user_id = $1::uuid), '[]')
UNION ALL SELECT 'patient_profiles', COALESCE((SELECT jsonb_agg(to_jsonb(t) ORDER BY t.id)
  FROM patient_profiles t WHERE t.id IN (SELECT id FROM pp)), '[]')
UNION ALL SELECT 'medical_histories', COALESCE((SELECT jsonb_agg(to_jsonb(t) ORDER BY t.id)
  FROM medical_histories t WHERE t.patient_profile_id IN (SELECT id FROM pp)), '[]')
UNION ALL SELECT 'hair_loss_profiles', COALESCE((SELECT jsonb_agg(to_jsonb(t) ORDER BY t.id)
  FROM hair_loss_profiles t WHERE t.patient_profile_id IN (SELECT id FROM pp)), '[]')
UNION ALL SELECT 'consultations', COALESCE((SELECT jsonb_agg(to_jsonb(t) ORDER BY t.id)
  FROM consultations t WHERE t.id IN (SELECT id FROM co)), '[]')
UNION ALL SELECT 'consultation_quotes', COALESCE((SELECT jsonb_agg(to_jsonb(t) ORDER BY t.id)
  FROM consultation_quotes t WHERE t.consultation_id IN (SELECT id FROM co)), '[]')
UNION ALL SELECT 'bookings', COALESCE((SELECT jsonb_agg(to_jsonb(t) ORDER BY t.id)
  FROM bookings t WHERE t.id IN (SELECT id FROM bk)), '[]')
UNION ALL SELECT 'payment_ledger', COALESCE((SELECT jsonb_agg(to_jsonb(t) ORDER BY t.id)
  FROM payment_ledger t WHERE t.booking_id IN (SELECT id FROM bk)), '[]')
UNION ALL SELECT 'travel_arrangements', COALESCE((SELECT jsonb_agg(to_jsonb(t) ORDER BY t.id)
  FROM travel_arrangements t WHERE t.id IN (SELECT id FROM ta)), '[]')
UNION ALL SELECT 'travel_flights', COALESCE((SELECT jsonb_agg(to_jsonb(t) ORDER BY t.id)
  FROM travel_flights t WHERE t.travel_arrangement_id IN (SELECT id FROM ta)), '[]')
UNION ALL SELECT 'travel_hotel_stays', COALESCE((SELECT jsonb_agg(to_jsonb(t) ORDER BY t.id)
  FROM travel_hotel_stays t WHERE t.travel_arrangement_id IN (SELECT id FROM ta)), '[]')
UNION ALL SELECT 'travel_transfers', COALESCE((SELECT jsonb_agg(to_jsonb(t) ORDER BY t.id)
  FROM travel_transfers t WHERE t.travel_arrangement_id IN (SELECT id FROM ta)), '[]')
UNION ALL SELECT 'travel_companions', COALESCE((SELECT jsonb_agg(to_jsonb(t) ORDER BY t.id)
  FROM travel_companions t WHERE t.travel_arrangement_id IN (SELECT id FROM ta)), '[]')
UNION ALL SELECT 'procedure_outcomes', COALESCE((SELECT jsonb_agg(to_jsonb(t) ORDER BY t.id)
  FROM procedure_outcomes t WHERE t.booking_id IN (SELECT id FROM bk)), '[]')
UNION ALL SELECT 'follow_up_care', COALESCE((SELECT jsonb_agg(to_jsonb(t) ORDER BY t.id)
  FROM follow_up_care t WHERE t.booking_id IN (SELECT id FROM bk)), '[]')
UNION ALL SELECT 'reviews', COALESCE((SELECT jsonb_agg(to_jsonb(t) ORDER BY t.id)
  FROM reviews t WHERE t.patient_profile_id IN (SELECT id FROM pp)), '[]')
UNION ALL SELECT 'patient_journey_events', COALESCE((SELECT jsonb_agg(to_jsonb(t) ORDER BY t.seq)
  FROM patient_journey_events t WHERE t.patient_profile_id IN (SELECT id FROM pp)), '[]')
UNION ALL SELECT 'stored_files', COALESCE((SELECT jsonb_agg(to_jsonb(t) ORDER BY t.id)
  FROM stored_files t WHERE t.patient_profile_id IN (SELECT id FROM pp)), '[]')
UNION ALL SELECT 'communication_channels', COALESCE((SELECT jsonb_agg(to_jsonb(t) ORDER BY t.id)
  FROM communication_channels t WHERE t.id IN (SELECT id FROM ch)), '[]')
UNION ALL SELECT 'channel_consent_events', COALESCE((SELECT jsonb_agg(to_jsonb(t) ORDER BY t.id)
  FROM channel_consent_events t WHERE t.channel_id IN (SELECT id FROM ch)), '[]')
UNION ALL SELECT 'conversation_sessions', COALESCE((SELECT jsonb_agg(to_jsonb(t) ORDER BY t.id)
  FROM conversation_sessions t WHERE t.user_id = $1::uuid), '[]')
UNION ALL SELECT 'messages', COALESCE((SELECT jsonb_agg(to_jsonb(t) ORDER BY t.sent_at, t.id)
  FROM messages t WHERE t.id IN (SELECT id FROM ms)), '[]')
UNION ALL SELECT 'message_media_fetches', COALESCE((SELECT jsonb_agg(to_jsonb(t) ORDER BY t.id)
  FROM message_media_fetches t WHERE t.message_id IN (SELECT id FROM ms)), '[]')
UNION ALL SELECT 'leads', COALESCE((SELECT jsonb_agg(to_jsonb(t) ORDER BY t.id)
  FROM leads t WHERE t.id IN (SELECT id FROM ld)), '[]')
UNION ALL SELECT 'lead_touches', COALESCE((SELECT jsonb_agg(to_jsonb(t) ORDER BY t.occurred_at, t.id)
  FROM lead_touches t WHERE t.lead_id IN (SELECT id FROM ld)), '[]')
UNION ALL SELECT 'lead_activities', COALESCE((SELECT jsonb_agg(to_jsonb(t) ORDER BY t.created_at, t.id)
  FROM lead_activities t WHERE t.lead_id IN (SELECT id FROM ld)), '[]')
UNION ALL SELECT 'consent_events', COALESCE((SELECT jsonb_agg(to_jsonb(t) ORDER BY t.seq)
  FROM consent_events t WHERE t.user_id = $1::uuid OR t.lead_id IN (SELECT id FROM ld)), '[]')
UNION ALL SELECT 'processing_restrictions', COALESCE((SELECT jsonb_agg(to_jsonb(t))
  FROM processing_restrictions t WHERE t.user_id = $1::uuid), '[]')
UNION ALL SELECT 'data_export_requests', COALESCE((SELECT jsonb_agg(to_jsonb(t) ORDER BY t.requested_at, t.id)
  FROM data_export_requests t WHERE t.subject_user_id = $1::uuid), '[]')
UNION ALL SELECT 'audit_log', COALESCE((SELECT jsonb_agg(to_jsonb(t) ORDER BY t.id)
  FROM audit_log t
  WHERE t.subject_patient_profile_id IN (SELECT id FROM pp) OR t.actor_user_id = $1::uuid
     OR (t.table_name = 'users' AND t.row_id = $1::text)), '[]')
