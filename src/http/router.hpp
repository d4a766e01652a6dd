// Matches a method and path against the route table.
//
// Patterns are literal segments and `{name}` parameters ("/providers/{id}").
// A path that matches some pattern with another method is a 405 (with the
// allowed methods), not a 404.
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/error.hpp"
#include "core/principal.hpp"
#include "http/message.hpp"

namespace imedic::records {
struct Resource;
}  // namespace imedic::records

namespace imedic::http {

struct PathParams {
  std::vector<std::pair<std::string, std::string>> values;  // percent-decoded
  std::string_view Get(std::string_view name) const {
    for (const auto& [k, v] : values) {
      if (k == name) return v;
    }
    return {};
  }
};

struct RequestContext {
  const Request& request;
  PathParams params;
  // The caller, for routes that require authentication; null on public routes.
  const core::Principal* principal = nullptr;
};

using Handler = std::function<core::Result<Response>(RequestContext&)>;

// What a route expects as its body; anything else is refused with 415.
// kBinary: raw bytes of any Content-Type; the handler checks the type.
enum class BodyKind { kNone, kJson, kBinary };

// Permission values with a special meaning (all others are "resource.action"
// names from the permissions table).
inline constexpr const char* kPublic = "public";                // no authentication
inline constexpr const char* kAuthenticated = "authenticated";  // any signed-in user
// Signed in, even before a required second factor is enrolled (MFA setup).
inline constexpr const char* kAuthenticatedPreMfa = "authenticated.pre_mfa";

// What the {id} of a route designates, for row-scope checks and for the
// generated role × route × ownership test.
// kFile: a stored file, scoped through the patient it belongs to.
enum class RowKind { kNone, kSelf, kPatient, kLead, kProvider, kUser, kFile };

// What the OpenAPI document says of a route's body and answer. Resource
// routes point at their records::Resource, so the document's schemas come from
// the same definition that validates and renders (src/records/resource.hpp).
enum class DocShape {
  kNone,    // no body / 204 No Content
  kObject,  // a JSON object not described by a resource
  kCreate,  // the resource's fields a client may set on create
  kPatch,   // a JSON merge patch of the resource's writable fields
  kOne,     // one resource
  kPage,    // {"items": [resource…], "next": link|null}
  kBinary,  // raw bytes (uploads and downloads)
};

// A query parameter of a route with its own grammar (not a resource list).
struct DocParam {
  std::string_view name;
  std::string_view type;  // JSON Schema type: "string", "integer", "number", "boolean"
  std::string_view description;
};

struct RouteDoc {
  const records::Resource* resource = nullptr;
  DocShape request = DocShape::kNone;
  DocShape response = DocShape::kObject;
  int status = 200;  // the success status
  // When set, the route's query parameters, documented instead of the
  // resource's generic list grammar.
  const std::vector<DocParam>* query = nullptr;
};

// Whether a successful request changes what bearer tokens stand for
// (sessions, roles, permissions, memberships, the patient profile): then
// the authenticator forgets what it remembers about them at once.
enum class AccessChange {
  kNone,
  kCaller,  // the caller's own tokens (logout, new profile, second factor…)
  kAnyone,  // possibly anyone's (role grants, suspensions, role permissions…)
};

// One row of the route table. Every route names its permission and its
// audit tag: policy lives beside the route, in one table.
struct Route {
  std::string method;
  std::string pattern;
  Handler handler;
  std::string permission;  // kPublic, kAuthenticated, or "resource.action"
  std::string audit_tag;   // "none", "read" (high-sensitivity read), "write"
  std::string summary;     // one line for the API reference
  BodyKind body = BodyKind::kNone;
  RowKind row = RowKind::kNone;
  RouteDoc doc{};
  // Largest body this route accepts; 0 means the server's limit
  // (IMEDIC_MAX_BODY_BYTES). Applied by the server before the body is read.
  std::size_t max_body_bytes = 0;
  AccessChange access_change = AccessChange::kNone;
};

struct RouteMatch {
  enum class Kind { kFound, kNotFound, kMethodNotAllowed, kBadPath } kind = Kind::kNotFound;
  const Route* route = nullptr;
  PathParams params;
  std::vector<std::string> allowed;  // for kMethodNotAllowed
};

class Router {
 public:
  // Adds a route. Throws std::invalid_argument at start-up for a malformed
  // pattern, a duplicate, or a route without permission and audit tag.
  void Add(Route route);
  RouteMatch Match(std::string_view method, std::string_view path) const;
  // Marks a registered route; throws std::invalid_argument if there is none.
  void SetAccessChange(std::string_view method, std::string_view pattern, AccessChange change);
  const std::vector<Route>& routes() const { return routes_; }

 private:
  struct Compiled {
    std::vector<std::string> segments;  // "{x}" for a parameter
  };
  std::vector<Route> routes_;
  std::vector<Compiled> compiled_;
};

// Decodes %XX escapes; fails on a bad escape or an encoded NUL or '/'.
bool PercentDecode(std::string_view in, std::string& out);

}  // namespace imedic::http
