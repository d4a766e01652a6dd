-- The patient accepts a quote (the trigger refuses a second acceptance, one
-- after valid_until or of a withdrawn quote: 23P01
-- consultation_quotes_acceptance; another quote of the consultation
-- accepted already: 23505 consultation_quotes_accepted_key), with its audit
-- row and journey event. $1 quote, $2 caller, $3 caller role, $4 request
-- id, $5 ip. The quote as JSON.
WITH q AS (
  UPDATE consultation_quotes SET accepted_at = now()
  WHERE id = $1
  RETURNING *
),
c AS (
  SELECT c.id, c.patient_profile_id FROM consultations c JOIN q ON q.consultation_id = c.id
),
audit AS (
  INSERT INTO audit_log (actor_user_id, actor_role, action, table_name, row_id,
                         subject_patient_profile_id, request_id, ip, changed_columns)
  SELECT $2, $3, 'update', 'consultation_quotes', q.id::text, c.patient_profile_id, $4, $5::inet,
         ARRAY['accepted_at']
  FROM q CROSS JOIN c
),
event AS (
  SELECT record_journey_event(
           c.patient_profile_id, 'consultation', 'quote_accepted', $2,
           jsonb_build_object('consultation_id', c.id, 'quote_id', q.id, 'version', q.version,
                              'price_minor', q.price_minor, 'currency', q.currency)) AS id
  FROM q CROSS JOIN c
)
SELECT (to_jsonb(q) - 'deleted')::text
FROM q CROSS JOIN event
