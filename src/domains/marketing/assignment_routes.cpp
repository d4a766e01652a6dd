#include "domains/marketing/assignment_routes.hpp"

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/uuid.hpp"
#include "core/validate/country.hpp"
#include "core/validate/language.hpp"
#include "db/in_transaction.hpp"
#include "db/text_array.hpp"
#include "domains/marketing/lead_request.hpp"
#include "domains/marketing/lead_resources.hpp"
#include "domains/marketing/sql/queries.hpp"
#include "http/json_body.hpp"
#include "records/body_validator.hpp"
#include "records/common_fields.hpp"

namespace imedic::marketing {

namespace {

using http::BodyKind;
using http::DocShape;
using http::RequestContext;
using http::Response;
using http::RouteDoc;
using http::RowKind;
using nlohmann::json;
using records::Access;
using records::FieldType;

constexpr std::size_t kMaxRules = 100;
constexpr std::size_t kMaxMembers = 100;

bool IsTeamName(const json& v) {
  return v.is_string() && !v.get_ref<const std::string&>().empty() &&
         v.get_ref<const std::string&>().size() <= 50;
}

// rules: [{language, country, procedure_interest, team, first_contact_minutes}].
void CheckRules(const json& value, std::string_view prefix, std::vector<core::FieldError>& errors) {
  const std::string name(prefix);
  if (!value.is_array() || value.size() > kMaxRules) {
    errors.push_back({name, "must be an array of at most 100 rules"});
    return;
  }
  for (std::size_t i = 0; i < value.size(); ++i) {
    const json& r = value[i];
    const std::string at = name + "[" + std::to_string(i) + "]";
    if (!r.is_object()) {
      errors.push_back({at, "must be an object"});
      continue;
    }
    for (const auto& [key, v] : r.items()) {
      const std::string field = at + "." + key;
      if (key == "team") continue;
      if (v.is_null()) continue;
      if (key == "language") {
        if (!v.is_string() || !core::validate::IsIso639_1(v.get<std::string>())) {
          errors.push_back({field, "an ISO 639-1 language code (e.g. tr) or null"});
        }
      } else if (key == "country") {
        if (!v.is_string() || !core::validate::IsCountryCode(v.get<std::string>())) {
          errors.push_back({field, "an ISO 3166-1 alpha-2 country code or null"});
        }
      } else if (key == "procedure_interest") {
        if (!v.is_string() || v.get_ref<const std::string&>().empty() ||
            v.get_ref<const std::string&>().size() > 100) {
          errors.push_back({field, "1 to 100 characters (a prefix) or null"});
        }
      } else if (key == "first_contact_minutes") {
        if (!v.is_number_integer() || v.get<std::int64_t>() < 1 || v.get<std::int64_t>() > 10080) {
          errors.push_back({field, "an integer from 1 to 10080"});
        }
      } else {
        errors.push_back({field, "unknown field"});
      }
    }
    if (!r.contains("team") || !IsTeamName(r["team"])) {
      errors.push_back({at + ".team", "1 to 50 characters"});
    }
  }
}

json RulesSchema() {
  json nullable_string = {{"type", json::array({"string", "null"})}};
  return {
      {"type", "array"},
      {"maxItems", kMaxRules},
      {"items",
       {{"type", "object"},
        {"required", json::array({"team"})},
        {"additionalProperties", false},
        {"properties",
         {{"language", nullable_string},
          {"country", nullable_string},
          {"procedure_interest", nullable_string},
          {"team", {{"type", "string"}, {"minLength", 1}, {"maxLength", 50}}},
          {"first_contact_minutes", {{"type", "integer"}, {"minimum", 1}, {"maximum", 10080}}}}}}}};
}

// members: [{user_id, max_open_leads, active}].
void CheckMembers(const json& value, std::string_view prefix,
                  std::vector<core::FieldError>& errors) {
  const std::string name(prefix);
  if (!value.is_array() || value.size() > kMaxMembers) {
    errors.push_back({name, "must be an array of at most 100 members"});
    return;
  }
  for (std::size_t i = 0; i < value.size(); ++i) {
    const json& m = value[i];
    const std::string at = name + "[" + std::to_string(i) + "]";
    if (!m.is_object()) {
      errors.push_back({at, "must be an object"});
      continue;
    }
    for (const auto& [key, v] : m.items()) {
      const std::string field = at + "." + key;
      if (key == "user_id") continue;
      if (key == "max_open_leads") {
        if (!v.is_null() && (!v.is_number_integer() || v.get<std::int64_t>() < 1 ||
                             v.get<std::int64_t>() > 100000)) {
          errors.push_back({field, "an integer from 1 to 100000, or null (no cap)"});
        }
      } else if (key == "active") {
        if (!v.is_boolean()) errors.push_back({field, "true or false"});
      } else {
        errors.push_back({field, "unknown field"});
      }
    }
    if (!m.contains("user_id") || !m["user_id"].is_string() ||
        !core::IsUuid(m["user_id"].get<std::string>())) {
      errors.push_back({at + ".user_id", "a UUID"});
    }
  }
}

json MembersSchema() {
  return {{"type", "array"},
          {"maxItems", kMaxMembers},
          {"items",
           {{"type", "object"},
            {"required", json::array({"user_id"})},
            {"additionalProperties", false},
            {"properties",
             {{"user_id", {{"type", "string"}, {"format", "uuid"}}},
              {"max_open_leads",
               {{"type", json::array({"integer", "null"})}, {"minimum", 1}, {"maximum", 100000}}},
              {"active", {{"type", "boolean"}}}}}}}};
}

const records::Resource& RulesResource() {
  static const records::Resource r{
      .name = "LeadAssignmentRules",
      .table = "lead_assignment_rules",
      .description =
          "The assignment rules, tried in order; the first a new lead matches picks "
          "its team",
      .fields = {{.name = "rules",
                  .type = FieldType::kJson,
                  .access = Access::kCreateOnly,
                  .required = true,
                  .nullable = false,
                  .shape = CheckRules,
                  .shape_schema = RulesSchema,
                  .description = "[{language, country, procedure_interest (a prefix), team, "
                                 "first_contact_minutes (default 60)}]; null matches any"}}};
  return r;
}

const records::Resource& TeamResource() {
  static const records::Resource r{
      .name = "LeadTeam",
      .table = "lead_team_members",
      .description = "A sales team's reps, each with an optional cap on the open leads they hold",
      .fields = {{.name = "team",
                  .access = Access::kCreateOnly,
                  .required = true,
                  .nullable = false,
                  .min_len = 1,
                  .max_len = 50,
                  .description = "The team a rule names"},
                 {.name = "members",
                  .type = FieldType::kJson,
                  .access = Access::kCreateOnly,
                  .required = true,
                  .nullable = false,
                  .shape = CheckMembers,
                  .shape_schema = MembersSchema,
                  .description = "[{user_id (a sales rep), max_open_leads (null: no cap), "
                                 "active}]; replaces the team's members"}}};
  return r;
}

const records::Resource& AssignResource() {
  static const records::Resource r{
      .name = "LeadAssignment",
      .table = "leads",
      .description = "Who a lead goes to: a sales rep, nobody (null), or the rules (auto)",
      .fields = {{.name = "assigned_to",
                  .type = FieldType::kUuid,
                  .access = Access::kCreateOnly,
                  .description = "A sales rep, or null to unassign"},
                 {.name = "auto",
                  .type = FieldType::kBool,
                  .access = Access::kCreateOnly,
                  .description = "true: assign by the rules and the round-robin instead"}}};
  return r;
}

const records::Resource& AssignmentListResource() {
  static const records::Resource r{
      .name = "LeadAssignmentConfig",
      .table = "lead_assignment_rules",
      .description = "The assignment rules or the teams' members",
      .fields = {records::ServerField("items", FieldType::kJson,
                                      "The rules in order, or every team's members with their "
                                      "open leads and last assignment",
                                      false)}};
  return r;
}

core::Result<Response> ListJson(db::Pool& pool, const db::Query& query) {
  auto conn = pool.Acquire();
  if (!conn) return core::Fail(conn.error());
  auto r = (*conn)->Execute(query, db::Params{});
  if (!r) return core::Fail(r.error());
  return Response::Json(200, json{{"items", json::parse(r->Get(0, 0))}}.dump());
}

core::Result<Response> ReplaceRules(db::Pool& pool, RequestContext& ctx) {
  auto body = records::ParseAndValidateBody(RulesResource(), ctx.request.body);
  if (!body) return core::Fail(body.error());
  const LeadCaller c = LeadCallerOf(ctx);
  return db::InTransaction(pool, [&](db::Connection& conn) -> core::Result<Response> {
    auto r = conn.Execute(
        sql::kReplaceAssignmentRules,
        db::Params{(*body)["rules"].dump(), c.user_id, c.role, c.request_id, c.ip});
    if (!r) return core::Fail(r.error());
    auto list = conn.Execute(sql::kListAssignmentRules, db::Params{});
    if (!list) return core::Fail(list.error());
    return Response::Json(200, json{{"items", json::parse(list->Get(0, 0))}}.dump());
  });
}

core::Result<Response> ReplaceTeam(db::Pool& pool, RequestContext& ctx) {
  auto body = records::ParseAndValidateBody(TeamResource(), ctx.request.body);
  if (!body) return core::Fail(body.error());
  const LeadCaller c = LeadCallerOf(ctx);
  return db::InTransaction(pool, [&](db::Connection& conn) -> core::Result<Response> {
    auto r = conn.Execute(sql::kReplaceTeamMembers,
                          db::Params{(*body)["team"].get<std::string>(), (*body)["members"].dump(),
                                     c.user_id, c.role, c.request_id, c.ip});
    if (!r) return core::Fail(r.error());
    const auto not_sales = db::ParseTextArray(r->Get(0, 1));
    if (!not_sales.empty()) {
      return core::Fail(core::Error::InvalidInput("every member must be a sales rep",
                                                  {{"members", "not sales reps: " + [&] {
                                                      std::string ids;
                                                      for (const auto& id : not_sales)
                                                        ids += (ids.empty() ? "" : ", ") + id;
                                                      return ids;
                                                    }()}}));
    }
    auto list = conn.Execute(sql::kListTeamMembers, db::Params{});
    if (!list) return core::Fail(list.error());
    return Response::Json(200, json{{"items", json::parse(list->Get(0, 0))}}.dump());
  });
}

core::Result<Response> AssignLead(db::Pool& pool, RequestContext& ctx) {
  const std::string id(ctx.params.Get("id"));
  if (!core::IsUuid(id)) return core::Fail(core::Error::NotFound());
  const LeadCaller c = LeadCallerOf(ctx);
  return db::InTransaction(pool, [&](db::Connection& conn) -> core::Result<Response> {
    auto seen = conn.Execute(sql::kLeadInScope, db::Params{id, c.user_id, c.scope});
    if (!seen) return core::Fail(seen.error());
    if (seen->rows() != 1) return core::Fail(core::Error::NotFound());
    auto body = records::ParseAndValidateBody(AssignResource(), ctx.request.body);
    if (!body) return core::Fail(body.error());
    const bool by_rules = body->value("auto", false);
    if (by_rules == body->contains("assigned_to")) {
      return core::Fail(core::Error::InvalidInput(
          "invalid request body",
          {{"assigned_to", "give either assigned_to (a rep or null) or auto: true"}}));
    }
    if (by_rules) {
      auto r = conn.Execute(sql::kAutoAssignLead,
                            db::Params{id, c.user_id, c.role, c.request_id, c.ip});
      if (!r) return core::Fail(r.error());
      if (r->IsNull(0, 0)) {
        return core::Fail(core::Error(core::ErrorCode::kConflict,
                                      "no assignment rule matches this lead, or every rep of "
                                      "its team is at their cap"));
      }
    } else {
      std::optional<std::string> rep;
      if ((*body)["assigned_to"].is_string()) rep = (*body)["assigned_to"].get<std::string>();
      auto r = conn.Execute(sql::kAssignLead,
                            db::Params{id, rep, c.user_id, c.role, c.request_id, c.ip});
      if (!r) return core::Fail(r.error());
      if (r->rows() != 1) {
        return core::Fail(core::Error::InvalidInput("invalid request body",
                                                    {{"assigned_to", "not a sales rep"}}));
      }
    }
    auto lead = conn.Execute(sql::kLeadJson, db::Params{id});
    if (!lead) return core::Fail(lead.error());
    return Response::Json(200, std::string(lead->Get(0, 0)));
  });
}

RouteDoc Config(const records::Resource* input) {
  RouteDoc d;
  d.input = input;
  d.output = &AssignmentListResource();
  d.response = DocShape::kOne;
  return d;
}

}  // namespace

void RegisterAssignmentRoutes(http::Router& router, db::Pool& pool) {
  db::Pool* p = &pool;
  router.Add({"GET", "/lead-assignment/rules",
              [p](RequestContext&) { return ListJson(*p, sql::kListAssignmentRules); },
              "leads.assignment.manage", "none", "The lead assignment rules, in the order tried",
              BodyKind::kNone, RowKind::kNone, Config(nullptr)});
  router.Add({"PUT", "/lead-assignment/rules",
              [p](RequestContext& ctx) { return ReplaceRules(*p, ctx); }, "leads.assignment.manage",
              "write",
              "Replace the assignment rules (by language, country, procedure interest → team, "
              "with the first-contact time)",
              BodyKind::kJson, RowKind::kNone, Config(&RulesResource())});
  router.Add({"GET", "/lead-assignment/teams",
              [p](RequestContext&) { return ListJson(*p, sql::kListTeamMembers); },
              "leads.assignment.manage", "none",
              "Every sales team's reps with their caps, open leads and last assignment",
              BodyKind::kNone, RowKind::kNone, Config(nullptr)});
  router.Add({"PUT", "/lead-assignment/teams",
              [p](RequestContext& ctx) { return ReplaceTeam(*p, ctx); }, "leads.assignment.manage",
              "write", "Replace one team's reps and their caps (each must hold the sales role)",
              BodyKind::kJson, RowKind::kNone, Config(&TeamResource())});
  RouteDoc assign;
  assign.input = &AssignResource();
  assign.output = &LeadResource();
  assign.response = DocShape::kOne;
  router.Add({"POST", "/leads/{id}/assign",
              [p](RequestContext& ctx) { return AssignLead(*p, ctx); }, "leads.write", "write",
              "Reassign a lead to a sales rep or nobody, or by the rules' round-robin (auto); "
              "audited",
              BodyKind::kJson, RowKind::kLead, assign})
      << http::Documents{409};
}

}  // namespace imedic::marketing
