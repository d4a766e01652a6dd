// Envelope encryption at rest: every patient has one random 256-bit data key,
// stored only wrapped (sealed) by a master key of the keyring in
// patient_data_keys; the patient's sensitive columns are sealed with that data
// key. Rotating the master key re-wraps the data keys and leaves every
// encrypted column as it is; deleting a patient's data key row makes their
// encrypted values unreadable for good (crypto-shredding).
//
// Which columns are encrypted, and why the others stay queryable:
// docs/encryption.md.
#pragma once

#include <map>
#include <string>
#include <string_view>

#include "core/error.hpp"
#include "core/ids.hpp"
#include "core/keyring.hpp"
#include "db/connection.hpp"

namespace imedic::privacy {

class DataKeys {
 public:
  // `master` must outlive this object.
  explicit DataKeys(const core::Keyring& master) : master_(master) {}

  // The patient's data key, created (and wrapped with the active master key)
  // on first use. Concurrent first uses agree on one key: the insert yields
  // to an existing row and the stored key is what is returned.
  core::Result<core::MasterKey> GetOrCreate(db::Connection& conn,
                                            const core::PatientId& patient_profile_id);

  // The patient's data key; kNotFound when there is none (never created, or
  // shredded). kInternal when it cannot be unwrapped (unknown master key id,
  // or the row was altered).
  core::Result<core::MasterKey> Get(db::Connection& conn,
                                    const core::PatientId& patient_profile_id);

 private:
  const core::Keyring& master_;
};

// A fresh random data key for a patient, and its wrapping under the active
// master key: for writers that store the key row themselves, in the same
// statement as the patient (the records API on create, the seeder by COPY).
struct NewDataKey {
  core::MasterKey key;        // the plaintext data key; wiped by MasterKey's owner
  std::string wrapped;        // patient_data_keys.wrapped_key
  std::string master_key_id;  // patient_data_keys.master_key_id
};
NewDataKey NewWrappedDataKey(const core::Keyring& master, std::string_view patient_profile_id);

// Opens a wrapped data key read along with a row (one round trip instead of
// DataKeys::Get's own). kInternal when it does not open.
core::Result<core::MasterKey> UnwrapDataKey(const core::Keyring& master, std::string_view wrapped,
                                            std::string_view patient_profile_id);

// The associated data a data key is wrapped with: "patient_data_key:<id>".
std::string DataKeyAad(std::string_view patient_profile_id);

// The associated data a user's data key (user_data_keys, for users who are
// not patients: their messages) is wrapped with: "user_data_key:<key id>".
std::string UserDataKeyAad(std::string_view key_id);

// Opens a user's wrapped data key (user_data_keys.wrapped_key of key row
// `key_id`). kInternal when it does not open.
core::Result<core::MasterKey> UnwrapUserDataKey(const core::Keyring& master,
                                                std::string_view wrapped, std::string_view key_id);

// Seals one field value with a patient's data key: "e1.<base64url(nonce ||
// ciphertext || tag)>". The associated data is "<table_column>:<row_id>"
// (e.g. "medical_histories.allergies:<uuid>") so a value moved to another row
// or column fails to decrypt. For JSONB columns store the envelope as a JSON
// string ("\"e1.…\""); the envelope holds only base64url characters, so it
// never needs escaping.
std::string EncryptField(const core::MasterKey& data_key, std::string_view plaintext,
                         std::string_view table_column, std::string_view row_id);

// Inverse of EncryptField; also accepts the envelope as a JSON string (in
// double quotes, as read from a JSONB column). kInternal when the value is not
// an envelope or does not open with this key and place.
core::Result<std::string> DecryptField(const core::MasterKey& data_key, std::string_view envelope,
                                       std::string_view table_column, std::string_view row_id);

// True when `value` has the shape of an EncryptField envelope (bare, or as a
// JSON string). Says nothing about whether it opens.
bool LooksEncrypted(std::string_view value);

// Re-wraps every data key (patients', then users') not wrapped under `master`'s active key, `batch`
// rows per transaction (SELECT … FOR UPDATE SKIP LOCKED, so it can run beside
// a server or another re-wrapper). Encrypted fields are not touched. Returns
// how many keys this call re-wrapped; fails (having committed the batches
// before) when a key names a master key id the ring does not hold.
core::Result<int> RewrapAll(db::Connection& conn, const core::Keyring& master, int batch = 1000);

// How many data keys are wrapped under each master key id.
core::Result<std::map<std::string, long long>> CountDataKeysByMaster(db::Connection& conn);

}  // namespace imedic::privacy
