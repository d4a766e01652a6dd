-- A page of a patient's own follow-up items, ordered by due time (the
-- creation time for items without one) and id, with the rows shown
-- (not the one read ahead) audited in the same statement. $1 patient, $2 status (or NULL),
-- $3 due from (or NULL), $4 due before (or NULL), $5 + $6 the cursor (due
-- time, id of the last item shown) or NULL, $7 rows to return (page + 1),
-- $8 caller, $9 caller role, $10 request id, $11 ip. One row per item: the
-- item as JSON (text sealed), its due time as cursor text, its id.
WITH f AS (
  SELECT f.*, b.patient_profile_id AS patient, b.provider_id AS provider, i.label,
         coalesce(f.due_at, f.created_at, 'epoch'::timestamptz) AS due
  FROM follow_up_care f
  JOIN bookings b ON b.id = f.booking_id AND b.deleted IS NOT TRUE
  LEFT JOIN aftercare_protocol_items i ON i.id = f.protocol_item_id
  WHERE b.patient_profile_id = $1::uuid AND f.deleted IS NOT TRUE
    AND ($2::text IS NULL OR f.status = $2::text)
    AND ($3::timestamptz IS NULL OR coalesce(f.due_at, f.created_at) >= $3::timestamptz)
    AND ($4::timestamptz IS NULL OR coalesce(f.due_at, f.created_at) < $4::timestamptz)
    AND ($5::timestamptz IS NULL
         OR (coalesce(f.due_at, f.created_at, 'epoch'::timestamptz), f.id)
            > ($5::timestamptz, $6::uuid))
  ORDER BY coalesce(f.due_at, f.created_at, 'epoch'::timestamptz), f.id
  LIMIT $7::int
),
audit AS (
  INSERT INTO audit_log (actor_user_id, actor_role, action, table_name, row_id,
                         subject_patient_profile_id, request_id, ip)
  SELECT $8::uuid, $9, 'read', 'follow_up_care', s.id::text, s.patient, $10, $11::inet
  FROM (SELECT * FROM f ORDER BY f.due, f.id LIMIT $7::int - 1) s
)
SELECT ((to_jsonb(f) - 'deleted' - 'patient' - 'provider' - 'due')
        || jsonb_build_object('patient_profile_id', f.patient, 'provider_id', f.provider))::text,
       to_json(f.due) #>> '{}', f.id
FROM f
ORDER BY f.due, f.id
