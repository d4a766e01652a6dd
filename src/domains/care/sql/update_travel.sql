-- Changes a booking's travel arrangement in the caller's care scope (a JSON
-- merge patch of its writable columns; absent = unchanged), with its audit
-- row (the columns named) and journey event in the same statement: stage
-- 'travel', 'visa_status_changed' (details: from, to) when the visa status
-- changed, else 'travel_updated'. $1 booking, $2 caller, $3 patient
-- scopes, $4 request id, $5 ip, $6 caller role, $7 patch (JSON). Columns:
-- the arrangement's id. No row when missing or out of scope.
WITH t AS MATERIALIZED (
  SELECT ta.id, ta.visa_status AS old_visa, b.id AS booking, b.patient_profile_id AS patient
  FROM travel_arrangements ta
  JOIN bookings b ON b.id = ta.booking_id AND b.deleted IS NOT TRUE
  WHERE ta.booking_id = $1::uuid AND ta.deleted IS NOT TRUE
    AND care_row_visible(b.provider_id, b.patient_profile_id, $2::uuid, $3)
  ORDER BY ta.created_at, ta.id
  LIMIT 1
  FOR NO KEY UPDATE OF ta
),
changed AS (
  UPDATE travel_arrangements ta SET
    visa_assistance = CASE WHEN $7::jsonb ? 'visa_assistance'
                           THEN ($7::jsonb->>'visa_assistance')::boolean ELSE ta.visa_assistance END,
    visa_status = CASE WHEN $7::jsonb ? 'visa_status'
                       THEN $7::jsonb->>'visa_status' ELSE ta.visa_status END,
    airport_transfer = CASE WHEN $7::jsonb ? 'airport_transfer'
                            THEN ($7::jsonb->>'airport_transfer')::boolean
                            ELSE ta.airport_transfer END,
    travel_insurance = CASE WHEN $7::jsonb ? 'travel_insurance'
                            THEN ($7::jsonb->>'travel_insurance')::boolean
                            ELSE ta.travel_insurance END,
    total_cost = CASE WHEN $7::jsonb ? 'total_cost'
                      THEN ($7::jsonb->>'total_cost')::numeric ELSE ta.total_cost END,
    currency = CASE WHEN $7::jsonb ? 'currency' THEN $7::jsonb->>'currency' ELSE ta.currency END
  FROM t WHERE ta.id = t.id
  RETURNING ta.id, ta.visa_status
),
audit AS (
  INSERT INTO audit_log (actor_user_id, actor_role, action, table_name, row_id,
                         subject_patient_profile_id, request_id, ip, changed_columns)
  SELECT $2::uuid, $6, 'update', 'travel_arrangements', c.id::text, t.patient, $4, $5::inet,
         ARRAY(SELECT jsonb_object_keys($7::jsonb) ORDER BY 1)
  FROM changed c, t
),
event AS (
  SELECT record_journey_event(
           t.patient, 'travel',
           CASE WHEN c.visa_status <> t.old_visa THEN 'visa_status_changed'
                ELSE 'travel_updated' END,
           $2::uuid,
           jsonb_build_object('booking_id', t.booking, 'travel_arrangement_id', c.id,
                              'from', t.old_visa, 'to', c.visa_status)) AS id
  FROM changed c, t
)
SELECT c.id, (SELECT count(*) FROM event) FROM changed c
