// Accounts staff open on a patient's behalf (a phone call, a walk-in): the
// patient account without a password and the emailed invitation to claim
// it (issue 13, item 5). The claim itself, setting a password with the
// token, is RegistrationService::AcceptInvitation (POST
// /auth/invitations/accept).
#pragma once

#include <optional>
#include <string>

#include "core/error.hpp"
#include "db/connection.hpp"

namespace imedic::identity {

struct InvitedPatient {
  std::string email;  // normalised (lower case); required: accounts are keyed by email
  std::optional<std::string> phone;  // E.164
  std::string first_name;
  std::string last_name;
  std::optional<std::string> language;
};

struct InviteActor {
  std::string user_id;
  std::string role;  // the audit row's actor role
  std::string request_id;
  std::optional<std::string> ip;
};

// Creates the account, its role and the invitation (a single-use token,
// hashed at rest, expiring in 7 days, sent by email through the outbox) on
// `conn`, inside the caller's transaction, audited; returns the user id.
// 409 naming `email` (or `phone`) when an account holds it already.
core::Result<std::string> CreateInvitedPatient(db::Connection& conn, const InvitedPatient& patient,
                                               const InviteActor& actor);

}  // namespace imedic::identity
