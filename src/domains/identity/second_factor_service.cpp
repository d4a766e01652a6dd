#include "domains/identity/second_factor_service.hpp"

#include <ctime>

#include "core/aead.hpp"
#include "core/base32.hpp"
#include "core/opaque_token.hpp"
#include "core/totp.hpp"
#include "db/text_array.hpp"
#include "domains/identity/sql/queries.hpp"
#include "domains/privacy/audit_writer.hpp"

namespace imedic::identity {

namespace {

constexpr const char* kIssuer = "imedic";
constexpr int kRecoveryCodeCount = 10;

}  // namespace

core::Result<bool> SecondFactorService::Check(const SignInAccount& a, const SecondFactor& f,
                                              db::Connection& conn) {
  if (f.otp_code && a.totp_secret_sealed) {
    auto secret = core::Open(ctx_.keys(), *a.totp_secret_sealed, core::TotpSealContext(a.user_id));
    if (!secret) return core::Fail(secret.error());
    auto step = core::VerifyTotp(*secret, *f.otp_code, std::time(nullptr), a.totp_last_step);
    if (!step) return false;
    // The conditional update makes a concurrent replay of the same code fail.
    auto accepted = conn.Execute(sql::kAcceptTotpStep, db::Params{a.user_id, *step, false});
    if (!accepted) return core::Fail(accepted.error());
    return accepted->rows() == 1;
  }
  if (f.recovery_code) {
    auto used = conn.Execute(
        sql::kUseRecoveryCode,
        db::Params{a.user_id, core::TokenHash(core::NormalizeRecoveryCode(*f.recovery_code))});
    if (!used) return core::Fail(used.error());
    return used->rows() == 1;
  }
  return false;
}

core::Result<TotpEnrollment> SecondFactorService::StartTotp(const core::Principal& who,
                                                            const RequestMeta& meta) {
  const std::string secret = core::NewTotpSecret();
  auto conn = ctx_.pool().Acquire();
  if (!conn) return core::Fail(conn.error());
  auto creds = (*conn)->Execute(sql::kFindCredentials, db::Params{who.user_id});
  if (!creds) return core::Fail(creds.error());
  if (creds->rows() != 1) return core::Fail(core::Error::NotFound());
  const std::string sealed = core::Seal(ctx_.keys(), secret, core::TotpSealContext(who.user_id));
  db::Transaction tx(**conn);
  if (auto b = tx.Begin(); !b) return core::Fail(b.error());
  auto stored = (*conn)->Execute(sql::kStoreTotpSecret, db::Params{who.user_id, sealed});
  if (!stored) return core::Fail(stored.error());
  if (stored->rows() != 1) {
    return core::Fail(core::Error::Conflict("TOTP is already enabled for this account"));
  }
  privacy::AuditEntry entry;
  entry.actor_user_id = who.user_id;
  entry.actor_role = who.AuditRole();
  entry.action = "update";
  entry.table_name = "user_credentials";
  entry.row_id = who.user_id;
  entry.request_id = meta.request_id;
  entry.ip = meta.ip;
  entry.changed_columns = {"totp_secret_sealed", "totp_enabled"};
  if (auto a = privacy::AppendAudit(**conn, entry); !a) return core::Fail(a.error());
  if (auto c = tx.Commit(); !c) return core::Fail(c.error());
  TotpEnrollment out;
  out.secret_base32 = core::Base32Encode(secret);
  out.otpauth_uri = core::OtpauthUri(kIssuer, std::string(creds->Get(0, 4)), secret);
  return out;
}

core::Result<std::vector<std::string>> SecondFactorService::ConfirmTotp(const core::Principal& who,
                                                                        const std::string& code,
                                                                        const RequestMeta& meta) {
  auto conn = ctx_.pool().Acquire();
  if (!conn) return core::Fail(conn.error());
  auto creds = (*conn)->Execute(sql::kFindCredentials, db::Params{who.user_id});
  if (!creds) return core::Fail(creds.error());
  if (creds->rows() != 1 || creds->IsNull(0, 2)) {
    return core::Fail(core::Error::Conflict("start TOTP enrolment first: POST /auth/mfa/totp"));
  }
  if (creds->Get(0, 1) == "t") return core::Fail(core::Error::Conflict("TOTP is already enabled"));
  auto secret = core::Open(ctx_.keys(), creds->Get(0, 2), core::TotpSealContext(who.user_id));
  if (!secret) return core::Fail(secret.error());
  auto step = core::VerifyTotp(*secret, code, std::time(nullptr));
  if (!step) return core::Fail(core::Error::InvalidInput("the code is wrong", {{"code", "wrong"}}));

  std::vector<std::string> codes = core::NewRecoveryCodes(kRecoveryCodeCount);
  std::vector<std::string> hashes;
  for (const auto& c : codes) hashes.push_back(core::TokenHash(core::NormalizeRecoveryCode(c)));
  db::Transaction tx(**conn);
  if (auto b = tx.Begin(); !b) return core::Fail(b.error());
  auto accepted = (*conn)->Execute(sql::kAcceptTotpStep, db::Params{who.user_id, *step, true});
  if (!accepted) return core::Fail(accepted.error());
  if (accepted->rows() != 1) return core::Fail(core::Error::Conflict("code already used"));
  if (auto r = (*conn)->Execute(sql::kReplaceRecoveryCodes,
                                db::Params{who.user_id, db::ToTextArray(hashes)});
      !r) {
    return core::Fail(r.error());
  }
  if (auto r = (*conn)->Execute(sql::kMarkSessionMfa, db::Params{who.session_id}); !r) {
    return core::Fail(r.error());
  }
  if (auto a = AuditIdentity(**conn, who.user_id, who.AuditRole(), "mfa_enroll", "user_credentials",
                             who.user_id, meta);
      !a) {
    return core::Fail(a.error());
  }
  if (auto c = tx.Commit(); !c) return core::Fail(c.error());
  return codes;
}

}  // namespace imedic::identity
