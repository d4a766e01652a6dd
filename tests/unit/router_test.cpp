#include "http/router.hpp"

#include <gtest/gtest.h>

#include <stdexcept>
#include <vector>

namespace imedic::http {
namespace {

Handler Ok() {
  return [](RequestContext&) -> core::Result<Response> { return Response::Json(200, "{}"); };
}

Router MakeRouter() {
  Router r;
  r.Add({"GET", "/providers", Ok(), "public", "none", "list"});
  r.Add({"GET", "/providers/{id}", Ok(), "public", "none", "read"});
  r.Add({"PATCH", "/providers/{id}", Ok(), "providers.write", "write", "update"});
  r.Add({"GET", "/providers/{id}/procedures/{procedure_id}", Ok(), "public", "none", "x"});
  return r;
}

TEST(Router, MatchesLiteralAndParameterSegments) {
  Router r = MakeRouter();
  auto m = r.Match("GET", "/providers/abc-123");
  ASSERT_EQ(m.kind, RouteMatch::Kind::kFound);
  EXPECT_EQ(m.route->pattern, "/providers/{id}");
  EXPECT_EQ(m.params.Get("id"), "abc-123");

  auto nested = r.Match("GET", "/providers/p1/procedures/q2");
  ASSERT_EQ(nested.kind, RouteMatch::Kind::kFound);
  EXPECT_EQ(nested.params.Get("id"), "p1");
  EXPECT_EQ(nested.params.Get("procedure_id"), "q2");
}

TEST(Router, TrailingSlashIsNotSignificant) {
  Router r = MakeRouter();
  EXPECT_EQ(r.Match("GET", "/providers/").kind, RouteMatch::Kind::kFound);
}

TEST(Router, UnknownPathIsNotFound) {
  Router r = MakeRouter();
  EXPECT_EQ(r.Match("GET", "/nothing").kind, RouteMatch::Kind::kNotFound);
  EXPECT_EQ(r.Match("GET", "/providers/x/y").kind, RouteMatch::Kind::kNotFound);
  EXPECT_EQ(r.Match("GET", "/providers//procedures/x").kind, RouteMatch::Kind::kNotFound);
}

TEST(Router, KnownPathWithOtherMethodIsMethodNotAllowedWithAllowList) {
  Router r = MakeRouter();
  auto m = r.Match("DELETE", "/providers/abc");
  ASSERT_EQ(m.kind, RouteMatch::Kind::kMethodNotAllowed);
  ASSERT_EQ(m.allowed.size(), 3u);
  EXPECT_EQ(m.allowed[0], "GET");
  EXPECT_EQ(m.allowed[1], "HEAD");  // every GET route answers HEAD too
  EXPECT_EQ(m.allowed[2], "PATCH");
}

TEST(Router, HeadIsAnsweredByTheGetRoute) {
  Router r = MakeRouter();
  auto m = r.Match("HEAD", "/providers/abc");
  ASSERT_EQ(m.kind, RouteMatch::Kind::kFound);
  EXPECT_EQ(m.route->method, "GET");
  EXPECT_EQ(m.params.Get("id"), "abc");
  // A path with no GET route has no HEAD either.
  EXPECT_EQ(r.Match("HEAD", "/nothing").kind, RouteMatch::Kind::kNotFound);
}

TEST(Router, ParametersArePercentDecodedAndBadEscapesRejected) {
  Router r = MakeRouter();
  auto m = r.Match("GET", "/providers/a%20b");
  ASSERT_EQ(m.kind, RouteMatch::Kind::kFound);
  EXPECT_EQ(m.params.Get("id"), "a b");
  EXPECT_EQ(r.Match("GET", "/providers/a%2").kind, RouteMatch::Kind::kBadPath);
  EXPECT_EQ(r.Match("GET", "/providers/a%zz").kind, RouteMatch::Kind::kBadPath);
  EXPECT_EQ(r.Match("GET", "/providers/a%00").kind, RouteMatch::Kind::kBadPath);
  EXPECT_EQ(r.Match("GET", "/providers/a%2Fb").kind, RouteMatch::Kind::kBadPath);
}

TEST(Router, RefusesRoutesWithoutPolicyOrDuplicates) {
  Router r;
  EXPECT_THROW(r.Add({"GET", "/x", Ok(), "", "none", "no permission"}), std::invalid_argument);
  EXPECT_THROW(r.Add({"GET", "/x", Ok(), "public", "", "no audit tag"}), std::invalid_argument);
  EXPECT_THROW(r.Add({"GET", "x", Ok(), "public", "none", "bad pattern"}), std::invalid_argument);
  r.Add({"GET", "/x/{id}", Ok(), "public", "none", "first"});
  EXPECT_THROW(r.Add({"GET", "/x/{id}", Ok(), "public", "none", "again"}), std::invalid_argument);
}

TEST(Router, FactsSetAtRegistrationAreOnTheRowAMatchReturns) {
  Router r;
  r.Add({"POST", "/uploads", Ok(), "files.write", "write", "upload", BodyKind::kBinary,
         RowKind::kNone, RouteDoc{}, 5000});
  r.Add({"POST", "/sign-in", Ok(), "public", "write", "sign in", BodyKind::kJson})
      << kHashesPasswords << Documents{401};
  r.Add({"POST", "/sign-out", Ok(), "authenticated", "write", "sign out"}) << AccessChange::kCaller;
  r.Add({"GET", "/ready", Ok(), "public", "none", "ready"}) << Shedding::kExempt;
  r.Add({"GET", "/alive", Ok(), "public", "none", "alive"}) << Shedding::kIoThread;

  auto upload = r.Match("POST", "/uploads");
  ASSERT_EQ(upload.kind, RouteMatch::Kind::kFound);
  EXPECT_EQ(upload.BodyLimit(1000), 5000u);
  EXPECT_EQ(upload.shedding(), Shedding::kShed);
  auto sign_in = r.Match("POST", "/sign-in");
  ASSERT_EQ(sign_in.kind, RouteMatch::Kind::kFound);
  EXPECT_EQ(sign_in.BodyLimit(1000), 1000u) << "no limit of its own: the server's";
  EXPECT_TRUE(sign_in.route->hashes_passwords);
  EXPECT_EQ(sign_in.route->doc.errors, std::vector<int>{401});
  EXPECT_EQ(sign_in.route->access_change, AccessChange::kNone);
  EXPECT_EQ(r.Match("POST", "/sign-out").route->access_change, AccessChange::kCaller);
  EXPECT_EQ(r.Match("GET", "/ready").shedding(), Shedding::kExempt);
  EXPECT_EQ(r.Match("GET", "/alive").shedding(), Shedding::kIoThread);
  // What matched no route has the server's limit and is shed like any request.
  auto none = r.Match("POST", "/alive");
  ASSERT_EQ(none.kind, RouteMatch::Kind::kMethodNotAllowed);
  EXPECT_EQ(none.BodyLimit(1000), 1000u);
  EXPECT_EQ(none.shedding(), Shedding::kShed);
  EXPECT_EQ(r.Match("GET", "/nothing").shedding(), Shedding::kShed);
}

TEST(Router, RefusesFactsThatContradictTheRow) {
  Router r;
  // Authentication may wait on the database: not on an I/O thread.
  EXPECT_THROW(r.Add({"GET", "/a", Ok(), "authenticated", "none", "a"}) << Shedding::kIoThread,
               std::invalid_argument);
  // A public route has no caller.
  EXPECT_THROW(r.Add({"POST", "/b", Ok(), "public", "write", "b"}) << AccessChange::kCaller,
               std::invalid_argument);
  EXPECT_THROW(r.Add({"POST", "/c", Ok(), "public", "write", "c"}) << Documents{302},
               std::invalid_argument);
  // The same facts given as fields are checked by Add.
  Route io{"GET", "/d", Ok(), "authenticated", "none", "d"};
  io.shedding = Shedding::kIoThread;
  EXPECT_THROW(r.Add(std::move(io)), std::invalid_argument);
  // Allowed: anyone's access changed by a public route (a password reset).
  EXPECT_NO_THROW(r.Add({"POST", "/e", Ok(), "public", "write", "e"}) << AccessChange::kAnyone);
}

TEST(PercentDecode, DecodesEscapes) {
  std::string out;
  ASSERT_TRUE(PercentDecode("%C3%BCber%2b", out));
  EXPECT_EQ(out,
            "\xC3\xBC"
            "ber+");
}

}  // namespace
}  // namespace imedic::http
