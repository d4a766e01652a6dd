// The shared text primitives: UUIDs, hex and UTF-8.
#include <gtest/gtest.h>

#include <set>
#include <type_traits>

#include "core/hex.hpp"
#include "core/ids.hpp"
#include "core/utf8.hpp"
#include "core/uuid.hpp"

namespace imedic::core {
namespace {

TEST(Uuid, ChecksTheCanonicalShapeInEitherCase) {
  EXPECT_TRUE(IsUuid("123e4567-e89b-12d3-a456-426614174000"));
  EXPECT_TRUE(IsUuid("123E4567-E89B-12D3-A456-426614174000"));
  EXPECT_FALSE(IsUuid("123e4567e89b12d3a456426614174000"));
  EXPECT_FALSE(IsUuid("123e4567-e89b-12d3-a456-42661417400g"));
  EXPECT_FALSE(IsUuid("123e4567-e89b-12d3-a456-4266141740000"));
  EXPECT_FALSE(IsUuid("{123e4567-e89b-12d3-a456-426614174000}"));
  EXPECT_FALSE(IsUuid(""));
}

TEST(Uuid, ParseLowerCases) {
  EXPECT_EQ(ParseUuid("0A1B2C3D-0000-4000-8000-00000000000F"),
            "0a1b2c3d-0000-4000-8000-00000000000f");
  EXPECT_FALSE(ParseUuid("not-a-uuid"));
}

TEST(Uuid, NewV4HasVersionAndVariantAndDiffers) {
  std::set<std::string> seen;
  for (int i = 0; i < 200; ++i) {
    const std::string u = NewUuidV4();
    ASSERT_TRUE(IsUuid(u)) << u;
    EXPECT_EQ(ParseUuid(u), u) << "lower case";
    EXPECT_EQ(u[14], '4') << u;
    EXPECT_NE(std::string("89ab").find(u[19]), std::string::npos) << u;
    seen.insert(u);
  }
  EXPECT_EQ(seen.size(), 200u);
}

TEST(Uuid, AppendFormatsBigEndianWords) {
  std::string out = "x";
  AppendUuid(out, 0x0123456789abcdefULL, 0xfedcba9876543210ULL);
  EXPECT_EQ(out, "x01234567-89ab-cdef-fedc-ba9876543210");
}

TEST(StrongIds, ParseValidatesAndCanonicalises) {
  auto id = PatientId::Parse("0A1B2C3D-0000-4000-8000-00000000000F");
  ASSERT_TRUE(id);
  EXPECT_EQ(id->str(), "0a1b2c3d-0000-4000-8000-00000000000f");
  EXPECT_FALSE(PatientId::Parse("42"));
  EXPECT_EQ(*id, PatientId::Trusted("0a1b2c3d-0000-4000-8000-00000000000f"));
  static_assert(!std::is_convertible_v<PatientId, FileId>, "kinds do not mix");
  static_assert(!std::is_constructible_v<PatientId, std::string>, "only through Parse/Trusted");
}

TEST(Hex, RoundTripsAndRefusesNonHex) {
  const std::string bytes("\x00\x01\xab\xff", 4);
  EXPECT_EQ(ToHex(bytes), "0001abff");
  EXPECT_EQ(FromHex("0001ABff"), bytes);
  EXPECT_EQ(FromHex(""), "");
  EXPECT_FALSE(FromHex("abc"));
  EXPECT_FALSE(FromHex("zz"));
  EXPECT_FALSE(FromHex("0x"));
  EXPECT_EQ(HexDigitValue('f'), 15);
  EXPECT_EQ(HexDigitValue('F'), 15);
  EXPECT_EQ(HexDigitValue('g'), -1);
  EXPECT_TRUE(IsHexDigit('9'));
  EXPECT_FALSE(IsHexDigit(' '));
}

TEST(Utf8, ValidityIsStrict) {
  EXPECT_TRUE(IsValidUtf8("plain"));
  EXPECT_TRUE(IsValidUtf8("\xC3\xA9t\xC3\xA9 \xF0\x9F\x98\x80"));
  EXPECT_TRUE(IsValidUtf8(std::string("a\0b", 3)));
  EXPECT_FALSE(IsValidUtf8("\xC3"));              // truncated
  EXPECT_FALSE(IsValidUtf8("\xC0\xAF"));          // overlong '/'
  EXPECT_FALSE(IsValidUtf8("\xE0\x80\xAF"));      // overlong, 3 bytes
  EXPECT_FALSE(IsValidUtf8("\xED\xA0\x80"));      // surrogate
  EXPECT_FALSE(IsValidUtf8("\xF4\x90\x80\x80"));  // above U+10FFFF
  EXPECT_FALSE(IsValidUtf8("\xFF"));
  EXPECT_FALSE(IsValidUtf8("\x80"));  // a lone continuation byte
}

TEST(Utf8, DecodesCodePointsAndCountsCharacters) {
  const std::string s = "a\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80";
  std::size_t pos = 0;
  char32_t cp = 0;
  std::u32string out;
  while (pos < s.size()) {
    ASSERT_TRUE(NextCodePoint(s, pos, cp));
    out.push_back(cp);
  }
  EXPECT_EQ(out, U"a\u00e9\u20ac\U0001F600");
  EXPECT_EQ(Utf8Length(s), 4u);
  EXPECT_EQ(Utf8Length(""), 0u);
  std::size_t stuck = 0;
  EXPECT_FALSE(NextCodePoint("\xC3", stuck, cp));
  EXPECT_EQ(stuck, 0u) << "a failed decode does not move";
}

}  // namespace
}  // namespace imedic::core
