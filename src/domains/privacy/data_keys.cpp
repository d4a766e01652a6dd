#include "domains/privacy/data_keys.hpp"

#include <sodium.h>

#include <cstring>
#include <vector>

#include "core/aead.hpp"
#include "core/base64.hpp"
#include "db/text_array.hpp"
#include "db/transaction.hpp"
#include "domains/privacy/sql/queries.hpp"

namespace imedic::privacy {

namespace {

constexpr std::string_view kFieldPrefix = "e1.";
// 24-byte nonce + 16-byte tag, base64url without padding.
constexpr std::size_t kMinFieldChars = kFieldPrefix.size() + (40 * 4 + 2) / 3;

// Wipes a string's bytes before it is released.
struct Wiped {
  std::string bytes;
  ~Wiped() {
    if (!bytes.empty()) sodium_memzero(bytes.data(), bytes.size());
  }
};

core::Result<core::MasterKey> Unwrap(const core::Keyring& master, std::string_view wrapped,
                                     std::string_view patient_profile_id) {
  auto opened = core::Open(master, wrapped, DataKeyAad(patient_profile_id));
  if (!opened) {
    auto e = opened.error();
    e.internal_detail = "data key of a patient does not unwrap: " + e.internal_detail;
    return core::Fail(std::move(e));
  }
  Wiped raw{std::move(*opened)};
  core::MasterKey key;
  if (raw.bytes.size() != key.key.size()) {
    return core::Fail(core::Error::Internal("data key of a patient has the wrong length"));
  }
  key.id = "dk-" + std::string(patient_profile_id);
  std::memcpy(key.key.data(), raw.bytes.data(), key.key.size());
  return key;
}

std::string_view StripJsonQuotes(std::string_view v) {
  if (v.size() >= 2 && v.front() == '"' && v.back() == '"') return v.substr(1, v.size() - 2);
  return v;
}

bool IsBase64UrlChar(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '_';
}

std::string FieldAad(std::string_view table_column, std::string_view row_id) {
  std::string aad;
  aad.reserve(table_column.size() + 1 + row_id.size());
  aad.append(table_column).push_back(':');
  aad.append(row_id);
  return aad;
}

}  // namespace

NewDataKey NewWrappedDataKey(const core::Keyring& master, std::string_view patient_profile_id) {
  Wiped raw{std::string(32, '\0')};
  randombytes_buf(raw.bytes.data(), raw.bytes.size());
  NewDataKey out;
  out.key.id = "dk-" + std::string(patient_profile_id);
  std::memcpy(out.key.key.data(), raw.bytes.data(), out.key.key.size());
  out.wrapped = core::Seal(master, raw.bytes, DataKeyAad(patient_profile_id));
  out.master_key_id = master.active().id;
  return out;
}

core::Result<core::MasterKey> UnwrapDataKey(const core::Keyring& master, std::string_view wrapped,
                                            std::string_view patient_profile_id) {
  return Unwrap(master, wrapped, patient_profile_id);
}

std::string DataKeyAad(std::string_view patient_profile_id) {
  return "patient_data_key:" + std::string(patient_profile_id);
}

std::string UserDataKeyAad(std::string_view key_id) {
  return "user_data_key:" + std::string(key_id);
}

core::Result<core::MasterKey> UnwrapUserDataKey(const core::Keyring& master,
                                                std::string_view wrapped, std::string_view key_id) {
  auto opened = core::Open(master, wrapped, UserDataKeyAad(key_id));
  if (!opened) return core::Fail(opened.error());
  Wiped raw{std::move(*opened)};
  core::MasterKey key;
  if (raw.bytes.size() != key.key.size()) {
    return core::Fail(core::Error::Internal("data key of a user has the wrong length"));
  }
  key.id = "uk-" + std::string(key_id);
  std::memcpy(key.key.data(), raw.bytes.data(), key.key.size());
  return key;
}

core::Result<core::MasterKey> DataKeys::Get(db::Connection& conn,
                                            const core::PatientId& patient_profile_id) {
  auto r = conn.Execute(sql::kDataKeyGet, db::Params{patient_profile_id});
  if (!r) return core::Fail(r.error());
  if (r->rows() == 0) return core::Fail(core::Error::NotFound("no data key for this patient"));
  return Unwrap(master_, r->Get(0, 0), patient_profile_id.str());
}

core::Result<core::MasterKey> DataKeys::GetOrCreate(db::Connection& conn,
                                                    const core::PatientId& patient_profile_id) {
  auto existing = Get(conn, patient_profile_id);
  if (existing || existing.error().code != core::ErrorCode::kNotFound) return existing;

  NewDataKey fresh = NewWrappedDataKey(master_, patient_profile_id.str());
  auto ins = conn.Execute(sql::kDataKeyInsert,
                          db::Params{patient_profile_id, fresh.wrapped, fresh.master_key_id});
  if (!ins) return core::Fail(ins.error());
  // Ours, or the one a concurrent first use stored before us.
  return Get(conn, patient_profile_id);
}

std::string EncryptField(const core::MasterKey& data_key, std::string_view plaintext,
                         std::string_view table_column, std::string_view row_id) {
  std::string out(kFieldPrefix);
  out +=
      core::Base64UrlEncode(core::SealWithKey(data_key, plaintext, FieldAad(table_column, row_id)));
  return out;
}

core::Result<std::string> DecryptField(const core::MasterKey& data_key, std::string_view envelope,
                                       std::string_view table_column, std::string_view row_id) {
  if (!LooksEncrypted(envelope)) {
    return core::Fail(core::Error::Internal("encrypted field: not an e1 envelope"));
  }
  auto body = StripJsonQuotes(envelope).substr(kFieldPrefix.size());
  auto sealed = core::Base64UrlDecode(body);
  if (!sealed) return core::Fail(core::Error::Internal("encrypted field: bad base64url"));
  return core::OpenWithKey(data_key, *sealed, FieldAad(table_column, row_id));
}

bool LooksEncrypted(std::string_view value) {
  value = StripJsonQuotes(value);
  if (value.size() < kMinFieldChars || value.substr(0, kFieldPrefix.size()) != kFieldPrefix) {
    return false;
  }
  for (char c : value.substr(kFieldPrefix.size())) {
    if (!IsBase64UrlChar(c)) return false;
  }
  return true;
}

namespace {

// One table of wrapped data keys: its statements and its associated data.
struct WrappedKeyTable {
  const db::Query& stale;
  const db::Query& rewrap;
  std::string (*aad)(std::string_view id);
  const char* what;
};

core::Result<int> RewrapTable(db::Connection& conn, const core::Keyring& master, int batch,
                              const WrappedKeyTable& table) {
  const auto& active = master.active();
  int total = 0;
  for (;;) {
    db::Transaction tx(conn);
    if (auto b = tx.Begin(); !b) return core::Fail(b.error());
    auto stale = conn.Execute(table.stale, db::Params{active.id, batch});
    if (!stale) return core::Fail(stale.error());
    const int n = stale->rows();
    if (n == 0) {
      if (auto c = tx.Commit(); !c) return core::Fail(c.error());
      return total;
    }
    std::vector<std::string> ids;
    std::vector<std::string> wrapped;
    ids.reserve(static_cast<std::size_t>(n));
    wrapped.reserve(static_cast<std::size_t>(n));
    for (int i = 0; i < n; ++i) {
      std::string id(stale->Get(i, 0));
      auto aad = table.aad(id);
      auto opened = core::Open(master, stale->Get(i, 1), aad);
      if (!opened) {
        auto e = opened.error();
        e.internal_detail = std::string("re-wrap: the data key of ") + table.what + " " + id +
                            " does not unwrap with the keyring (" + e.internal_detail + ")";
        return core::Fail(std::move(e));
      }
      Wiped raw{std::move(*opened)};
      wrapped.push_back(core::Seal(master, raw.bytes, aad));
      ids.push_back(std::move(id));
    }
    auto upd = conn.Execute(table.rewrap,
                            db::Params{db::ToTextArray(ids), db::ToTextArray(wrapped), active.id});
    if (!upd) return core::Fail(upd.error());
    if (upd->AffectedRows() != n) {
      return core::Fail(core::Error::Internal("re-wrap: data keys changed under the re-wrapper"));
    }
    if (auto c = tx.Commit(); !c) return core::Fail(c.error());
    total += n;
    if (n < batch) return total;
  }
}

}  // namespace

core::Result<int> RewrapAll(db::Connection& conn, const core::Keyring& master, int batch) {
  if (batch < 1) batch = 1;
  auto patients = RewrapTable(
      conn, master, batch,
      {sql::kDataKeysStale, sql::kDataKeysRewrap, &DataKeyAad, "patient profile"});
  if (!patients) return patients;
  auto users = RewrapTable(
      conn, master, batch,
      {sql::kUserDataKeysStale, sql::kUserDataKeysRewrap, &UserDataKeyAad, "user key"});
  if (!users) return users;
  return *patients + *users;
}

core::Result<std::map<std::string, long long>> CountDataKeysByMaster(db::Connection& conn) {
  auto r = conn.Execute(sql::kDataKeysByMaster);
  if (!r) return core::Fail(r.error());
  std::map<std::string, long long> counts;
  for (int i = 0; i < r->rows(); ++i) {
    counts[std::string(r->Get(i, 0))] = std::stoll(std::string(r->Get(i, 1)));
  }
  return counts;
}

}  // namespace imedic::privacy
