// The envelope keys messages are sealed with (docs/encryption.md): a
// patient's data key, or for a user without a patient profile the user's
// own key in user_data_keys, wrapped under the master key with AAD
// "user_data_key:<key id>". Shared by the inbound webhooks and the inbox.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/error.hpp"
#include "core/keyring.hpp"
#include "db/connection.hpp"

namespace imedic::messaging {

// A fresh user data key wrapped under the active master key, made before
// it is known whether the user has one (the database keeps it only then).
struct CandidateKey {
  std::string id, wrapped, master_key_id;
};
CandidateKey NewCandidateKey(const core::Keyring& keys);

// Opens a wrapped user key (its id is part of the AAD).
core::Result<core::MasterKey> UnwrapUserKey(const core::Keyring& keys, std::string_view wrapped,
                                            const std::string& key_id);

// The key a message to or from `user` is sealed with, and its kind
// (messages.content_key): the patient's data key when `patient` is set
// (created on first use), else the user's key (created when missing).
struct EnvelopeKey {
  core::MasterKey key;
  std::string kind;  // patient | user
};
core::Result<EnvelopeKey> SealingKey(db::Connection& conn, const core::Keyring& keys,
                                     const std::string& user,
                                     const std::optional<std::string>& patient);

}  // namespace imedic::messaging
