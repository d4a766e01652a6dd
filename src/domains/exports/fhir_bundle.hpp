// The medical part of an export as a FHIR R4 Bundle of type "collection"
// (fhir/bundle.json): what another provider's system can import (GDPR Art.
// 20, portability). Built from the archive's decrypted tables, never from the
// database directly, so the bundle says nothing the tables do not.
//
//   Patient              users, user_profiles, patient_profiles
//   Condition            medical_histories.chronic_conditions, hair_loss_profiles.hair_loss_type
//   AllergyIntolerance   medical_histories.allergies
//   MedicationStatement  medical_histories.current_medications
//   Procedure            medical_histories.previous_surgeries,
//                        hair_loss_profiles.previous_treatments, completed bookings
//   Observation          medical_histories.lifestyle_factors (social history),
//                        hair_loss_profiles' Norwood and Ludwig scales, procedure_outcomes
//                        (satisfaction, complications)
//
// The platform stores these as free text (or flat objects), not as coded
// terms, so every concept is a CodeableConcept with `text` only: valid FHIR
// that claims no SNOMED or RxNorm code it does not have.
#pragma once

#include <map>
#include <string>

#include <nlohmann/json.hpp>

namespace imedic::exports {

// `tables`: table name → array of rows (decrypted), as in tables/<name>.json.
nlohmann::json BuildFhirBundle(const std::map<std::string, nlohmann::json>& tables,
                               const std::string& generated_at);

}  // namespace imedic::exports
