-- The audit rows of a batch of reads (records/read_audit.hpp): one array per
-- column, every row in one statement and so in one commit. An empty subject
-- or address stands for NULL (neither is ever empty otherwise).
INSERT INTO audit_log (actor_user_id, actor_role, action, table_name, row_id,
                       subject_patient_profile_id, request_id, ip)
SELECT NULLIF(a.actor, '')::uuid, a.role, 'read', a.table_name, a.row_id,
       NULLIF(a.subject, '')::uuid, a.request_id, NULLIF(a.ip, '')::inet
FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[])
     AS a(actor, role, table_name, row_id, subject, request_id, ip)
