#include "core/base64.hpp"

#include <gtest/gtest.h>

#include <string>

#include "core/random.hpp"

namespace imedic::core {
namespace {

struct Vector {
  const char* plain;
  const char* standard;
  const char* url;
};

// RFC 4648 §10, plus bytes that differ between the two alphabets.
const Vector kVectors[] = {
    {"", "", ""},
    {"f", "Zg==", "Zg"},
    {"fo", "Zm8=", "Zm8"},
    {"foo", "Zm9v", "Zm9v"},
    {"foob", "Zm9vYg==", "Zm9vYg"},
    {"fooba", "Zm9vYmE=", "Zm9vYmE"},
    {"foobar", "Zm9vYmFy", "Zm9vYmFy"},
    {"\xfb\xff", "+/8=", "-_8"},
};

class Base64Test : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { InitCrypto(); }
};

TEST_F(Base64Test, Rfc4648Vectors) {
  for (const auto& v : kVectors) {
    EXPECT_EQ(Base64Encode(v.plain), v.standard);
    EXPECT_EQ(Base64UrlEncode(v.plain), v.url);
    EXPECT_EQ(Base64Decode(v.standard), std::string(v.plain));
    EXPECT_EQ(Base64UrlDecode(v.url), std::string(v.plain));
  }
}

TEST_F(Base64Test, UrlDecodeAcceptsCorrectPaddingOnly) {
  EXPECT_EQ(Base64UrlDecode("Zg=="), std::string("f"));
  EXPECT_EQ(Base64UrlDecode("Zm8="), std::string("fo"));
  EXPECT_FALSE(Base64UrlDecode("Zg="));
  EXPECT_FALSE(Base64UrlDecode("Zg==="));
  EXPECT_FALSE(Base64UrlDecode("Zg==Zg"));
}

TEST_F(Base64Test, RejectsInvalidText) {
  EXPECT_FALSE(Base64UrlDecode("Z"));      // impossible length
  EXPECT_FALSE(Base64UrlDecode("Zh"));     // non-zero trailing bits
  EXPECT_FALSE(Base64UrlDecode("+/8"));    // standard alphabet
  EXPECT_FALSE(Base64UrlDecode("Zm 9v"));  // whitespace
  EXPECT_FALSE(Base64UrlDecode("Zm9v\n"));
  EXPECT_FALSE(Base64UrlDecode("Zm9*"));
  EXPECT_FALSE(Base64Decode("Zg"));    // padding required
  EXPECT_FALSE(Base64Decode("-_8="));  // url alphabet
  EXPECT_FALSE(Base64Decode("Zm9v Zm9v"));
}

TEST_F(Base64Test, RoundTripsRandomBytes) {
  for (std::size_t len = 0; len < 70; ++len) {
    std::string bytes;
    for (std::size_t i = 0; i < len; ++i) bytes.push_back(static_cast<char>(i * 37 + len));
    EXPECT_EQ(Base64UrlDecode(Base64UrlEncode(bytes)), bytes) << len;
    EXPECT_EQ(Base64Decode(Base64Encode(bytes)), bytes) << len;
  }
}

}  // namespace
}  // namespace imedic::core
