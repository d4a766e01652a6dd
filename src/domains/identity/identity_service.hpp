// Accounts and sign-in: registration with email verification, password
// sign-in with throttling and a TOTP second factor, sessions (refresh,
// logout, logout everywhere), password reset and change, sign-in with a
// provider's ID token. Every change is audited in its own transaction.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "core/jwt.hpp"
#include "core/keyring.hpp"
#include "core/password.hpp"
#include "core/password_hasher.hpp"
#include "core/principal.hpp"
#include "db/pool.hpp"
#include "db/transaction.hpp"

namespace imedic::identity {

// Where a request came from, for audit rows and session records.
struct RequestMeta {
  std::string request_id;
  std::optional<std::string> ip;
  std::optional<std::string> user_agent;
};

struct ExternalProvider {
  std::string name;  // google | facebook | apple
  core::JwkSet keys;
  std::string client_id;
  std::vector<std::string> issuers;
};

struct IdentitySettings {
  std::chrono::seconds session_idle{30 * 60};
  std::chrono::seconds session_lifetime{12 * 3600};
  core::PasswordPolicy password_policy = core::DefaultPasswordPolicy();
  core::PasswordHasherOptions hashing;  // where argon2id runs, and how many at once
  int free_login_failures = 5;  // failures before lock-outs begin (then 1 s, 2 s, 4 s … 15 min)
  std::vector<ExternalProvider> providers;
};

struct Registration {
  std::string email;                 // normalised
  std::optional<std::string> phone;  // E.164
  std::string password;
  std::string first_name, last_name;
  std::string preferred_language = "en";
  std::string timezone = "UTC";
};

struct SecondFactor {
  std::optional<std::string> otp_code;
  std::optional<std::string> recovery_code;
};

struct SessionGrant {
  std::string token;  // shown once; only its hash is stored
  std::string session_id;
  std::string expires_at;
  bool mfa_enrollment_required = false;
};

struct TotpEnrollment {
  std::string secret_base32;
  std::string otpauth_uri;
};

class IdentityService {
 public:
  IdentityService(db::Pool& pool, const core::Keyring& keys, IdentitySettings settings);

  // Always succeeds the same way whether or not the email is taken (no
  // account enumeration); a taken address is told by email instead.
  core::Result<void> Register(const Registration& r, const RequestMeta& meta);
  core::Result<void> VerifyEmail(const std::string& email, const std::string& code,
                                 const RequestMeta& meta);

  // Wrong password, unknown account and inactive account fail alike (401);
  // too many failures per account or address fail with 429 and Retry-After.
  core::Result<SessionGrant> Login(const std::string& email, const std::string& password,
                                   const SecondFactor& factor, const RequestMeta& meta);
  core::Result<SessionGrant> LoginWithIdToken(const std::string& provider,
                                              const std::string& id_token,
                                              const std::optional<std::string>& first_name,
                                              const std::optional<std::string>& last_name,
                                              const SecondFactor& factor, const RequestMeta& meta);
  core::Result<SessionGrant> Refresh(const core::Principal& who, const RequestMeta& meta);
  core::Result<void> Logout(const core::Principal& who, const RequestMeta& meta);
  core::Result<int> LogoutEverywhere(const core::Principal& who, const RequestMeta& meta);

  // Phone verification for a signed-in user: a code by SMS, then the code.
  core::Result<void> StartPhoneVerification(const core::Principal& who, const RequestMeta& meta);
  core::Result<void> VerifyPhone(const core::Principal& who, const std::string& code,
                                 const RequestMeta& meta);

  core::Result<void> ForgotPassword(const std::string& email, const RequestMeta& meta);
  core::Result<void> ResetPassword(const std::string& email, const std::string& code,
                                   const std::string& new_password, const RequestMeta& meta);
  core::Result<void> ChangePassword(const core::Principal& who, const std::string& current,
                                    const std::string& next, const RequestMeta& meta);

  core::Result<TotpEnrollment> StartTotp(const core::Principal& who, const RequestMeta& meta);
  // Enables TOTP after a first good code; returns fresh recovery codes.
  core::Result<std::vector<std::string>> ConfirmTotp(const core::Principal& who,
                                                     const std::string& code,
                                                     const RequestMeta& meta);

  // For `imedic user create-admin` and the admin API.
  core::Result<std::string> CreateStaffUser(const std::string& email, const std::string& user_type,
                                            const std::string& first_name,
                                            const std::string& last_name,
                                            const std::optional<std::string>& password,
                                            const std::vector<std::string>& roles,
                                            const std::optional<std::string>& actor,
                                            const std::string& actor_role, const RequestMeta& meta);

  // Keyed hash of a one-time code: a leaked table does not reveal codes.
  std::string CodeHash(std::string_view purpose, std::string_view code) const;

  struct Account;  // what sign-in needs about a user (defined in the .cpp)

 private:
  core::Result<SessionGrant> OpenSession(const Account& account, const SecondFactor& factor,
                                         const RequestMeta& meta, db::Connection& conn);
  core::Result<bool> CheckSecondFactor(const Account& account, const SecondFactor& factor,
                                       db::Connection& conn);
  // Runs a code-consuming statement (consume_code / consume_user_code) in
  // `tx`. A wrong code still counts as an attempt: the attempt is committed
  // and BadCode returned. On a match, returns the user id (tx still open).
  core::Result<std::string> TryCode(db::Connection& conn, db::Transaction& tx,
                                    const db::Query& query, const db::Params& params);
  core::Result<void> RecordFailure(db::Connection& conn, const std::string& account_bucket,
                                   const RequestMeta& meta,
                                   const std::optional<std::string>& user_id,
                                   std::string_view action);
  core::Result<void> Audit(db::Connection& conn, const std::optional<std::string>& actor,
                           std::string_view role, std::string_view action, std::string_view table,
                           const std::optional<std::string>& row_id, const RequestMeta& meta);

  db::Pool& pool_;
  const core::Keyring& keys_;
  IdentitySettings settings_;
  core::PasswordHasher hasher_;  // after settings_: built from settings_.hashing
  std::string code_pepper_;
};

}  // namespace imedic::identity
