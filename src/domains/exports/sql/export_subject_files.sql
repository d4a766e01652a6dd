-- The person's stored files (live and deleted: both are still about them),
-- for the archive's files/ folder. $1 user id. Columns: id, patient profile
-- id, storage name, content MAC, content type.
SELECT f.id, f.patient_profile_id, f.storage_name, f.content_mac, f.content_type
FROM stored_files f JOIN patient_profiles pp ON pp.id = f.patient_profile_id
WHERE pp.user_id = $1::uuid
ORDER BY f.id
