// Runs one parsed request through the route table: matching, the body-type
// check, the handler (on a worker thread), error mapping, standard headers
// and the access log line. Knows nothing of sockets.
#pragma once

#include "http/authenticator.hpp"
#include "http/message.hpp"
#include "http/router.hpp"

namespace imedic::http {

class Dispatcher {
 public:
  // `authenticator` may be null only when no route needs authentication.
  explicit Dispatcher(const Router& router, Authenticator* authenticator = nullptr,
                      HttpPolicy policy = {})
      : router_(router), authenticator_(authenticator), policy_(std::move(policy)) {}

  // Never throws: a throwing handler becomes a logged 500 problem.
  Response Handle(Request& request) const;
  // The same with the request already matched (Match), so a caller that
  // needed the route first (the server: its body limit and shedding) does
  // not match twice. `match` must be Match(request.method, request.path).
  Response Handle(Request& request, RouteMatch match) const;

  // Matches a method and a path (the target up to '?') against the table.
  RouteMatch Match(std::string_view method, std::string_view path) const {
    return router_.Match(method, path);
  }

  // Adds the headers every answer carries (request id, no-sniff, …).
  static void AddStandardHeaders(Response& response, std::string_view request_id);

  // Authentication, second-factor gate and permission check for a route:
  // 401 without valid credentials, 403 without the permission.
  core::Result<core::Principal> Authorize(const Route& route, const Request& request) const;

  // Logs the access line: request id, method, route pattern, status, time.
  static void LogAccess(const Request& request, std::string_view route, int status,
                        double duration_ms);

 private:
  // Everything between the parsed request and the response: HTTPS rule,
  // CORS preflight, routing, body type, policy, the handler itself.
  Response Decide(Request& request, RouteMatch& match, std::string_view& route_name) const;
  Response Preflight(const Request& request) const;
  // CORS: the allow-origin header for listed origins (the API's, and the
  // matched route's own).
  void ApplyCors(const Request& request, const Route* route, Response& response) const;
  bool OriginAllowed(std::string_view origin, const Route* route = nullptr) const;

  const Router& router_;
  Authenticator* authenticator_;
  HttpPolicy policy_;
};

}  // namespace imedic::http
