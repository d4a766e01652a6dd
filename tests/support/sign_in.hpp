// Signing in over HTTP the way a client does: registration confirmed with
// the emailed code, password sign-in (with a second factor when given), and
// TOTP enrolment. For tests of the identity flows; suites that only need a
// signed-in caller mint a session instead (support/fixtures.hpp).
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "db/connection.hpp"
#include "support/fixtures.hpp"

namespace imedic::testing {

// The newest one-time code sent to an address or phone number, read from
// the outbox as the email or SMS adapter would ("" and a failure if none).
std::string LastCode(db::Connection& conn, const std::string& recipient,
                     const std::string& mail_template);

// Registers a patient and verifies the address: the account is active after.
void RegisterVerified(int port, db::Connection& conn, const std::string& email,
                      const std::string& password);

// A session token from POST /auth/login, "" (and a failure) when refused.
// `extra` adds members to the body, e.g. {"otp_code": "123456"}.
std::string SignIn(int port, const std::string& email, const std::string& password,
                   const nlohmann::json& extra = nlohmann::json::object());

// Enrols TOTP for the session's user and confirms it with the current code;
// returns the raw secret ("" and a failure when enrolment is refused).
std::string EnrolTotp(int port, const std::string& token);

}  // namespace imedic::testing
