-- How many of the given file ids are live files of the patient: $1 patient
-- profile id, $2 file ids (uuid[]).
SELECT count(*)
FROM stored_files
WHERE patient_profile_id = $1 AND id = ANY ($2::uuid[]) AND deleted IS NOT TRUE
