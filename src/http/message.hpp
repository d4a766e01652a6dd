// The request and response as handlers see them: plain values, no Beast, so
// domain code never pulls in the networking headers.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace imedic::http {

using Header = std::pair<std::string, std::string>;  // name in lower case

struct Request {
  std::string method;  // upper case, as sent
  std::string target;  // raw request target
  std::string path;    // target up to '?', still percent-encoded
  std::string query;   // after '?', still percent-encoded
  std::vector<Header> headers;
  std::string body;
  std::string request_id;
  std::string remote_address;

  // First header with this lower-case name, or empty.
  std::string_view HeaderValue(std::string_view lower_name) const {
    for (const auto& [k, v] : headers) {
      if (k == lower_name) return v;
    }
    return {};
  }
};

struct Response {
  int status = 200;
  std::string content_type = "application/json";
  std::string body;
  std::vector<Header> headers;  // extra headers (Allow, Retry-After, Location…)
  // The version of the row the body shows (records: a digest of the row's
  // xmin), if the handler knows it: the ETag then carries it, and If-Match on
  // a later PATCH or DELETE is checked against it (http/conditional.hpp).
  std::string version;

  static Response Json(int status, std::string body) {
    Response r;
    r.status = status;
    r.body = std::move(body);
    return r;
  }
};

}  // namespace imedic::http
