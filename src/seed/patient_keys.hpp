// The demo patients' data keys (envelope encryption, docs/encryption.md).
// Unlike everything else the seeder writes, they are not derived from the
// seed: each is 32 random bytes, wrapped with the keyring's active master key
// by privacy::NewWrappedDataKey exactly as the records API does. They stay in
// memory while the seeder writes patient_profiles, patient_data_keys,
// medical_histories and hair_loss_profiles, and are wiped with this object.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "core/keyring.hpp"
#include "domains/privacy/data_keys.hpp"
#include "seed/copy_writer.hpp"
#include "seed/generator.hpp"
#include "seed/uuid.hpp"

namespace imedic::seed {

class PatientKeys {
 public:
  // One fresh key per patient of `world` (index as World::patients).
  PatientKeys(const core::Keyring& master, const World& world);
  PatientKeys(const PatientKeys&) = delete;
  PatientKeys& operator=(const PatientKeys&) = delete;

  const core::MasterKey& Key(std::size_t patient) const { return keys_[patient].key; }
  const privacy::NewDataKey& Row(std::size_t patient) const { return keys_[patient]; }
  std::size_t size() const { return keys_.size(); }

 private:
  std::vector<privacy::NewDataKey> keys_;  // MasterKey wipes its bytes when destroyed
};

// Writes the encrypted columns of one row: each value is sealed with the
// patient's data key, bound to "<table>.<column>" and the row id
// (privacy::EncryptField). JSONB columns get the envelope as a JSON string,
// TEXT columns the bare envelope.
class SealedFields {
 public:
  SealedFields(CopyWriter& out, std::string_view table) : out_(out), table_(table) {}

  // Starts a row: the data key of its patient, and the row's id (call before
  // the row's sealed fields).
  void Row(const core::MasterKey& key, const Uuid& row_id) {
    key_ = &key;
    row_id_.clear();
    AppendUuid(row_id_, row_id);
  }
  // `json`: the column's JSON text, as it would be stored in plaintext.
  void Json(std::string_view column, std::string_view json);
  void Text(std::string_view column, std::string_view text);

 private:
  std::string Seal(std::string_view column, std::string_view plaintext);

  CopyWriter& out_;
  std::string table_;
  const core::MasterKey* key_ = nullptr;
  std::string row_id_;
  std::string place_;  // "<table>.<column>"
  std::string quoted_;
};

}  // namespace imedic::seed
