-- The reviews a patient wrote, newest first, with their moderation state.
-- $1 patient. Columns: the reviews as one JSON array.
SELECT coalesce(jsonb_agg(to_jsonb(r) - 'deleted' ORDER BY r.created_at DESC, r.id),
                '[]'::jsonb)::text
FROM reviews r
WHERE r.patient_profile_id = $1::uuid AND r.deleted IS NOT TRUE
