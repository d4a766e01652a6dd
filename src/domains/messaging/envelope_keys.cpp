#include "domains/messaging/envelope_keys.hpp"

#include <sodium.h>

#include <cstring>

#include "core/aead.hpp"
#include "core/uuid.hpp"
#include "domains/messaging/sql/queries.hpp"
#include "domains/privacy/data_keys.hpp"

namespace imedic::messaging {

CandidateKey NewCandidateKey(const core::Keyring& keys) {
  std::string raw(32, '\0');
  randombytes_buf(raw.data(), raw.size());
  CandidateKey k{core::NewUuidV4(), {}, keys.active().id};
  k.wrapped = core::Seal(keys, raw, privacy::UserDataKeyAad(k.id));
  sodium_memzero(raw.data(), raw.size());
  return k;
}

core::Result<core::MasterKey> UnwrapUserKey(const core::Keyring& keys, std::string_view wrapped,
                                            const std::string& key_id) {
  auto raw = core::Open(keys, wrapped, privacy::UserDataKeyAad(key_id));
  if (!raw) return core::Fail(raw.error());
  if (raw->size() != 32) return core::Fail(core::Error::Internal("user data key: bad length"));
  core::MasterKey key;
  key.id = "uk-" + key_id;
  std::memcpy(key.key.data(), raw->data(), key.key.size());
  sodium_memzero(raw->data(), raw->size());
  return key;
}

core::Result<EnvelopeKey> SealingKey(db::Connection& conn, const core::Keyring& keys,
                                     const std::string& user,
                                     const std::optional<std::string>& patient) {
  if (patient) {
    privacy::DataKeys data_keys(keys);
    auto key = data_keys.GetOrCreate(conn, core::PatientId::Trusted(*patient));
    if (!key) return core::Fail(key.error());
    return EnvelopeKey{*key, "patient"};
  }
  const CandidateKey candidate = NewCandidateKey(keys);
  auto r = conn.Execute(sql::kEnsureUserKey,
                        db::Params{candidate.id, user, candidate.wrapped, candidate.master_key_id});
  if (!r) return core::Fail(r.error());
  if (r->rows() != 1) return core::Fail(core::Error::Internal("user key: no row"));
  auto key = UnwrapUserKey(keys, r->Get(0, 1), std::string(r->Get(0, 0)));
  if (!key) return core::Fail(key.error());
  return EnvelopeKey{*key, "user"};
}

}  // namespace imedic::messaging
