#include "seed/patient_keys.hpp"

namespace imedic::seed {

PatientKeys::PatientKeys(const core::Keyring& master, const World& world) {
  keys_.reserve(world.patients.size());
  std::string id;
  for (const Patient& p : world.patients) {
    id.clear();
    AppendUuid(id, p.profile_id);
    keys_.push_back(privacy::NewWrappedDataKey(master, id));
  }
}

std::string SealedFields::Seal(std::string_view column, std::string_view plaintext) {
  place_.assign(table_).push_back('.');
  place_.append(column);
  return privacy::EncryptField(*key_, plaintext, place_, row_id_);
}

void SealedFields::Json(std::string_view column, std::string_view json) {
  // The envelope is base64url after "e1.": a JSON string without escapes.
  quoted_.assign(1, '"');
  quoted_.append(Seal(column, json)).push_back('"');
  out_.Json(quoted_);
}

void SealedFields::Text(std::string_view column, std::string_view text) {
  out_.Text(Seal(column, text));
}

}  // namespace imedic::seed
