#include "domains/identity/identity_context.hpp"

#include <sodium.h>

#include "core/hash.hpp"
#include "core/opaque_token.hpp"
#include "domains/privacy/audit_writer.hpp"

namespace imedic::identity {

IdentityContext::IdentityContext(db::Pool& pool, const core::Keyring& keys,
                                 IdentitySettings settings)
    : pool_(pool), keys_(keys), settings_(std::move(settings)), hasher_(settings_.hashing) {
  // A pepper derived from the master key: code hashes are useless without it.
  unsigned char out[32];
  static constexpr std::string_view kContext = "imedic one-time codes v1";
  crypto_generichash(out, sizeof out, reinterpret_cast<const unsigned char*>(kContext.data()),
                     kContext.size(), keys_.active().key.data(), keys_.active().key.size());
  code_pepper_ = core::ToHex(std::string_view(reinterpret_cast<const char*>(out), sizeof out));
  sodium_memzero(out, sizeof out);
}

std::string IdentityContext::CodeHash(std::string_view purpose, std::string_view code) const {
  std::string material = code_pepper_;
  material.append(":").append(purpose).append(":").append(code);
  return core::TokenHash(material);
}

core::Result<void> AuditIdentity(db::Connection& conn, const std::optional<std::string>& actor,
                                 std::string_view role, std::string_view action,
                                 std::string_view table, const std::optional<std::string>& row_id,
                                 const RequestMeta& meta) {
  privacy::AuditEntry e;
  e.actor_user_id = actor;
  e.actor_role = std::string(role);
  e.action = std::string(action);
  e.table_name = std::string(table);
  e.row_id = row_id;
  e.request_id = meta.request_id;
  e.ip = meta.ip;
  return privacy::AppendAudit(conn, e);
}

core::Result<std::string> TryCode(db::Connection& conn, db::Transaction& tx, const db::Query& query,
                                  const db::Params& params) {
  auto tried = conn.Execute(query, params);
  if (!tried) return core::Fail(tried.error());
  if (tried->rows() == 0 || tried->Get(0, 1) != "t") {
    if (auto c = tx.Commit(); !c) return core::Fail(c.error());
    return core::Fail(BadCode());
  }
  return std::string(tried->Get(0, 0));
}

core::Error BadCredentials() {
  return core::Error(core::ErrorCode::kUnauthenticated,
                     "the email or password is wrong, or the account is not active "
                     "(a new account must verify its email first)");
}

core::Error BadCode() {
  return core::Error::InvalidInput("the code is wrong or has expired",
                                   {{"code", "wrong or expired"}});
}

std::string AddressBucket(const RequestMeta& meta) { return "ip:" + meta.ip.value_or("unknown"); }

}  // namespace imedic::identity
