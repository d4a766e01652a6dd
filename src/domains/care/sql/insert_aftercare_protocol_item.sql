-- A new aftercare protocol item, audited in the same statement. Without a
-- position it goes last in its category. Schedules already made are not
-- touched: a new item applies to procedures completed from now on.
-- $1 category, $2 position (or NULL), $3 label, $4 follow-up type,
-- $5 offset months, $6 offset days, $7 local time, $8 photos required,
-- $9 active, $10 caller, $11 caller role, $12 request id, $13 ip.
-- Columns: the item as JSON. Refusals: 23505
-- aftercare_protocol_items_category_position_key (position taken), 23514
-- aftercare_protocol_items_offset_check (due on the day itself).
WITH i AS (
  INSERT INTO aftercare_protocol_items (category, position, label, follow_up_type, offset_months,
                                        offset_days, local_time, photos_required, is_active,
                                        updated_by)
  SELECT $1::text,
         coalesce($2::int, (SELECT coalesce(max(p.position), 0) + 1
                            FROM aftercare_protocol_items p WHERE p.category = $1::text)),
         $3, $4, $5::int, $6::int, $7::time, $8::boolean, $9::boolean, $10::uuid
  RETURNING *
),
audit AS (
  INSERT INTO audit_log (actor_user_id, actor_role, action, table_name, row_id, request_id, ip)
  SELECT $10::uuid, $11, 'create', 'aftercare_protocol_items', i.id::text, $12, $13::inet FROM i
)
SELECT to_jsonb(i)::text FROM i
