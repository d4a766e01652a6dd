#include "domains/marketing/activity_routes.hpp"

#include <algorithm>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/uuid.hpp"
#include "db/in_transaction.hpp"
#include "db/text_array.hpp"
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
constexpr LeadPageRules kPaging{"activity.created_at.desc,id.desc", 200};

core::Result<bool> LeadSeen(db::Connection& conn, const std::string& lead, const LeadCaller& c) {
  auto r = conn.Execute(sql::kLeadInScope, db::Params{lead, c.user_id, c.scope});
  if (!r) return core::Fail(r.error());
  return r->rows() == 1;
}

core::Result<Response> AddActivity(db::Pool& pool, RequestContext& ctx) {
  const std::string lead(ctx.params.Get("id"));
  if (!core::IsUuid(lead)) return core::Fail(core::Error::NotFound());
  const LeadCaller c = LeadCallerOf(ctx);
  return db::InTransaction(pool, [&](db::Connection& conn) -> core::Result<Response> {
    auto seen = LeadSeen(conn, lead, c);
    if (!seen) return core::Fail(seen.error());
    if (!*seen) return core::Fail(core::Error::NotFound());
    auto body = records::ParseAndValidateBody(NewActivityResource(), ctx.request.body);
    if (!body) return core::Fail(body.error());
    const std::string kind = (*body)["kind"].get<std::string>();
    const auto due = http::OptionalString(*body, "due_at");
    if (due && kind != "task") {
      return core::Fail(core::Error::InvalidInput("invalid request body",
                                                  {{"due_at", "only a task has a due time"}}));
    }
    auto r = conn.Execute(sql::kInsertLeadActivity,
                          db::Params{lead, kind, (*body)["body"].get<std::string>(), due, c.user_id,
                                     c.role, c.request_id, c.ip});
    if (!r) return core::Fail(ExplainLeadError(r.error()));
    json out = json::parse(r->Get(0, 0));
    Response resp = Response::Json(201, out.dump());
    resp.headers.emplace_back("location", "/lead-activities/" + out.value("id", std::string()));
    return resp;
  });
}

core::Result<Response> ListActivities(db::Pool& pool, RequestContext& ctx) {
  const std::string lead(ctx.params.Get("id"));
  if (!core::IsUuid(lead)) return core::Fail(core::Error::NotFound());
  auto query = http::ParseQueryString(ctx.request.query);
  if (!query) return core::Fail(core::Error(core::ErrorCode::kMalformed, "bad query string"));
  LeadPage page{kDefaultLimit, std::nullopt, std::nullopt};
  std::vector<core::FieldError> errors;
  for (const auto& [key, value] : *query) {
    if (!ReadLeadPageParam(key, value, kPaging, page, errors)) {
      errors.push_back({key, "unknown parameter"});
    }
  }
  const LeadCaller c = LeadCallerOf(ctx);
  auto conn = pool.Acquire();
  if (!conn) return core::Fail(conn.error());
  auto seen = LeadSeen(**conn, lead, c);
  if (!seen) return core::Fail(seen.error());
  if (!*seen) return core::Fail(core::Error::NotFound());
  if (!errors.empty()) {
    return core::Fail(core::Error::InvalidInput("invalid query parameters", std::move(errors)));
  }
  auto r = (*conn)->Execute(sql::kListLeadActivities,
                            db::Params{lead, page.after_at, page.after_id, page.limit + 1});
  if (!r) return core::Fail(r.error());
  json items = json::array();
  const int shown = std::min(r->rows(), page.limit);
  for (int i = 0; i < shown; ++i) items.push_back(json::parse(r->Get(i, 0)));
  json next = nullptr;
  if (r->rows() > page.limit) {
    next = LeadNextLink("/leads/" + lead + "/activities", *query,
                        LeadCursor(std::string(r->Get(page.limit - 1, 1)),
                                   std::string(r->Get(page.limit - 1, 2)), kPaging));
  }
  return Response::Json(200, json{{"items", std::move(items)}, {"next", std::move(next)}}.dump());
}

core::Result<Response> ChangeActivity(db::Pool& pool, RequestContext& ctx) {
  const std::string id(ctx.params.Get("id"));
  if (!core::IsUuid(id)) return core::Fail(core::Error::NotFound());
  const LeadCaller c = LeadCallerOf(ctx);
  return db::InTransaction(pool, [&](db::Connection& conn) -> core::Result<Response> {
    auto found = conn.Execute(sql::kActivityInScope, db::Params{id, c.user_id, c.scope});
    if (!found) return core::Fail(found.error());
    if (found->rows() != 1) return core::Fail(core::Error::NotFound());
    const std::string kind(found->Get(0, 0));
    auto body = records::ParseAndValidateBody(ActivityPatchResource(), ctx.request.body);
    if (!body) return core::Fail(body.error());
    const auto text = http::OptionalString(*body, "body");
    const auto due = http::OptionalString(*body, "due_at");
    std::optional<bool> completed;
    if (auto it = body->find("completed"); it != body->end() && it->is_boolean()) {
      completed = it->get<bool>();
    }
    std::vector<core::FieldError> errors;
    if (kind == "stage_change") errors.push_back({"body", "a stage change is not edited"});
    if (due && kind != "task") errors.push_back({"due_at", "only a task has a due time"});
    if (completed && kind != "task") errors.push_back({"completed", "only a task is completed"});
    if (!text && !due && !completed) errors.push_back({"body", "nothing to change"});
    if (!errors.empty()) {
      return core::Fail(core::Error::InvalidInput("invalid request body", std::move(errors)));
    }
    std::vector<std::string> changed;
    if (text) changed.emplace_back("body");
    if (due) changed.emplace_back("due_at");
    if (completed) {
      changed.emplace_back("completed_at");
      changed.emplace_back("completed_by");
    }
    auto r = conn.Execute(sql::kUpdateLeadActivity,
                          db::Params{id, text, due, completed, c.user_id, c.role, c.request_id,
                                     c.ip, db::ToTextArray(changed)});
    if (!r) return core::Fail(ExplainLeadError(r.error()));
    return Response::Json(200, std::string(r->Get(0, 0)));
  });
}

const std::vector<http::DocParam> kPageParams = {
    {"limit", "integer", "page size, 1–200 (default 50)"},
    {"cursor", "string", "the `next` link's cursor"},
};

RouteDoc Declared(const records::Resource& input, int status) {
  RouteDoc d;
  d.input = &input;
  d.output = &ActivityResource();
  d.response = DocShape::kOne;
  d.status = status;
  return d;
}

}  // namespace

void RegisterActivityRoutes(http::Router& router, db::Pool& pool) {
  db::Pool* p = &pool;
  router.Add({"POST", "/leads/{id}/activities",
              [p](RequestContext& ctx) { return AddActivity(*p, ctx); }, "leads.write", "write",
              "Record a call, note or task (with a due time) on a lead", BodyKind::kJson,
              RowKind::kLead, Declared(NewActivityResource(), 201)});
  RouteDoc list{&ActivityResource(), DocShape::kNone, DocShape::kPage, 200};
  list.query = &kPageParams;
  router.Add({"GET", "/leads/{id}/activities",
              [p](RequestContext& ctx) { return ListActivities(*p, ctx); }, "leads.read", "none",
              "A lead's activities, newest first (keyset pages)", BodyKind::kNone, RowKind::kLead,
              list})
      << http::Documents{422};
  router.Add({"PATCH", "/lead-activities/{id}",
              [p](RequestContext& ctx) { return ChangeActivity(*p, ctx); }, "leads.write", "write",
              "Change an activity's text, a task's due time, or complete a task", BodyKind::kJson,
              RowKind::kNone, Declared(ActivityPatchResource(), 200)});
}

}  // namespace imedic::marketing
