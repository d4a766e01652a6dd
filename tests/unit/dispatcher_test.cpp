#include "http/dispatcher.hpp"

#include <gtest/gtest.h>

#include <stdexcept>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace imedic::http {
namespace {

class DispatcherTest : public ::testing::Test {
 protected:
  void SetUp() override {
    router_.Add({"GET", "/ok",
                 [](RequestContext&) -> core::Result<Response> {
                   return Response::Json(200, R"({"ok":true})");
                 },
                 "public", "none", "ok"});
    router_.Add({"POST", "/items",
                 [](RequestContext& c) -> core::Result<Response> {
                   return Response::Json(201, c.request.body);
                 },
                 "public", "write", "create", BodyKind::kJson});
    router_.Add(
        {"GET", "/private",
         [](RequestContext&) -> core::Result<Response> { return Response::Json(200, "{}"); },
         "items.read", "none", "needs a permission"});
    router_.Add({"GET", "/boom",
                 [](RequestContext&) -> core::Result<Response> { throw std::runtime_error("bug"); },
                 "public", "none", "throws"});
    router_.Add({"GET", "/missing",
                 [](RequestContext&) -> core::Result<Response> {
                   return core::Fail(core::Error::NotFound("no such item"));
                 },
                 "public", "none", "fails"});
  }
  Response Call(std::string method, std::string path, std::string body = "",
                const std::string& content_type = "") {
    Request req;
    req.method = std::move(method);
    req.path = std::move(path);
    req.body = std::move(body);
    req.request_id = "rid";
    if (!content_type.empty()) req.headers.emplace_back("content-type", content_type);
    return Dispatcher(router_).Handle(req);
  }
  static std::string HeaderOf(const Response& r, const std::string& name) {
    for (const auto& [k, v] : r.headers) {
      if (k == name) return v;
    }
    return "";
  }
  Router router_;
};

TEST_F(DispatcherTest, RunsTheHandlerAndAddsStandardHeaders) {
  Response r = Call("GET", "/ok");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(HeaderOf(r, "x-request-id"), "rid");
  EXPECT_EQ(HeaderOf(r, "x-content-type-options"), "nosniff");
  EXPECT_EQ(HeaderOf(r, "x-frame-options"), "DENY");
}

TEST_F(DispatcherTest, UnknownPathIs404Problem) {
  Response r = Call("GET", "/nope");
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(r.content_type, "application/problem+json");
}

TEST_F(DispatcherTest, WrongMethodIs405WithAllow) {
  Response r = Call("DELETE", "/ok");
  EXPECT_EQ(r.status, 405);
  EXPECT_EQ(HeaderOf(r, "allow"), "GET, HEAD");
  EXPECT_EQ(r.content_type, "application/problem+json");
}

TEST_F(DispatcherTest, JsonRouteRefusesOtherMediaTypesWith415) {
  EXPECT_EQ(Call("POST", "/items", "{}", "text/plain").status, 415);
  EXPECT_EQ(Call("POST", "/items", "{}", "").status, 415);
  EXPECT_EQ(Call("POST", "/items", "{}", "application/json; charset=utf-8").status, 201);
  EXPECT_EQ(Call("POST", "/items", "{}", "Application/Merge-Patch+JSON").status, 201);
}

TEST_F(DispatcherTest, ProtectedRouteWithoutCredentialsIs401WithChallenge) {
  Response r = Call("GET", "/private");
  EXPECT_EQ(r.status, 401);
  EXPECT_EQ(HeaderOf(r, "www-authenticate"), "Bearer");
  EXPECT_EQ(r.content_type, "application/problem+json");
}

TEST_F(DispatcherTest, ThrowingHandlerIs500WithoutDetail) {
  Response r = Call("GET", "/boom");
  EXPECT_EQ(r.status, 500);
  EXPECT_EQ(r.content_type, "application/problem+json");
  EXPECT_EQ(r.body.find("bug"), std::string::npos);
}

TEST_F(DispatcherTest, HandlerErrorIsMapped) {
  Response r = Call("GET", "/missing");
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(nlohmann::json::parse(r.body)["detail"], "no such item");
}

TEST_F(DispatcherTest, BadPercentEscapeInPathIs400) {
  router_.Add({"GET", "/items/{id}",
               [](RequestContext&) -> core::Result<Response> { return Response::Json(200, "{}"); },
               "public", "none", "read"});
  EXPECT_EQ(Call("GET", "/items/%zz").status, 400);
}

// Accepts "Bearer ok" and records what the dispatcher says changed.
class RecordingAuthenticator : public Authenticator {
 public:
  core::Result<core::Principal> Authenticate(std::string_view token, const Request&) override {
    if (token != "ok") return core::Fail(core::Error(core::ErrorCode::kUnauthenticated, "no"));
    core::Principal p;
    p.user_id = "u1";
    p.mfa_satisfied = true;
    return p;
  }
  void AccessChanged(const core::Principal* caller) override {
    changes.push_back(caller == nullptr ? "anyone" : "caller:" + caller->user_id);
  }
  std::vector<std::string> changes;
};

class AccessChangeTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto answer = [](RequestContext& c) -> core::Result<Response> {
      if (c.request.body == "fail") return core::Fail(core::Error::Conflict("no"));
      return Response::Json(200, "{}");
    };
    router_.Add({"POST", "/logout", answer, kAuthenticated, "write", "own"})
        << AccessChange::kCaller;
    router_.Add({"POST", "/grants", answer, kAuthenticated, "write", "anyone's"})
        << AccessChange::kAnyone;
    router_.Add({"POST", "/notes", answer, kAuthenticated, "write", "changes no access"});
  }
  int Post(const std::string& path, std::string body = "") {
    Request req;
    req.method = "POST";
    req.path = path;
    req.body = std::move(body);
    req.request_id = "rid";
    req.headers.emplace_back("authorization", "Bearer ok");
    return Dispatcher(router_, &auth_).Handle(req).status;
  }
  Router router_;
  RecordingAuthenticator auth_;
};

TEST_F(AccessChangeTest, ARouteMarkedOnItsRowEvictsAfterSuccessOnly) {
  EXPECT_EQ(Post("/notes"), 200);
  EXPECT_TRUE(auth_.changes.empty()) << "an unmarked route evicts nothing";
  EXPECT_EQ(Post("/logout", "fail"), 409);
  EXPECT_TRUE(auth_.changes.empty()) << "a failed request changes nothing";
  EXPECT_EQ(Post("/logout"), 200);
  EXPECT_EQ(Post("/grants"), 200);
  EXPECT_EQ(auth_.changes, (std::vector<std::string>{"caller:u1", "anyone"}));
}

TEST_F(DispatcherTest, HandlesTheMatchItIsGivenWithoutMatchingAgain) {
  Request req;
  req.method = "GET";
  req.path = "/missing";  // the server matched before; the match is what counts
  req.request_id = "rid";
  RouteMatch match = router_.Match("GET", "/ok");
  ASSERT_EQ(match.kind, RouteMatch::Kind::kFound);
  Response r = Dispatcher(router_).Handle(req, std::move(match));
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, R"({"ok":true})");
  // Path parameters come from the match too.
  router_.Add({"GET", "/echo/{id}",
               [](RequestContext& c) -> core::Result<Response> {
                 return Response::Json(200, std::string(c.params.Get("id")));
               },
               "public", "none", "echo"});
  Request echo;
  echo.method = "GET";
  echo.path = "/echo/a%20b";
  EXPECT_EQ(Dispatcher(router_).Handle(echo, router_.Match("GET", "/echo/a%20b")).body, "a b");
}

}  // namespace
}  // namespace imedic::http
