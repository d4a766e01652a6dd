#include "core/opaque_token.hpp"

#include <gtest/gtest.h>

#include <set>
#include <stdexcept>

#include "core/base64.hpp"
#include "core/random.hpp"

namespace imedic::core {
namespace {

// True when every character of `s` is in `allowed`. (std::regex trips GCC 12's
// -Wmaybe-uninitialized under the sanitizer flags.)
bool AllOf(std::string_view s, std::string_view allowed) {
  return s.find_first_not_of(allowed) == std::string_view::npos;
}

constexpr std::string_view kBase64Url =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
constexpr std::string_view kCrockford = "0123456789abcdefghjkmnpqrstvwxyz";

class OpaqueTokenTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { InitCrypto(); }
};

TEST_F(OpaqueTokenTest, TokenIsPrefixPlus256BitsOfBase64Url) {
  const std::string token = NewOpaqueToken("imd_s_");
  ASSERT_EQ(token.rfind("imd_s_", 0), 0u);
  const std::string body = token.substr(6);
  EXPECT_EQ(body.size(), 43u);
  EXPECT_TRUE(AllOf(body, kBase64Url)) << body;
  auto raw = Base64UrlDecode(body);
  ASSERT_TRUE(raw);
  EXPECT_EQ(raw->size(), 32u);
}

TEST_F(OpaqueTokenTest, TokensAreUnique) {
  std::set<std::string> seen;
  for (int i = 0; i < 1000; ++i) EXPECT_TRUE(seen.insert(NewOpaqueToken("t_")).second);
}

TEST_F(OpaqueTokenTest, TokenHashIsBlake2b256Hex) {
  EXPECT_EQ(TokenHash(""), "0e5751c026e543b2e8ab2eb06099daa1d1e5df47778f7787faab45cdf12fe3a8");
  EXPECT_EQ(TokenHash("abc"), "bddd813c634239723171ef3fee98579b94964e3bb1cb3e427262c8c068d52319");
  const std::string token = NewOpaqueToken("imd_s_");
  EXPECT_EQ(TokenHash(token), TokenHash(token));
  EXPECT_NE(TokenHash(token), TokenHash(token + "x"));
}

TEST_F(OpaqueTokenTest, RecoveryCodesHaveTheDocumentedShape) {
  EXPECT_TRUE(NewRecoveryCodes(0).empty());
  EXPECT_TRUE(NewRecoveryCodes(-3).empty());
  const auto codes = NewRecoveryCodes(10);
  ASSERT_EQ(codes.size(), 10u);
  std::set<std::string> distinct;
  for (const auto& c : codes) {
    ASSERT_EQ(c.size(), 14u) << c;
    EXPECT_EQ(c[4], '-');
    EXPECT_EQ(c[9], '-');
    EXPECT_TRUE(AllOf(c.substr(0, 4) + c.substr(5, 4) + c.substr(10), kCrockford)) << c;
    distinct.insert(c);
    // Display form and the canonical form hash alike once normalized.
    EXPECT_EQ(NormalizeRecoveryCode(c).size(), 12u);
  }
  EXPECT_EQ(distinct.size(), codes.size());
}

TEST_F(OpaqueTokenTest, NormalizationAbsorbsTypingVariants) {
  const std::string canonical = NormalizeRecoveryCode("k7qm-2xvd-9p4t");
  EXPECT_EQ(canonical, "k7qm2xvd9p4t");
  EXPECT_EQ(NormalizeRecoveryCode("K7QM 2XVD 9P4T"), canonical);
  EXPECT_EQ(NormalizeRecoveryCode(" k7qm2xvd9p4t\t"), canonical);
  EXPECT_EQ(NormalizeRecoveryCode("k7qm--2xvd-9p4t"), canonical);
  // Letters outside the alphabet read as the digits they resemble.
  EXPECT_EQ(NormalizeRecoveryCode("OoIiLl"), "001111");
}

TEST_F(OpaqueTokenTest, NumericCodesAreZeroPaddedDigits) {
  for (int digits : {1, 6, 8, 20}) {
    const std::string code = NewNumericCode(digits);
    EXPECT_EQ(code.size(), static_cast<std::size_t>(digits));
    EXPECT_TRUE(AllOf(code, "0123456789")) << code;
  }
  // Every digit shows up, including leading zeros.
  std::set<char> leading;
  for (int i = 0; i < 2000; ++i) leading.insert(NewNumericCode(6).front());
  EXPECT_EQ(leading.size(), 10u);
  EXPECT_THROW(NewNumericCode(0), std::invalid_argument);
  EXPECT_THROW(NewNumericCode(65), std::invalid_argument);
}

}  // namespace
}  // namespace imedic::core
