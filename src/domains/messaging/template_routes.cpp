#include "domains/messaging/template_routes.hpp"

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/uuid.hpp"
#include "domains/care/care_caller.hpp"
#include "domains/messaging/conversation_resources.hpp"
#include "domains/messaging/sql/queries.hpp"
#include "domains/messaging/template_text.hpp"
#include "http/conditional.hpp"
#include "http/json_body.hpp"
#include "http/query_string.hpp"
#include "records/body_validator.hpp"

namespace imedic::messaging {

namespace {

using http::BodyKind;
using http::DocShape;
using http::RequestContext;
using http::Response;
using http::RouteDoc;
using http::RowKind;
using nlohmann::json;

// The number of placeholders of a body, or a 422 naming "body".
core::Result<int> VariablesOf(const std::string& body) {
  auto n = TemplateVariableCount(body);
  if (!n || *n > 20) {
    return core::Fail(core::Error::InvalidInput(
        "invalid template", {{"body", "placeholders must be {{1}}..{{n}} without a gap, n ≤ 20"}}));
  }
  return *n;
}

core::Error ExplainTemplateError(core::Error error) {
  if (error.constraint == "message_templates_name_language_key") {
    return core::Error(core::ErrorCode::kConflict, "this template is registered already",
                       {{"name", "taken in this language"}});
  }
  if (error.constraint == "message_templates_name_check") {
    return core::Error::InvalidInput("invalid template",
                                     {{"name", "lower-case letters, digits and _ only"}});
  }
  if (error.constraint == "message_templates_language_check") {
    return core::Error::InvalidInput("invalid template",
                                     {{"language", "a language code such as tr, en or en_US"}});
  }
  return error;
}

Response WithVersion(int status, std::string body, std::string version) {
  Response r = Response::Json(status, std::move(body));
  r.version = std::move(version);
  return r;
}

core::Result<Response> CreateTemplate(db::Pool& pool, RequestContext& ctx) {
  auto object = http::ParseJsonObject(ctx.request.body);
  if (!object) return core::Fail(object.error());
  auto valid = records::ValidateBody(NewMessageTemplateResource(), *object,
                                     records::WriteMode::kCreate);
  if (!valid) return core::Fail(valid.error());
  const std::string body = (*valid)["body"].get<std::string>();
  auto variables = VariablesOf(body);
  if (!variables) return core::Fail(variables.error());
  const json components = valid->value("components", json::array());
  const std::string status = valid->value("status", std::string("pending"));
  const care::Caller c = care::CallerOf(ctx);
  auto conn = pool.Acquire();
  if (!conn) return core::Fail(conn.error());
  auto r = (*conn)->Execute(
      sql::kInsertTemplate,
      db::Params{(*valid)["name"].get<std::string>(), (*valid)["language"].get<std::string>(),
                 (*valid)["category"].get<std::string>(), body, std::to_string(*variables),
                 components.dump(), status, c.user_id, c.role, c.request_id, c.ip});
  if (!r) return core::Fail(ExplainTemplateError(r.error()));
  Response resp = WithVersion(201, std::string(r->Get(0, 0)), std::string(r->Get(0, 1)));
  resp.headers.emplace_back(
      "location", "/message-templates/" + json::parse(r->Get(0, 0)).value("id", std::string()));
  return resp;
}

core::Result<Response> ListTemplates(db::Pool& pool, RequestContext& ctx) {
  auto query = http::ParseQueryString(ctx.request.query);
  if (!query) return core::Fail(core::Error(core::ErrorCode::kMalformed, "bad query string"));
  std::optional<std::string> status;
  for (const auto& [key, value] : *query) {
    if (key == "status" && (value == "pending" || value == "approved" || value == "rejected" ||
                            value == "paused" || value == "disabled")) {
      status = value;
    } else {
      return core::Fail(core::Error::InvalidInput(
          "invalid query parameters",
          {{key, key == "status" ? "pending, approved, rejected, paused or disabled"
                                 : "unknown parameter"}}));
    }
  }
  auto conn = pool.Acquire();
  if (!conn) return core::Fail(conn.error());
  auto r = (*conn)->Execute(sql::kListTemplates, db::Params{status});
  if (!r) return core::Fail(r.error());
  // Templates are few (tens): one page.
  return Response::Json(200, json{{"items", json::parse(r->Get(0, 0))}, {"next", nullptr}}.dump());
}

core::Result<Response> GetTemplate(db::Pool& pool, RequestContext& ctx) {
  const std::string id(ctx.params.Get("id"));
  if (!core::IsUuid(id)) return core::Fail(core::Error::NotFound());
  auto conn = pool.Acquire();
  if (!conn) return core::Fail(conn.error());
  auto r = (*conn)->Execute(sql::kGetTemplate, db::Params{id});
  if (!r) return core::Fail(r.error());
  if (r->rows() != 1) return core::Fail(core::Error::NotFound());
  return WithVersion(200, std::string(r->Get(0, 0)), std::string(r->Get(0, 1)));
}

core::Result<Response> PatchTemplate(db::Pool& pool, RequestContext& ctx) {
  const std::string id(ctx.params.Get("id"));
  if (!core::IsUuid(id)) return core::Fail(core::Error::NotFound());
  auto object = http::ParseJsonObject(ctx.request.body);
  if (!object) return core::Fail(object.error());
  auto valid = records::ValidateBody(MessageTemplatePatchResource(), *object,
                                     records::WriteMode::kPatch);
  if (!valid) return core::Fail(valid.error());
  auto text = [&](const char* key) -> std::optional<std::string> {
    auto it = valid->find(key);
    if (it == valid->end() || !it->is_string()) return std::nullopt;
    return it->get<std::string>();
  };
  std::optional<std::string> variables, components;
  const std::optional<std::string> body = text("body");
  if (body) {
    auto n = VariablesOf(*body);
    if (!n) return core::Fail(n.error());
    variables = std::to_string(*n);
  }
  if (auto it = valid->find("components"); it != valid->end()) components = it->dump();
  std::string changed = "{";
  for (const auto& [key, value] : valid->items()) {
    if (changed.size() > 1) changed += ',';
    changed += key;
  }
  changed += '}';
  const care::Caller c = care::CallerOf(ctx);
  auto conn = pool.Acquire();
  if (!conn) return core::Fail(conn.error());
  auto r = (*conn)->Execute(sql::kUpdateTemplate,
                            db::Params{id, text("category"), body, variables, components,
                                       http::IfMatchVersions(ctx.request), text("status"),
                                       c.user_id, c.role, c.request_id, c.ip, changed});
  if (!r) return core::Fail(r.error());
  if (r->Get(0, 0) != "1") return core::Fail(core::Error::NotFound());
  if (r->IsNull(0, 1)) {
    return core::Fail(core::Error(core::ErrorCode::kPreconditionFailed,
                                  "the template has changed since it was read (If-Match)"));
  }
  return WithVersion(200, std::string(r->Get(0, 1)), std::string(r->Get(0, 2)));
}

const std::vector<http::DocParam> kListParams = {
    {"status", "string", "pending, approved, rejected, paused or disabled"},
};

}  // namespace

void RegisterTemplateRoutes(http::Router& router, db::Pool& pool) {
  db::Pool* p = &pool;
  RouteDoc list{&MessageTemplateResource(), DocShape::kNone, DocShape::kPage, 200};
  list.query = &kListParams;
  router.Add({"GET", "/message-templates",
              [p](RequestContext& ctx) { return ListTemplates(*p, ctx); }, "message_templates.read",
              "none", "The WhatsApp template registry, by name and language", BodyKind::kNone,
              RowKind::kNone, list})
      << http::Documents{422};
  RouteDoc create;
  create.input = &NewMessageTemplateResource();
  create.output = &MessageTemplateResource();
  create.response = DocShape::kOne;
  create.status = 201;
  router.Add({"POST", "/message-templates",
              [p](RequestContext& ctx) { return CreateTemplate(*p, ctx); },
              "message_templates.manage", "write",
              "Register a WhatsApp template (name, language, category, body with {{n}} "
              "placeholders, components)",
              BodyKind::kJson, RowKind::kNone, create})
      << http::Documents{409};
  router.Add({"GET", "/message-templates/{id}",
              [p](RequestContext& ctx) { return GetTemplate(*p, ctx); }, "message_templates.read",
              "none", "One template, with its version as the ETag (If-Match for PATCH)",
              BodyKind::kNone, RowKind::kNone,
              RouteDoc{&MessageTemplateResource(), DocShape::kNone, DocShape::kOne, 200}});
  RouteDoc patch;
  patch.input = &MessageTemplatePatchResource();
  patch.output = &MessageTemplateResource();
  patch.response = DocShape::kOne;
  patch.status = 200;
  patch.if_match = true;
  router.Add({"PATCH", "/message-templates/{id}",
              [p](RequestContext& ctx) { return PatchTemplate(*p, ctx); },
              "message_templates.manage", "write",
              "Change a template's status (approved templates are sendable), category, body or "
              "components",
              BodyKind::kJson, RowKind::kNone, patch});
}

}  // namespace imedic::messaging
