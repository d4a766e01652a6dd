// A deliberately simple HTTP/1.1 client over a raw socket, so tests can send
// exactly the bytes they want (malformed lines, partial requests, huge
// bodies) and read the answer as it came.
#pragma once

#include <chrono>
#include <map>
#include <optional>
#include <string>

namespace imedic::testing {

struct HttpResponse {
  int status = 0;
  std::map<std::string, std::string> headers;  // lower-case names
  std::string body;
  std::string Header(const std::string& name) const {
    auto it = headers.find(name);
    return it == headers.end() ? std::string() : it->second;
  }
};

class RawConnection {
 public:
  explicit RawConnection(int port);  // connects to 127.0.0.1:port; check ok()
  ~RawConnection();
  RawConnection(const RawConnection&) = delete;
  RawConnection& operator=(const RawConnection&) = delete;

  bool ok() const { return fd_ >= 0; }
  bool Send(const std::string& bytes);
  // Reads one response (Content-Length framed); nullopt on close/timeout.
  // `head_response`: the answer to a HEAD, whose Content-Length is the GET
  // body's and which carries no body.
  std::optional<HttpResponse> Read(std::chrono::milliseconds timeout = std::chrono::seconds(10),
                                   bool head_response = false);
  // True when the server closed the connection (read returns EOF) in time.
  bool WaitClosed(std::chrono::milliseconds timeout);

 private:
  int fd_ = -1;
  std::string pending_;
};

// One request on a fresh connection, with extra headers ("Name: value").
std::optional<HttpResponse> Request(int port, const std::string& method, const std::string& path,
                                    const std::string& body = "",
                                    const std::string& content_type = "application/json",
                                    const std::map<std::string, std::string>& headers = {});
// A request carrying "Authorization: Bearer <token>" (none when empty).
std::optional<HttpResponse> Authed(int port, const std::string& token, const std::string& method,
                                   const std::string& path, const std::string& body = "");
inline std::optional<HttpResponse> Get(int port, const std::string& path) {
  return Request(port, "GET", path);
}

}  // namespace imedic::testing
