-- Counts one public capture against its limits and answers 0, or the
-- seconds until the tightest exceeded window ends (Retry-After). $1 the
-- client address's bucket, $2 the email's bucket or NULL, $3 the phone's
-- bucket or NULL (SHA-256 hex, never the values themselves). Limits: 20 per
-- address per 10 minutes, 5 per email or phone per hour
-- (docs/architecture.md §1.3).
SELECT greatest(
  lead_capture_hit($1::text, 600, 20),
  CASE WHEN $2::text IS NULL THEN 0 ELSE lead_capture_hit($2::text, 3600, 5) END,
  CASE WHEN $3::text IS NULL THEN 0 ELSE lead_capture_hit($3::text, 3600, 5) END)
