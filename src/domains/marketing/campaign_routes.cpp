#include "domains/marketing/campaign_routes.hpp"

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/rfc3339.hpp"
#include "core/uuid.hpp"
#include "db/in_transaction.hpp"
#include "domains/marketing/campaign_resources.hpp"
#include "domains/marketing/lead_request.hpp"
#include "domains/marketing/sql/queries.hpp"
#include "domains/privacy/record_hooks.hpp"
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
using records::Arg;

// Campaigns have no owner: every holder of the route's permission reaches
// every campaign (the permission is the whole rule), so every caller's
// scope is 'all'. The condition still names the caller and the scope, the
// placeholders the engine's statements bind first.
std::string AnyCampaign(std::vector<Arg>& args, std::string_view /*alias*/, bool /*for_write*/) {
  return "(" + records::Placeholder(args, Arg::kCaller) + "::uuid IS NOT NULL AND " +
         records::Placeholder(args, Arg::kScope) + "::text = 'all')";
}
std::string NoGuard(std::vector<Arg>& /*args*/) { return "TRUE"; }
std::string AllScope(const core::Principal& /*caller*/, bool /*write*/) { return "all"; }

const records::RowOwner kCampaignOwner{
    .scope_condition = AnyCampaign, .create_guard = NoGuard, .scope_text = AllScope};

records::Binding CampaignBinding() {
  return records::Binding{
      .resource = &CampaignResource(),
      .owner = &kCampaignOwner,
      .audit = privacy::RecordAuditSql,
      .row_checks = {{"b.end_date IS NULL OR b.start_date IS NULL OR b.end_date >= b.start_date",
                      "end_date", "must not be before start_date"}}};
}

// A campaign's status machine refusal (migration 0029) named on the field.
core::Error ExplainCampaignError(core::Error e) {
  if (e.constraint == "marketing_campaigns_status_transition") {
    core::Error out(e.code,
                    "the campaign cannot move to this status (draft → active ⇄ paused → "
                    "completed; completed is final)",
                    {{"status", "not a move the status machine allows"}},
                    std::move(e.internal_detail));
    out.constraint = "marketing_campaigns_status_transition";
    return out;
  }
  return e;
}

bool IsDay(std::string_view s) { return s.size() == 10 && core::ParseFullDate(s).has_value(); }

// A command's documentation: its body (none for a read) and its answer.
RouteDoc Doc(const records::Resource* input, const records::Resource& output, DocShape response,
             int status) {
  RouteDoc d;
  d.input = input;
  d.output = &output;
  d.response = response;
  d.status = status;
  return d;
}

// ---------------------------------------------------------------------------
// Spend
// ---------------------------------------------------------------------------

core::Result<Response> PutSpend(db::Pool& pool, RequestContext& ctx) {
  const std::string id(ctx.params.Get("id"));
  if (!core::IsUuid(id)) return core::Fail(core::Error::NotFound());
  auto body = records::ParseAndValidateBody(SpendResource(), ctx.request.body);
  if (!body) return core::Fail(body.error());
  const LeadCaller c = LeadCallerOf(ctx);
  auto conn = pool.Acquire();
  if (!conn) return core::Fail(conn.error());
  auto r = (*conn)->Execute(
      sql::kUpsertCampaignSpend,
      db::Params{id, (*body)["day"].get<std::string>(), (*body)["source"].get<std::string>(),
                 (*body)["amount_minor"].get<std::int64_t>(),
                 (*body)["currency"].get<std::string>(), c.user_id, c.role, c.request_id, c.ip});
  if (!r) return core::Fail(r.error());
  if (r->rows() != 1) return core::Fail(core::Error::NotFound());
  if (r->Get(0, 1) == "currency") {
    return core::Fail(core::Error::InvalidInput("spend is recorded in the campaign's currency",
                                                {{"currency", "not the campaign's"}}));
  }
  return Response::Json(200, std::string(r->Get(0, 0)));
}

core::Result<Response> ListSpend(db::Pool& pool, RequestContext& ctx) {
  const std::string id(ctx.params.Get("id"));
  if (!core::IsUuid(id)) return core::Fail(core::Error::NotFound());
  auto query = http::ParseQueryString(ctx.request.query);
  if (!query) return core::Fail(core::Error(core::ErrorCode::kMalformed, "bad query string"));
  std::optional<std::string> from, to;
  std::vector<core::FieldError> errors;
  for (const auto& [key, value] : *query) {
    if (key == "from" || key == "to") {
      if (!IsDay(value)) errors.push_back({key, "a date, YYYY-MM-DD"});
      (key == "from" ? from : to) = value;
    } else {
      errors.push_back({key, "unknown parameter"});
    }
  }
  if (!errors.empty()) {
    return core::Fail(core::Error::InvalidInput("invalid query parameters", std::move(errors)));
  }
  auto conn = pool.Acquire();
  if (!conn) return core::Fail(conn.error());
  auto r = (*conn)->Execute(sql::kListCampaignSpend, db::Params{id, from, to});
  if (!r) return core::Fail(r.error());
  if (r->rows() != 1) return core::Fail(core::Error::NotFound());
  return Response::Json(200, std::string(r->Get(0, 0)));
}

// ---------------------------------------------------------------------------
// UTM mappings
// ---------------------------------------------------------------------------

core::Result<Response> ListMappings(db::Pool& pool, RequestContext& ctx) {
  const std::string id(ctx.params.Get("id"));
  if (!core::IsUuid(id)) return core::Fail(core::Error::NotFound());
  auto conn = pool.Acquire();
  if (!conn) return core::Fail(conn.error());
  auto r = (*conn)->Execute(sql::kListUtmMappings, db::Params{id});
  if (!r) return core::Fail(r.error());
  if (r->rows() != 1) return core::Fail(core::Error::NotFound());
  return Response::Json(200, std::string(r->Get(0, 0)));
}

core::Result<Response> AddMapping(db::Pool& pool, RequestContext& ctx) {
  const std::string id(ctx.params.Get("id"));
  if (!core::IsUuid(id)) return core::Fail(core::Error::NotFound());
  auto body = records::ParseAndValidateBody(UtmMappingResource(), ctx.request.body);
  if (!body) return core::Fail(body.error());
  const LeadCaller c = LeadCallerOf(ctx);
  auto conn = pool.Acquire();
  if (!conn) return core::Fail(conn.error());
  auto r = (*conn)->Execute(sql::kAddUtmMapping,
                            db::Params{id, (*body)["utm_campaign"].get<std::string>(), c.user_id,
                                       c.role, c.request_id, c.ip});
  if (!r) {
    core::Error e = r.error();
    if (e.code == core::ErrorCode::kConflict) {
      e.public_message = "this utm_campaign value is mapped already";
      e.fields = {{"utm_campaign", "is mapped to a campaign already"}};
    }
    return core::Fail(e);
  }
  if (r->rows() != 1) return core::Fail(core::Error::NotFound());
  return Response::Json(201, std::string(r->Get(0, 0)));
}

core::Result<Response> RemoveMapping(db::Pool& pool, RequestContext& ctx) {
  const std::string id(ctx.params.Get("id"));
  if (!core::IsUuid(id)) return core::Fail(core::Error::NotFound());
  const LeadCaller c = LeadCallerOf(ctx);
  auto conn = pool.Acquire();
  if (!conn) return core::Fail(conn.error());
  auto r = (*conn)->Execute(sql::kRemoveUtmMapping,
                            db::Params{id, std::string(ctx.params.Get("utm_campaign")), c.user_id,
                                       c.role, c.request_id, c.ip});
  if (!r) return core::Fail(r.error());
  if (r->rows() != 1) return core::Fail(core::Error::NotFound());
  Response gone;
  gone.status = 204;
  return gone;
}

// ---------------------------------------------------------------------------
// The report
// ---------------------------------------------------------------------------

core::Result<Response> Report(db::Pool& pool, RequestContext& ctx) {
  auto query = http::ParseQueryString(ctx.request.query);
  if (!query) return core::Fail(core::Error(core::ErrorCode::kMalformed, "bad query string"));
  std::string model = "last_touch";
  std::optional<std::string> from, to;
  std::vector<core::FieldError> errors;
  for (const auto& [key, value] : *query) {
    if (key == "model") {
      if (value != "first_touch" && value != "last_touch" && value != "position_based") {
        errors.push_back({key, "first_touch, last_touch or position_based"});
      }
      model = value;
    } else if (key == "from" || key == "to") {
      if (!IsDay(value)) errors.push_back({key, "a date, YYYY-MM-DD"});
      (key == "from" ? from : to) = value;
    } else {
      errors.push_back({key, "unknown parameter"});
    }
  }
  if (!from) errors.push_back({"from", "is required (YYYY-MM-DD)"});
  if (!to) errors.push_back({"to", "is required (YYYY-MM-DD)"});
  if (errors.empty() && *to < *from) errors.push_back({"to", "must not be before from"});
  if (!errors.empty()) {
    return core::Fail(core::Error::InvalidInput("invalid query parameters", std::move(errors)));
  }
  auto conn = pool.Acquire();
  if (!conn) return core::Fail(conn.error());
  auto r = (*conn)->Execute(sql::kCampaignReport, db::Params{model, *from, *to});
  if (!r) return core::Fail(r.error());
  return Response::Json(200, std::string(r->Get(0, 0)));
}

const std::vector<http::DocParam> kSpendParams = {
    {"from", "string", "first day (YYYY-MM-DD), inclusive"},
    {"to", "string", "last day (YYYY-MM-DD), inclusive"},
};
const std::vector<http::DocParam> kReportParams = {
    {"model", "string", "first_touch, last_touch (default) or position_based (40/20/40)"},
    {"from", "string", "first day of lead creation and spend (YYYY-MM-DD), required"},
    {"to", "string", "last day, inclusive (YYYY-MM-DD), required"},
};

}  // namespace

void RegisterCampaignRoutes(http::Router& router, db::Pool& pool, records::RecordService& records) {
  db::Pool* p = &pool;
  const records::BoundTable& t = records.Bind(CampaignBinding(), "created_at.desc");
  const records::Resource* r = t.binding.resource;
  router.Add({"GET", "/campaigns",
              [&records, &t](RequestContext& ctx) { return records.List(t, ctx, "/campaigns"); },
              "campaigns.read", "none", "List campaigns (filters, sorting, pages)", BodyKind::kNone,
              RowKind::kNone, RouteDoc{r, DocShape::kNone, DocShape::kPage, 200}});
  router.Add({"POST", "/campaigns",
              [&records, &t](RequestContext& ctx) {
                // A campaign has no owner row: the key only has to be a valid id.
                return records.Create(t, ctx, ctx.principal->user_id);
              },
              "campaigns.write", "write", "Create a campaign (status draft unless given)",
              BodyKind::kJson, RowKind::kNone,
              RouteDoc{r, DocShape::kCreate, DocShape::kOne, 201}});
  RouteDoc report = Doc(nullptr, CampaignReportRowResource(), DocShape::kList, 200);
  report.query = &kReportParams;
  router.Add({"GET", "/campaigns/report", [p](RequestContext& ctx) { return Report(*p, ctx); },
              "analytics.read", "none",
              "Per campaign under an attribution model: leads, qualified, consultations, "
              "conversions, bookings, revenue, spend, cost per lead and acquisition, ROAS",
              BodyKind::kNone, RowKind::kNone, report})
      << http::Documents{422};
  router.Add(
      {"GET", "/campaigns/{id}",
       [&records, &t](RequestContext& ctx) { return records.Read(t, ctx, ctx.params.Get("id")); },
       "campaigns.read", "none", "Read a campaign", BodyKind::kNone, RowKind::kNone,
       RouteDoc{r, DocShape::kNone, DocShape::kOne, 200}});
  router.Add({"PATCH", "/campaigns/{id}",
              [&records, &t](RequestContext& ctx) -> core::Result<Response> {
                auto out = records.Patch(t, ctx, ctx.params.Get("id"));
                if (!out) return core::Fail(ExplainCampaignError(out.error()));
                return out;
              },
              "campaigns.write", "write",
              "Change a campaign (JSON merge patch; status moves draft → active ⇄ paused → "
              "completed, others 409)",
              BodyKind::kJson, RowKind::kNone,
              RouteDoc{.resource = r,
                       .request = DocShape::kPatch,
                       .response = DocShape::kOne,
                       .status = 200,
                       .if_match = true}})
      << http::Documents{409};
  RouteDoc spend_list = Doc(nullptr, SpendResource(), DocShape::kList, 200);
  spend_list.query = &kSpendParams;
  router.Add({"GET", "/campaigns/{id}/spend",
              [p](RequestContext& ctx) { return ListSpend(*p, ctx); }, "campaigns.read", "none",
              "A campaign's daily spend entries, by day and source", BodyKind::kNone,
              RowKind::kNone, spend_list})
      << http::Documents{422};
  router.Add({"POST", "/campaigns/{id}/spend",
              [p](RequestContext& ctx) { return PutSpend(*p, ctx); }, "campaigns.write", "write",
              "Record a day's spend from one source (the same day and source again corrects it)",
              BodyKind::kJson, RowKind::kNone,
              Doc(&SpendResource(), SpendResource(), DocShape::kOne, 200)});
  router.Add({"GET", "/campaigns/{id}/utm-mappings",
              [p](RequestContext& ctx) { return ListMappings(*p, ctx); }, "campaigns.read", "none",
              "The utm_campaign values mapped to a campaign", BodyKind::kNone, RowKind::kNone,
              Doc(nullptr, UtmMappingResource(), DocShape::kList, 200)});
  router.Add({"POST", "/campaigns/{id}/utm-mappings",
              [p](RequestContext& ctx) { return AddMapping(*p, ctx); }, "campaigns.write", "write",
              "Map a utm_campaign value to a campaign (touches captured from now on carry it; "
              "409 when the value is mapped already)",
              BodyKind::kJson, RowKind::kNone,
              Doc(&UtmMappingResource(), UtmMappingResource(), DocShape::kOne, 201)})
      << http::Documents{409};
  router.Add({"DELETE", "/campaigns/{id}/utm-mappings/{utm_campaign}",
              [p](RequestContext& ctx) { return RemoveMapping(*p, ctx); }, "campaigns.write",
              "write", "Unmap a utm_campaign value from a campaign", BodyKind::kNone,
              RowKind::kNone, RouteDoc{nullptr, DocShape::kNone, DocShape::kNone, 204}});
}

}  // namespace imedic::marketing
