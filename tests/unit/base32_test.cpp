#include "core/base32.hpp"

#include <gtest/gtest.h>

#include <string>

namespace imedic::core {
namespace {

// RFC 4648 §10 (our encoder omits the padding).
struct Vector {
  const char* plain;
  const char* padded;
};
const Vector kVectors[] = {
    {"", ""},
    {"f", "MY======"},
    {"fo", "MZXQ===="},
    {"foo", "MZXW6==="},
    {"foob", "MZXW6YQ="},
    {"fooba", "MZXW6YTB"},
    {"foobar", "MZXW6YTBOI======"},
};

std::string WithoutPadding(std::string s) {
  while (!s.empty() && s.back() == '=') s.pop_back();
  return s;
}

TEST(Base32Test, Rfc4648Vectors) {
  for (const auto& v : kVectors) {
    EXPECT_EQ(Base32Encode(v.plain), WithoutPadding(v.padded));
    EXPECT_EQ(Base32Decode(v.padded), std::string(v.plain));
    EXPECT_EQ(Base32Decode(WithoutPadding(v.padded)), std::string(v.plain));
  }
}

TEST(Base32Test, DecodesWhatPeopleType) {
  EXPECT_EQ(Base32Decode("mzxw6ytboi"), std::string("foobar"));
  EXPECT_EQ(Base32Decode("MZXW 6YTB OI"), std::string("foobar"));
  EXPECT_EQ(Base32Decode("gezd gnbv gy3t qojq gezd gnbv gy3t qojq"),
            std::string("12345678901234567890"));
}

TEST(Base32Test, RejectsInvalidText) {
  EXPECT_FALSE(Base32Decode("MZXW0"));  // '0' is not in the alphabet
  EXPECT_FALSE(Base32Decode("MZXW1"));
  EXPECT_FALSE(Base32Decode("MZXW-6YTB"));
  EXPECT_FALSE(Base32Decode("MY==MY"));  // data after padding
  EXPECT_FALSE(Base32Decode("M"));       // impossible lengths
  EXPECT_FALSE(Base32Decode("MZX"));
  EXPECT_FALSE(Base32Decode("MZXW6Y"));
  EXPECT_FALSE(Base32Decode("MZ"));  // non-zero trailing bits
}

TEST(Base32Test, RoundTrips) {
  for (std::size_t len = 0; len < 45; ++len) {
    std::string bytes;
    for (std::size_t i = 0; i < len; ++i) bytes.push_back(static_cast<char>(i * 53 + 7));
    EXPECT_EQ(Base32Decode(Base32Encode(bytes)), bytes) << len;
  }
}

}  // namespace
}  // namespace imedic::core
