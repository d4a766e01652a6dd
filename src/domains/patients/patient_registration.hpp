// Staff registering a patient on their behalf (a phone call, a walk-in;
// issue 13, item 5): the account with its emailed invitation to claim it
// (identity), then the patient profile through the records engine's own
// create, so its reference, data key, encryption and audit are exactly
// those of the patient's POST /me/patient-profile; and the journey's first
// event. One transaction, the caller's. Used by POST /patients and by the
// lead conversion (marketing).
#pragma once

#include <memory>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "db/connection.hpp"
#include "http/router.hpp"
#include "records/record_service.hpp"
#include "records/resource.hpp"

namespace imedic::patients {

struct NewPatient {
  std::string email;                 // normalised
  std::optional<std::string> phone;  // E.164
  std::string first_name;
  std::string last_name;
  std::optional<std::string> language;
  nlohmann::json profile;  // the body of a patient profile create, not yet validated
};

struct RegisteredPatient {
  std::string user_id;
  std::string patient_profile_id;
  std::string patient_reference;  // PAT-YYYY-NNNNNN
};

class PatientRegistrar {
 public:
  explicit PatientRegistrar(records::RecordService& records);

  // On `conn` inside the caller's transaction. The caller has checked the
  // permission (patients.register). 409 naming email or phone when an
  // account holds it; 422 naming the profile's fields.
  core::Result<RegisteredPatient> Register(db::Connection& conn, const http::RequestContext& ctx,
                                           const NewPatient& patient) const;

 private:
  const records::RecordService& records_;
  const records::BoundTable& profiles_;
};

// The body of POST /patients (and of POST /leads/{id}/convert, where the
// person's fields default to the lead's): the person and their profile.
const records::Resource& PatientRegistrationResource();
// The NewPatient of a validated PatientRegistration body (fields not given
// stay empty); 422 naming an email or phone that does not normalise.
core::Result<NewPatient> PersonOf(const nlohmann::json& body);
// What both answer.
const records::Resource& RegisteredPatientResource();

// POST /patients: register a patient without a lead (Idempotency-Key). The
// routes share the registrar (the lead conversion holds it too).
void RegisterPatientRegistrationRoute(http::Router& router, db::Pool& pool,
                                      std::shared_ptr<const PatientRegistrar> registrar);

}  // namespace imedic::patients
