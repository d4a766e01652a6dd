-- One public capture: joins the open lead with the same email or phone or
-- creates one, records the touch, audits both (lead_capture_touch,
-- migration 0024). $1 email or NULL, $2 phone or NULL (normalised), $3 the
-- lead's fields as JSON, $4 the touch's as JSON, $5 request id, $6 client
-- address or NULL. Columns: lead id, whether it was created.
SELECT lead_id, created
FROM lead_capture_touch('website', $1::text, $2::text, NULL, $3::jsonb, $4::jsonb, $5::text,
                        $6::inet)
