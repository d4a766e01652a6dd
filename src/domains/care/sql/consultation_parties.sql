-- Whether the caller's scope reaches this patient at this provider (both
-- live), whether the zone given with a proposed time is an IANA name, and
-- whether the slot (if any) is open: not deleted, not closed, not past.
-- Runs before a consultation is written. $1 patient profile id,
-- $2 provider id, $3 caller, $4 patient scopes, $5 zone or NULL, $6 slot
-- or NULL. Columns: visible, zone_ok, slot_ok; no row when the patient or
-- the provider does not exist.
SELECT care_row_visible(pr.id, pp.id, $3, $4), is_iana_zone(coalesce($5::text, 'UTC')),
       $6::uuid IS NULL OR EXISTS (
         SELECT 1 FROM provider_availability a
         WHERE a.id = $6::uuid AND a.deleted IS NOT TRUE AND a.is_available IS NOT FALSE
           AND timezone(pr.timezone, a.date + a.start_time) > now())
FROM patient_profiles pp, providers pr
WHERE pp.id = $1 AND pp.deleted IS NOT TRUE AND pr.id = $2 AND pr.deleted IS NOT TRUE
