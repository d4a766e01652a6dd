// Matches a method and path against the route table.
//
// Patterns are literal segments and `{name}` parameters ("/providers/{id}").
// A path that matches some pattern with another method is a 405 (with the
// allowed methods), not a 404.
#pragma once

#include <cstddef>
#include <functional>
#include <initializer_list>
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
// kBooking: a booking, scoped by its provider and patient (care_row_visible).
// kConsultation: a consultation, scoped the same way (consultation_visible).
enum class RowKind {
  kNone,
  kSelf,
  kPatient,
  kLead,
  kProvider,
  kUser,
  kFile,
  kBooking,
  kConsultation
};

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
  kList,    // a JSON array of RouteDoc.output
};

// A query parameter of a route with its own grammar (not a resource list).
struct DocParam {
  std::string_view name;
  std::string_view type;  // JSON Schema type: "string", "integer", "number", "boolean"
  std::string_view description;
};

// The closed set of values one path parameter takes.
struct DocPathValues {
  std::string_view name;
  std::vector<std::string> values;
};

struct RouteDoc {
  const records::Resource* resource = nullptr;
  DocShape request = DocShape::kNone;
  DocShape response = DocShape::kObject;
  int status = 200;  // the success status
  // When set, the route's query parameters, documented instead of the
  // resource's generic list grammar.
  const std::vector<DocParam>* query = nullptr;
  // Error statuses the route gives beyond those the generic rules derive
  // from its shape (api/openapi.hpp, ErrorStatuses): a public sign-in's 401,
  // a throttle's 429.
  std::vector<int> errors{};
  // When set, the success answer's media types instead of JSON (a page, a
  // script, an image), each documented as a string.
  std::vector<std::string_view> media{};
  // Path parameters that take a closed set of values, documented as an enum.
  std::vector<DocPathValues> path_values{};
  // Writes that honour If-Match (412 on a stale version; http/conditional.hpp).
  bool if_match = false;
  // Routes that are commands rather than a resource's records (sign-in,
  // role grants…) declare their JSON body (`input`, its settable fields)
  // and their answer (`output`: kOne, or kList for an array) apart; the
  // same declaration that validates the body documents it.
  const records::Resource* input = nullptr;
  const records::Resource* output = nullptr;
};

// Whether a successful request changes what bearer tokens stand for
// (sessions, roles, permissions, memberships, the patient profile): then
// the authenticator forgets what it remembers about them at once.
enum class AccessChange {
  kNone,
  kCaller,  // the caller's own tokens (logout, new profile, second factor…)
  kAnyone,  // possibly anyone's (role grants, suspensions, role permissions…)
};

// How the server treats a route when it is at capacity (http/server.hpp).
enum class Shedding {
  kShed,      // 503 with Retry-After beyond the backlog limit (every route by default)
  kExempt,    // never shed: runs on a worker even at capacity (readiness)
  kIoThread,  // never shed and answered on the I/O thread, without a worker
              // (liveness); its handler must not block or touch the database
};

// One row of the route table. Every fact about a route lives on its row —
// policy, body, scheduling, what it documents — so the dispatcher, the
// server and the OpenAPI generator read them here and nowhere keeps a list
// of patterns. Facts past the positional fields are set where the route is
// registered (the facts below).
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
  Shedding shedding = Shedding::kShed;
  // Runs argon2id: answers 429 when more callers wait for a hash than the
  // password hasher takes (core/password_hasher.hpp).
  bool hashes_passwords = false;
  // Browser origins allowed to call this route besides the API's own
  // (HttpPolicy::cors_origins): the marketing sites' public forms.
  std::vector<std::string> cors_origins{};
};

// Facts set on a row where the route is registered, on the row Router::Add
// returns; each sets one field and is checked against the row at once:
//   router.Add({"POST", "/auth/login", …}) << http::kHashesPasswords
//                                         << http::Documents{401, 429};
//   router.Add({"POST", "/auth/logout", …}) << http::AccessChange::kCaller;
//   router.Add({"GET", "/readyz", …}) << http::Shedding::kExempt;
// (Streamed after the call rather than passed into it, so that adding a
// fact to a registration leaves the row's own lines as they are.)
struct HashesPasswordsFact {};
inline constexpr HashesPasswordsFact kHashesPasswords{};
struct Documents {  // error statuses for RouteDoc::errors
  Documents(std::initializer_list<int> s) : statuses(s) {}
  std::vector<int> statuses;
};
Route& operator<<(Route& route, AccessChange change);
Route& operator<<(Route& route, Shedding how);
Route& operator<<(Route& route, HashesPasswordsFact);
Route& operator<<(Route& route, const Documents& errors);
struct CorsOrigins {  // origins for Route::cors_origins
  std::vector<std::string> origins;
};
Route& operator<<(Route& route, const CorsOrigins& origins);

// Throws std::invalid_argument when a row's facts contradict it: a
// protected route answered on the I/O thread, the caller's access changed
// on a public route, a documented error status outside 400–599.
void CheckFacts(const Route& route);

struct RouteMatch {
  enum class Kind { kFound, kNotFound, kMethodNotAllowed, kBadPath } kind = Kind::kNotFound;
  const Route* route = nullptr;
  PathParams params;
  std::vector<std::string> allowed;  // for kMethodNotAllowed

  // The largest body accepted: the route's max_body_bytes when it sets one,
  // else `server_default` (also when nothing matched: the answer is an error
  // anyway, and reading its body keeps the connection usable).
  std::size_t BodyLimit(std::size_t server_default) const {
    return kind == Kind::kFound && route->max_body_bytes > 0 ? route->max_body_bytes
                                                             : server_default;
  }
  // How the server schedules the request; what matched no route is shed.
  Shedding shedding() const { return kind == Kind::kFound ? route->shedding : Shedding::kShed; }
};

class Router {
 public:
  // Adds a route and returns its row, for the facts above (the reference
  // is valid until the next Add). Throws std::invalid_argument at start-up
  // for a malformed pattern, a duplicate, a route without permission and
  // audit tag, or facts that contradict it (CheckFacts).
  Route& Add(Route route);
  // A match points at its row: no route may be added once requests are served.
  RouteMatch Match(std::string_view method, std::string_view path) const;
  const std::vector<Route>& routes() const { return routes_; }
  // The row of a registered route, to decorate its handler before serving
  // (the catalog cache wraps the public catalog reads); throws
  // std::invalid_argument when no route has this method and pattern.
  Route& Find(std::string_view method, std::string_view pattern);

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
