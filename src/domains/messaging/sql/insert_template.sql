-- Registers a template; audited. $1 name, $2 language, $3 category, $4 body,
-- $5 variable count, $6 components, $7 status, $8 caller, $9 role,
-- $10 request id, $11 ip. Columns: the template as JSON, its row version
-- (16 hex digits). A (name, language) taken already is
-- message_templates_name_language_key.
WITH t AS (
  INSERT INTO message_templates (name, language, category, body, variable_count, components,
                                 status, created_by)
  VALUES ($1, $2, $3, $4, $5::int, $6::jsonb, $7, $8::uuid)
  RETURNING *),
audit AS (
  INSERT INTO audit_log (actor_user_id, actor_role, action, table_name, row_id, request_id, ip,
                         changed_columns)
  SELECT $8::uuid, $9, 'create', 'message_templates', t.id::text, $10, $11::inet,
         ARRAY['name', 'language', 'category', 'body', 'components', 'status']
  FROM t)
SELECT to_jsonb(t)::text, lpad(to_hex(t.version), 16, '0') FROM t
