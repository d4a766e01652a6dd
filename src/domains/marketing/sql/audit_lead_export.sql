-- The audit row of a CSV export of leads: who, when, how many rows (the
-- filters are not kept: a search may hold an email). $1 caller, $2 caller
-- role, $3 request id, $4 ip, $5 rows exported.
INSERT INTO audit_log (actor_user_id, actor_role, action, table_name, request_id, ip, reason)
VALUES ($1::uuid, $2, 'export', 'leads', $3, $4::inet, 'csv export of ' || $5::text || ' leads')
