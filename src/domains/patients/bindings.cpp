#include "domains/patients/bindings.hpp"

#include "domains/files/file_service.hpp"
#include "domains/identity/record_hooks.hpp"
#include "domains/patients/resources.hpp"
#include "domains/privacy/record_hooks.hpp"

namespace imedic::patients {

namespace {

using records::Arg;
using records::Placeholder;

// patient_visible(): the caller's patient scopes (own, assigned, provider's,
// all) over a patient profile id; see migration 0010.
std::string Visible(std::vector<Arg>& args, const std::string& patient) {
  const std::string caller = Placeholder(args, Arg::kCaller);
  const std::string scope = Placeholder(args, Arg::kScope);
  return "patient_visible(" + patient + ", " + caller + "::uuid, " + scope + "::text)";
}

std::string ProfileScope(std::vector<Arg>& args, std::string_view alias, bool /*for_write*/) {
  return Visible(args, std::string(alias) + ".id");
}

// A record of a patient is in scope with its patient, while the patient's
// profile is not deleted.
std::string RecordScope(std::vector<Arg>& args, std::string_view alias, bool /*for_write*/) {
  const std::string t(alias);
  return Visible(args, t + ".patient_profile_id") +
         " AND EXISTS (SELECT 1 FROM patient_profiles pp WHERE pp.id = " + t +
         ".patient_profile_id AND pp.deleted IS NOT TRUE)";
}

// A record is created for a live patient within the caller's scope.
std::string LivePatientInScope(std::vector<Arg>& args) {
  const std::string key = Placeholder(args, Arg::kKey);
  return "EXISTS (SELECT 1 FROM patient_profiles pp WHERE pp.id = " + key +
         "::uuid AND pp.deleted IS NOT TRUE AND " + Visible(args, "pp.id") + ")";
}

std::string PatientScopeText(const core::Principal& caller, bool /*write*/) {
  return caller.patient_scopes.ToSql();
}

// The patient a write of encrypted fields is about, with its data key.
std::string PatientWithKey(std::vector<Arg>& args, std::string_view patient) {
  return "pp.id::text, k.wrapped_key FROM patient_profiles pp " + privacy::WrappedKeyJoin("pp.id") +
         " WHERE pp.id = " + std::string(patient) + " AND pp.deleted IS NOT TRUE AND " +
         Visible(args, "pp.id");
}

const records::RowOwner kProfileOwner{.scope_condition = ProfileScope,
                                      .create_guard = identity::LiveUserInScope,
                                      .scope_text = PatientScopeText,
                                      .parent_column = "user_id",
                                      .subject_column = "id",
                                      .subject_key = PatientWithKey};

const records::RowOwner kRecordOwner{.scope_condition = RecordScope,
                                     .create_guard = LivePatientInScope,
                                     .scope_text = PatientScopeText,
                                     .parent_column = "patient_profile_id",
                                     .subject_column = "patient_profile_id",
                                     .subject_key = PatientWithKey};

// Who changed a medical history last: the patient themself, or staff.
void FillLastUpdatedBy(const core::Principal* caller, nlohmann::json& body) {
  body["last_updated_by"] =
      caller == nullptr
          ? "system"
          : (caller->HasRole("patient") && caller->roles.size() == 1 ? "patient" : "doctor");
}

// Photo ids are encrypted at rest, so the database cannot check them: every
// id must be a live file uploaded for this patient.
core::Result<void> CheckPhotosBelongToPatient(db::Connection& conn, const nlohmann::json& body,
                                              const std::string& patient_id) {
  auto it = body.find("photos");
  if (it == body.end() || !it->is_array() || it->empty()) return {};
  std::vector<std::string> ids;
  for (const auto& id : *it) ids.push_back(id.get<std::string>());
  auto live = files::CountLiveFiles(conn, patient_id, ids);
  if (!live) return core::Fail(live.error());
  if (*live != ids.size()) {
    return core::Fail(core::Error::InvalidInput(
        "unknown photos", {{"photos", "must be ids of files uploaded for this patient"}}));
  }
  return {};
}

}  // namespace

records::Binding PatientProfileBinding() {
  return records::Binding{.resource = &PatientProfileResource(),
                          .owner = &kProfileOwner,
                          .audit = privacy::RecordAuditSql,
                          .keys = &privacy::PatientFieldKeys(),
                          .audit_reads = true,
                          .create_values = {{"patient_id", "next_patient_reference()"}}};
}

records::Binding MedicalHistoryBinding() {
  return records::Binding{.resource = &MedicalHistoryResource(),
                          .owner = &kRecordOwner,
                          .audit = privacy::RecordAuditSql,
                          .keys = &privacy::PatientFieldKeys(),
                          .key_column = "patient_profile_id",
                          .audit_reads = true,
                          .service_columns = {"last_updated_by"},
                          .fill_service_columns = FillLastUpdatedBy};
}

records::Binding HairLossProfileBinding() {
  return records::Binding{.resource = &HairLossProfileResource(),
                          .owner = &kRecordOwner,
                          .audit = privacy::RecordAuditSql,
                          .keys = &privacy::PatientFieldKeys(),
                          .key_column = "patient_profile_id",
                          .audit_reads = true,
                          .before_seal = CheckPhotosBelongToPatient};
}

}  // namespace imedic::patients
