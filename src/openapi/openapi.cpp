#include "openapi/openapi.hpp"

#include <algorithm>
#include <cctype>
#include <map>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <utility>

#include "openapi/json_schema.hpp"
#include "records/resource.hpp"

namespace imedic::openapi {

using records::Field;
using records::Resource;

namespace {

using http::BodyKind;
using http::DocShape;
using http::Route;
using nlohmann::json;

constexpr std::string_view kProblemTypeBase = "https://imedic.dev/problems/";

std::vector<std::string_view> Segments(std::string_view pattern) {
  std::vector<std::string_view> out;
  std::size_t start = 0;
  while (start < pattern.size()) {
    std::size_t slash = pattern.find('/', start);
    if (slash == std::string_view::npos) slash = pattern.size();
    if (slash > start) out.push_back(pattern.substr(start, slash - start));
    start = slash + 1;
  }
  return out;
}

bool IsParam(std::string_view segment) {
  return segment.size() > 2 && segment.front() == '{' && segment.back() == '}';
}

std::vector<std::string> PathParams(std::string_view pattern) {
  std::vector<std::string> out;
  for (auto s : Segments(pattern)) {
    if (IsParam(s)) out.emplace_back(s.substr(1, s.size() - 2));
  }
  return out;
}

// "medical-history" → "MedicalHistory"; "openapi.json" → "OpenapiJson".
std::string Camel(std::string_view text) {
  std::string out;
  bool up = true;
  for (char c : text) {
    if (!std::isalnum(static_cast<unsigned char>(c))) {
      up = true;
      continue;
    }
    out += up ? static_cast<char>(std::toupper(static_cast<unsigned char>(c))) : c;
    up = false;
  }
  return out;
}

bool IsPublic(const Route& r) { return r.permission == http::kPublic; }
bool HasJsonBody(const Route& r) { return r.body == BodyKind::kJson; }
// Raw bytes: BodyKind::kBinary (any body kind other than none and JSON).
bool HasBinaryBody(const Route& r) {
  return (r.body != BodyKind::kNone && r.body != BodyKind::kJson) ||
         r.doc.request == DocShape::kBinary;
}
bool IsPage(const Route& r) { return r.doc.response == DocShape::kPage && r.doc.resource; }

struct ErrorDoc {
  int status;
  const char* component;    // components/responses name
  const char* code;         // problem type suffix (http/error_mapper.cpp)
  const char* title;        // the problem's title
  const char* description;  // when a route gives it
};

// The error answers of http/error_mapper.cpp that operations document.
constexpr ErrorDoc kErrors[] = {
    {400, "BadRequest", "malformed-request", "Bad Request",
     "The request cannot be parsed: malformed JSON, or a bad percent-escape in a path "
     "parameter."},
    {401, "Unauthorized", "unauthenticated", "Unauthorized",
     "No token, or a token that is unknown, expired or revoked (with WWW-Authenticate: Bearer); "
     "on sign-in routes, a failed sign-in (alike for a wrong password, an unknown account and an "
     "inactive one)."},
    {403, "Forbidden", "forbidden", "Forbidden",
     "The caller lacks the route's permission, or must still enrol the second factor."},
    {404, "NotFound", "not-found", "Not Found",
     "No such record, or one outside the caller's row scope (the two answer alike)."},
    {409, "Conflict", "conflict", "Conflict",
     "The change conflicts with existing data, e.g. a value that must be unique."},
    {410, "Gone", "gone", "Gone", "The record was deleted."},
    {412, "PreconditionFailed", "precondition-failed", "Precondition Failed",
     "If-Match names a version of the record that is no longer current: read it again."},
    {413, "ContentTooLarge", "payload-too-large", "Content Too Large", "The body is too large."},
    {415, "UnsupportedMediaType", "unsupported-media-type", "Unsupported Media Type",
     "The body's Content-Type is not one this route accepts."},
    {422, "InvalidInput", "invalid-input", "Unprocessable Content",
     "Invalid fields or query parameters; `errors` names each one."},
    {429, "TooManyRequests", "rate-limited", "Too Many Requests",
     "Too many attempts (failed sign-ins, second factors or codes), or more sign-ins at once "
     "than password hashing can take; see Retry-After."},
    {503, "ServiceUnavailable", "unavailable", "Service Unavailable",
     "The database is away, a statement timed out, the schema is not current, or the server "
     "is at capacity; see Retry-After."},
};

const ErrorDoc* FindError(int status) {
  for (const auto& e : kErrors) {
    if (e.status == status) return &e;
  }
  return nullptr;
}

// The answer for a status a route documents; a status without one is a
// mistake in the route table, found when the document is first built.
const ErrorDoc& ErrorFor(int status, const Route& r) {
  if (const ErrorDoc* e = FindError(status)) return *e;
  throw std::invalid_argument(r.method + " " + r.pattern + " documents status " +
                              std::to_string(status) + ", which has no error answer here");
}

json ProblemSchema() {
  return {
      {"type", "object"},
      {"description",
       "An RFC 7807 problem. Every error answer of the API has this shape, as "
       "application/problem+json."},
      {"required", {"type", "title", "status", "detail", "instance", "request_id"}},
      {"properties",
       {{"type",
         {{"type", "string"},
          {"format", "uri"},
          {"description", "https://imedic.dev/problems/<code>, e.g. .../invalid-input."}}},
        {"title", {{"type", "string"}, {"description", "The status's reason phrase."}}},
        {"status", {{"type", "integer"}, {"minimum", 400}, {"maximum", 599}}},
        {"detail", {{"type", "string"}, {"description", "What went wrong, safe to show."}}},
        {"instance", {{"type", "string"}, {"description", "The request path."}}},
        {"request_id",
         {{"type", "string"}, {"description", "The X-Request-Id of the request, for support."}}},
        {"errors",
         {{"type", "array"},
          {"description", "On 422: one entry per invalid field or query parameter."},
          {"items",
           {{"type", "object"},
            {"required", {"field", "message"}},
            {"properties",
             {{"field",
               {{"type", "string"},
                {"description", "The field's path, e.g. location.country or tags[2]."}}},
              {"message", {{"type", "string"}}}}}}}}}}}};
}

json RetryAfterHeader() {
  return {{"description", "Seconds to wait before trying again."},
          {"schema", {{"type", "integer"}, {"minimum", 1}}}};
}

json ErrorResponse(const ErrorDoc& e) {
  json example = {{"type", std::string(kProblemTypeBase) + e.code},
                  {"title", e.title},
                  {"status", e.status},
                  {"detail", e.description},
                  {"instance", "/example"},
                  {"request_id", "b3f1c2d4e5a6"}};
  if (e.status == 422) {
    example["detail"] = "invalid input";
    example["errors"] =
        json::array({{{"field", "email"}, {"message", "must be an email address"}}});
  }
  json r = {{"description", e.description},
            {"content",
             {{"application/problem+json",
               {{"schema", {{"$ref", "#/components/schemas/Problem"}}},
                {"example", std::move(example)}}}}}};
  if (e.status == 401) {
    r["headers"]["WWW-Authenticate"] = {{"description", "Bearer"},
                                        {"schema", {{"type", "string"}, {"const", "Bearer"}}}};
  }
  if (e.status == 429 || e.status == 503) r["headers"]["Retry-After"] = RetryAfterHeader();
  return r;
}

json ClientErrorResponse() {
  return {
      {"description",
       "Other refusals any route can give: 403 when HTTPS is required and the request "
       "came over plain HTTP, 405 for a method the path does not take (with Allow), 408 "
       "when the request is not received in time, 431 when the headers are too large."},
      {"content",
       {{"application/problem+json", {{"schema", {{"$ref", "#/components/schemas/Problem"}}}}}}}};
}

std::string PermissionText(const Route& r) {
  if (r.permission == http::kPublic) return "Public: no sign-in.";
  if (r.permission == http::kAuthenticated) {
    return "Any signed-in caller (session or API token) who has passed the second factor "
           "where one is required.";
  }
  if (r.permission == http::kAuthenticatedPreMfa) {
    return "Any signed-in caller, even before a required second factor is enrolled.";
  }
  return "Requires the permission `" + r.permission + "`.";
}

std::string AuditText(const Route& r) {
  if (r.audit_tag == "write") return " Changes are written to the audit trail.";
  if (r.audit_tag == "read") return " Reads are written to the audit trail.";
  return "";
}

std::string Tag(const Route& r, const std::vector<Route>& routes) {
  auto segments = Segments(r.pattern);
  if (segments.empty()) return "service";
  std::string_view first = segments.front();
  // A lone top-level path (/healthz, /version) belongs to "service"; a
  // first segment with paths below it names its own group.
  for (const Route& other : routes) {
    auto s = Segments(other.pattern);
    if (s.size() > 1 && s.front() == first) return std::string(first);
  }
  return "service";
}

class Builder {
 public:
  explicit Builder(const std::vector<Route>& routes) : routes_(routes) {}

  json Build(std::string_view version) {
    json paths = json::object();
    std::set<std::string> tags;
    for (const Route& r : routes_) {
      std::string method = r.method;
      std::transform(method.begin(), method.end(), method.begin(),
                     [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
      std::string tag = Tag(r, routes_);
      tags.insert(tag);
      paths[r.pattern][method] = Operation(r, tag);
    }

    json doc;
    doc["openapi"] = "3.1.0";
    doc["info"] = {
        {"title", "imedic API"},
        {"version", std::string(version)},
        {"summary", "The API of the imedic medical-tourism platform."},
        {"description", InfoDescription()},
        {"license", {{"name", "Proprietary"}, {"identifier", "LicenseRef-Proprietary"}}}};
    doc["servers"] = json::array({{{"url", "/"}, {"description", "This server"}}});
    doc["security"] = json::array({{{"bearerAuth", json::array()}}});
    json tag_list = json::array();
    for (const auto& t : tags) {
      tag_list.push_back(
          {{"name", t},
           {"description", t == "service" ? std::string("Health, version and API description.")
                                          : "Routes under /" + t + "."}});
    }
    doc["tags"] = std::move(tag_list);
    doc["paths"] = std::move(paths);

    json components;
    components["securitySchemes"]["bearerAuth"] = {
        {"type", "http"},
        {"scheme", "bearer"},
        {"description",
         "A session token (imd_s_…, from POST /auth/login) or an API token (imd_t_…, from "
         "POST /me/api-tokens)."}};
    components["schemas"] = std::move(schemas_);
    components["schemas"]["Problem"] = ProblemSchema();
    for (int status : used_errors_) {
      components["responses"][FindError(status)->component] = ErrorResponse(*FindError(status));
    }
    components["responses"]["ClientError"] = ClientErrorResponse();
    doc["components"] = std::move(components);
    return doc;
  }

 private:
  static std::string InfoDescription() {
    return "The records API of imedic: patients, providers, care and the people who work "
           "with them.\n\n"
           "**Authentication.** Protected operations take `Authorization: Bearer <token>`: a "
           "session token (`imd_s_…`) from `POST /auth/login`, or an API token (`imd_t_…`). "
           "Each operation names its permission in `x-permission` and whether it is audited "
           "in `x-audit`.\n\n"
           "**Errors.** Every error is an RFC 7807 `application/problem+json` body with "
           "`type`, `title`, `status`, `detail`, `instance`, `request_id` and, for invalid "
           "fields, `errors`.\n\n"
           "**Bodies.** JSON bodies need `Content-Type: application/json`; PATCH also takes "
           "`application/merge-patch+json`. Unknown fields are refused.\n\n"
           "**Lists** take PostgREST-style filters (`status=eq.active`, `created_at=gte."
           "2026-01-01`, `country=in.(TR,DE)`, `not.` before an operator negates it), "
           "`order=field.asc|desc,…`, `limit` and the opaque `cursor` of the `next` link.\n\n"
           "**Request ids.** Every answer carries `X-Request-Id`.";
  }

  std::string Ref(const std::string& name) { return "#/components/schemas/" + name; }

  // Registers the resource's schema in `mode` (once) and returns a $ref.
  json ResourceRef(const Resource& res, SchemaMode mode) {
    std::string name(res.name);
    if (mode == SchemaMode::kCreate) name += "Create";
    if (mode == SchemaMode::kPatch) name += "Patch";
    if (!schemas_.contains(name)) schemas_[name] = ResourceSchema(res, mode);
    return {{"$ref", Ref(name)}};
  }

  // A command's body: the input's settable fields, registered once as <Name>.
  json InputRef(const Resource& input) {
    std::string name(input.name);
    if (!schemas_.contains(name)) {
      json schema = ResourceSchema(input, SchemaMode::kCreate);
      schema["description"] = WithSentence(input.description, "Unknown fields are refused.");
      schemas_[name] = std::move(schema);
    }
    return {{"$ref", Ref(name)}};
  }

  json PageRef(const Resource& res) {
    std::string name = std::string(res.name) + "Page";
    if (!schemas_.contains(name)) {
      schemas_[name] = {
          {"type", "object"},
          {"description", "One page of " + std::string(res.name) + " records."},
          {"required", {"items", "next"}},
          {"properties",
           {{"items", {{"type", "array"}, {"items", ResourceRef(res, SchemaMode::kRead)}}},
            {"next",
             {{"type", {"string", "null"}},
              {"description",
               "The path and query of the next page (same filters and order, with a cursor), "
               "or null on the last page."}}},
            {"total",
             {{"type", "integer"},
              {"minimum", 0},
              {"description",
               "The number of matching records, present only when asked for with Prefer: "
               "count=exact (exact) or count=estimated (the query planner's estimate)."}}}}}};
    }
    return {{"$ref", Ref(name)}};
  }

  static json GenericObject(const char* description) {
    return {{"type", "object"}, {"description", description}};
  }

  static json Binary() {
    return {{"type", "string"}, {"contentMediaType", "application/octet-stream"}};
  }

  json Parameters(const Route& r) {
    json params = json::array();
    for (const std::string& name : PathParams(r.pattern)) {
      json schema = {{"type", "string"}};
      std::string description = "The `" + name + "` path segment.";
      if (name == "id") {
        schema["format"] = "uuid";
        description = r.doc.resource != nullptr
                          ? "The " + std::string(r.doc.resource->name) + " record's id."
                          : std::string("The record's id.");
      }
      for (const http::DocPathValues& closed : r.doc.path_values) {
        if (closed.name == name) schema["enum"] = closed.values;
      }
      params.push_back({{"name", name},
                        {"in", "path"},
                        {"required", true},
                        {"description", description},
                        {"schema", std::move(schema)}});
    }
    if (r.doc.query != nullptr) {
      for (const http::DocParam& q : *r.doc.query) {
        params.push_back({{"name", std::string(q.name)},
                          {"in", "query"},
                          {"required", false},
                          {"description", std::string(q.description)},
                          {"schema", {{"type", std::string(q.type)}}}});
      }
    } else if (IsPage(r)) {
      AddListParameters(*r.doc.resource, params);
    }
    return params;
  }

  static void AddListParameters(const Resource& res, json& params) {
    std::string sortable;
    for (const Field& f : res.fields) {
      if (!f.filterable) continue;
      params.push_back(
          {{"name", std::string(f.name)},
           {"in", "query"},
           {"required", false},
           {"description",
            "Filter on `" + std::string(f.name) +
                "`: `op.value` with op one of eq, neq, gt, gte, lt, lte, ilike (`*` as "
                "wildcard), in (`in.(a,b)`) or is (`is.null`, `is.true`, `is.false`); "
                "`not.` before op negates it."},
           {"schema",
            {{"type", "string"}, {"pattern", "^(not\\.)?(eq|neq|gt|gte|lt|lte|in|is|ilike)\\."}}},
           {"example", f.values.empty() ? "eq.value" : "eq." + std::string(f.values.front())}});
    }
    for (const Field& f : res.fields) {
      if (!f.sortable) continue;
      sortable += sortable.empty() ? "" : ", ";
      sortable += "`" + std::string(f.name) + "`";
    }
    params.push_back(
        {{"name", "order"},
         {"in", "query"},
         {"required", false},
         {"description",
          "Sort order: `field.asc` or `field.desc`, comma-separated; the id breaks ties. "
          "Sortable fields: " +
              (sortable.empty() ? std::string("none") : sortable) + "."},
         {"schema", {{"type", "string"}}}});
    params.push_back(
        {{"name", "limit"},
         {"in", "query"},
         {"required", false},
         {"description", "Page size."},
         {"schema", {{"type", "integer"}, {"minimum", 1}, {"maximum", 200}, {"default", 50}}}});
    params.push_back(
        {{"name", "cursor"},
         {"in", "query"},
         {"required", false},
         {"description",
          "The opaque cursor of the previous page's `next` link; only valid with the same "
          "order."},
         {"schema", {{"type", "string"}}}});
    params.push_back(
        {{"name", "Prefer"},
         {"in", "header"},
         {"required", false},
         {"description",
          "`count=exact` adds the exact number of matches to the page as `total`; "
          "`count=estimated` adds the query planner's estimate (cheaper)."},
         {"schema", {{"type", "string"}, {"enum", {"count=exact", "count=estimated"}}}}});
  }

  std::optional<json> RequestBody(const Route& r) {
    const Resource* res = r.doc.resource;
    if (HasBinaryBody(r)) {
      return json{{"required", true},
                  {"description", "The raw bytes; Content-Type names their type."},
                  {"content", {{"application/octet-stream", {{"schema", Binary()}}}}}};
    }
    if (!HasJsonBody(r) && r.doc.request == DocShape::kNone) return std::nullopt;
    if (r.doc.input != nullptr) {
      return json{{"required", true},
                  {"content", {{"application/json", {{"schema", InputRef(*r.doc.input)}}}}}};
    }
    if (res != nullptr && r.doc.request == DocShape::kPatch) {
      json schema = ResourceRef(*res, SchemaMode::kPatch);
      return json{{"required", true},
                  {"content",
                   {{"application/merge-patch+json", {{"schema", schema}}},
                    {"application/json", {{"schema", schema}}}}}};
    }
    if (res != nullptr && r.doc.request == DocShape::kCreate) {
      return json{{"required", true},
                  {"content",
                   {{"application/json", {{"schema", ResourceRef(*res, SchemaMode::kCreate)}}}}}};
    }
    return json{{"required", true},
                {"content",
                 {{"application/json",
                   {{"schema", GenericObject("A JSON object; unknown fields are refused.")}}}}}};
  }

  json SuccessResponse(const Route& r) {
    const Resource* res = r.doc.resource;
    const int status = r.doc.status;
    json out = {{"description", r.summary.empty() ? std::string("Success") : r.summary}};
    if (r.doc.response == DocShape::kNone || status == 204) return out;
    if (!r.doc.media.empty()) {
      // Pages, scripts, images: text, or bytes of the named type.
      out["content"] = json::object();
      for (std::string_view media : r.doc.media) {
        json schema = {{"type", "string"}};
        if (!media.starts_with("text/")) schema["contentMediaType"] = std::string(media);
        out["content"][std::string(media)] = {{"schema", std::move(schema)}};
      }
      return out;
    }
    json schema;
    if (r.doc.response == DocShape::kBinary) {
      out["content"] = {{"application/octet-stream", {{"schema", Binary()}}}};
      return out;
    }
    if (r.doc.output != nullptr) {
      schema = ResourceRef(*r.doc.output, SchemaMode::kRead);
      if (r.doc.response == DocShape::kList) schema = {{"type", "array"}, {"items", schema}};
    } else if (res != nullptr && r.doc.response == DocShape::kPage) {
      schema = PageRef(*res);
    } else if (res != nullptr && r.doc.response != DocShape::kObject) {
      schema = ResourceRef(*res, SchemaMode::kRead);
    } else {
      schema = GenericObject("A JSON object.");
    }
    out["content"] = {{"application/json", {{"schema", std::move(schema)}}}};
    return out;
  }

  json Operation(const Route& r, const std::string& tag) {
    json op;
    op["operationId"] = OperationId(r.method, r.pattern);
    op["summary"] = r.summary.empty() ? r.method + " " + r.pattern : r.summary;
    op["description"] = PermissionText(r) + AuditText(r);
    op["tags"] = json::array({tag});
    op["security"] = IsPublic(r) ? json::array() : json::array({{{"bearerAuth", json::array()}}});
    op["x-permission"] = r.permission;
    op["x-audit"] = r.audit_tag;
    json params = Parameters(r);
    if (r.doc.if_match) {
      params.push_back(
          {{"name", "If-Match"},
           {"in", "header"},
           {"required", false},
           {"description",
            "The ETag of the record as last read: the change is made only while the record is "
            "still at that version, otherwise 412 and nothing changes."},
           {"schema", {{"type", "string"}}}});
    }
    if (!params.empty()) op["parameters"] = std::move(params);
    if (auto body = RequestBody(r)) op["requestBody"] = std::move(*body);

    json responses;
    responses[std::to_string(r.doc.status)] = SuccessResponse(r);
    for (int status : ErrorStatuses(r)) {
      used_errors_.insert(status);
      responses[std::to_string(status)] = {
          {"$ref", std::string("#/components/responses/") + ErrorFor(status, r).component}};
    }
    responses["4XX"] = {{"$ref", "#/components/responses/ClientError"}};
    op["responses"] = std::move(responses);
    return op;
  }

  const std::vector<Route>& routes_;
  json schemas_ = json::object();
  std::set<int> used_errors_;
};

}  // namespace

std::string OperationId(std::string_view method, std::string_view pattern) {
  std::string id;
  for (char c : method) id += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  for (auto s : Segments(pattern)) {
    if (IsParam(s)) {
      id += "By" + Camel(s.substr(1, s.size() - 2));
    } else {
      id += Camel(s);
    }
  }
  return id;
}

std::vector<DocumentedProblem> DocumentedProblems() {
  std::vector<DocumentedProblem> out;
  for (const ErrorDoc& e : kErrors) out.push_back({e.status, e.code, e.title});
  return out;
}

std::vector<int> ErrorStatuses(const Route& r) {
  const bool params = !PathParams(r.pattern).empty();
  const bool json_body = HasJsonBody(r);
  const bool body = json_body || HasBinaryBody(r);
  std::vector<int> out = r.doc.errors;
  if (json_body || params) out.push_back(400);
  if (!IsPublic(r)) {
    out.push_back(401);
    out.push_back(403);
  }
  if (params) out.push_back(404);
  if (r.doc.request == DocShape::kCreate || r.doc.request == DocShape::kPatch) {
    out.push_back(409);
  }
  if (r.doc.resource != nullptr && r.pattern.find("{id}") != std::string::npos) out.push_back(410);
  if (r.doc.if_match) out.push_back(412);
  if (body) {
    out.push_back(413);
    out.push_back(415);
  }
  if (body || IsPage(r)) out.push_back(422);
  if (r.hashes_passwords) out.push_back(429);
  // Shed at capacity, or the database is away: all but what the I/O thread answers.
  if (r.shedding != http::Shedding::kIoThread) out.push_back(503);
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

json BuildOpenApi(const std::vector<Route>& routes, std::string_view version) {
  return Builder(routes).Build(version);
}

}  // namespace imedic::openapi
