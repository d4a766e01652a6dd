#include "domains/marketing/scoring_routes.hpp"

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/uuid.hpp"
#include "db/in_transaction.hpp"
#include "domains/marketing/lead_request.hpp"
#include "domains/marketing/scoring_math.hpp"
#include "domains/marketing/scoring_resources.hpp"
#include "domains/marketing/sql/queries.hpp"
#include "http/json_body.hpp"
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

core::Result<Response> ReadScore(db::Pool& pool, RequestContext& ctx) {
  const std::string id(ctx.params.Get("id"));
  if (!core::IsUuid(id)) return core::Fail(core::Error::NotFound());
  const LeadCaller c = LeadCallerOf(ctx);
  auto conn = pool.Acquire();
  if (!conn) return core::Fail(conn.error());
  auto r = (*conn)->Execute(sql::kReadLeadScore, db::Params{id, c.user_id, c.scope});
  if (!r) return core::Fail(r.error());
  if (r->rows() != 1) return core::Fail(core::Error::NotFound());
  return Response::Json(200, std::string(r->Get(0, 0)));
}

core::Result<Response> SetQualification(db::Pool& pool, RequestContext& ctx) {
  const std::string id(ctx.params.Get("id"));
  if (!core::IsUuid(id)) return core::Fail(core::Error::NotFound());
  const LeadCaller c = LeadCallerOf(ctx);
  return db::InTransaction(pool, [&](db::Connection& conn) -> core::Result<Response> {
    auto seen = conn.Execute(sql::kLeadInScope, db::Params{id, c.user_id, c.scope});
    if (!seen) return core::Fail(seen.error());
    if (seen->rows() != 1) return core::Fail(core::Error::NotFound());
    auto body = records::ParseAndValidateBody(QualificationResource(), ctx.request.body);
    if (!body) return core::Fail(body.error());
    std::optional<std::string> amount;
    if (auto it = body->find("budget_amount"); it != body->end() && it->is_number()) {
      amount = it->dump();
    }
    const auto currency = http::OptionalString(*body, "budget_currency");
    if (amount.has_value() != currency.has_value()) {
      return core::Fail(core::Error::InvalidInput("invalid request body",
                                                  {{amount ? "budget_currency" : "budget_amount",
                                                    "a budget is an amount and a currency"}}));
    }
    auto r = conn.Execute(sql::kSetLeadQualification,
                          db::Params{id, amount, currency, http::OptionalString(*body, "timeline"),
                                     c.user_id, c.scope, c.role, c.request_id, c.ip});
    if (!r) return core::Fail(r.error());
    if (r->rows() != 1) return core::Fail(core::Error::NotFound());
    return Response::Json(200, std::string(r->Get(0, 0)));
  });
}

core::Result<Response> ReadConfig(db::Pool& pool) {
  auto conn = pool.Acquire();
  if (!conn) return core::Fail(conn.error());
  auto r = (*conn)->Execute(sql::kReadScoringConfig);
  if (!r) return core::Fail(r.error());
  if (r->rows() != 1) return core::Fail(core::Error::NotFound());
  return Response::Json(200, std::string(r->Get(0, 0)));
}

core::Result<Response> ReplaceConfig(db::Pool& pool, RequestContext& ctx) {
  auto body = records::ParseAndValidateBody(ScoringConfigInput(), ctx.request.body);
  if (!body) return core::Fail(body.error());
  double total = 0;
  for (const auto& [factor, points] : (*body)["weights"].items()) total += points.get<double>();
  // Whole-number arithmetic of the points keeps 100 exact; 1e-9 allows
  // decimal weights that add up to 100 in floating point.
  if (total < 100 - 1e-9 || total > 100 + 1e-9) {
    return core::Fail(core::Error::InvalidInput("invalid request body",
                                                {{"weights", "the points must add up to 100"}}));
  }
  std::optional<int> version;
  if (auto it = body->find("version"); it != body->end() && it->is_number_integer()) {
    version = it->get<int>();
  }
  const json config = {{"weights", (*body)["weights"]},
                       {"target_countries", (*body)["target_countries"]}};
  const LeadCaller c = LeadCallerOf(ctx);
  return db::InTransaction(pool, [&](db::Connection& conn) -> core::Result<Response> {
    auto r = conn.Execute(sql::kReplaceScoringConfig, db::Params{config.dump(), version, c.user_id,
                                                                 c.role, c.request_id, c.ip});
    if (!r) return core::Fail(r.error());
    if (r->rows() != 1) {
      return core::Fail(core::Error::Conflict(
          "the configuration changed since that version was read; read it again"));
    }
    return Response::Json(200, std::string(r->Get(0, 0)));
  });
}

core::Result<Response> ListModels(db::Pool& pool) {
  auto conn = pool.Acquire();
  if (!conn) return core::Fail(conn.error());
  auto r = (*conn)->Execute(sql::kListScoreModels);
  if (!r) return core::Fail(r.error());
  return Response::Json(200, std::string(r->Get(0, 0)));
}

RouteDoc Command(const records::Resource& input, const records::Resource& output) {
  RouteDoc d;
  d.input = &input;
  d.output = &output;
  d.response = DocShape::kOne;
  return d;
}

}  // namespace

void RegisterScoringRoutes(http::Router& router, db::Pool& pool) {
  db::Pool* p = &pool;
  router.Add({"GET", "/leads/{id}/score", [p](RequestContext& ctx) { return ReadScore(*p, ctx); },
              "leads.read", "none",
              "A lead's score (0-100) with the points each factor gave (they add up to it)",
              BodyKind::kNone, RowKind::kLead,
              RouteDoc{&LeadScoreResource(), DocShape::kNone, DocShape::kOne, 200}});
  router.Add(
      {"PUT", "/leads/{id}/qualification",
       [p](RequestContext& ctx) { return SetQualification(*p, ctx); }, "leads.write", "write",
       "Record a lead's budget and timeline (the fit score reads them; re-scored within "
       "a second)",
       BodyKind::kJson, RowKind::kLead, Command(QualificationResource(), QualificationResource())});
  router.Add({"GET", "/lead-scoring/config", [p](RequestContext&) { return ReadConfig(*p); },
              "leads.scoring.manage", "none", "The rule score's weights and target countries",
              BodyKind::kNone, RowKind::kNone,
              RouteDoc{&ScoringConfigResource(), DocShape::kNone, DocShape::kOne, 200}});
  router.Add(
      {"PUT", "/lead-scoring/config", [p](RequestContext& ctx) { return ReplaceConfig(*p, ctx); },
       "leads.scoring.manage", "write",
       "Replace the rule score's weights (adding up to 100) and target countries; every "
       "lead is re-scored",
       BodyKind::kJson, RowKind::kNone, Command(ScoringConfigInput(), ScoringConfigResource())})
      << http::Documents{409};
  RouteDoc models;
  models.output = &ScoreModelResource();
  models.response = DocShape::kList;
  router.Add({"GET", "/lead-scoring/models", [p](RequestContext&) { return ListModels(*p); },
              "leads.scoring.manage", "none",
              "The models `imedic scoring train` stored, newest first, with their holdout AUCs",
              BodyKind::kNone, RowKind::kNone, models});
}

}  // namespace imedic::marketing
