-- What opens a person's sealed values, and the snapshot's time: the patient
-- profile and its wrapped data key (NULL when not a patient, or shredded),
-- the user's own data key (message senders who are not patients; migration
-- 0023). $1 user id; no row when the user does not exist. Columns: patient
-- profile id, wrapped patient key, user key id, wrapped user key, now as
-- RFC 3339 UTC, now as Unix seconds.
SELECT (SELECT pp.id FROM patient_profiles pp WHERE pp.user_id = u.id),
       (SELECT k.wrapped_key FROM patient_profiles pp
          JOIN patient_data_keys k ON k.patient_profile_id = pp.id WHERE pp.user_id = u.id),
       uk.id, uk.wrapped_key,
       to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
       extract(epoch FROM now())::bigint
FROM users u LEFT JOIN user_data_keys uk ON uk.user_id = u.id
WHERE u.id = $1::uuid
