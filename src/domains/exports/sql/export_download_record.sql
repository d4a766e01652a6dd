-- Counts one download of a ready, unexpired archive and writes its audit
-- row ('export': the person's data left the platform) in the same
-- statement. $1 request id, $2 caller, $3 caller role, $4 request id, $5 ip.
-- No row when the archive expired meanwhile.
WITH counted AS (
  UPDATE data_export_requests r
  SET downloads = r.downloads + 1, last_downloaded_at = now()
  WHERE r.id = $1::uuid AND r.status = 'ready' AND r.expires_at > now()
  RETURNING r.id, r.subject_user_id
),
audit AS (
  INSERT INTO audit_log (actor_user_id, actor_role, action, table_name, row_id,
                         subject_patient_profile_id, request_id, ip, reason)
  SELECT $2::uuid, $3, 'export', 'data_export_requests', c.id::text,
         (SELECT pp.id FROM patient_profiles pp WHERE pp.user_id = c.subject_user_id), $4,
         $5::inet, 'archive downloaded'
  FROM counted c
)
SELECT id FROM counted
