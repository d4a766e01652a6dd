// Writing audit rows.
//
// Every write, and every read of high-sensitivity data, leaves one audit_log
// row in the SAME transaction as the act, so both commit or neither does. The
// row names who (actor user and role), what (action), where (table, row id,
// whose data: subject_patient_profile_id), and from where (request id, IP),
// plus the NAMES of changed columns — never their values. The chain columns
// stay NULL; the sealer (audit_chain.hpp) takes committed rows.
//
// SQL convention for single-statement writes (preferred: one round trip).
// Add a data-modifying CTE that inserts the audit row from the changed rows:
//
//   WITH changed AS (
//     UPDATE patient_profiles SET ... WHERE id = $1 AND <row scope>
//     RETURNING id, ...
//   ), audit AS (
//     INSERT INTO audit_log (actor_user_id, actor_role, action, table_name, row_id,
//                            subject_patient_profile_id, request_id, ip, changed_columns)
//     SELECT $10::uuid, $11, 'update', 'patient_profiles', id::text,
//            id, $12, $13::inet, ARRAY['medical_notes', 'blood_type']
//     FROM changed
//   )
//   SELECT json_build_object(...) FROM changed
//
// `FROM changed` writes one audit row per row actually touched and none when
// the row scope let nothing through. For reads of high-sensitivity data the
// CTE selects the rows read (`FROM shown`, action 'read'). The ip parameter
// is cast with ::inet, so pass only a valid address (AuditFromRequest does).
//
// For code paths that are not one statement, call AppendAudit inside the
// caller's transaction. Single-record reads of the records API are the one
// exception: their rows go through the AuditBatcher (audit_batcher.hpp),
// which commits them before the read is answered.
#pragma once

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"
#include "db/connection.hpp"
#include "http/router.hpp"

namespace imedic::privacy {

// The actions audit_log's CHECK constraint allows (migrations/0009); a test
// keeps the two in step.
inline constexpr std::array<std::string_view, 21> kAuditActions = {"create",
                                                                   "read",
                                                                   "update",
                                                                   "delete",
                                                                   "restore",
                                                                   "login",
                                                                   "login_failed",
                                                                   "logout",
                                                                   "export",
                                                                   "erase",
                                                                   "permission_change",
                                                                   "break_glass",
                                                                   "password_change",
                                                                   "password_reset",
                                                                   "mfa_enroll",
                                                                   "mfa_failed",
                                                                   "token_issue",
                                                                   "token_revoke",
                                                                   "verify",
                                                                   "suspend",
                                                                   "reactivate"};

struct AuditEntry {
  std::optional<std::string> actor_user_id, actor_role;
  std::string action;  // one of the actions audit_log's CHECK allows
  std::optional<std::string> table_name, row_id, subject_patient_profile_id, request_id, ip;
  std::vector<std::string> changed_columns;  // names only; empty → NULL
  std::optional<std::string> reason;         // break-glass reason
};

// Inserts one audit row (one statement, bound parameters).
// REQUIRES: the caller runs it inside the transaction of the act it records.
core::Result<void> AppendAudit(db::Connection& conn, const AuditEntry& entry);

// An entry for `action` filled from the request: actor user id and role
// (Principal::AuditRole) when someone is signed in, the request id, and the
// client address when it is a valid IPv4/IPv6 address.
AuditEntry AuditFromRequest(const http::RequestContext& ctx, std::string action);

// The client address if it parses as an IPv4 or IPv6 address, else nullopt
// (so the ::inet cast in audit SQL cannot fail a request).
std::optional<std::string> AuditIp(std::string_view remote_address);

}  // namespace imedic::privacy
