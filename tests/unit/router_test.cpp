#include "http/router.hpp"

#include <gtest/gtest.h>

#include <stdexcept>

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
  ASSERT_EQ(m.allowed.size(), 2u);
  EXPECT_EQ(m.allowed[0], "GET");
  EXPECT_EQ(m.allowed[1], "PATCH");
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

TEST(PercentDecode, DecodesEscapes) {
  std::string out;
  ASSERT_TRUE(PercentDecode("%C3%BCber%2b", out));
  EXPECT_EQ(out,
            "\xC3\xBC"
            "ber+");
}

}  // namespace
}  // namespace imedic::http
