-- Changes a template (NULL keeps a field) while its version is one of $6
-- (If-Match; NULL: any), bumping the version; audited. $1 id, $2 category,
-- $3 body, $4 variable count, $5 components, $6 versions (comma-separated
-- 16-hex row versions), $7 status, $8 caller, $9 role, $10 request id,
-- $11 ip, $12 changed column names. Columns: found (0/1), the template as
-- JSON and its new row version (NULL when the version did not match).
WITH cur AS (
  SELECT t.id, t.version FROM message_templates t WHERE t.id = $1::uuid FOR UPDATE),
upd AS (
  UPDATE message_templates t
  SET category = coalesce($2, t.category), body = coalesce($3, t.body),
      variable_count = coalesce($4::int, t.variable_count),
      components = coalesce($5::jsonb, t.components), status = coalesce($7, t.status),
      version = t.version + 1
  FROM cur
  WHERE t.id = cur.id
    AND ($6::text IS NULL
         OR lpad(to_hex(cur.version), 16, '0') = ANY (string_to_array($6::text, ',')))
  RETURNING t.*),
audit AS (
  INSERT INTO audit_log (actor_user_id, actor_role, action, table_name, row_id, request_id, ip,
                         changed_columns)
  SELECT $8::uuid, $9, 'update', 'message_templates', u.id::text, $10, $11::inet, $12::text[]
  FROM upd u)
SELECT (SELECT count(*) FROM cur), (SELECT to_jsonb(u)::text FROM upd u),
       (SELECT lpad(to_hex(u.version), 16, '0') FROM upd u)
