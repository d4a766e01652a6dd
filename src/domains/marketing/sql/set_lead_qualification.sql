-- Records what a rep learned about a lead's fit: $2 budget amount, $3 its
-- currency, $4 timeline (each NULL clears it), on lead $1 when it is live
-- and within the caller's scope ($5 caller, $6 lead scope); audited ($7
-- role, $8 request id, $9 ip). The score trigger queues the lead.
-- Columns: the answer as JSON text; no row when unseen.
WITH upd AS (
  UPDATE leads l
  SET budget_amount = $2::numeric, budget_currency = $3::text, timeline = $4::text
  WHERE l.id = $1::uuid AND l.deleted IS NOT TRUE
    AND lead_visible(l.assigned_to, $5::uuid, $6::text)
  RETURNING l.id, l.budget_amount, l.budget_currency, l.timeline
),
audit AS (
  INSERT INTO audit_log (actor_user_id, actor_role, action, table_name, row_id, request_id, ip,
                         changed_columns)
  SELECT $5::uuid, $7, 'update', 'leads', upd.id::text, $8, $9::inet,
         ARRAY['budget_amount', 'budget_currency', 'timeline']
  FROM upd
)
SELECT jsonb_build_object('lead_id', upd.id, 'budget_amount', upd.budget_amount,
                          'budget_currency', upd.budget_currency, 'timeline', upd.timeline)::text
FROM upd
