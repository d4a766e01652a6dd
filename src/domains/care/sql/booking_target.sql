-- What a POST /bookings would book and whether the caller may book it.
-- $1 slot, $2 patient (NULL: the quote's), $3 procedure (NULL: the quote's),
-- $4 quote (or NULL), $5 caller, $6 patient scopes. One row: patient,
-- procedure, whether that patient exists, whether the caller's care scope
-- reaches the slot's provider and the patient (care_row_visible). An
-- unknown slot is left to book_slot (409 bookings_slot_capacity).
WITH q AS (
  SELECT c.patient_profile_id, cq.procedure_id
  FROM consultation_quotes cq JOIN consultations c ON c.id = cq.consultation_id
  WHERE cq.id = $4::uuid AND cq.deleted IS NOT TRUE
),
who AS (
  SELECT coalesce($2::uuid, (SELECT patient_profile_id FROM q)) AS patient,
         coalesce($3::uuid, (SELECT procedure_id FROM q)) AS procedure
)
SELECT who.patient, who.procedure,
       EXISTS (SELECT 1 FROM patient_profiles pp
               WHERE pp.id = who.patient AND pp.deleted IS NOT TRUE),
       a.id IS NULL
         OR coalesce(care_row_visible(a.provider_id, who.patient, $5::uuid, $6), FALSE)
FROM who
LEFT JOIN provider_availability a ON a.id = $1::uuid
