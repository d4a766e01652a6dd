#include "domains/privacy/audit_routes.hpp"

#include <algorithm>
#include <charconv>
#include <utility>

#include <nlohmann/json.hpp>

#include "core/rfc3339.hpp"
#include "core/uuid.hpp"
#include "domains/privacy/audit_writer.hpp"
#include "domains/privacy/sql/queries.hpp"
#include "http/query_string.hpp"

namespace imedic::privacy {

namespace {

constexpr int kMaxLimit = 200;

bool IsDigits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

int Num(std::string_view s) {
  int v = 0;
  std::from_chars(s.data(), s.data() + s.size(), v);
  return v;
}

bool IsTableName(std::string_view s) {
  if (s.empty() || s.size() > 63) return false;
  if (!(s[0] == '_' || (s[0] >= 'a' && s[0] <= 'z'))) return false;
  return std::all_of(s.begin(), s.end(), [](char c) {
    return c == '_' || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
  });
}

core::Error BadParam(std::string_view name, std::string message) {
  return http::QueryParameterError(name, std::move(message));
}

// Decodes the query string and refuses repeats and names outside `allowed`.
core::Result<http::QueryPairs> ReadParams(std::string_view query,
                                          std::initializer_list<std::string_view> allowed) {
  return http::ReadQuery(query, {.known = [allowed](std::string_view name) {
                           return std::find(allowed.begin(), allowed.end(), name) != allowed.end();
                         }});
}

core::Result<void> ReadPaging(const std::string& name, const std::string& value, int& limit,
                              std::optional<std::int64_t>& before_id) {
  if (name == "limit") {
    if (!IsDigits(value) || value.size() > 3 || Num(value) < 1 || Num(value) > kMaxLimit) {
      return core::Fail(BadParam(name, "must be an integer from 1 to 200"));
    }
    limit = Num(value);
    return {};
  }
  std::int64_t id = 0;
  auto [p, ec] = std::from_chars(value.data(), value.data() + value.size(), id);
  if (!IsDigits(value) || ec != std::errc() || p != value.data() + value.size() || id < 1) {
    return core::Fail(BadParam(name, "must be a positive integer (an id from a previous page)"));
  }
  before_id = id;
  return {};
}

// {"items": <items>, "next": <link or null>}
http::Response Page(const std::string& items, const std::optional<std::string>& next_link) {
  std::string body = R"({"items":)" + items + R"(,"next":)" +
                     (next_link ? nlohmann::json(*next_link).dump() : std::string("null")) + "}";
  http::Response r = http::Response::Json(200, std::move(body));
  return r;
}

core::Error Unauthenticated() {
  return core::Error(core::ErrorCode::kUnauthenticated, "sign in first");
}

}  // namespace

core::Result<AuditLogQuery> ParseAuditLogQuery(std::string_view query_string) {
  auto pairs = ReadParams(query_string, {"actor_user_id", "patient_profile_id", "table", "action",
                                         "from", "to", "limit", "before_id"});
  if (!pairs) return core::Fail(pairs.error());
  AuditLogQuery q;
  for (const auto& [name, value] : *pairs) {
    if (name == "actor_user_id" || name == "patient_profile_id") {
      auto id = core::ParseUuid(value);
      if (!id) return core::Fail(BadParam(name, "must be a UUID"));
      (name == "actor_user_id" ? q.actor_user_id : q.patient_profile_id) = std::move(*id);
    } else if (name == "table") {
      if (!IsTableName(value)) return core::Fail(BadParam(name, "must be a table name"));
      q.table = value;
    } else if (name == "action") {
      if (std::find(kAuditActions.begin(), kAuditActions.end(), value) == kAuditActions.end()) {
        return core::Fail(BadParam(name,
                                   "must be one of the audit actions (create, read, "
                                   "update, delete, login, export, erase, ...)"));
      }
      q.action = value;
    } else if (name == "from" || name == "to") {
      if (!core::IsRfc3339(value)) {
        return core::Fail(
            BadParam(name, "must be an RFC 3339 date-time, e.g. 2026-01-14T09:30:00Z"));
      }
      (name == "from" ? q.from : q.to) = value;
    } else if (auto r = ReadPaging(name, value, q.limit, q.before_id); !r) {
      return core::Fail(r.error());
    }
  }
  return q;
}

core::Result<AccessLogQuery> ParseAccessLogQuery(std::string_view query_string) {
  auto pairs = ReadParams(query_string, {"limit", "before_id"});
  if (!pairs) return core::Fail(pairs.error());
  AccessLogQuery q;
  for (const auto& [name, value] : *pairs) {
    if (auto r = ReadPaging(name, value, q.limit, q.before_id); !r) return core::Fail(r.error());
  }
  return q;
}

core::Result<http::Response> ListAuditLog(db::Pool& pool, http::RequestContext& ctx) {
  if (ctx.principal == nullptr) return core::Fail(Unauthenticated());
  if (!ctx.principal->Has("audit.read")) {
    return core::Fail(core::Error(core::ErrorCode::kForbidden, "this account may not audit.read"));
  }
  auto q = ParseAuditLogQuery(ctx.request.query);
  if (!q) return core::Fail(q.error());
  AuditEntry reader = AuditFromRequest(ctx, "read");

  auto conn = pool.Acquire();
  if (!conn) return core::Fail(conn.error());
  auto r = (*conn)->Execute(sql::kAuditLogPage,
                            db::Params{q->actor_user_id, q->patient_profile_id, q->table, q->action,
                                       q->from, q->to, q->before_id, q->limit, reader.actor_user_id,
                                       reader.actor_role, reader.request_id, reader.ip});
  if (!r) return core::Fail(r.error());

  std::optional<std::string> next;
  if (!r->IsNull(0, 1)) {
    http::QueryPairs link;
    auto add = [&](const char* k, const std::optional<std::string>& v) {
      if (v) link.emplace_back(k, *v);
    };
    add("actor_user_id", q->actor_user_id);
    add("patient_profile_id", q->patient_profile_id);
    add("table", q->table);
    add("action", q->action);
    add("from", q->from);
    add("to", q->to);
    link.emplace_back("limit", std::to_string(q->limit));
    link.emplace_back("before_id", std::string(r->Get(0, 1)));
    next = "/audit-log?" + http::BuildQueryString(link);
  }
  return Page(std::string(r->Get(0, 0)), next);
}

core::Result<http::Response> ListMyAccessLog(db::Pool& pool, http::RequestContext& ctx) {
  if (ctx.principal == nullptr) return core::Fail(Unauthenticated());
  auto q = ParseAccessLogQuery(ctx.request.query);
  if (!q) return core::Fail(q.error());
  if (!ctx.principal->patient_profile_id) return Page("[]", std::nullopt);
  AuditEntry reader = AuditFromRequest(ctx, "read");

  auto conn = pool.Acquire();
  if (!conn) return core::Fail(conn.error());
  auto r = (*conn)->Execute(
      sql::kAccessLogPage,
      db::Params{*ctx.principal->patient_profile_id, ctx.principal->user_id, q->before_id, q->limit,
                 reader.actor_role, reader.request_id, reader.ip});
  if (!r) return core::Fail(r.error());
  std::optional<std::string> next;
  if (!r->IsNull(0, 1)) {
    next = "/me/access-log?" + http::BuildQueryString({{"limit", std::to_string(q->limit)},
                                                       {"before_id", std::string(r->Get(0, 1))}});
  }
  return Page(std::string(r->Get(0, 0)), next);
}

void RegisterAuditRoutes(http::Router& router, db::Pool& pool) {
  router.Add({"GET", "/audit-log", [&pool](auto& ctx) { return ListAuditLog(pool, ctx); },
              "audit.read", "read",
              "Query the audit trail by actor_user_id, patient_profile_id, table, action, "
              "from, to; limit and before_id page newest first",
              http::BodyKind::kNone, http::RowKind::kNone});
  router.Add({"GET", "/me/access-log", [&pool](auto& ctx) { return ListMyAccessLog(pool, ctx); },
              http::kAuthenticated, "read",
              "For a patient: who else accessed their data, and when (GDPR access right)",
              http::BodyKind::kNone, http::RowKind::kNone});
}

}  // namespace imedic::privacy
