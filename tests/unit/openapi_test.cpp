// The JSON Schemas generated from resource definitions and the OpenAPI
// document generated from a route table.
#include "openapi/openapi.hpp"

#include <gtest/gtest.h>

#include <set>
#include <stdexcept>
#include <string>
#include <vector>

#include "core/validate/json_shapes.hpp"
#include "openapi/json_schema.hpp"
#include "records/resource.hpp"

namespace imedic::openapi {
namespace {

using nlohmann::json;
using records::Access;
using records::Field;
using records::FieldType;
using records::Format;
using records::Resource;

// Fields are built by assignment (designated initializers would have to name
// every member without a default under -Wmissing-field-initializers).
Field Make(std::string_view name, FieldType type, Access access, bool nullable) {
  Field f;
  f.name = name;
  f.type = type;
  f.access = access;
  f.nullable = nullable;
  return f;
}

Resource Sample() {
  Resource r;
  r.name = "Sample";
  r.table = "samples";
  r.description = "A sample record.";
  r.fields.push_back(Make("id", FieldType::kUuid, Access::kServer, false));
  Field status = Make("status", FieldType::kString, Access::kWritable, false);
  status.required = true;
  status.values = {"active", "closed"};
  status.default_json = R"("active")";
  status.filterable = true;
  status.sortable = true;
  r.fields.push_back(status);
  Field country = Make("country", FieldType::kString, Access::kWritable, true);
  country.max_len = 2;
  country.format = Format::kCountry;
  country.filterable = true;
  r.fields.push_back(country);
  Field notes = Make("notes", FieldType::kString, Access::kWritable, true);
  notes.max_len = 2000;
  notes.encrypted = true;
  notes.description = "Free text.";
  r.fields.push_back(notes);
  Field score = Make("score", FieldType::kInt, Access::kWritable, true);
  score.min = 0;
  score.max = 100;
  r.fields.push_back(score);
  r.fields.push_back(Make("born_on", FieldType::kDate, Access::kCreateOnly, true));
  Field tags = Make("tags", FieldType::kStringArray, Access::kWritable, true);
  tags.max_len = 50;
  tags.max_items = 10;
  r.fields.push_back(tags);
  Field location = Make("location", FieldType::kJson, Access::kWritable, true);
  location.shape = core::validate::CheckLocation;
  location.shape_schema = core::validate::LocationSchema;
  r.fields.push_back(location);
  Field created = Make("created_at", FieldType::kTimestamp, Access::kServer, false);
  created.sortable = true;
  r.fields.push_back(created);
  return r;
}

TEST(JsonSchema, MapsTypesFormatsAndLimits) {
  Resource r = Sample();
  EXPECT_EQ(FieldSchema(*r.Find("id")), (json{{"type", "string"}, {"format", "uuid"}}));
  json status = FieldSchema(*r.Find("status"));
  EXPECT_EQ(status["type"], "string");
  EXPECT_EQ(status["enum"], (json{"active", "closed"}));
  EXPECT_EQ(status["default"], "active");
  json country = FieldSchema(*r.Find("country"));
  EXPECT_EQ(country["type"], (json{"string", "null"}));
  EXPECT_EQ(country["pattern"], "^[A-Z]{2}$");
  EXPECT_NE(country["description"].get<std::string>().find("ISO 3166-1"), std::string::npos);
  json notes = FieldSchema(*r.Find("notes"));
  EXPECT_EQ(notes["maxLength"], 2000);
  EXPECT_EQ(notes["description"], "Free text. Encrypted at rest.");
  json score = FieldSchema(*r.Find("score"));
  EXPECT_EQ(score["type"], (json{"integer", "null"}));
  EXPECT_EQ(score["minimum"], 0);
  EXPECT_EQ(score["maximum"], 100);
  EXPECT_EQ(FieldSchema(*r.Find("born_on"))["format"], "date");
  EXPECT_EQ(FieldSchema(*r.Find("created_at"))["format"], "date-time");
  json tags = FieldSchema(*r.Find("tags"));
  EXPECT_EQ(tags["maxItems"], 10);
  EXPECT_EQ(tags["uniqueItems"], true);
  EXPECT_EQ(tags["items"]["maxLength"], 50);
  json location = FieldSchema(*r.Find("location"));
  EXPECT_EQ(location["type"], (json{"object", "null"}));
  EXPECT_EQ(location["required"], (json{"city", "country"}));
  EXPECT_EQ(location["additionalProperties"], false);
}

TEST(JsonSchema, NullableEnumAcceptsNull) {
  Field f = Make("seat", FieldType::kString, Access::kWritable, true);
  f.values = {"window"};
  json s = FieldSchema(f);
  EXPECT_EQ(s["enum"], (json{"window", nullptr}));
}

TEST(JsonSchema, ModesSelectFields) {
  Resource r = Sample();
  json read = ResourceSchema(r, SchemaMode::kRead);
  EXPECT_EQ(read["properties"]["id"]["readOnly"], true);
  EXPECT_EQ(read["properties"].size(), r.fields.size());
  EXPECT_FALSE(read.contains("additionalProperties"));

  json create = ResourceSchema(r, SchemaMode::kCreate);
  EXPECT_FALSE(create["properties"].contains("id"));
  EXPECT_FALSE(create["properties"].contains("created_at"));
  EXPECT_TRUE(create["properties"].contains("born_on"));
  EXPECT_EQ(create["required"], (json{"status"}));
  EXPECT_EQ(create["additionalProperties"], false);

  json patch = ResourceSchema(r, SchemaMode::kPatch);
  EXPECT_FALSE(patch["properties"].contains("born_on"));  // create-only
  EXPECT_FALSE(patch["properties"].contains("id"));
  EXPECT_FALSE(patch.contains("required"));
  EXPECT_FALSE(patch["properties"]["status"].contains("default"));
  EXPECT_EQ(patch["properties"]["notes"]["type"], (json{"string", "null"}));
  EXPECT_EQ(patch["additionalProperties"], false);
}

TEST(JsonSchema, ShapeSchemasMirrorTheChecks) {
  using core::validate::CheckTravelPreferences, core::validate::ContactInfoSchema,
      core::validate::EmergencyContactSchema, core::validate::LocationSchema,
      core::validate::PriceRangeSchema, core::validate::TravelPreferencesSchema;
  EXPECT_EQ(PriceRangeSchema()["required"], (json{"min", "max", "currency"}));
  EXPECT_EQ(PriceRangeSchema()["properties"]["currency"]["pattern"], "^[A-Z]{3}$");
  EXPECT_EQ(LocationSchema()["dependentRequired"]["lat"], (json{"lng"}));
  EXPECT_EQ(ContactInfoSchema()["anyOf"].size(), 3u);
  EXPECT_EQ(EmergencyContactSchema()["required"], (json{"name", "phone"}));
  json travel = TravelPreferencesSchema();
  EXPECT_EQ(travel["properties"]["nights"]["maximum"], 60);
  EXPECT_EQ(travel["properties"]["seat"]["enum"],
            (json{"window", "aisle", "no_preference", nullptr}));
  for (const json& s : {PriceRangeSchema(), LocationSchema(), ContactInfoSchema(),
                        EmergencyContactSchema(), TravelPreferencesSchema()}) {
    EXPECT_EQ(s["additionalProperties"], false);
    // Every key a check reads is described.
    EXPECT_FALSE(s["properties"].empty());
  }
  // The keys of the schema are exactly the keys the check knows.
  std::vector<core::FieldError> errors;
  json everything = json::object();
  const json travel_schema = TravelPreferencesSchema();
  for (const auto& [key, _] : travel_schema["properties"].items()) everything[key] = nullptr;
  CheckTravelPreferences(everything, "", errors);
  EXPECT_TRUE(errors.empty());
}

TEST(OperationIdTest, FromMethodAndPattern) {
  EXPECT_EQ(OperationId("GET", "/patients/{id}/medical-history"), "getPatientsByIdMedicalHistory");
  EXPECT_EQ(OperationId("DELETE", "/admin/users/{id}/roles/{role}"),
            "deleteAdminUsersByIdRolesByRole");
  EXPECT_EQ(OperationId("GET", "/openapi.json"), "getOpenapiJson");
}

http::Route MakeRoute(std::string method, std::string pattern, std::string permission,
                      http::BodyKind body = http::BodyKind::kNone, http::RouteDoc doc = {}) {
  http::Route r;
  r.method = std::move(method);
  r.pattern = std::move(pattern);
  r.handler = [](http::RequestContext&) -> core::Result<http::Response> {
    return http::Response::Json(200, "{}");
  };
  r.permission = std::move(permission);
  r.audit_tag = "none";
  r.summary = "Summary of " + r.pattern;
  r.body = body;
  r.doc = std::move(doc);
  return r;
}

TEST(OpenApi, DocumentsResourceRoutes) {
  static const Resource sample = Sample();
  std::vector<http::Route> routes = {
      MakeRoute("GET", "/healthz", http::kPublic),
      MakeRoute("GET", "/samples", "samples.read", http::BodyKind::kNone,
                {&sample, http::DocShape::kNone, http::DocShape::kPage, 200}),
      MakeRoute("POST", "/samples", "samples.write", http::BodyKind::kJson,
                {&sample, http::DocShape::kCreate, http::DocShape::kOne, 201}),
      MakeRoute("PATCH", "/samples/{id}", "samples.write", http::BodyKind::kJson,
                {&sample, http::DocShape::kPatch, http::DocShape::kOne, 200}),
      MakeRoute("DELETE", "/samples/{id}", "samples.write", http::BodyKind::kNone,
                {&sample, http::DocShape::kNone, http::DocShape::kNone, 204}),
      MakeRoute("POST", "/auth/login", http::kPublic, http::BodyKind::kJson),
  };
  routes[0] << http::Shedding::kIoThread;
  routes[5] << http::kHashesPasswords << http::Documents{401, 429};
  json doc = BuildOpenApi(routes, "1.2.3");
  EXPECT_EQ(doc["openapi"], "3.1.0");
  EXPECT_EQ(doc["info"]["version"], "1.2.3");
  EXPECT_EQ(doc["components"]["securitySchemes"]["bearerAuth"]["scheme"], "bearer");

  json health = doc["paths"]["/healthz"]["get"];
  EXPECT_EQ(health["security"], json::array());
  EXPECT_FALSE(health["responses"].contains("401"));
  EXPECT_FALSE(health["responses"].contains("503"));
  EXPECT_TRUE(health["responses"].contains("4XX"));

  json list = doc["paths"]["/samples"]["get"];
  EXPECT_EQ(list["x-permission"], "samples.read");
  EXPECT_EQ(list["responses"]["200"]["content"]["application/json"]["schema"]["$ref"],
            "#/components/schemas/SamplePage");
  std::set<std::string> names;
  for (const auto& p : list["parameters"]) names.insert(p["name"].get<std::string>());
  EXPECT_EQ(names,
            (std::set<std::string>{"status", "country", "order", "limit", "cursor", "Prefer"}));
  EXPECT_TRUE(list["responses"].contains("422"));
  EXPECT_TRUE(list["responses"].contains("401"));
  EXPECT_TRUE(list["responses"].contains("403"));

  json create = doc["paths"]["/samples"]["post"];
  EXPECT_EQ(create["requestBody"]["content"]["application/json"]["schema"]["$ref"],
            "#/components/schemas/SampleCreate");
  EXPECT_EQ(create["responses"]["201"]["content"]["application/json"]["schema"]["$ref"],
            "#/components/schemas/Sample");
  for (const char* s : {"400", "409", "413", "415", "422"}) {
    EXPECT_TRUE(create["responses"].contains(s)) << s;
  }

  json patch = doc["paths"]["/samples/{id}"]["patch"];
  EXPECT_TRUE(patch["requestBody"]["content"].contains("application/merge-patch+json"));
  EXPECT_TRUE(patch["requestBody"]["content"].contains("application/json"));
  EXPECT_EQ(patch["parameters"][0]["schema"]["format"], "uuid");
  EXPECT_TRUE(patch["responses"].contains("404"));
  EXPECT_TRUE(patch["responses"].contains("410"));

  json del = doc["paths"]["/samples/{id}"]["delete"];
  EXPECT_FALSE(del["responses"]["204"].contains("content"));

  json login = doc["paths"]["/auth/login"]["post"];
  EXPECT_TRUE(login["responses"].contains("401"));
  EXPECT_TRUE(login["responses"].contains("429"));
  EXPECT_FALSE(login["responses"].contains("403"));

  for (const char* s : {"Sample", "SampleCreate", "SamplePatch", "SamplePage", "Problem"}) {
    EXPECT_TRUE(doc["components"]["schemas"].contains(s)) << s;
  }
  // Only the error answers some operation uses are components.
  EXPECT_FALSE(doc["components"]["responses"].contains("NotAStatus"));
  EXPECT_TRUE(doc["components"]["responses"].contains("Gone"));
}

std::set<std::string> Statuses(const json& op) {
  std::set<std::string> out;
  for (const auto& [status, _] : op["responses"].items()) out.insert(status);
  return out;
}

TEST(OpenApi, ErrorAnswersFollowTheFactsOnTheRowNotThePattern) {
  std::vector<http::Route> routes = {
      MakeRoute("GET", "/healthz", http::kPublic),
      MakeRoute("GET", "/alive", http::kPublic),
      MakeRoute("GET", "/ready", http::kPublic),
      MakeRoute("POST", "/auth/login", http::kPublic, http::BodyKind::kJson),
      MakeRoute("POST", "/accounts", "users.manage", http::BodyKind::kJson),
      MakeRoute("POST", "/auth/throttled", http::kPublic, http::BodyKind::kJson),
  };
  routes[1] << http::Shedding::kIoThread;
  routes[2] << http::Shedding::kExempt;
  routes[4] << http::kHashesPasswords;
  routes[5] << http::Documents{429, 401, 429};
  json doc = BuildOpenApi(routes, "1");
  auto op = [&](const char* path, const char* method) { return doc["paths"][path][method]; };

  // Named like liveness, but nothing on its row says so: it can be shed.
  EXPECT_EQ(Statuses(op("/healthz", "get")), (std::set<std::string>{"200", "4XX", "503"}));
  EXPECT_EQ(Statuses(op("/alive", "get")), (std::set<std::string>{"200", "4XX"}));
  // Exempt from shedding, but readiness still answers 503 itself.
  EXPECT_EQ(Statuses(op("/ready", "get")), (std::set<std::string>{"200", "4XX", "503"}));
  // A public route under /auth/ without facts documents neither 401 nor 429.
  EXPECT_EQ(Statuses(op("/auth/login", "post")),
            (std::set<std::string>{"200", "400", "413", "415", "422", "4XX", "503"}));
  // Running argon2id means 429.
  EXPECT_TRUE(Statuses(op("/accounts", "post")).contains("429"));
  EXPECT_TRUE(doc["components"]["responses"].contains("TooManyRequests"));
  // Documented statuses join the derived ones, once each, in order.
  EXPECT_EQ(ErrorStatuses(routes[5]), (std::vector<int>{400, 401, 413, 415, 422, 429, 503}));
  EXPECT_EQ(op("/auth/throttled", "post")["responses"]["429"]["$ref"],
            "#/components/responses/TooManyRequests");
}

TEST(OpenApi, AStatusWithoutAnErrorAnswerIsRefused) {
  std::vector<http::Route> routes = {MakeRoute("GET", "/teapot", http::kPublic)};
  routes[0] << http::Documents{418};
  EXPECT_THROW(BuildOpenApi(routes, "1"), std::invalid_argument);
}

TEST(OpenApi, MediaTypesAndClosedPathValuesComeFromTheRow) {
  http::RouteDoc page;
  page.media = {"text/html", "image/png"};
  page.path_values = {{"name", {"a.js", "b.css"}}};
  std::vector<http::Route> routes = {
      MakeRoute("GET", "/pages/{name}", http::kPublic, http::BodyKind::kNone, page)};
  json op = BuildOpenApi(routes, "1")["paths"]["/pages/{name}"]["get"];
  EXPECT_EQ(
      op["responses"]["200"]["content"],
      (json{{"text/html", {{"schema", {{"type", "string"}}}}},
            {"image/png", {{"schema", {{"type", "string"}, {"contentMediaType", "image/png"}}}}}}));
  EXPECT_EQ(op["parameters"][0]["schema"]["enum"], (json{"a.js", "b.css"}));
}

// Commands (sign-in, role grants) declare their body and answer apart.
TEST(OpenApi, DocumentsCommandInputAndOutput) {
  static const Resource input = [] {
    Resource r;
    r.name = "RoleGrant";
    r.description = "A role to grant.";
    Field role = Make("role", FieldType::kString, Access::kWritable, false);
    role.required = true;
    r.fields.push_back(role);
    return r;
  }();
  static const Resource output = [] {
    Resource r;
    r.name = "RoleGranted";
    r.fields.push_back(Make("user_id", FieldType::kUuid, Access::kServer, false));
    return r;
  }();
  http::RouteDoc grant;
  grant.input = &input;
  grant.output = &output;
  grant.response = http::DocShape::kOne;
  grant.status = 201;
  grant.errors = {409};
  http::RouteDoc list;
  list.output = &output;
  list.response = http::DocShape::kList;
  http::RouteDoc plain;  // a body but no declared conflict: no 409
  plain.input = &input;
  plain.output = &output;
  plain.response = http::DocShape::kOne;
  std::vector<http::Route> routes = {
      MakeRoute("POST", "/users/{id}/roles", "roles.manage", http::BodyKind::kJson, grant),
      MakeRoute("GET", "/users/{id}/roles", "roles.manage", http::BodyKind::kNone, list),
      MakeRoute("PUT", "/users/{id}/roles", "roles.manage", http::BodyKind::kJson, plain),
  };
  json doc = BuildOpenApi(routes, "1");
  json post = doc["paths"]["/users/{id}/roles"]["post"];
  EXPECT_EQ(post["requestBody"]["content"]["application/json"]["schema"]["$ref"],
            "#/components/schemas/RoleGrant");
  EXPECT_EQ(post["responses"]["201"]["content"]["application/json"]["schema"]["$ref"],
            "#/components/schemas/RoleGranted");
  EXPECT_FALSE(post["responses"].contains("200"));
  EXPECT_TRUE(post["responses"].contains("409"));
  EXPECT_FALSE(post["responses"].contains("410")) << "a command names no resource record";
  json get = doc["paths"]["/users/{id}/roles"]["get"];
  json array = get["responses"]["200"]["content"]["application/json"]["schema"];
  EXPECT_EQ(array["type"], "array");
  EXPECT_EQ(array["items"]["$ref"], "#/components/schemas/RoleGranted");
  EXPECT_FALSE(doc["paths"]["/users/{id}/roles"]["put"]["responses"].contains("409"));
  json body = doc["components"]["schemas"]["RoleGrant"];
  EXPECT_EQ(body["required"], json::array({"role"}));
  EXPECT_EQ(body["additionalProperties"], false);
  EXPECT_EQ(body["description"], "A role to grant. Unknown fields are refused.");
  EXPECT_EQ(doc["components"]["schemas"]["RoleGranted"]["properties"]["user_id"]["readOnly"], true);
}

}  // namespace
}  // namespace imedic::openapi
