// A small HTTP client on libcurl for the messaging adapters: one request at
// a time over one reused connection per client (each adapter owns one), TLS
// with certificate and host-name verification always on, timeouts from the
// configuration, no redirects followed, http and https only.
#pragma once

#include <chrono>
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <tl/expected.hpp>

namespace imedic::messaging {

// Initialises libcurl once per process (curl_global_init is not thread-safe
// on its own); every user of libcurl here calls it first.
void EnsureCurlInitialised();

struct HttpRequest {
  std::string method = "POST";
  std::string url;
  std::vector<std::string> headers;  // "Name: value"
  std::string body;
  // user:password for HTTP basic authentication (Twilio).
  std::optional<std::pair<std::string, std::string>> basic_auth;
};

struct HttpResponse {
  long status = 0;
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;  // names lower-cased
};

// No HTTP answer at all: the transport failed. Every kind is worth a retry;
// `kind` tells a hung provider from one that is down.
struct HttpTransportError {
  enum class Kind { kTimeout, kConnect, kTls, kOther };
  Kind kind = Kind::kOther;
  std::string detail;  // libcurl's message: names the host, never the request
};

const char* TransportErrorName(HttpTransportError::Kind kind);

struct HttpClientOptions {
  std::chrono::milliseconds timeout{10000};         // the whole exchange
  std::chrono::milliseconds connect_timeout{5000};  // TCP + TLS handshake
  std::optional<std::string> ca_file;               // extra trust anchor (tests)
};

class HttpClient {
 public:
  explicit HttpClient(HttpClientOptions options);
  ~HttpClient();
  HttpClient(const HttpClient&) = delete;
  HttpClient& operator=(const HttpClient&) = delete;

  tl::expected<HttpResponse, HttpTransportError> Send(const HttpRequest& request);

 private:
  HttpClientOptions options_;
  std::mutex mu_;  // a curl easy handle serves one transfer at a time
  void* handle_;   // CURL*, kept between requests for connection reuse
};

// application/x-www-form-urlencoded: name=value pairs, each percent-encoded
// (unreserved characters kept, space as %20).
std::string FormEncode(const std::vector<std::pair<std::string, std::string>>& fields);

}  // namespace imedic::messaging
