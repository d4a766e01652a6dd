-- Changes an aftercare protocol item (a NULL parameter keeps the value),
-- audited with the changed column names in the same statement. The
-- category is fixed. Schedules already made keep their due times.
-- $1 item, $2 position, $3 label, $4 follow-up type, $5 offset months,
-- $6 offset days, $7 local time, $8 photos required, $9 active, $10 caller,
-- $11 caller role, $12 request id, $13 ip, $14 changed columns (text[]).
-- Columns: the item as JSON; no row for an unknown item.
WITH i AS (
  UPDATE aftercare_protocol_items SET
    position = coalesce($2::int, position),
    label = coalesce($3, label),
    follow_up_type = coalesce($4, follow_up_type),
    offset_months = coalesce($5::int, offset_months),
    offset_days = coalesce($6::int, offset_days),
    local_time = coalesce($7::time, local_time),
    photos_required = coalesce($8::boolean, photos_required),
    is_active = coalesce($9::boolean, is_active),
    updated_by = $10::uuid
  WHERE id = $1::uuid
  RETURNING *
),
audit AS (
  INSERT INTO audit_log (actor_user_id, actor_role, action, table_name, row_id, request_id, ip,
                         changed_columns)
  SELECT $10::uuid, $11, 'update', 'aftercare_protocol_items', i.id::text, $12, $13::inet,
         $14::text[]
  FROM i
)
SELECT to_jsonb(i)::text FROM i
