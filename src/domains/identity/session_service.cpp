#include "domains/identity/session_service.hpp"

#include "core/opaque_token.hpp"
#include "db/typed_get.hpp"
#include "domains/identity/authenticator.hpp"
#include "domains/identity/sql/queries.hpp"

namespace imedic::identity {

namespace {

std::string AccountBucket(std::string_view email) { return "account:" + core::TokenHash(email); }

core::Error TooManyAttempts(std::string_view what, int seconds) {
  core::Error e(
      core::ErrorCode::kRateLimited,
      "too many failed " + std::string(what) + ": try again in " + std::to_string(seconds) + " s");
  e.retry_after_seconds = seconds;
  return e;
}

}  // namespace

core::Result<void> SessionService::RecordFailure(db::Connection& conn,
                                                 const std::string& account_bucket,
                                                 const RequestMeta& meta,
                                                 const std::optional<std::string>& user_id,
                                                 std::string_view action) {
  auto f = conn.Execute(sql::kThrottleFail, db::Params{account_bucket, AddressBucket(meta),
                                                       ctx_.settings().free_login_failures});
  if (!f) return core::Fail(f.error());
  return AuditIdentity(conn, user_id, "anonymous", action, "sessions", std::nullopt, meta);
}

core::Result<SessionGrant> SessionService::Open(const SignInAccount& a, const SecondFactor& f,
                                                const RequestMeta& meta, db::Connection& conn,
                                                const std::optional<std::string>& clear_bucket) {
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
    auto seconds = db::GetInt(*wait, 0, 0);
    if (!seconds) return core::Fail(seconds.error());
    if (*seconds > 0) {
      return core::Fail(TooManyAttempts("attempts", *seconds));
    }
    auto ok = second_factor_.Check(a, f, conn);
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
                 static_cast<std::int64_t>(ctx_.settings().session_lifetime.count()),
                 static_cast<std::int64_t>(ctx_.settings().session_idle.count()), meta.ip,
                 meta.user_agent, mfa_verified, meta.request_id, "login", a.user_type,
                 clear_bucket});
  if (!created) return core::Fail(created.error());
  grant.session_id = std::string(created->Get(0, 0));
  grant.expires_at = std::string(created->Get(0, 1));
  grant.mfa_enrollment_required = mfa_mandatory && !a.totp_enabled;
  return grant;
}

core::Result<SessionGrant> SessionService::Login(const std::string& email,
                                                 const std::string& password,
                                                 const SecondFactor& factor,
                                                 const RequestMeta& meta) {
  core::PasswordHasher& hasher = ctx_.hasher();
  // A sign-in flood beyond the argon2id queue is refused before any database work.
  if (auto admitted = hasher.Admit(); !admitted) return core::Fail(admitted.error());
  const std::string bucket = AccountBucket(email);
  std::optional<SignInAccount> account;
  std::optional<std::string> stored_hash;
  {
    // Round trip 1 of 2 (a password-only account): throttle and account.
    auto conn = ctx_.pool().Acquire();
    if (!conn) return core::Fail(conn.error());
    auto found = (*conn)->Execute(sql::kSignInLookup,
                                  db::Params{bucket, AddressBucket(meta), email});
    if (!found) return core::Fail(found.error());
    auto seconds = db::GetInt(*found, 0, 8);
    if (!seconds) return core::Fail(seconds.error());
    if (*seconds > 0) {
      return core::Fail(TooManyAttempts("sign-ins", *seconds));
    }
    if (!found->IsNull(0, 0)) {
      auto read = SignInAccountFromRow(*found);
      if (!read) return core::Fail(read.error());
      account = std::move(*read);
      stored_hash = found->GetOptional(0, 7);
    }
  }
  // argon2id runs with no connection held: it takes tens of milliseconds.
  // Unknown accounts are checked against a dummy hash so timing is alike.
  auto verified = hasher.Verify(stored_hash ? *stored_hash : core::DummyPasswordHash(), password);
  if (!verified) return core::Fail(verified.error());  // 429/503: too many sign-ins at once
  const bool password_ok = *verified;
  auto conn = ctx_.pool().Acquire();
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
  const core::PasswordPolicy& policy = ctx_.settings().password_policy;
  if (core::PasswordNeedsRehash(*stored_hash, policy)) {
    if (auto h = hasher.Hash(password, policy)) {
      (void)(*conn)->Execute(sql::kRehashPassword, db::Params{account->user_id, *h, *stored_hash});
    }
  }
  // Round trip 2 of 2: session, audit row and throttle clear in one statement.
  return Open(*account, factor, meta, **conn, bucket);
}

core::Result<SessionGrant> SessionService::Refresh(const core::Principal& who,
                                                   const RequestMeta& meta) {
  if (who.via_api_token) {
    return core::Fail(core::Error(core::ErrorCode::kForbidden, "API tokens are not refreshed"));
  }
  SessionGrant grant;
  grant.token = core::NewOpaqueToken(kSessionTokenPrefix);
  grant.session_id = who.session_id;
  auto conn = ctx_.pool().Acquire();
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
  if (auto a = AuditIdentity(**conn, who.user_id, who.AuditRole(), "token_issue", "sessions",
                             who.session_id, meta);
      !a) {
    return core::Fail(a.error());
  }
  if (auto c = tx.Commit(); !c) return core::Fail(c.error());
  return grant;
}

core::Result<void> SessionService::Logout(const core::Principal& who, const RequestMeta& meta) {
  auto conn = ctx_.pool().Acquire();
  if (!conn) return core::Fail(conn.error());
  db::Transaction tx(**conn);
  if (auto b = tx.Begin(); !b) return b;
  auto r = (*conn)->Execute(sql::kRevokeSession, db::Params{who.session_id, who.user_id});
  if (!r) return core::Fail(r.error());
  if (auto a = AuditIdentity(**conn, who.user_id, who.AuditRole(), "logout", "sessions",
                             who.session_id, meta);
      !a) {
    return a;
  }
  return tx.Commit();
}

core::Result<int> SessionService::LogoutEverywhere(const core::Principal& who,
                                                   const RequestMeta& meta) {
  auto conn = ctx_.pool().Acquire();
  if (!conn) return core::Fail(conn.error());
  db::Transaction tx(**conn);
  if (auto b = tx.Begin(); !b) return core::Fail(b.error());
  auto r = (*conn)->Execute(sql::kRevokeUserSessions, db::Params{who.user_id, "logout_all", false});
  if (!r) return core::Fail(r.error());
  if (auto a = AuditIdentity(**conn, who.user_id, who.AuditRole(), "logout", "sessions",
                             std::nullopt, meta);
      !a) {
    return core::Fail(a.error());
  }
  if (auto c = tx.Commit(); !c) return core::Fail(c.error());
  return db::GetInt(*r, 0, 0);
}

}  // namespace imedic::identity
