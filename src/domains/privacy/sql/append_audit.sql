-- One audit row, written by the caller inside its own transaction; the chain
-- columns stay NULL until the sealer takes the row.
INSERT INTO audit_log (actor_user_id, actor_role, action, table_name, row_id,
                       subject_patient_profile_id, request_id, ip, changed_columns, reason)
VALUES ($1::uuid, $2, $3, $4, $5, $6::uuid, $7, $8::inet, $9::text[], $10)
