#include "domains/marketing/experiment_routes.hpp"

#include <charconv>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/uuid.hpp"
#include "db/in_transaction.hpp"
#include "domains/marketing/experiment_math.hpp"
#include "domains/marketing/experiment_resources.hpp"
#include "domains/marketing/lead_request.hpp"
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

constexpr double kAlpha = 0.05;

core::Result<Response> ReadExperimentJson(db::Connection& conn, const std::string& id, int status) {
  auto r = conn.Execute(sql::kReadExperiment, db::Params{id});
  if (!r) return core::Fail(r.error());
  if (r->rows() != 1) return core::Fail(core::Error::NotFound());
  return Response::Json(status, std::string(r->Get(0, 0)));
}

core::Result<Response> CreateExperiment(db::Pool& pool, RequestContext& ctx) {
  auto body = records::ParseAndValidateBody(NewExperimentResource(), ctx.request.body);
  if (!body) return core::Fail(body.error());
  std::optional<int> planned;
  if (auto it = body->find("planned_per_variant"); it != body->end() && it->is_number_integer()) {
    planned = it->get<int>();
  }
  const LeadCaller c = LeadCallerOf(ctx);
  return db::InTransaction(pool, [&](db::Connection& conn) -> core::Result<Response> {
    auto r = conn.Execute(
        sql::kCreateExperiment,
        db::Params{(*body)["name"].get<std::string>(), (*body)["kind"].get<std::string>(), planned,
                   (*body)["variants"].dump(), c.user_id, c.role, c.request_id, c.ip});
    if (!r) {
      if (r.error().constraint == "experiments_name_key") {
        return core::Fail(core::Error(core::ErrorCode::kConflict, "the name is taken",
                                      {{"name", "another experiment has this name"}}, {}));
      }
      return core::Fail(r.error());
    }
    const std::string id(r->Get(0, 0));
    auto out = ReadExperimentJson(conn, id, 201);
    if (out) out->headers.emplace_back("location", "/experiments/" + id);
    return out;
  });
}

core::Result<Response> ListExperiments(db::Pool& pool) {
  auto conn = pool.Acquire();
  if (!conn) return core::Fail(conn.error());
  auto r = (*conn)->Execute(sql::kListExperiments);
  if (!r) return core::Fail(r.error());
  return Response::Json(200, std::string(r->Get(0, 0)));
}

core::Result<Response> ReadExperiment(db::Pool& pool, RequestContext& ctx) {
  const std::string id(ctx.params.Get("id"));
  if (!core::IsUuid(id)) return core::Fail(core::Error::NotFound());
  auto conn = pool.Acquire();
  if (!conn) return core::Fail(conn.error());
  return ReadExperimentJson(**conn, id, 200);
}

core::Result<Response> ChangeStatus(db::Pool& pool, RequestContext& ctx) {
  const std::string id(ctx.params.Get("id"));
  if (!core::IsUuid(id)) return core::Fail(core::Error::NotFound());
  const LeadCaller c = LeadCallerOf(ctx);
  return db::InTransaction(pool, [&](db::Connection& conn) -> core::Result<Response> {
    auto found = conn.Execute(sql::kReadExperiment, db::Params{id});
    if (!found) return core::Fail(found.error());
    if (found->rows() != 1) return core::Fail(core::Error::NotFound());
    auto body = records::ParseAndValidateBody(ExperimentStatusResource(), ctx.request.body);
    if (!body) return core::Fail(body.error());
    const std::string to = (*body)["status"].get<std::string>();
    const std::string from = to == "running" ? "draft" : "running";
    auto r = conn.Execute(sql::kSetExperimentStatus,
                          db::Params{id, to, from, c.user_id, c.role, c.request_id, c.ip});
    if (!r) return core::Fail(r.error());
    if (r->rows() != 1) {
      return core::Fail(core::Error(
          core::ErrorCode::kConflict, "an experiment goes draft → running → stopped",
          {{"status", to == "running" ? "only a draft starts" : "only a running one stops"}}, {}));
    }
    return ReadExperimentJson(conn, id, 200);
  });
}

core::Result<std::string> LeadOf(const records::Resource& resource, std::string_view body) {
  auto parsed = records::ParseAndValidateBody(resource, body);
  if (!parsed) return core::Fail(parsed.error());
  return (*parsed)["lead_id"].get<std::string>();
}

core::Result<Response> RecordExposure(db::Pool& pool, RequestContext& ctx) {
  const std::string id(ctx.params.Get("id"));
  if (!core::IsUuid(id)) return core::Fail(core::Error::NotFound());
  const LeadCaller c = LeadCallerOf(ctx);
  return db::InTransaction(pool, [&](db::Connection& conn) -> core::Result<Response> {
    auto lead = LeadOf(ExperimentLeadResource(), ctx.request.body);
    if (!lead) {
      // The experiment's existence decides first: 404 whatever the body.
      auto seen = conn.Execute(sql::kReadExperiment, db::Params{id});
      if (seen && seen->rows() != 1) return core::Fail(core::Error::NotFound());
      return core::Fail(lead.error());
    }
    auto e = conn.Execute(sql::kExperimentForExposure, db::Params{id, *lead});
    if (!e) return core::Fail(e.error());
    if (e->rows() != 1) return core::Fail(core::Error::NotFound());
    if (e->Get(0, 0) != "running") {
      return core::Fail(core::Error::Conflict("exposures are recorded only while it runs"));
    }
    if (e->Get(0, 3) != "t") {
      return core::Fail(
          core::Error::InvalidInput("invalid request body", {{"lead_id", "no such lead"}}));
    }
    const auto names = json::parse(e->Get(0, 1)).get<std::vector<std::string>>();
    const auto weights = json::parse(e->Get(0, 2)).get<std::vector<int>>();
    const std::string& variant = names[AssignVariant(id, *lead, weights)];
    auto r = conn.Execute(sql::kRecordExposure,
                          db::Params{id, *lead, variant, c.user_id, c.role, c.request_id, c.ip});
    if (!r) return core::Fail(r.error());
    return Response::Json(200, std::string(r->Get(0, 0)));
  });
}

core::Result<Response> RecordConversion(db::Pool& pool, RequestContext& ctx) {
  const std::string id(ctx.params.Get("id"));
  if (!core::IsUuid(id)) return core::Fail(core::Error::NotFound());
  const LeadCaller c = LeadCallerOf(ctx);
  return db::InTransaction(pool, [&](db::Connection& conn) -> core::Result<Response> {
    auto e = conn.Execute(sql::kReadExperiment, db::Params{id});
    if (!e) return core::Fail(e.error());
    if (e->rows() != 1) return core::Fail(core::Error::NotFound());
    auto lead = LeadOf(ExperimentLeadResource(), ctx.request.body);
    if (!lead) return core::Fail(lead.error());
    if (json::parse(e->Get(0, 0)).value("status", "") != "running") {
      return core::Fail(core::Error::Conflict("conversions are recorded only while it runs"));
    }
    auto r = conn.Execute(sql::kRecordConversion,
                          db::Params{id, *lead, c.user_id, c.role, c.request_id, c.ip});
    if (!r) return core::Fail(r.error());
    if (r->rows() != 1) {
      return core::Fail(core::Error::InvalidInput(
          "invalid request body", {{"lead_id", "the lead was not shown this experiment"}}));
    }
    return Response::Json(200, std::string(r->Get(0, 0)));
  });
}

json Number(std::optional<double> v) { return v ? json(*v) : json(nullptr); }

core::Result<Response> Report(db::Pool& pool, RequestContext& ctx) {
  const std::string id(ctx.params.Get("id"));
  if (!core::IsUuid(id)) return core::Fail(core::Error::NotFound());
  auto conn = pool.Acquire();
  if (!conn) return core::Fail(conn.error());
  auto e = (*conn)->Execute(sql::kReadExperiment, db::Params{id});
  if (!e) return core::Fail(e.error());
  if (e->rows() != 1) return core::Fail(core::Error::NotFound());
  const json experiment = json::parse(e->Get(0, 0));
  auto counts = (*conn)->Execute(sql::kExperimentCounts, db::Params{id});
  if (!counts) return core::Fail(counts.error());
  const int k = counts->rows();
  const json& planned = experiment["planned_per_variant"];
  bool ready = planned.is_number();
  for (int i = 0; i < k && ready; ++i) {
    ready = std::stoll(std::string(counts->Get(i, 2))) >= planned.get<long long>();
  }
  // Bonferroni: k − 1 comparisons with the control share the 5%.
  const double alpha = kAlpha / std::max(1, k - 1);
  const std::int64_t n0 = k > 0 ? std::stoll(std::string(counts->Get(0, 2))) : 0;
  const std::int64_t x0 = k > 0 ? std::stoll(std::string(counts->Get(0, 3))) : 0;
  json variants = json::array();
  bool any_significant = false;
  for (int i = 0; i < k; ++i) {
    const std::int64_t n = std::stoll(std::string(counts->Get(i, 2)));
    const std::int64_t x = std::stoll(std::string(counts->Get(i, 3)));
    json v = {{"name", std::string(counts->Get(i, 0))},
              {"control", i == 0},
              {"exposures", n},
              {"conversions", x},
              {"conversion_rate", n > 0 ? static_cast<double>(x) / static_cast<double>(n) : 0.0}};
    if (i == 0) {
      for (const char* key : {"lift", "ci_low", "ci_high", "z", "p_value", "significant"}) {
        v[key] = nullptr;
      }
    } else {
      const VariantComparison cmp = CompareToControl(n0, x0, n, x);
      v["lift"] = cmp.lift;
      v["ci_low"] = cmp.ci_low;
      v["ci_high"] = cmp.ci_high;
      v["z"] = Number(cmp.z);
      v["p_value"] = Number(cmp.p_value);
      v["significant"] = nullptr;
      if (ready) {
        const bool significant = cmp.p_value && *cmp.p_value < alpha;
        v["significant"] = significant;
        any_significant = any_significant || significant;
      }
    }
    variants.push_back(std::move(v));
  }
  json out = {{"experiment_id", id},
              {"planned_per_variant", planned},
              {"alpha", alpha},
              {"variants", std::move(variants)}};
  if (!planned.is_number()) {
    out["verdict"] = "no_plan";
    out["warning"] =
        "no planned sample size: without one, stopping when the p-value first dips below "
        "alpha (peeking) finds a difference that is not there far more often than alpha; set "
        "planned_per_variant from GET /experiments/sample-size";
  } else if (!ready) {
    out["verdict"] = "collecting";
    out["warning"] =
        "a variant has not reached its planned sample: the p-values shown are not a result "
        "yet, and acting on them now (peeking) inflates the false-positive rate";
  } else {
    out["verdict"] = any_significant ? "significant" : "not_significant";
    out["warning"] = nullptr;
  }
  return Response::Json(200, out.dump());
}

// A number in (lo, hi) from the query, or an error naming the parameter.
std::optional<double> Between(std::string_view text, double lo, double hi) {
  double v = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (text.empty() || ec != std::errc() || ptr != text.data() + text.size() || !(v > lo) ||
      !(v < hi)) {
    return std::nullopt;
  }
  return v;
}

core::Result<Response> SampleSize(RequestContext& ctx) {
  auto query = http::ParseQueryString(ctx.request.query);
  if (!query) return core::Fail(core::Error(core::ErrorCode::kMalformed, "bad query string"));
  std::optional<double> baseline, mde, alpha = 0.05, power = 0.8, variants = 2;
  std::vector<core::FieldError> errors;
  bool has_baseline = false, has_mde = false;
  for (const auto& [key, value] : *query) {
    if (key == "baseline") {
      has_baseline = true;
      baseline = Between(value, 0, 1);
      if (!baseline) errors.push_back({key, "a rate between 0 and 1 (exclusive)"});
    } else if (key == "mde") {
      has_mde = true;
      mde = Between(value, -1, 1);
      if (!mde || *mde == 0) errors.push_back({key, "a non-zero change between -1 and 1"});
    } else if (key == "alpha") {
      alpha = Between(value, 0, 0.5);
      if (!alpha) errors.push_back({key, "between 0 and 0.5 (exclusive)"});
    } else if (key == "power") {
      power = Between(value, 0.5, 1);
      if (!power) errors.push_back({key, "between 0.5 and 1 (exclusive)"});
    } else if (key == "variants") {
      variants = Between(value, 1, 11);
      if (!variants || *variants != static_cast<int>(*variants)) {
        errors.push_back({key, "an integer from 2 to 10"});
      }
    } else {
      errors.push_back({key, "unknown parameter"});
    }
  }
  if (!has_baseline) errors.push_back({"baseline", "required"});
  if (!has_mde) errors.push_back({"mde", "required"});
  if (errors.empty() && (*baseline + *mde <= 0 || *baseline + *mde >= 1)) {
    errors.push_back({"mde", "baseline + mde must stay between 0 and 1"});
  }
  if (!errors.empty()) {
    return core::Fail(core::Error::InvalidInput("invalid query parameters", std::move(errors)));
  }
  const int k = static_cast<int>(*variants);
  // More than one comparison with the control: Bonferroni, as the report.
  const std::int64_t n = SampleSizePerVariant(*baseline, *mde, *alpha / (k - 1), *power);
  return Response::Json(200, json{{"per_variant", n},
                                  {"total", n * k},
                                  {"baseline", *baseline},
                                  {"mde", *mde},
                                  {"alpha", *alpha},
                                  {"power", *power},
                                  {"variants", k}}
                                 .dump());
}

RouteDoc Command(const records::Resource& input, const records::Resource& output, int status) {
  RouteDoc d;
  d.input = &input;
  d.output = &output;
  d.response = DocShape::kOne;
  d.status = status;
  return d;
}

const std::vector<http::DocParam> kSampleSizeParams = {
    {"baseline", "number", "the control's conversion rate, 0–1 (required)"},
    {"mde", "number", "the absolute change to detect, e.g. 0.02 (required)"},
    {"alpha", "number", "two-sided significance level (default 0.05)"},
    {"power", "number", "power (default 0.8)"},
    {"variants", "integer", "variants including the control, 2–10 (default 2)"},
};

}  // namespace

void RegisterExperimentRoutes(http::Router& router, db::Pool& pool) {
  db::Pool* p = &pool;
  // Before /experiments/{id}: the literal path matches first.
  RouteDoc sample{&SampleSizeResource(), DocShape::kNone, DocShape::kOne, 200};
  sample.query = &kSampleSizeParams;
  router.Add({"GET", "/experiments/sample-size",
              [](RequestContext& ctx) { return SampleSize(ctx); }, "experiments.read", "none",
              "Leads per variant to detect a change of the conversion rate (two-proportion "
              "test)",
              BodyKind::kNone, RowKind::kNone, sample})
      << http::Documents{422};
  router.Add({"POST", "/experiments",
              [p](RequestContext& ctx) { return CreateExperiment(*p, ctx); }, "experiments.write",
              "write",
              "Create an A/B/n experiment (a draft) with weighted variants, the control first",
              BodyKind::kJson, RowKind::kNone,
              Command(NewExperimentResource(), ExperimentResource(), 201)})
      << http::Documents{409};
  RouteDoc list;
  list.output = &ExperimentResource();
  list.response = DocShape::kList;
  router.Add({"GET", "/experiments", [p](RequestContext&) { return ListExperiments(*p); },
              "experiments.read", "none", "The experiments, newest first (at most 200)",
              BodyKind::kNone, RowKind::kNone, list});
  router.Add({"GET", "/experiments/{id}",
              [p](RequestContext& ctx) { return ReadExperiment(*p, ctx); }, "experiments.read",
              "none", "An experiment with its variants", BodyKind::kNone, RowKind::kNone,
              RouteDoc{&ExperimentResource(), DocShape::kNone, DocShape::kOne, 200}});
  router.Add({"POST", "/experiments/{id}/status",
              [p](RequestContext& ctx) { return ChangeStatus(*p, ctx); }, "experiments.write",
              "write", "Start (draft → running) or stop (running → stopped) an experiment",
              BodyKind::kJson, RowKind::kNone,
              Command(ExperimentStatusResource(), ExperimentResource(), 200)})
      << http::Documents{409};
  router.Add(
      {"POST", "/experiments/{id}/exposures",
       [p](RequestContext& ctx) { return RecordExposure(*p, ctx); }, "experiments.write", "write",
       "Assign a lead its variant (sticky: SHA-256 of the experiment and lead ids over "
       "the weights) and record that it was shown; again: the same exposure",
       BodyKind::kJson, RowKind::kNone, Command(ExperimentLeadResource(), ExposureResource(), 200)})
      << http::Documents{409};
  router.Add(
      {"POST", "/experiments/{id}/conversions",
       [p](RequestContext& ctx) { return RecordConversion(*p, ctx); }, "experiments.write", "write",
       "Record that an exposed lead converted (a lead reaching the converted stage is "
       "recorded by itself)",
       BodyKind::kJson, RowKind::kNone, Command(ExperimentLeadResource(), ExposureResource(), 200)})
      << http::Documents{409};
  router.Add({"GET", "/experiments/{id}/report",
              [p](RequestContext& ctx) { return Report(*p, ctx); }, "experiments.read", "none",
              "Conversion per variant, absolute lift against the control with its 95% interval "
              "and z-test p-value; a verdict only once the planned sample is reached",
              BodyKind::kNone, RowKind::kNone,
              RouteDoc{&ExperimentReportResource(), DocShape::kNone, DocShape::kOne, 200}});
}

}  // namespace imedic::marketing
