#include "domains/identity/password_service.hpp"

#include "core/opaque_token.hpp"
#include "domains/identity/sql/queries.hpp"

namespace imedic::identity {

core::Result<void> PasswordService::ForgotPassword(const std::string& email,
                                                   const RequestMeta& meta) {
  const std::string code = core::NewNumericCode(6);
  auto conn = ctx_.pool().Acquire();
  if (!conn) return core::Fail(conn.error());
  auto r = (*conn)->Execute(
      sql::kStartPasswordReset,
      db::Params{email, ctx_.CodeHash("password_reset", code), code, meta.request_id, meta.ip});
  if (!r) return core::Fail(r.error());
  return {};
}

core::Result<void> PasswordService::ResetPassword(const std::string& email, const std::string& code,
                                                  const std::string& new_password,
                                                  const RequestMeta& meta) {
  auto hash = ctx_.hasher().Hash(new_password, ctx_.settings().password_policy);
  if (!hash) return core::Fail(hash.error());
  auto conn = ctx_.pool().Acquire();
  if (!conn) return core::Fail(conn.error());
  db::Transaction tx(**conn);
  if (auto b = tx.Begin(); !b) return b;
  auto matched = TryCode(
      **conn, tx, sql::kConsumeCode,
      db::Params{email, "password_reset", ctx_.CodeHash("password_reset", code)});
  if (!matched) return core::Fail(matched.error());
  const std::string& user_id = *matched;
  if (auto s = (*conn)->Execute(sql::kSetPassword, db::Params{user_id, *hash}); !s) {
    return core::Fail(s.error());
  }
  // A reset proves control of the mailbox: the address counts as verified.
  if (auto m = (*conn)->Execute(sql::kMarkEmailVerified,
                                db::Params{user_id, meta.request_id, meta.ip});
      !m) {
    return core::Fail(m.error());
  }
  if (auto s = (*conn)->Execute(sql::kRevokeUserSessions,
                                db::Params{user_id, "password_reset", true});
      !s) {
    return core::Fail(s.error());
  }
  if (auto a = AuditIdentity(**conn, user_id, "self", "password_reset", "user_credentials", user_id,
                             meta);
      !a) {
    return a;
  }
  return tx.Commit();
}

core::Result<void> PasswordService::ChangePassword(const core::Principal& who,
                                                   const std::string& current,
                                                   const std::string& next,
                                                   const RequestMeta& meta) {
  std::optional<std::string> stored;
  {
    auto conn = ctx_.pool().Acquire();
    if (!conn) return core::Fail(conn.error());
    auto r = (*conn)->Execute(sql::kFindCredentials, db::Params{who.user_id});
    if (!r) return core::Fail(r.error());
    if (r->rows() == 1) stored = r->GetOptional(0, 0);
  }
  auto verified = ctx_.hasher().Verify(stored ? *stored : core::DummyPasswordHash(), current);
  if (!verified) return core::Fail(verified.error());
  if (!stored || !*verified) {
    return core::Fail(core::Error::InvalidInput("the current password is wrong",
                                                {{"current_password", "is wrong"}}));
  }
  auto hash = ctx_.hasher().Hash(next, ctx_.settings().password_policy);
  if (!hash) return core::Fail(hash.error());
  auto conn = ctx_.pool().Acquire();
  if (!conn) return core::Fail(conn.error());
  db::Transaction tx(**conn);
  if (auto b = tx.Begin(); !b) return b;
  if (auto s = (*conn)->Execute(sql::kSetPassword, db::Params{who.user_id, *hash}); !s) {
    return core::Fail(s.error());
  }
  // Every session (this one included) and API token ends with the old password.
  if (auto s = (*conn)->Execute(sql::kRevokeUserSessions,
                                db::Params{who.user_id, "password_change", true});
      !s) {
    return core::Fail(s.error());
  }
  if (auto a = AuditIdentity(**conn, who.user_id, who.AuditRole(), "password_change",
                             "user_credentials", who.user_id, meta);
      !a) {
    return a;
  }
  return tx.Commit();
}

}  // namespace imedic::identity
