// The payment webhook's signature: HMAC-SHA256 over "<t>.<body>" (checked
// against Python's hmac module), the header's grammar, several v1 entries,
// and the tolerance window.
#include "domains/care/webhook_signature.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <vector>

namespace imedic::care {
namespace {

constexpr const char* kSecret = "whsec_test";
constexpr std::int64_t kT = 1700000000;
const std::string kBody = R"({"id":"evt_1"})";
// python3: hmac.new(b"whsec_test", b'1700000000.{"id":"evt_1"}', hashlib.sha256).hexdigest()
constexpr const char* kExpected =
    "c89214b5b5da833daed6f0b8c5bb6bd58cea9022bd80ccc78230f3942d632925";
constexpr std::chrono::seconds kTolerance{300};

bool Accepts(const std::string& header, std::int64_t now = kT, const std::string& body = kBody) {
  return VerifyWebhookSignature(header, body, kSecret, now, kTolerance).has_value();
}

TEST(WebhookSignature, IsHmacSha256OfTimestampDotBody) {
  EXPECT_EQ(WebhookSignature(kSecret, kT, kBody), kExpected);
}

TEST(WebhookSignature, AcceptsAGoodSignatureWithinTheTolerance) {
  const std::string header = "t=1700000000,v1=" + std::string(kExpected);
  EXPECT_TRUE(Accepts(header));
  EXPECT_TRUE(Accepts(header, kT + 300));
  EXPECT_TRUE(Accepts(header, kT - 300));
  EXPECT_FALSE(Accepts(header, kT + 301));
  EXPECT_FALSE(Accepts(header, kT - 301));
  // Order and spaces after commas do not matter; unknown schemes are ignored.
  EXPECT_TRUE(Accepts("v1=" + std::string(kExpected) + ", t=1700000000, v0=abc"));
  // While the secret rolls, one of several v1 entries is enough.
  EXPECT_TRUE(Accepts("t=1700000000,v1=" + std::string(64, '0') + ",v1=" + kExpected));
}

TEST(WebhookSignature, RefusesForgedMalformedAndUnconfigured) {
  const auto err = VerifyWebhookSignature("t=1700000000,v1=" + std::string(kExpected), kBody,
                                          kSecret, kT, kTolerance);
  ASSERT_TRUE(err.has_value());
  std::string flipped = kExpected;
  flipped[0] = flipped[0] == 'c' ? 'd' : 'c';
  EXPECT_FALSE(Accepts("t=1700000000,v1=" + flipped));
  EXPECT_FALSE(Accepts("t=1700000000,v1=" + std::string(kExpected), kT, kBody + " "));
  EXPECT_FALSE(Accepts("t=1700000001,v1=" + std::string(kExpected), kT));
  const std::string sig = kExpected;
  for (const std::string& bad : std::vector<std::string>{
           "", "t=1700000000", "v1=" + sig, "t=,v1=" + sig, "t=17e8,v1=" + sig, "t=-5,v1=" + sig,
           "t=99999999999999999999,v1=" + sig, "t=1700000000,t=1700000000,v1=" + sig,
           "t=1700000000,v1=zz", "t=1700000000,v1=" + sig.substr(2), "garbage"}) {
    EXPECT_FALSE(Accepts(bad)) << bad;
  }
  auto unconfigured = VerifyWebhookSignature("t=1700000000,v1=" + std::string(kExpected), kBody, "",
                                             kT, kTolerance);
  ASSERT_FALSE(unconfigured.has_value());
  EXPECT_EQ(unconfigured.error().code, core::ErrorCode::kUnauthenticated);
}

}  // namespace
}  // namespace imedic::care
