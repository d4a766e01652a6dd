// The audit trail over HTTP.
//
//   GET /audit-log        (audit.read)     the trail, filtered by actor, patient,
//                                          table, action and time, newest first.
//   GET /me/access-log    (authenticated)  for a patient: what OTHER users did
//                                          with their data, and when (GDPR access
//                                          right). Other callers get an empty list.
//
// Both page by id descending: `limit` (1..200, default 50) and the `before_id`
// cursor; the answer is {"items":[...], "next": "/…?…before_id=N" | null}.
// Every parameter is validated; an unknown, repeated or malformed one is a 422
// naming it. Reading the trail is itself audited (action 'read', table
// 'audit_log') in the same statement as the read.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/error.hpp"
#include "db/pool.hpp"
#include "http/message.hpp"
#include "http/router.hpp"

namespace imedic::privacy {

void RegisterAuditRoutes(http::Router& router, db::Pool& pool);

// The validated query of GET /audit-log. `from` and `to` are strict RFC 3339
// date-times (core::IsRfc3339; from inclusive, to exclusive): an auditor
// names instants, never a bare date in some session zone. Ids are lower-cased.
struct AuditLogQuery {
  std::optional<std::string> actor_user_id, patient_profile_id, table, action, from, to;
  std::optional<std::int64_t> before_id;
  int limit = 50;
};
core::Result<AuditLogQuery> ParseAuditLogQuery(std::string_view query_string);

// The validated query of GET /me/access-log (limit and before_id only).
struct AccessLogQuery {
  std::optional<std::int64_t> before_id;
  int limit = 50;
};
core::Result<AccessLogQuery> ParseAccessLogQuery(std::string_view query_string);

// The handlers behind the routes (exposed for tests).
core::Result<http::Response> ListAuditLog(db::Pool& pool, http::RequestContext& ctx);
core::Result<http::Response> ListMyAccessLog(db::Pool& pool, http::RequestContext& ctx);

}  // namespace imedic::privacy
