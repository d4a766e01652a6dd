// The values the identity capabilities take and give: where a request came
// from, the settings of sign-in, and what registration, sign-in and TOTP
// enrolment exchange with their callers.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "core/jwt.hpp"
#include "core/password.hpp"
#include "core/password_hasher.hpp"

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
  // The consents given on the form, as their JSON array (checked by
  // privacy::CheckRegistrationConsents); recorded with the account.
  std::string consents_json = "[]";
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

}  // namespace imedic::identity
