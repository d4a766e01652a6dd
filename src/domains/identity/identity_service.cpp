#include "domains/identity/identity_service.hpp"

#include <sodium.h>

#include <ctime>

#include "core/aead.hpp"
#include "core/base32.hpp"
#include "core/hash.hpp"
#include "core/opaque_token.hpp"
#include "core/totp.hpp"
#include "db/text_array.hpp"
#include "db/transaction.hpp"
#include "db/typed_get.hpp"
#include "domains/identity/authenticator.hpp"
#include "domains/identity/sql/queries.hpp"
#include "domains/privacy/audit_writer.hpp"

namespace imedic::identity {

namespace {

constexpr const char* kIssuer = "imedic";
constexpr int kRecoveryCodeCount = 10;

core::Error BadCredentials() {
  // One answer for unknown account, wrong password and inactive account.
  return core::Error(core::ErrorCode::kUnauthenticated,
                     "the email or password is wrong, or the account is not active "
                     "(a new account must verify its email first)");
}

core::Error BadCode() {
  return core::Error::InvalidInput("the code is wrong or has expired",
                                   {{"code", "wrong or expired"}});
}

std::optional<std::string> Opt(const db::PgResult& r, int col) { return r.GetOptional(0, col); }

std::string AccountBucket(std::string_view email) { return "account:" + core::TokenHash(email); }
std::string AddressBucket(const RequestMeta& meta) { return "ip:" + meta.ip.value_or("unknown"); }

}  // namespace

// What sign-in needs about a user, from find_account_by_email /
// find_external_identity (read by AccountFromRow: the same six columns first).
struct IdentityService::Account {
  std::string user_id;
  std::string status;
  std::string user_type;
  bool totp_enabled = false;
  std::optional<std::string> totp_secret_sealed;
  std::optional<std::int64_t> totp_last_step;
};

namespace {

// The Account row: columns 0–5 of find_account_by_email and
// find_external_identity (id, status, user_type, totp_enabled,
// totp_secret_sealed, totp_last_step).
core::Result<IdentityService::Account> AccountFromRow(const db::PgResult& r) {
  auto totp_last_step = db::GetOptionalInt64(r, 0, 5);
  if (!totp_last_step) return core::Fail(totp_last_step.error());
  return IdentityService::Account{std::string(r.Get(0, 0)), std::string(r.Get(0, 1)),
                                  std::string(r.Get(0, 2)), r.Get(0, 3) == "t",
                                  r.GetOptional(0, 4),      *totp_last_step};
}

}  // namespace

IdentityService::IdentityService(db::Pool& pool, const core::Keyring& keys,
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

std::string IdentityService::CodeHash(std::string_view purpose, std::string_view code) const {
  std::string material = code_pepper_;
  material.append(":").append(purpose).append(":").append(code);
  return core::TokenHash(material);
}

core::Result<void> IdentityService::Audit(db::Connection& conn,
                                          const std::optional<std::string>& actor,
                                          std::string_view role, std::string_view action,
                                          std::string_view table,
                                          const std::optional<std::string>& row_id,
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

core::Result<std::string> IdentityService::TryCode(db::Connection& conn, db::Transaction& tx,
                                                   const db::Query& query,
                                                   const db::Params& params) {
  auto tried = conn.Execute(query, params);
  if (!tried) return core::Fail(tried.error());
  if (tried->rows() == 0 || tried->Get(0, 1) != "t") {
    if (auto c = tx.Commit(); !c) return core::Fail(c.error());
    return core::Fail(BadCode());
  }
  return std::string(tried->Get(0, 0));
}

core::Result<void> IdentityService::Register(const Registration& r, const RequestMeta& meta) {
  auto hash = hasher_.Hash(r.password, settings_.password_policy);
  if (!hash) return core::Fail(hash.error());
  const std::string code = core::NewNumericCode(6);
  auto conn = pool_.Acquire();
  if (!conn) return core::Fail(conn.error());
  auto res = (*conn)->Execute(
      sql::kRegisterPatient,
      db::Params{r.email, r.phone, r.first_name, r.last_name, r.preferred_language, r.timezone,
                 *hash, CodeHash("email_verification", code), code, meta.request_id, meta.ip});
  if (!res) return core::Fail(res.error());
  return {};
}

core::Result<void> IdentityService::VerifyEmail(const std::string& email, const std::string& code,
                                                const RequestMeta& meta) {
  auto conn = pool_.Acquire();
  if (!conn) return core::Fail(conn.error());
  db::Transaction tx(**conn);
  if (auto b = tx.Begin(); !b) return b;
  auto user_id = TryCode(
      **conn, tx, sql::kConsumeCode,
      db::Params{email, "email_verification", CodeHash("email_verification", code)});
  if (!user_id) return core::Fail(user_id.error());
  auto marked = (*conn)->Execute(sql::kMarkEmailVerified,
                                 db::Params{*user_id, meta.request_id, meta.ip});
  if (!marked) return core::Fail(marked.error());
  return tx.Commit();
}

core::Result<void> IdentityService::RecordFailure(db::Connection& conn,
                                                  const std::string& account_bucket,
                                                  const RequestMeta& meta,
                                                  const std::optional<std::string>& user_id,
                                                  std::string_view action) {
  auto f = conn.Execute(sql::kThrottleFail, db::Params{account_bucket, AddressBucket(meta),
                                                       settings_.free_login_failures});
  if (!f) return core::Fail(f.error());
  return Audit(conn, user_id, "anonymous", action, "sessions", std::nullopt, meta);
}

core::Result<bool> IdentityService::CheckSecondFactor(const Account& a, const SecondFactor& f,
                                                      db::Connection& conn) {
  if (f.otp_code && a.totp_secret_sealed) {
    auto secret = core::Open(keys_, *a.totp_secret_sealed, "user_credentials.totp:" + a.user_id);
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

core::Result<SessionGrant> IdentityService::OpenSession(const Account& a, const SecondFactor& f,
                                                        const RequestMeta& meta,
                                                        db::Connection& conn) {
  const bool mfa_mandatory = a.user_type != "patient";
  bool mfa_verified = false;
  if (a.totp_enabled) {
    if (!f.otp_code && !f.recovery_code) {
      return core::Fail(core::Error(core::ErrorCode::kUnauthenticated,
                                    "this account needs its second factor",
                                    {{"otp_code", "is required (or recovery_code)"}}));
    }
    // Second-factor guesses are throttled per account like passwords.
    auto wait = conn.Execute(sql::kThrottleCheck,
                             db::Params{"user:" + a.user_id, AddressBucket(meta)});
    if (!wait) return core::Fail(wait.error());
    auto wait_seconds = db::GetInt(*wait, 0, 0);
    if (!wait_seconds) return core::Fail(wait_seconds.error());
    if (int seconds = *wait_seconds; seconds > 0) {
      core::Error e(core::ErrorCode::kRateLimited,
                    "too many failed attempts: try again in " + std::to_string(seconds) + " s");
      e.retry_after_seconds = seconds;
      return core::Fail(e);
    }
    auto ok = CheckSecondFactor(a, f, conn);
    if (!ok) return core::Fail(ok.error());
    if (!*ok) {
      if (auto r = RecordFailure(conn, "user:" + a.user_id, meta, a.user_id, "mfa_failed"); !r) {
        return core::Fail(r.error());
      }
      return core::Fail(core::Error(core::ErrorCode::kUnauthenticated,
                                    "the second-factor code is wrong or was already used",
                                    {{"otp_code", "wrong, expired or already used"}}));
    }
    mfa_verified = true;
  }
  SessionGrant grant;
  grant.token = core::NewOpaqueToken(kSessionTokenPrefix);
  auto created = conn.Execute(
      sql::kCreateSession,
      db::Params{a.user_id, core::TokenHash(grant.token),
                 static_cast<std::int64_t>(settings_.session_lifetime.count()),
                 static_cast<std::int64_t>(settings_.session_idle.count()), meta.ip,
                 meta.user_agent, mfa_verified, meta.request_id, "login", a.user_type});
  if (!created) return core::Fail(created.error());
  grant.session_id = std::string(created->Get(0, 0));
  grant.expires_at = std::string(created->Get(0, 1));
  grant.mfa_enrollment_required = mfa_mandatory && !a.totp_enabled;
  return grant;
}

core::Result<SessionGrant> IdentityService::Login(const std::string& email,
                                                  const std::string& password,
                                                  const SecondFactor& factor,
                                                  const RequestMeta& meta) {
  // A sign-in flood beyond the argon2id queue is refused before any database work.
  if (auto admitted = hasher_.Admit(); !admitted) return core::Fail(admitted.error());
  const std::string bucket = AccountBucket(email);
  std::optional<Account> account;
  std::optional<std::string> stored_hash;
  {
    auto conn = pool_.Acquire();
    if (!conn) return core::Fail(conn.error());
    auto wait = (*conn)->Execute(sql::kThrottleCheck, db::Params{bucket, AddressBucket(meta)});
    if (!wait) return core::Fail(wait.error());
    auto wait_seconds = db::GetInt(*wait, 0, 0);
    if (!wait_seconds) return core::Fail(wait_seconds.error());
    if (int seconds = *wait_seconds; seconds > 0) {
      core::Error e(core::ErrorCode::kRateLimited,
                    "too many failed sign-ins: try again in " + std::to_string(seconds) + " s");
      e.retry_after_seconds = seconds;
      return core::Fail(e);
    }
    auto found = (*conn)->Execute(sql::kFindAccountByEmail, db::Params{email});
    if (!found) return core::Fail(found.error());
    if (found->rows() == 1) {
      auto read = AccountFromRow(*found);
      if (!read) return core::Fail(read.error());
      account = std::move(*read);
      stored_hash = Opt(*found, 7);
    }
  }
  // argon2id runs with no connection held: it takes tens of milliseconds.
  // Unknown accounts are checked against a dummy hash so timing is alike.
  auto verified = hasher_.Verify(stored_hash ? *stored_hash : core::DummyPasswordHash(), password);
  if (!verified) return core::Fail(verified.error());  // 429/503: too many sign-ins at once
  const bool password_ok = *verified;
  auto conn = pool_.Acquire();
  if (!conn) return core::Fail(conn.error());
  if (!account || !stored_hash || !password_ok || account->status != "active") {
    if (auto r = RecordFailure(**conn, bucket, meta,
                               account ? std::optional(account->user_id) : std::nullopt,
                               "login_failed");
        !r) {
      return core::Fail(r.error());
    }
    return core::Fail(BadCredentials());
  }
  if (core::PasswordNeedsRehash(*stored_hash, settings_.password_policy)) {
    if (auto h = hasher_.Hash(password, settings_.password_policy)) {
      (void)(*conn)->Execute(sql::kRehashPassword, db::Params{account->user_id, *h, *stored_hash});
    }
  }
  auto grant = OpenSession(*account, factor, meta, **conn);
  if (!grant) return grant;
  (void)(*conn)->Execute(sql::kThrottleClear, db::Params{bucket});
  return grant;
}

core::Result<SessionGrant> IdentityService::LoginWithIdToken(
    const std::string& provider, const std::string& id_token,
    const std::optional<std::string>& first_name, const std::optional<std::string>& last_name,
    const SecondFactor& factor, const RequestMeta& meta) {
  const ExternalProvider* p = nullptr;
  for (const auto& candidate : settings_.providers) {
    if (candidate.name == provider) p = &candidate;
  }
  if (p == nullptr)
    return core::Fail(core::Error::NotFound("sign-in with " + provider + " is not configured"));
  core::IdTokenExpectations expect{p->issuers, p->client_id, std::time(nullptr), 60};
  auto claims = core::VerifyIdToken(id_token, p->keys, expect);
  if (!claims) return core::Fail(claims.error());

  auto conn = pool_.Acquire();
  if (!conn) return core::Fail(conn.error());
  auto linked = (*conn)->Execute(sql::kFindExternalIdentity, db::Params{provider, claims->subject});
  if (!linked) return core::Fail(linked.error());
  std::optional<Account> account;
  if (linked->rows() == 1) {
    auto read = AccountFromRow(*linked);
    if (!read) return core::Fail(read.error());
    account = std::move(*read);
  } else {
    auto email = claims->email;
    if (email.empty() || !claims->email_verified) {
      return core::Fail(core::Error(core::ErrorCode::kUnauthenticated,
                                    "the provider did not vouch for an email address"));
    }
    for (char& c : email) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    auto by_email = (*conn)->Execute(sql::kFindAccountByEmail, db::Params{email});
    if (!by_email) return core::Fail(by_email.error());
    if (by_email->rows() == 1) {
      // Link only to an address this account has itself verified.
      if (by_email->Get(0, 6) != "t") return core::Fail(BadCredentials());
      auto read = AccountFromRow(*by_email);
      if (!read) return core::Fail(read.error());
      Account a = std::move(*read);
      auto link = (*conn)->Execute(
          sql::kLinkExternalIdentity,
          db::Params{a.user_id, provider, claims->subject, meta.request_id, meta.ip});
      if (!link) return core::Fail(link.error());
      account = std::move(a);
    } else {
      if (!first_name || !last_name) {
        return core::Fail(core::Error::InvalidInput(
            "a new account needs a name", {{"first_name", "is required for a new account"},
                                           {"last_name", "is required for a new account"}}));
      }
      auto created = (*conn)->Execute(sql::kCreateExternalPatient,
                                      db::Params{email, provider, claims->subject, *first_name,
                                                 *last_name, meta.request_id, meta.ip});
      if (!created) return core::Fail(created.error());
      if (created->rows() != 1) return core::Fail(BadCredentials());
      account = Account{std::string(created->Get(0, 0)), "active", "patient", false, {}, {}};
    }
  }
  if (account->status != "active") return core::Fail(BadCredentials());
  return OpenSession(*account, factor, meta, **conn);
}

core::Result<SessionGrant> IdentityService::Refresh(const core::Principal& who,
                                                    const RequestMeta& meta) {
  if (who.via_api_token) {
    return core::Fail(core::Error(core::ErrorCode::kForbidden, "API tokens are not refreshed"));
  }
  SessionGrant grant;
  grant.token = core::NewOpaqueToken(kSessionTokenPrefix);
  grant.session_id = who.session_id;
  auto conn = pool_.Acquire();
  if (!conn) return core::Fail(conn.error());
  db::Transaction tx(**conn);
  if (auto b = tx.Begin(); !b) return core::Fail(b.error());
  auto r = (*conn)->Execute(sql::kRotateSession,
                            db::Params{who.session_id, core::TokenHash(grant.token)});
  if (!r) return core::Fail(r.error());
  if (r->rows() != 1)
    return core::Fail(core::Error(core::ErrorCode::kUnauthenticated, "session ended"));
  grant.expires_at = std::string(r->Get(0, 0));
  grant.mfa_enrollment_required = !who.mfa_satisfied;
  if (auto a = Audit(**conn, who.user_id, who.AuditRole(), "token_issue", "sessions",
                     who.session_id, meta);
      !a) {
    return core::Fail(a.error());
  }
  if (auto c = tx.Commit(); !c) return core::Fail(c.error());
  return grant;
}

core::Result<void> IdentityService::Logout(const core::Principal& who, const RequestMeta& meta) {
  auto conn = pool_.Acquire();
  if (!conn) return core::Fail(conn.error());
  db::Transaction tx(**conn);
  if (auto b = tx.Begin(); !b) return b;
  auto r = (*conn)->Execute(sql::kRevokeSession, db::Params{who.session_id, who.user_id});
  if (!r) return core::Fail(r.error());
  if (auto a = Audit(**conn, who.user_id, who.AuditRole(), "logout", "sessions", who.session_id,
                     meta);
      !a) {
    return a;
  }
  return tx.Commit();
}

core::Result<int> IdentityService::LogoutEverywhere(const core::Principal& who,
                                                    const RequestMeta& meta) {
  auto conn = pool_.Acquire();
  if (!conn) return core::Fail(conn.error());
  db::Transaction tx(**conn);
  if (auto b = tx.Begin(); !b) return core::Fail(b.error());
  auto r = (*conn)->Execute(sql::kRevokeUserSessions, db::Params{who.user_id, "logout_all", false});
  if (!r) return core::Fail(r.error());
  if (auto a = Audit(**conn, who.user_id, who.AuditRole(), "logout", "sessions", std::nullopt,
                     meta);
      !a) {
    return core::Fail(a.error());
  }
  if (auto c = tx.Commit(); !c) return core::Fail(c.error());
  return db::GetInt(*r, 0, 0);
}

core::Result<void> IdentityService::StartPhoneVerification(const core::Principal& who,
                                                           const RequestMeta& meta) {
  const std::string code = core::NewNumericCode(6);
  auto conn = pool_.Acquire();
  if (!conn) return core::Fail(conn.error());
  db::Transaction tx(**conn);
  if (auto b = tx.Begin(); !b) return b;
  auto r = (*conn)->Execute(sql::kStartPhoneVerification,
                            db::Params{who.user_id, CodeHash("phone_verification", code), code});
  if (!r) return core::Fail(r.error());
  if (r->rows() != 1) {
    return core::Fail(core::Error::Conflict("the account has no unverified phone number"));
  }
  if (auto a = Audit(**conn, who.user_id, who.AuditRole(), "create", "verification_codes",
                     who.user_id, meta);
      !a) {
    return a;
  }
  return tx.Commit();
}

core::Result<void> IdentityService::VerifyPhone(const core::Principal& who, const std::string& code,
                                                const RequestMeta& meta) {
  auto conn = pool_.Acquire();
  if (!conn) return core::Fail(conn.error());
  db::Transaction tx(**conn);
  if (auto b = tx.Begin(); !b) return b;
  auto matched = TryCode(
      **conn, tx, sql::kConsumeUserCode,
      db::Params{who.user_id, "phone_verification", CodeHash("phone_verification", code)});
  if (!matched) return core::Fail(matched.error());
  auto marked = (*conn)->Execute(
      sql::kMarkPhoneVerified, db::Params{who.user_id, meta.request_id, meta.ip, who.AuditRole()});
  if (!marked) return core::Fail(marked.error());
  return tx.Commit();
}

core::Result<void> IdentityService::ForgotPassword(const std::string& email,
                                                   const RequestMeta& meta) {
  const std::string code = core::NewNumericCode(6);
  auto conn = pool_.Acquire();
  if (!conn) return core::Fail(conn.error());
  auto r = (*conn)->Execute(
      sql::kStartPasswordReset,
      db::Params{email, CodeHash("password_reset", code), code, meta.request_id, meta.ip});
  if (!r) return core::Fail(r.error());
  return {};
}

core::Result<void> IdentityService::ResetPassword(const std::string& email, const std::string& code,
                                                  const std::string& new_password,
                                                  const RequestMeta& meta) {
  auto hash = hasher_.Hash(new_password, settings_.password_policy);
  if (!hash) return core::Fail(hash.error());
  auto conn = pool_.Acquire();
  if (!conn) return core::Fail(conn.error());
  db::Transaction tx(**conn);
  if (auto b = tx.Begin(); !b) return b;
  auto matched = TryCode(**conn, tx, sql::kConsumeCode,
                         db::Params{email, "password_reset", CodeHash("password_reset", code)});
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
  if (auto a = Audit(**conn, user_id, "self", "password_reset", "user_credentials", user_id, meta);
      !a) {
    return a;
  }
  return tx.Commit();
}

core::Result<void> IdentityService::ChangePassword(const core::Principal& who,
                                                   const std::string& current,
                                                   const std::string& next,
                                                   const RequestMeta& meta) {
  std::optional<std::string> stored;
  {
    auto conn = pool_.Acquire();
    if (!conn) return core::Fail(conn.error());
    auto r = (*conn)->Execute(sql::kFindCredentials, db::Params{who.user_id});
    if (!r) return core::Fail(r.error());
    if (r->rows() == 1) stored = r->GetOptional(0, 0);
  }
  auto verified = hasher_.Verify(stored ? *stored : core::DummyPasswordHash(), current);
  if (!verified) return core::Fail(verified.error());
  if (!stored || !*verified) {
    return core::Fail(core::Error::InvalidInput("the current password is wrong",
                                                {{"current_password", "is wrong"}}));
  }
  auto hash = hasher_.Hash(next, settings_.password_policy);
  if (!hash) return core::Fail(hash.error());
  auto conn = pool_.Acquire();
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
  if (auto a = Audit(**conn, who.user_id, who.AuditRole(), "password_change", "user_credentials",
                     who.user_id, meta);
      !a) {
    return a;
  }
  return tx.Commit();
}

core::Result<TotpEnrollment> IdentityService::StartTotp(const core::Principal& who,
                                                        const RequestMeta& meta) {
  const std::string secret = core::NewTotpSecret();
  auto conn = pool_.Acquire();
  if (!conn) return core::Fail(conn.error());
  auto creds = (*conn)->Execute(sql::kFindCredentials, db::Params{who.user_id});
  if (!creds) return core::Fail(creds.error());
  if (creds->rows() != 1) return core::Fail(core::Error::NotFound());
  const std::string sealed = core::Seal(keys_, secret, "user_credentials.totp:" + who.user_id);
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

core::Result<std::vector<std::string>> IdentityService::ConfirmTotp(const core::Principal& who,
                                                                    const std::string& code,
                                                                    const RequestMeta& meta) {
  auto conn = pool_.Acquire();
  if (!conn) return core::Fail(conn.error());
  auto creds = (*conn)->Execute(sql::kFindCredentials, db::Params{who.user_id});
  if (!creds) return core::Fail(creds.error());
  if (creds->rows() != 1 || creds->IsNull(0, 2)) {
    return core::Fail(core::Error::Conflict("start TOTP enrolment first: POST /auth/mfa/totp"));
  }
  if (creds->Get(0, 1) == "t") return core::Fail(core::Error::Conflict("TOTP is already enabled"));
  auto secret = core::Open(keys_, creds->Get(0, 2), "user_credentials.totp:" + who.user_id);
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
  if (auto a = Audit(**conn, who.user_id, who.AuditRole(), "mfa_enroll", "user_credentials",
                     who.user_id, meta);
      !a) {
    return core::Fail(a.error());
  }
  if (auto c = tx.Commit(); !c) return core::Fail(c.error());
  return codes;
}

core::Result<std::string> IdentityService::CreateStaffUser(
    const std::string& email, const std::string& user_type, const std::string& first_name,
    const std::string& last_name, const std::optional<std::string>& password,
    const std::vector<std::string>& roles, const std::optional<std::string>& actor,
    const std::string& actor_role, const RequestMeta& meta) {
  std::optional<std::string> hash;
  if (password) {
    auto h = hasher_.Hash(*password, settings_.password_policy);
    if (!h) return core::Fail(h.error());
    hash = *h;
  }
  auto conn = pool_.Acquire();
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
