// A scriptable HTTP/1.1 server on 127.0.0.1 (a random port) standing in for
// a provider's API in tests: it records every request and answers what the
// test's handler says — a status and body, optionally after a delay (a
// provider hanging past the client's timeout). One request per connection.
#pragma once

#include <atomic>
#include <chrono>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace imedic::testing {

struct FakeRequest {
  std::string method;
  std::string target;                          // path and query
  std::map<std::string, std::string> headers;  // names lower-cased
  std::string body;
};

struct FakeReply {
  int status = 200;
  std::string body = "{}";
  std::string content_type = "application/json";
  std::chrono::milliseconds delay{0};  // wait before answering
};

class FakeHttpServer {
 public:
  // `handler` gets each request and its 0-based arrival number; it runs on
  // the connection's own thread, so it must be thread-safe.
  using Handler = std::function<FakeReply(const FakeRequest&, int index)>;
  explicit FakeHttpServer(Handler handler);
  ~FakeHttpServer();
  FakeHttpServer(const FakeHttpServer&) = delete;
  FakeHttpServer& operator=(const FakeHttpServer&) = delete;

  std::string base_url() const { return "http://127.0.0.1:" + std::to_string(port_); }
  std::vector<FakeRequest> requests() const;
  int count() const { return next_index_.load(); }

 private:
  void AcceptLoop();
  void Serve(int fd);

  Handler handler_;
  int listen_fd_ = -1;
  int port_ = 0;
  std::atomic<bool> stop_{false};
  std::atomic<int> next_index_{0};
  mutable std::mutex mu_;
  std::vector<FakeRequest> requests_;
  std::vector<std::thread> workers_;
  std::thread acceptor_;
};

// Decodes an application/x-www-form-urlencoded body into its fields.
std::map<std::string, std::string> ParseForm(const std::string& body);

}  // namespace imedic::testing
