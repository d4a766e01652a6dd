-- Merges lead $2 into lead $1 (both checked in scope and locked by the
-- caller): $2's touches and activities move to $1 (merged_from keeps where
-- they came from), $1's empty fields take $2's values, $2 is marked
-- merged_into $1 and deleted, a note on $1 says so, and every row changed
-- is audited. $3 caller, $4 caller role, $5 request id, $6 ip.
WITH touches AS (
  UPDATE lead_touches SET lead_id = $1::uuid, merged_from = coalesce(merged_from, $2::uuid)
  WHERE lead_id = $2::uuid
  RETURNING id
),
activities AS (
  UPDATE lead_activities SET lead_id = $1::uuid, merged_from = coalesce(merged_from, $2::uuid)
  WHERE lead_id = $2::uuid
  RETURNING id
),
kept AS (
  UPDATE leads k SET
    user_id = coalesce(k.user_id, o.user_id),
    email = coalesce(k.email, o.email),
    phone = coalesce(k.phone, o.phone),
    first_name = coalesce(k.first_name, o.first_name),
    last_name = coalesce(k.last_name, o.last_name),
    campaign_id = coalesce(k.campaign_id, o.campaign_id),
    assigned_to = coalesce(k.assigned_to, o.assigned_to),
    country = coalesce(k.country, o.country),
    language = coalesce(k.language, o.language),
    procedure_interest = coalesce(k.procedure_interest, o.procedure_interest),
    message = coalesce(k.message, o.message),
    last_interaction_at = greatest(k.last_interaction_at, o.last_interaction_at)
  FROM leads o
  WHERE k.id = $1::uuid AND o.id = $2::uuid
  RETURNING k.id
),
merged AS (
  UPDATE leads SET merged_into = $1::uuid, deleted = TRUE
  WHERE id = $2::uuid
  RETURNING id
),
note AS (
  INSERT INTO lead_activities (lead_id, kind, body, created_by)
  SELECT $1::uuid, 'note', 'merged lead ' || merged.id || ' into this one', $3::uuid FROM merged
  RETURNING id
),
audit AS (
  INSERT INTO audit_log (actor_user_id, actor_role, action, table_name, row_id, request_id, ip,
                         changed_columns, reason)
  SELECT $3::uuid, $4, 'update', 'leads', kept.id::text, $5, $6::inet,
         ARRAY['user_id', 'email', 'phone', 'first_name', 'last_name', 'campaign_id',
               'assigned_to', 'country', 'language', 'procedure_interest', 'message',
               'last_interaction_at'], 'merge: kept'
  FROM kept
  UNION ALL
  SELECT $3::uuid, $4, 'update', 'leads', merged.id::text, $5, $6::inet,
         ARRAY['merged_into', 'deleted'], 'merge: merged into ' || $1::text
  FROM merged
  UNION ALL
  SELECT $3::uuid, $4, 'update', 'lead_touches', touches.id::text, $5, $6::inet,
         ARRAY['lead_id', 'merged_from'], 'merge'
  FROM touches
  UNION ALL
  SELECT $3::uuid, $4, 'update', 'lead_activities', activities.id::text, $5, $6::inet,
         ARRAY['lead_id', 'merged_from'], 'merge'
  FROM activities
  UNION ALL
  SELECT $3::uuid, $4, 'create', 'lead_activities', note.id::text, $5, $6::inet, NULL, NULL
  FROM note
)
SELECT (SELECT count(*) FROM merged)
