-- Publishes or hides a review (the rating trigger recounts the provider),
-- with its audit row. $1 review, $2 'published' or 'hidden', $3 reason or
-- NULL, $4 caller, $5 caller role, $6 request id, $7 ip. Columns: the review
-- as JSON. No row when there is no such live review; a hide without a
-- 3–1000 character reason is refused (23514 reviews_hidden_reason_check).
WITH r AS (
  UPDATE reviews
  SET moderation_status = $2, moderation_reason = $3, moderated_by = $4::uuid,
      moderated_at = now()
  WHERE id = $1::uuid AND deleted IS NOT TRUE
  RETURNING *
),
audit AS (
  INSERT INTO audit_log (actor_user_id, actor_role, action, table_name, row_id,
                         subject_patient_profile_id, request_id, ip, changed_columns)
  SELECT $4::uuid, $5, 'update', 'reviews', r.id::text, r.patient_profile_id, $6, $7::inet,
         ARRAY['moderation_status', 'moderation_reason', 'moderated_by', 'moderated_at']
  FROM r
)
SELECT (to_jsonb(r) - 'deleted')::text FROM r
