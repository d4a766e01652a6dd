#include "domains/identity/registration_service.hpp"

#include "core/opaque_token.hpp"
#include "db/text_array.hpp"
#include "domains/identity/sql/queries.hpp"

namespace imedic::identity {

core::Result<void> RegistrationService::Register(const Registration& r, const RequestMeta& meta) {
  auto hash = ctx_.hasher().Hash(r.password, ctx_.settings().password_policy);
  if (!hash) return core::Fail(hash.error());
  const std::string code = core::NewNumericCode(6);
  auto conn = ctx_.pool().Acquire();
  if (!conn) return core::Fail(conn.error());
  auto res = (*conn)->Execute(
      sql::kRegisterPatient,
      db::Params{r.email, r.phone, r.first_name, r.last_name, r.preferred_language, r.timezone,
                 *hash, ctx_.CodeHash("email_verification", code), code, meta.request_id, meta.ip,
                 r.consents_json, meta.user_agent});
  if (!res) return core::Fail(res.error());
  return {};
}

core::Result<void> RegistrationService::VerifyEmail(const std::string& email,
                                                    const std::string& code,
                                                    const RequestMeta& meta) {
  auto conn = ctx_.pool().Acquire();
  if (!conn) return core::Fail(conn.error());
  db::Transaction tx(**conn);
  if (auto b = tx.Begin(); !b) return b;
  auto user_id = TryCode(
      **conn, tx, sql::kConsumeCode,
      db::Params{email, "email_verification", ctx_.CodeHash("email_verification", code)});
  if (!user_id) return core::Fail(user_id.error());
  auto marked = (*conn)->Execute(sql::kMarkEmailVerified,
                                 db::Params{*user_id, meta.request_id, meta.ip});
  if (!marked) return core::Fail(marked.error());
  return tx.Commit();
}

core::Result<void> RegistrationService::StartPhoneVerification(const core::Principal& who,
                                                               const RequestMeta& meta) {
  const std::string code = core::NewNumericCode(6);
  auto conn = ctx_.pool().Acquire();
  if (!conn) return core::Fail(conn.error());
  db::Transaction tx(**conn);
  if (auto b = tx.Begin(); !b) return b;
  auto r = (*conn)->Execute(
      sql::kStartPhoneVerification,
      db::Params{who.user_id, ctx_.CodeHash("phone_verification", code), code});
  if (!r) return core::Fail(r.error());
  if (r->rows() != 1) {
    return core::Fail(core::Error::Conflict("the account has no unverified phone number"));
  }
  if (auto a = AuditIdentity(**conn, who.user_id, who.AuditRole(), "create", "verification_codes",
                             who.user_id, meta);
      !a) {
    return a;
  }
  return tx.Commit();
}

core::Result<void> RegistrationService::VerifyPhone(const core::Principal& who,
                                                    const std::string& code,
                                                    const RequestMeta& meta) {
  auto conn = ctx_.pool().Acquire();
  if (!conn) return core::Fail(conn.error());
  db::Transaction tx(**conn);
  if (auto b = tx.Begin(); !b) return b;
  auto matched = TryCode(
      **conn, tx, sql::kConsumeUserCode,
      db::Params{who.user_id, "phone_verification", ctx_.CodeHash("phone_verification", code)});
  if (!matched) return core::Fail(matched.error());
  auto marked = (*conn)->Execute(
      sql::kMarkPhoneVerified, db::Params{who.user_id, meta.request_id, meta.ip, who.AuditRole()});
  if (!marked) return core::Fail(marked.error());
  return tx.Commit();
}

core::Result<std::string> RegistrationService::AcceptInvitation(const std::string& token,
                                                                const std::string& password,
                                                                const RequestMeta& meta) {
  auto hash = ctx_.hasher().Hash(password, ctx_.settings().password_policy);
  if (!hash) return core::Fail(hash.error());
  auto conn = ctx_.pool().Acquire();
  if (!conn) return core::Fail(conn.error());
  auto r = (*conn)->Execute(sql::kAcceptInvitation,
                            db::Params{core::TokenHash(token), *hash, meta.request_id, meta.ip});
  if (!r) return core::Fail(r.error());
  if (r->rows() != 1) {
    return core::Fail(core::Error::InvalidInput(
        "the invitation is unknown, used or expired",
        {{"token", "not a live invitation; ask for a new one or reset the password"}}));
  }
  return std::string(r->Get(0, 0));
}

core::Result<std::string> RegistrationService::CreateStaffUser(
    const std::string& email, const std::string& user_type, const std::string& first_name,
    const std::string& last_name, const std::optional<std::string>& password,
    const std::vector<std::string>& roles, const std::optional<std::string>& actor,
    const std::string& actor_role, const RequestMeta& meta) {
  std::optional<std::string> hash;
  if (password) {
    auto h = ctx_.hasher().Hash(*password, ctx_.settings().password_policy);
    if (!h) return core::Fail(h.error());
    hash = *h;
  }
  auto conn = ctx_.pool().Acquire();
  if (!conn) return core::Fail(conn.error());
  auto bad = (*conn)->Execute(sql::kCheckRolesAssignable,
                              db::Params{db::ToTextArray(roles), user_type});
  if (!bad) return core::Fail(bad.error());
  if (bad->rows() > 0) {
    return core::Fail(core::Error::InvalidInput(
        "a role does not exist or cannot be held by a " + user_type + " account",
        {{"roles", "unknown or not assignable: " + std::string(bad->Get(0, 0))}}));
  }
  auto created = (*conn)->Execute(
      sql::kCreateStaffUser,
      db::Params{email, user_type, first_name, last_name, hash, db::ToTextArray(roles), actor,
                 meta.request_id, meta.ip, actor_role});
  if (!created) {
    core::Error e = created.error();
    if (e.code == core::ErrorCode::kConflict) {
      e.public_message = "an account with this email or phone already exists";
      e.fields = {{"email", "is taken"}};
    }
    return core::Fail(e);
  }
  return std::string(created->Get(0, 0));
}

}  // namespace imedic::identity
