-- One follow-up item in the caller's care scope (a patient reaches their
-- own), the read audited in the same statement. $1 item, $2 caller,
-- $3 patient scopes, $4 request id, $5 ip, $6 caller role. Columns: the
-- item as JSON (text sealed), the patient. No row when missing or out of
-- scope.
WITH f AS (
  SELECT f.*, b.patient_profile_id AS patient, b.provider_id AS provider, i.label
  FROM follow_up_care f
  JOIN bookings b ON b.id = f.booking_id AND b.deleted IS NOT TRUE
  LEFT JOIN aftercare_protocol_items i ON i.id = f.protocol_item_id
  WHERE f.id = $1::uuid AND f.deleted IS NOT TRUE
    AND care_row_visible(b.provider_id, b.patient_profile_id, $2::uuid, $3)
),
audit AS (
  INSERT INTO audit_log (actor_user_id, actor_role, action, table_name, row_id,
                         subject_patient_profile_id, request_id, ip)
  SELECT $2::uuid, $6, 'read', 'follow_up_care', f.id::text, f.patient, $4, $5::inet FROM f
)
SELECT ((to_jsonb(f) - 'deleted' - 'patient' - 'provider')
        || jsonb_build_object('patient_profile_id', f.patient, 'provider_id', f.provider))::text,
       f.patient
FROM f
