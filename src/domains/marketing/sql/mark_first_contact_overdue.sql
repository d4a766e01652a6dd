-- The lead job's sweep: new leads whose first-contact due time has passed
-- are marked overdue (once), up to 1000 a run, each mark audited as the
-- system's. Columns: how many were marked.
WITH due AS (
  UPDATE leads SET first_contact_overdue_at = now()
  WHERE id IN (
    SELECT id FROM leads
    WHERE stage = 'new' AND first_contact_overdue_at IS NULL AND deleted IS NOT TRUE
      AND first_contact_due_at < now()
    ORDER BY first_contact_due_at
    LIMIT 1000
    FOR UPDATE SKIP LOCKED)
  RETURNING id
),
audit AS (
  INSERT INTO audit_log (actor_user_id, actor_role, action, table_name, row_id, changed_columns,
                         reason)
  SELECT NULL, 'system', 'update', 'leads', due.id::text, ARRAY['first_contact_overdue_at'],
         'first contact overdue'
  FROM due
)
SELECT count(*) FROM due
