-- One lead, if the caller's lead scope reaches it. $1 lead id, $2 caller,
-- $3 lead scope.
SELECT json_build_object(
  'id', id, 'user_id', user_id, 'email', email, 'phone', phone, 'first_name', first_name,
  'last_name', last_name, 'source', source, 'campaign_id', campaign_id, 'status', status,
  'lead_score', lead_score, 'assigned_to', assigned_to, 'country', country, 'city', city,
  'last_interaction_at', last_interaction_at, 'created_at', created_at)::text
FROM leads
WHERE id = $1 AND deleted IS NOT TRUE AND lead_visible(assigned_to, $2, $3)
