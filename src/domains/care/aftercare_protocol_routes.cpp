#include "domains/care/aftercare_protocol_routes.hpp"

#include <algorithm>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/uuid.hpp"
#include "db/text_array.hpp"
#include "domains/care/aftercare_resources.hpp"
#include "domains/care/care_caller.hpp"
#include "domains/care/sql/queries.hpp"
#include "http/json_body.hpp"
#include "http/query_string.hpp"
#include "records/body_validator.hpp"

namespace imedic::care {

namespace {

using http::BodyKind;
using http::DocShape;
using http::RequestContext;
using http::Response;
using http::RouteDoc;
using http::RowKind;
using nlohmann::json;

// procedures.category's shape as aftercare_protocol_items checks it:
// a lower-case letter, then 1 to 60 lower-case letters or underscores.
bool IsCategory(std::string_view s) {
  if (s.size() < 2 || s.size() > 61 || s[0] < 'a' || s[0] > 'z') return false;
  for (char ch : s) {
    if (!((ch >= 'a' && ch <= 'z') || ch == '_')) return false;
  }
  return true;
}

constexpr const char* kCategoryRule = "lower-case letters and _, starting with a letter (2–61)";

// A member of a validated body as the text a statement parameter takes.
std::optional<std::string> Param(const json& body, const char* name) {
  auto it = body.find(name);
  if (it == body.end() || it->is_null()) return std::nullopt;
  if (it->is_string()) return it->get<std::string>();
  return it->dump();  // integers and booleans: their JSON text is PostgreSQL's
}

// The refusals of the protocol table's rules, naming the field at fault.
core::Error ExplainProtocolError(core::Error error) {
  const std::string c = error.constraint;
  core::ErrorCode code = core::ErrorCode::kInvalidInput;
  std::string field, message;
  if (c == "aftercare_protocol_items_category_position_key") {
    code = core::ErrorCode::kConflict;
    field = "position";
    message = "another item of this category holds this position";
  } else if (c == "aftercare_protocol_items_offset_check") {
    field = "offset_days";
    message =
        "an item falls due at least one day after the procedure (offset_months or "
        "offset_days above 0)";
  } else if (c == "aftercare_protocol_items_category_check") {
    field = "category";
    message = kCategoryRule;
  } else {
    return error;
  }
  core::Error e(code, code == core::ErrorCode::kConflict ? message : "invalid request body",
                {{std::move(field), message}}, std::move(error.internal_detail));
  e.constraint = c;
  return e;
}

// Zero offsets are refused before the database is asked, so that one 422
// names every bad field.
void CheckOffsets(const json& body, std::vector<core::FieldError>& errors) {
  if (body.value("offset_months", 0) == 0 && body.value("offset_days", 0) == 0) {
    errors.push_back({"offset_days", "offset_months or offset_days must be above 0"});
  }
}

core::Result<Response> ListProtocols(db::Pool& pool, RequestContext& ctx) {
  auto query = http::ParseQueryString(ctx.request.query);
  if (!query) return core::Fail(core::Error(core::ErrorCode::kMalformed, "bad query string"));
  std::optional<std::string> category;
  bool include_inactive = false;
  std::vector<core::FieldError> errors;
  for (const auto& [key, value] : *query) {
    if (key == "category") {
      if (!IsCategory(value)) errors.push_back({key, kCategoryRule});
      category = value;
    } else if (key == "include_inactive") {
      if (value != "true" && value != "false") errors.push_back({key, "true or false"});
      include_inactive = value == "true";
    } else {
      errors.push_back({key, "unknown parameter"});
    }
  }
  if (!errors.empty()) {
    return core::Fail(core::Error::InvalidInput("invalid query parameters", std::move(errors)));
  }
  auto conn = pool.Acquire();
  if (!conn) return core::Fail(conn.error());
  auto r = (*conn)->Execute(sql::kListAftercareProtocols, db::Params{category, include_inactive});
  if (!r) return core::Fail(r.error());
  return Response::Json(200, R"({"items":)" + std::string(r->Get(0, 0)) + R"(,"next":null})");
}

core::Result<Response> CreateProtocolItem(db::Pool& pool, RequestContext& ctx) {
  auto parsed = http::ParseJsonObject(ctx.request.body);
  if (!parsed) return core::Fail(parsed.error());
  auto body = records::ValidateBody(ProtocolItemResource(), *parsed, records::WriteMode::kCreate);
  std::vector<core::FieldError> errors;
  if (!body) errors = body.error().fields;
  const bool category_named = std::any_of(errors.begin(), errors.end(),
                                          [](const auto& e) { return e.field == "category"; });
  if (auto it = parsed->find("category"); !category_named && it != parsed->end() &&
                                          it->is_string() &&
                                          !IsCategory(it->get_ref<const std::string&>())) {
    errors.push_back({"category", kCategoryRule});
  }
  if (body) CheckOffsets(*body, errors);
  if (!errors.empty()) {
    return core::Fail(core::Error::InvalidInput("invalid protocol item", std::move(errors)));
  }
  const Caller c = CallerOf(ctx);
  auto conn = pool.Acquire();
  if (!conn) return core::Fail(conn.error());
  auto r = (*conn)->Execute(
      sql::kInsertAftercareProtocolItem,
      db::Params{Param(*body, "category"), Param(*body, "position"), Param(*body, "label"),
                 Param(*body, "follow_up_type"), Param(*body, "offset_months"),
                 Param(*body, "offset_days"), Param(*body, "local_time"),
                 Param(*body, "photos_required"), Param(*body, "is_active"), c.user_id, c.role,
                 c.request_id, c.ip});
  if (!r) return core::Fail(ExplainProtocolError(r.error()));
  return Response::Json(201, std::string(r->Get(0, 0)));
}

// PATCH (a body of changes) and DELETE (deactivation) run the same
// statement; `changes` holds the validated fields.
core::Result<Response> ChangeProtocolItem(db::Pool& pool, RequestContext& ctx, const json& changes,
                                          int status) {
  std::string_view id = ctx.params.Get("id");
  if (!core::IsUuid(id)) return core::Fail(core::Error::NotFound());
  std::vector<std::string> changed;
  for (const auto& [name, _] : changes.items()) changed.push_back(name);
  const Caller c = CallerOf(ctx);
  auto conn = pool.Acquire();
  if (!conn) return core::Fail(conn.error());
  auto r = (*conn)->Execute(
      sql::kUpdateAftercareProtocolItem,
      db::Params{id, Param(changes, "position"), Param(changes, "label"),
                 Param(changes, "follow_up_type"), Param(changes, "offset_months"),
                 Param(changes, "offset_days"), Param(changes, "local_time"),
                 Param(changes, "photos_required"), Param(changes, "is_active"), c.user_id, c.role,
                 c.request_id, c.ip, db::ToTextArray(changed)});
  if (!r) return core::Fail(ExplainProtocolError(r.error()));
  if (r->rows() != 1) return core::Fail(core::Error::NotFound());
  if (status != 204) return Response::Json(status, std::string(r->Get(0, 0)));
  Response gone;
  gone.status = 204;
  gone.content_type.clear();
  return gone;
}

core::Result<Response> PatchProtocolItem(db::Pool& pool, RequestContext& ctx) {
  if (!core::IsUuid(ctx.params.Get("id"))) return core::Fail(core::Error::NotFound());
  auto parsed = http::ParseJsonObject(ctx.request.body);
  if (!parsed) return core::Fail(parsed.error());
  auto body = records::ValidateBody(ProtocolItemChange(), *parsed, records::WriteMode::kCreate);
  if (!body) return core::Fail(body.error());
  if (body->empty()) {
    return core::Fail(
        core::Error::InvalidInput("nothing to change", {{"", "give at least one field"}}));
  }
  // Both offsets set to zero in one change is refused here; one of them
  // against the stored other by the table's rule.
  if (body->contains("offset_months") && body->contains("offset_days")) {
    std::vector<core::FieldError> errors;
    CheckOffsets(*body, errors);
    if (!errors.empty()) {
      return core::Fail(core::Error::InvalidInput("invalid protocol item", std::move(errors)));
    }
  }
  return ChangeProtocolItem(pool, ctx, *body, 200);
}

}  // namespace

void RegisterAftercareProtocolRoutes(http::Router& router, db::Pool& pool) {
  db::Pool* p = &pool;
  static const std::vector<http::DocParam> kListParams = {
      {"category", "string", "Only this procedure category (e.g. `hair_transplant`)"},
      {"include_inactive", "boolean", "`true` lists deactivated items too (default `false`)"},
  };
  RouteDoc list{&ProtocolItemResource(), DocShape::kNone, DocShape::kPage, 200, &kListParams};
  router.Add({"GET", "/aftercare/protocols",
              [p](RequestContext& ctx) { return ListProtocols(*p, ctx); }, "followups.read", "none",
              "The aftercare protocol templates, by category and position (one page: `next` is "
              "null)",
              BodyKind::kNone, RowKind::kNone, list});
  router.Add({"POST", "/aftercare/protocols",
              [p](RequestContext& ctx) { return CreateProtocolItem(*p, ctx); },
              "aftercare.protocols.write", "write",
              "Add a step to a category's aftercare protocol (medical staff); procedures "
              "completed from now on get it",
              BodyKind::kJson, RowKind::kNone,
              RouteDoc{&ProtocolItemResource(), DocShape::kCreate, DocShape::kOne, 201}});
  RouteDoc change;
  change.input = &ProtocolItemChange();
  change.output = &ProtocolItemResource();
  change.response = DocShape::kOne;
  router.Add({"PATCH", "/aftercare/protocols/{id}",
              [p](RequestContext& ctx) { return PatchProtocolItem(*p, ctx); },
              "aftercare.protocols.write", "write",
              "Change a protocol step (medical staff); schedules already made keep their times",
              BodyKind::kJson, RowKind::kNone, change})
      << http::Documents{409};
  RouteDoc gone;
  gone.response = DocShape::kNone;
  gone.status = 204;
  router.Add({"DELETE", "/aftercare/protocols/{id}",
              [p](RequestContext& ctx) {
                return ChangeProtocolItem(*p, ctx, json{{"is_active", false}}, 204);
              },
              "aftercare.protocols.write", "write",
              "Deactivate a protocol step (medical staff): left out of new schedules, kept for "
              "the schedules made from it",
              BodyKind::kNone, RowKind::kNone, gone});
}

}  // namespace imedic::care
