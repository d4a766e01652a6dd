-- The next version of a consultation's quote, with its audit row and
-- journey event. Callers lock the consultation row in an earlier statement
-- of the transaction (lock_consultation.sql), so that this statement's
-- snapshot sees every version committed before; concurrent quotes then
-- take versions one after the other. $1 consultation, $2 procedure or NULL
-- (the consultation's), $3 price in minor units, $4 currency, $5 hotel
-- nights, $6 airport transfers, $7 interpreter, $8 valid until, $9 caller,
-- $10 patient scopes, $11 caller role, $12 request id, $13 ip. The quote
-- as JSON (NULL when neither $2 nor the consultation names a procedure);
-- no row when the consultation is out of scope or missing.
WITH c AS (
  SELECT c.id, c.patient_profile_id, c.procedure_id
  FROM consultations c
  WHERE c.id = $1 AND c.deleted IS NOT TRUE
    AND care_row_visible(c.provider_id, c.patient_profile_id, $9, $10)
  FOR NO KEY UPDATE
),
q AS (
  INSERT INTO consultation_quotes (consultation_id, version, procedure_id, price_minor, currency,
                                   hotel_nights, airport_transfers, interpreter, valid_until,
                                   created_by)
  SELECT c.id,
         coalesce((SELECT max(x.version) FROM consultation_quotes x
                   WHERE x.consultation_id = c.id), 0) + 1,
         coalesce($2::uuid, c.procedure_id), $3::bigint, $4::text, $5::int, $6::boolean,
         $7::boolean, $8::timestamptz, $9::uuid
  FROM c
  WHERE coalesce($2::uuid, c.procedure_id) IS NOT NULL
  RETURNING *
),
audit AS (
  INSERT INTO audit_log (actor_user_id, actor_role, action, table_name, row_id,
                         subject_patient_profile_id, request_id, ip, changed_columns)
  SELECT $9, $11, 'create', 'consultation_quotes', q.id::text, c.patient_profile_id, $12, $13::inet,
         ARRAY['consultation_id', 'version', 'procedure_id', 'price_minor', 'currency',
               'hotel_nights', 'airport_transfers', 'interpreter', 'valid_until']
  FROM q CROSS JOIN c
),
event AS (
  SELECT record_journey_event(
           c.patient_profile_id, 'consultation', 'quote_issued', $9,
           jsonb_build_object('consultation_id', c.id, 'quote_id', q.id, 'version', q.version,
                              'price_minor', q.price_minor, 'currency', q.currency,
                              'valid_until', q.valid_until)) AS id
  FROM q CROSS JOIN c
)
SELECT (SELECT (to_jsonb(q) - 'deleted')::text FROM q CROSS JOIN event)
FROM c
