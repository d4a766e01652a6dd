-- A booking's live outcome in the caller's care scope (a patient reaches
-- their own), the read audited in the same statement. $1 booking,
-- $2 caller, $3 patient scopes, $4 request id, $5 ip, $6 caller role.
-- Columns: the row as JSON (text sealed), the patient. No row when there
-- is none or it is out of scope.
WITH o AS (
  SELECT o.*, b.patient_profile_id AS patient
  FROM procedure_outcomes o
  JOIN bookings b ON b.id = o.booking_id AND b.deleted IS NOT TRUE
  WHERE o.booking_id = $1::uuid AND o.deleted IS NOT TRUE
    AND care_row_visible(b.provider_id, b.patient_profile_id, $2::uuid, $3)
),
audit AS (
  INSERT INTO audit_log (actor_user_id, actor_role, action, table_name, row_id,
                         subject_patient_profile_id, request_id, ip)
  SELECT $2::uuid, $6, 'read', 'procedure_outcomes', o.id::text, o.patient, $4, $5::inet FROM o
)
SELECT (to_jsonb(o) - 'deleted' - 'patient')::text, o.patient FROM o
