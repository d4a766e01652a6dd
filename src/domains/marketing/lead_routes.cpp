#include "domains/marketing/lead_routes.hpp"

#include <algorithm>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/uuid.hpp"
#include "core/validate/country.hpp"
#include "db/in_transaction.hpp"
#include "domains/marketing/lead_csv.hpp"
#include "domains/marketing/lead_request.hpp"
#include "domains/marketing/lead_resources.hpp"
#include "domains/marketing/sql/queries.hpp"
#include "http/json_body.hpp"
#include "http/query_string.hpp"
#include "records/body_validator.hpp"

namespace imedic::marketing {

namespace {

using http::BodyKind;
using http::DocShape;
using http::RequestContext;
using http::Response;
using http::RouteDoc;
using http::RowKind;
using nlohmann::json;

constexpr int kDefaultLimit = 50;
constexpr LeadPageRules kPaging{"created_at.desc,id.desc", 200};
// The export reads in pages of this many rows and stops at kMaxExportRows
// (a 422 asks to narrow the filters): the answer is built in memory.
constexpr int kExportChunk = 5000;
constexpr int kMaxExportRows = 100000;

// ---------------------------------------------------------------------------
// GET /leads, GET /leads/export.csv
// ---------------------------------------------------------------------------

struct LeadQuery {
  LeadPage page{kDefaultLimit, std::nullopt, std::nullopt};
  std::optional<std::string> stage, assigned_to, source, campaign, country, from, before, q;
  bool unassigned = false;
  bool overdue = false;
};

// `q` as a LIKE prefix: lower-cased, with the pattern characters escaped.
std::string LikePrefix(std::string_view q) {
  std::string out;
  for (char c : q) {
    if (c == '%' || c == '_' || c == '\\') out.push_back('\\');
    out.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  }
  return out;
}

core::Result<LeadQuery> ReadLeadQuery(const std::vector<std::pair<std::string, std::string>>& query,
                                      const LeadCaller& caller, bool paged) {
  LeadQuery q;
  std::vector<core::FieldError> errors;
  for (const auto& [key, value] : query) {
    if (paged && ReadLeadPageParam(key, value, kPaging, q.page, errors)) continue;
    if (key == "stage") {
      if (std::find(kStages.begin(), kStages.end(), value) == kStages.end()) {
        errors.push_back({key,
                          "new, contacted, qualified, consultation_booked, converted, lost "
                          "or nurturing"});
      }
      q.stage = value;
    } else if (key == "assigned_to") {
      if (value == "me") {
        q.assigned_to = caller.user_id;
      } else if (value == "none") {
        q.unassigned = true;
      } else if (core::IsUuid(value)) {
        q.assigned_to = value;
      } else {
        errors.push_back({key, "a user id, me or none"});
      }
    } else if (key == "campaign_id") {
      if (!core::IsUuid(value)) errors.push_back({key, "a UUID"});
      q.campaign = value;
    } else if (key == "source") {
      if (value.empty() || value.size() > 50) errors.push_back({key, "1 to 50 characters"});
      q.source = value;
    } else if (key == "country") {
      if (!core::validate::IsCountryCode(value)) {
        errors.push_back({key, "an ISO 3166-1 alpha-2 country code"});
      }
      q.country = value;
    } else if (key == "created_from" || key == "created_before") {
      if (!IsInstant(value)) errors.push_back({key, "an RFC 3339 date-time with Z or an offset"});
      (key == "created_from" ? q.from : q.before) = value;
    } else if (key == "overdue") {
      if (value != "true" && value != "false") errors.push_back({key, "true or false"});
      q.overdue = value == "true";
    } else if (key == "q") {
      if (value.empty() || value.size() > 100) errors.push_back({key, "1 to 100 characters"});
      q.q = LikePrefix(value);
    } else {
      errors.push_back({key, "unknown parameter"});
    }
  }
  if (!errors.empty()) {
    return core::Fail(core::Error::InvalidInput("invalid query parameters", std::move(errors)));
  }
  // A rep who sees only their own leads asks for them by assignee, which
  // the list's index serves (lead_visible still decides).
  if (caller.scope == "assigned" && !q.assigned_to && !q.unassigned) {
    q.assigned_to = caller.user_id;
  }
  return q;
}

// The statement of a list: a search that matches at most kFewHits leads
// is answered from the prefix indexes (search_leads.sql); any other list
// walks the newest-first index (list_leads.sql). Both run unprepared
// (ExecParams), so that every page is planned with its own values: a
// generic plan cannot use a prefix index (`$11 || '%'`) nor drop the
// filters not given.
constexpr int kFewHits = 2000;
core::Result<db::Query> ListStatement(db::Connection& conn, const LeadQuery& q) {
  if (!q.q) return sql::kListLeads;
  auto r = conn.ExecParams(sql::kCountSearchHits.text, db::Params{*q.q, kFewHits + 1});
  if (!r) return core::Fail(r.error());
  return std::stoi(std::string(r->Get(0, 0))) <= kFewHits ? sql::kSearchLeads : sql::kListLeads;
}

db::Params ListParams(const LeadCaller& c, const LeadQuery& q, const LeadPage& page) {
  return db::Params{c.user_id, c.scope,       q.stage,       q.assigned_to,  q.unassigned,
                    q.source,  q.campaign,    q.country,     q.from,         q.before,
                    q.q,       page.after_at, page.after_id, page.limit + 1, q.overdue};
}

core::Result<Response> ListLeads(db::Pool& pool, RequestContext& ctx) {
  auto query = http::ParseQueryString(ctx.request.query);
  if (!query) return core::Fail(core::Error(core::ErrorCode::kMalformed, "bad query string"));
  const LeadCaller c = LeadCallerOf(ctx);
  auto q = ReadLeadQuery(*query, c, true);
  if (!q) return core::Fail(q.error());
  auto conn = pool.Acquire();
  if (!conn) return core::Fail(conn.error());
  auto statement = ListStatement(**conn, *q);
  if (!statement) return core::Fail(statement.error());
  auto r = (*conn)->ExecParams(statement->text, ListParams(c, *q, q->page));
  if (!r) return core::Fail(r.error());
  json items = json::array();
  const int limit = q->page.limit;
  const int shown = std::min(r->rows(), limit);
  for (int i = 0; i < shown; ++i) items.push_back(json::parse(r->Get(i, 0)));
  json next = nullptr;
  if (r->rows() > limit) {
    next = LeadNextLink(
        "/leads", *query,
        LeadCursor(std::string(r->Get(limit - 1, 1)), std::string(r->Get(limit - 1, 2)), kPaging));
  }
  return Response::Json(200, json{{"items", std::move(items)}, {"next", std::move(next)}}.dump());
}

core::Result<Response> ExportLeads(db::Pool& pool, RequestContext& ctx) {
  auto query = http::ParseQueryString(ctx.request.query);
  if (!query) return core::Fail(core::Error(core::ErrorCode::kMalformed, "bad query string"));
  const LeadCaller c = LeadCallerOf(ctx);
  auto q = ReadLeadQuery(*query, c, false);
  if (!q) return core::Fail(q.error());
  // The pages and the audit row in one transaction: one snapshot of the
  // leads, and no export without its audit row.
  return db::InTransaction(pool, [&](db::Connection& conn) -> core::Result<Response> {
    auto statement = ListStatement(conn, *q);
    if (!statement) return core::Fail(statement.error());
    LeadCsv csv;
    LeadPage page{kExportChunk, std::nullopt, std::nullopt};
    int rows = 0;
    for (;;) {
      auto r = conn.ExecParams(statement->text, ListParams(c, *q, page));
      if (!r) return core::Fail(r.error());
      const int shown = std::min(r->rows(), kExportChunk);
      for (int i = 0; i < shown; ++i) csv.Add(json::parse(r->Get(i, 0)));
      rows += shown;
      if (rows > kMaxExportRows) {
        return core::Fail(core::Error::InvalidInput(
            "more than 100000 leads match; narrow the filters",
            {{"created_from", "narrow the filters to at most 100000 leads"}}));
      }
      if (r->rows() <= kExportChunk) break;
      page.after_at = std::string(r->Get(shown - 1, 1));
      page.after_id = std::string(r->Get(shown - 1, 2));
    }
    auto audit = conn.Execute(sql::kAuditLeadExport,
                              db::Params{c.user_id, c.role, c.request_id, c.ip, rows});
    if (!audit) return core::Fail(audit.error());
    Response resp;
    resp.status = 200;
    resp.content_type = "text/csv; charset=utf-8";
    resp.body = csv.Take();
    resp.headers.emplace_back("content-disposition", "attachment; filename=\"leads.csv\"");
    return resp;
  });
}

// ---------------------------------------------------------------------------
// GET /leads/{id}
// ---------------------------------------------------------------------------

core::Result<Response> ReadLead(db::Pool& pool, RequestContext& ctx) {
  const std::string id(ctx.params.Get("id"));
  if (!core::IsUuid(id)) return core::Fail(core::Error::NotFound());
  const LeadCaller c = LeadCallerOf(ctx);
  auto conn = pool.Acquire();
  if (!conn) return core::Fail(conn.error());
  auto r = (*conn)->Execute(sql::kReadLead, db::Params{id, c.user_id, c.scope});
  if (!r) return core::Fail(r.error());
  if (r->rows() != 1) return core::Fail(core::Error::NotFound());
  return Response::Json(200, std::string(r->Get(0, 0)));
}

// ---------------------------------------------------------------------------
// POST /leads/{id}/stage, POST /leads/{id}/merge
// ---------------------------------------------------------------------------

// The stage of the live lead if the caller's scope reaches it, locked
// (inside a transaction); nullopt when out of reach, which is a 404
// whatever the body says.
core::Result<std::optional<std::string>> LockLead(db::Connection& conn, const std::string& id,
                                                  const LeadCaller& c) {
  auto r = conn.Execute(sql::kLeadInScope, db::Params{id, c.user_id, c.scope});
  if (!r) return core::Fail(r.error());
  if (r->rows() != 1) return std::optional<std::string>();
  return std::optional<std::string>(std::string(r->Get(0, 0)));
}

core::Result<Response> LeadAnswer(db::Connection& conn, const std::string& id) {
  auto r = conn.Execute(sql::kLeadJson, db::Params{id});
  if (!r) return core::Fail(r.error());
  if (r->rows() != 1) return core::Fail(core::Error::NotFound());
  return Response::Json(200, std::string(r->Get(0, 0)));
}

core::Result<Response> ChangeStage(db::Pool& pool, RequestContext& ctx) {
  const std::string id(ctx.params.Get("id"));
  if (!core::IsUuid(id)) return core::Fail(core::Error::NotFound());
  const LeadCaller c = LeadCallerOf(ctx);
  return db::InTransaction(pool, [&](db::Connection& conn) -> core::Result<Response> {
    auto seen = LockLead(conn, id, c);
    if (!seen) return core::Fail(seen.error());
    if (!*seen) return core::Fail(core::Error::NotFound());
    auto body = records::ParseAndValidateBody(StageChangeResource(), ctx.request.body);
    if (!body) return core::Fail(body.error());
    const std::string stage = (*body)["stage"].get<std::string>();
    const auto reason = http::OptionalString(*body, "reason");
    if (stage == **seen) {
      core::Error e(core::ErrorCode::kConflict, "the lead is at this stage already",
                    {{"stage", "is the lead's stage already"}});
      e.constraint = "leads_stage_transition";
      return core::Fail(e);
    }
    if (stage == "lost" && !reason) {
      return core::Fail(core::Error::InvalidInput(
          "losing a lead needs a reason", {{"reason", "is required to move a lead to lost"}}));
    }
    auto r = conn.Execute(sql::kSetLeadStage,
                          db::Params{id, stage, reason, c.user_id, c.role, c.request_id, c.ip});
    if (!r) return core::Fail(ExplainLeadError(r.error()));
    return LeadAnswer(conn, id);
  });
}

core::Result<Response> MergeLeads(db::Pool& pool, RequestContext& ctx) {
  const std::string id(ctx.params.Get("id"));
  if (!core::IsUuid(id)) return core::Fail(core::Error::NotFound());
  const LeadCaller c = LeadCallerOf(ctx);
  return db::InTransaction(pool, [&](db::Connection& conn) -> core::Result<Response> {
    // The kept lead decides 404 before the body is judged. (Two staff
    // merging the same pair both ways at once: PostgreSQL ends one of the
    // two lock waits as a deadlock, and that request fails.)
    auto kept = LockLead(conn, id, c);
    if (!kept) return core::Fail(kept.error());
    if (!*kept) return core::Fail(core::Error::NotFound());
    auto body = records::ParseAndValidateBody(MergeResource(), ctx.request.body);
    if (!body) return core::Fail(body.error());
    const std::string other = (*body)["other_lead_id"].get<std::string>();
    if (other == id) {
      return core::Fail(core::Error::InvalidInput("a lead cannot be merged into itself",
                                                  {{"other_lead_id", "is this lead"}}));
    }
    auto seen = LockLead(conn, other, c);
    if (!seen) return core::Fail(seen.error());
    if (!*seen) {
      return core::Fail(core::Error::InvalidInput(
          "no such lead", {{"other_lead_id", "not a live lead in your scope"}}));
    }
    auto r = conn.Execute(sql::kMergeLeads,
                          db::Params{id, other, c.user_id, c.role, c.request_id, c.ip});
    if (!r) return core::Fail(r.error());
    return LeadAnswer(conn, id);
  });
}

const std::vector<http::DocParam> kListParams = {
    {"stage", "string",
     "new, contacted, qualified, consultation_booked, converted, lost or nurturing"},
    {"assigned_to", "string", "a user id, `me` or `none` (unassigned)"},
    {"source", "string", "where the lead came from (website, whatsapp, …)"},
    {"campaign_id", "string", "the campaign of its first touch"},
    {"country", "string", "ISO 3166-1 alpha-2"},
    {"created_from", "string", "created at or after this instant (RFC 3339)"},
    {"created_before", "string", "created before this instant (RFC 3339)"},
    {"q", "string", "prefix of the email, phone (E.164), first or last name"},
    {"overdue", "boolean", "true: new leads whose first contact is overdue"},
    {"limit", "integer", "page size, 1–200 (default 50)"},
    {"cursor", "string", "the `next` link's cursor"},
};
const std::vector<http::DocParam> kExportParams(kListParams.begin(), kListParams.end() - 2);

RouteDoc Command(const records::Resource& input) {
  RouteDoc d;
  d.input = &input;
  d.output = &LeadResource();
  d.response = DocShape::kOne;
  return d;
}

}  // namespace

void RegisterLeadRoutes(http::Router& router, db::Pool& pool) {
  db::Pool* p = &pool;
  RouteDoc list{&LeadResource(), DocShape::kNone, DocShape::kPage, 200};
  list.query = &kListParams;
  router.Add({"GET", "/leads", [p](RequestContext& ctx) { return ListLeads(*p, ctx); },
              "leads.read", "none",
              "The leads in the caller's lead scope, newest first, filtered (keyset pages)",
              BodyKind::kNone, RowKind::kNone, list})
      << http::Documents{422};
  RouteDoc csv{nullptr, DocShape::kNone, DocShape::kObject, 200};
  csv.query = &kExportParams;
  csv.media = {"text/csv"};
  router.Add({"GET", "/leads/export.csv", [p](RequestContext& ctx) { return ExportLeads(*p, ctx); },
              "leads.read", "none",
              "The leads of the list's filters as CSV (at most 100000 rows; audited as an "
              "export)",
              BodyKind::kNone, RowKind::kNone, csv})
      << http::Documents{422};
  router.Add({"GET", "/leads/{id}", [p](RequestContext& ctx) { return ReadLead(*p, ctx); },
              "leads.read", "none", "A lead within the caller's lead scope, with its touches",
              BodyKind::kNone, RowKind::kLead,
              RouteDoc{&LeadResource(), DocShape::kNone, DocShape::kOne, 200}});
  router.Add({"POST", "/leads/{id}/stage",
              [p](RequestContext& ctx) { return ChangeStage(*p, ctx); }, "leads.write", "write",
              "Move a lead along the pipeline (illegal moves 409; lost needs a reason)",
              BodyKind::kJson, RowKind::kLead, Command(StageChangeResource())})
      << http::Documents{409};
  router.Add({"POST", "/leads/{id}/merge", [p](RequestContext& ctx) { return MergeLeads(*p, ctx); },
              "leads.write", "write",
              "Merge a duplicate into this lead: its touches and activities move here, it is "
              "marked merged_into and deleted",
              BodyKind::kJson, RowKind::kLead, Command(MergeResource())});
}

}  // namespace imedic::marketing
