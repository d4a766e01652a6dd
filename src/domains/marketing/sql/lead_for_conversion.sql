-- The live lead a conversion starts from, if the caller's lead scope
-- reaches it, locked for the conversion. $1 lead, $2 caller, $3 lead scope.
-- Columns: stage, converted_at, email, phone, first_name, last_name,
-- language, procedure_interest; no row when unseen, merged or deleted.
SELECT stage, converted_at, email, phone, first_name, last_name, language, procedure_interest
FROM leads
WHERE id = $1::uuid AND deleted IS NOT TRUE AND lead_visible(assigned_to, $2::uuid, $3::text)
FOR UPDATE
