-- A booking's follow-up schedule in due order, if the booking is in the
-- caller's care scope, the rows shown audited in the same statement.
-- $1 booking, $2 caller, $3 patient scopes, $4 request id, $5 ip,
-- $6 caller role. Columns: the items as one JSON array (text sealed), the
-- patient. No row when the booking is missing or out of scope.
WITH b AS (
  SELECT b.id, b.patient_profile_id, b.provider_id
  FROM bookings b
  WHERE b.id = $1::uuid AND b.deleted IS NOT TRUE
    AND care_row_visible(b.provider_id, b.patient_profile_id, $2::uuid, $3)
),
f AS (
  SELECT f.*, i.label
  FROM follow_up_care f
  JOIN b ON f.booking_id = b.id
  LEFT JOIN aftercare_protocol_items i ON i.id = f.protocol_item_id
  WHERE f.deleted IS NOT TRUE
),
audit AS (
  INSERT INTO audit_log (actor_user_id, actor_role, action, table_name, row_id,
                         subject_patient_profile_id, request_id, ip)
  SELECT $2::uuid, $6, 'read', 'follow_up_care', f.id::text, b.patient_profile_id, $4, $5::inet
  FROM f, b
)
SELECT (SELECT coalesce(jsonb_agg((to_jsonb(f) - 'deleted')
                                  || jsonb_build_object('patient_profile_id', b.patient_profile_id,
                                                        'provider_id', b.provider_id)
                                  ORDER BY coalesce(f.due_at, f.created_at), f.id), '[]'::jsonb)
        FROM f)::text,
       b.patient_profile_id
FROM b
