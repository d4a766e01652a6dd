-- The assignment rules in the order they are tried. Columns: the rules as
-- a JSON array.
SELECT coalesce(jsonb_agg(jsonb_build_object(
         'position', position, 'language', language, 'country', country,
         'procedure_interest', procedure_interest, 'team', team,
         'first_contact_minutes', first_contact_minutes) ORDER BY position), '[]'::jsonb)::text
FROM lead_assignment_rules
