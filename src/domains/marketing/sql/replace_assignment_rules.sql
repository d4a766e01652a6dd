-- Replaces every assignment rule with $1 (a JSON array of {language,
-- country, procedure_interest, team, first_contact_minutes}, already
-- checked; positions follow the array), audited as one update of the rule
-- set. $2 caller, $3 caller role, $4 request id, $5 ip. Columns: the count.
WITH gone AS (
  DELETE FROM lead_assignment_rules RETURNING 1
),
ins AS (
  INSERT INTO lead_assignment_rules (position, language, country, procedure_interest, team,
                                     first_contact_minutes, created_by)
  SELECT r.ord::int, lower(r.v ->> 'language'), upper(r.v ->> 'country'),
         lower(r.v ->> 'procedure_interest'), r.v ->> 'team',
         coalesce((r.v ->> 'first_contact_minutes')::int, 60), $2::uuid
  FROM jsonb_array_elements($1::jsonb) WITH ORDINALITY AS r (v, ord)
  RETURNING id
),
audit AS (
  INSERT INTO audit_log (actor_user_id, actor_role, action, table_name, request_id, ip, reason)
  SELECT $2::uuid, $3, 'update', 'lead_assignment_rules', $4, $5::inet,
         'rules replaced: ' || (SELECT count(*) FROM gone) || ' -> ' || count(*)
  FROM ins
)
SELECT count(*) FROM ins
