#include "core/totp.hpp"

#include <gtest/gtest.h>

#include <stdexcept>

#include "core/base32.hpp"
#include "core/random.hpp"

namespace imedic::core {
namespace {

// RFC 6238 appendix B, SHA1 column: the ASCII secret and (time, 8-digit code) pairs.
const std::string kRfcSecret = "12345678901234567890";
struct Vector {
  std::int64_t time;
  const char* code;
};
const Vector kRfcVectors[] = {
    {59, "94287082"},         {1111111109, "07081804"}, {1111111111, "14050471"},
    {1234567890, "89005924"}, {2000000000, "69279037"}, {20000000000, "65353130"},
};

class TotpTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { InitCrypto(); }
};

TEST_F(TotpTest, Rfc6238Sha1Vectors) {
  for (const auto& v : kRfcVectors) {
    EXPECT_EQ(TotpCode(kRfcSecret, v.time, 8), v.code) << v.time;
  }
}

TEST_F(TotpTest, SixDigitsAreTheLowDigitsOfTheSameValue) {
  for (const auto& v : kRfcVectors) {
    EXPECT_EQ(TotpCode(kRfcSecret, v.time), std::string(v.code).substr(2)) << v.time;
  }
}

TEST_F(TotpTest, RefusesUnsupportedParameters) {
  EXPECT_THROW(TotpCode(kRfcSecret, 59, 5), std::invalid_argument);
  EXPECT_THROW(TotpCode(kRfcSecret, 59, 10), std::invalid_argument);
  EXPECT_THROW(TotpCode(kRfcSecret, 59, 6, 0), std::invalid_argument);
}

TEST_F(TotpTest, AcceptsOneStepOfDriftEitherWay) {
  const std::int64_t now = 1'700'000'015;  // inside step 56666667
  const std::int64_t step = now / 30;
  EXPECT_EQ(VerifyTotp(kRfcSecret, TotpCode(kRfcSecret, now), now), step);
  EXPECT_EQ(VerifyTotp(kRfcSecret, TotpCode(kRfcSecret, now - 30), now), step - 1);
  EXPECT_EQ(VerifyTotp(kRfcSecret, TotpCode(kRfcSecret, now + 30), now), step + 1);
  EXPECT_EQ(VerifyTotp(kRfcSecret, TotpCode(kRfcSecret, now - 60), now), std::nullopt);
  EXPECT_EQ(VerifyTotp(kRfcSecret, TotpCode(kRfcSecret, now + 60), now), std::nullopt);
  EXPECT_EQ(VerifyTotp("another secret......", TotpCode(kRfcSecret, now), now), std::nullopt);
}

TEST_F(TotpTest, RefusesReplayOfAnAcceptedStep) {
  const std::int64_t now = 1'700'000'015;
  const std::string code = TotpCode(kRfcSecret, now);
  auto accepted = VerifyTotp(kRfcSecret, code, now);
  ASSERT_TRUE(accepted);
  // The caller stored the step; the same code, even 20 s later, is refused.
  EXPECT_EQ(VerifyTotp(kRfcSecret, code, now, *accepted), std::nullopt);
  EXPECT_EQ(VerifyTotp(kRfcSecret, code, now + 20, *accepted), std::nullopt);
  // An older code is refused too, the next one passes.
  EXPECT_EQ(VerifyTotp(kRfcSecret, TotpCode(kRfcSecret, now - 30), now, *accepted), std::nullopt);
  EXPECT_EQ(VerifyTotp(kRfcSecret, TotpCode(kRfcSecret, now + 30), now + 30, *accepted),
            *accepted + 1);
  // Earlier last steps do not block it.
  EXPECT_EQ(VerifyTotp(kRfcSecret, code, now, *accepted - 1), *accepted);
}

TEST_F(TotpTest, RefusesAnythingButSixDigits) {
  const std::int64_t now = 59;
  const std::string code = TotpCode(kRfcSecret, now);  // "287082"
  ASSERT_TRUE(VerifyTotp(kRfcSecret, code, now));
  EXPECT_FALSE(VerifyTotp(kRfcSecret, "", now));
  EXPECT_FALSE(VerifyTotp(kRfcSecret, code.substr(0, 5), now));
  EXPECT_FALSE(VerifyTotp(kRfcSecret, code + "0", now));
  EXPECT_FALSE(VerifyTotp(kRfcSecret, "94287082", now));  // the 8-digit form
  EXPECT_FALSE(VerifyTotp(kRfcSecret, " " + code.substr(1), now));
  EXPECT_FALSE(VerifyTotp(kRfcSecret, "28708a", now));
  EXPECT_FALSE(VerifyTotp(kRfcSecret, "+28708", now));
  EXPECT_FALSE(VerifyTotp(kRfcSecret, std::string("28708\0", 6), now));
}

TEST_F(TotpTest, NewSecretsAre160RandomBits) {
  const std::string a = NewTotpSecret();
  const std::string b = NewTotpSecret();
  EXPECT_EQ(a.size(), 20u);
  EXPECT_NE(a, b);
  EXPECT_EQ(Base32Encode(a).size(), 32u);
}

TEST_F(TotpTest, OtpauthUriIsPercentEncoded) {
  EXPECT_EQ(OtpauthUri("iMedic Clinic", "ana+1@example.com", kRfcSecret),
            "otpauth://totp/iMedic%20Clinic:ana%2B1%40example.com"
            "?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=iMedic%20Clinic"
            "&algorithm=SHA1&digits=6&period=30");
  EXPECT_EQ(OtpauthUri("a:b&c", "x", "f"),
            "otpauth://totp/a%3Ab%26c:x?secret=MY&issuer=a%3Ab%26c&algorithm=SHA1&digits=6"
            "&period=30");
}

}  // namespace
}  // namespace imedic::core
