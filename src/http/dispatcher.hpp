// Runs one parsed request through the route table: matching, the body-type
// check, the handler (on a worker thread), error mapping, standard headers
// and the access log line. Knows nothing of sockets.
#pragma once

#include "http/message.hpp"
#include "http/router.hpp"

namespace imedic::http {

class Dispatcher {
 public:
  explicit Dispatcher(const Router& router) : router_(router) {}

  // Never throws: a throwing handler becomes a logged 500 problem.
  Response Handle(Request& request) const;

  // Adds the headers every answer carries (request id, no-sniff, …).
  static void AddStandardHeaders(Response& response, std::string_view request_id);

  // Logs the access line: request id, method, route pattern, status, time.
  static void LogAccess(const Request& request, std::string_view route, int status,
                        double duration_ms);

 private:
  const Router& router_;
};

}  // namespace imedic::http
