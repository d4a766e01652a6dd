-- A patient's wrapped data key. $1 patient profile id.
SELECT wrapped_key FROM patient_data_keys WHERE patient_profile_id = $1::uuid
