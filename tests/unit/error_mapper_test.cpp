#include "http/error_mapper.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace imedic::http {
namespace {

using core::ErrorCode;

TEST(ErrorMapper, EveryCodeHasItsStatus) {
  EXPECT_EQ(StatusFor(ErrorCode::kInvalidInput), 422);
  EXPECT_EQ(StatusFor(ErrorCode::kMalformed), 400);
  EXPECT_EQ(StatusFor(ErrorCode::kUnauthenticated), 401);
  EXPECT_EQ(StatusFor(ErrorCode::kForbidden), 403);
  EXPECT_EQ(StatusFor(ErrorCode::kNotFound), 404);
  EXPECT_EQ(StatusFor(ErrorCode::kMethodNotAllowed), 405);
  EXPECT_EQ(StatusFor(ErrorCode::kTimeout), 408);
  EXPECT_EQ(StatusFor(ErrorCode::kConflict), 409);
  EXPECT_EQ(StatusFor(ErrorCode::kGone), 410);
  EXPECT_EQ(StatusFor(ErrorCode::kPayloadTooLarge), 413);
  EXPECT_EQ(StatusFor(ErrorCode::kUnsupportedMedia), 415);
  EXPECT_EQ(StatusFor(ErrorCode::kHeadersTooLarge), 431);
  EXPECT_EQ(StatusFor(ErrorCode::kRateLimited), 429);
  EXPECT_EQ(StatusFor(ErrorCode::kUnavailable), 503);
  EXPECT_EQ(StatusFor(ErrorCode::kInternal), 500);
}

TEST(ErrorMapper, ProblemBodyIsRfc7807WithFieldErrors) {
  auto err = core::Error::InvalidInput("the body has invalid fields",
                                       {{"email", "not an email address"}});
  err.internal_detail = "secret internal detail";
  Response r = ProblemResponse(err, "/users", "req-1");
  EXPECT_EQ(r.status, 422);
  EXPECT_EQ(r.content_type, "application/problem+json");
  auto body = nlohmann::json::parse(r.body);
  EXPECT_EQ(body["status"], 422);
  EXPECT_EQ(body["title"], "Unprocessable Content");
  EXPECT_EQ(body["detail"], "the body has invalid fields");
  EXPECT_EQ(body["instance"], "/users");
  EXPECT_EQ(body["request_id"], "req-1");
  EXPECT_EQ(body["type"], "https://imedic.dev/problems/invalid-input");
  ASSERT_EQ(body["errors"].size(), 1u);
  EXPECT_EQ(body["errors"][0]["field"], "email");
  EXPECT_EQ(r.body.find("secret"), std::string::npos) << "internal detail leaked";
}

TEST(ErrorMapper, UnavailableCarriesRetryAfter) {
  Response r = ProblemResponse(core::Error::Unavailable("db down"), "/readyz", "r");
  EXPECT_EQ(r.status, 503);
  bool found = false;
  for (const auto& [k, v] : r.headers) found = found || (k == "retry-after" && v == "1");
  EXPECT_TRUE(found);
}

TEST(ErrorMapper, InvalidUtf8InInstanceStillGivesValidJson) {
  Response r = ProblemResponse(core::Error::NotFound(), "/x\xff\xfe", "r");
  EXPECT_TRUE(nlohmann::json::accept(r.body));
}

}  // namespace
}  // namespace imedic::http
