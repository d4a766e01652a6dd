#include "http/query_string.hpp"

#include <gtest/gtest.h>

namespace imedic::http {
namespace {

TEST(QueryString, SplitsDecodesAndKeepsOrder) {
  auto q = ParseQueryString("a=1&b=two+words&c=%C3%A9%2B%26%3D&flag&=empty&d=");
  ASSERT_TRUE(q);
  QueryPairs want = {{"a", "1"},   {"b", "two words"}, {"c", "\xC3\xA9+&="},
                     {"flag", ""}, {"", "empty"},      {"d", ""}};
  EXPECT_EQ(*q, want);
}

TEST(QueryString, SkipsEmptySegmentsAndKeepsDuplicates) {
  auto q = ParseQueryString("&a=1&&a=2&");
  ASSERT_TRUE(q);
  QueryPairs want = {{"a", "1"}, {"a", "2"}};
  EXPECT_EQ(*q, want);
  auto empty = ParseQueryString("");
  ASSERT_TRUE(empty);
  EXPECT_TRUE(empty->empty());
}

TEST(QueryString, OnlyTheFirstEqualsSplits) {
  auto q = ParseQueryString("expr=a=b");
  ASSERT_TRUE(q);
  EXPECT_EQ((*q)[0].second, "a=b");
}

TEST(QueryString, RejectsBadEscapesNulAndInvalidUtf8) {
  EXPECT_FALSE(ParseQueryString("a=%"));
  EXPECT_FALSE(ParseQueryString("a=%4"));
  EXPECT_FALSE(ParseQueryString("a=%zz"));
  EXPECT_FALSE(ParseQueryString("a%g1=1"));
  EXPECT_FALSE(ParseQueryString("a=%00"));
  EXPECT_FALSE(ParseQueryString("a=%C3"));           // truncated sequence
  EXPECT_FALSE(ParseQueryString("a=%C0%AF"));        // overlong '/'
  EXPECT_FALSE(ParseQueryString("a=%ED%A0%80"));     // surrogate
  EXPECT_FALSE(ParseQueryString("a=%F4%90%80%80"));  // above U+10FFFF
  EXPECT_TRUE(ParseQueryString("a=%F0%9F%98%80"));   // emoji
  EXPECT_TRUE(ParseQueryString("path=%2Fetc"));      // '/' is fine in a value
}

TEST(QueryString, EncodeRoundTrips) {
  EXPECT_EQ(PercentEncode("a b+c/é~-._"), "a%20b%2Bc%2F%C3%A9~-._");
  QueryPairs pairs = {{"from", "2026-01-01T00:00:00+03:00"}, {"q", "x&y=z"}, {"e", ""}};
  std::string built = BuildQueryString(pairs);
  EXPECT_EQ(built, "from=2026-01-01T00%3A00%3A00%2B03%3A00&q=x%26y%3Dz&e=");
  auto back = ParseQueryString(built);
  ASSERT_TRUE(back);
  EXPECT_EQ(*back, pairs);
}

QueryRules OnlyAB() {
  return {.known = [](std::string_view n) { return n == "a" || n == "b"; },
          .repeatable = [](std::string_view n) { return n == "b"; }};
}

std::string FieldOf(const core::Result<QueryPairs>& r) {
  return r || r.error().fields.empty() ? "" : r.error().fields[0].field;
}

TEST(QueryRules, UnknownRepeatedAndMalformedAreInvalidInputNamingTheField) {
  auto ok = ReadQuery("a=1&b=2&b=3&b", OnlyAB());
  ASSERT_TRUE(ok);
  QueryPairs want = {{"a", "1"}, {"b", "2"}, {"b", "3"}, {"b", ""}};
  EXPECT_EQ(*ok, want) << "repeatable names repeat; an empty value is passed on";

  auto unknown = ReadQuery("a=1&zz=2", OnlyAB());
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error().code, core::ErrorCode::kInvalidInput);
  EXPECT_EQ(FieldOf(unknown), "zz");
  EXPECT_EQ(unknown.error().fields[0].message, "unknown parameter");

  auto twice = ReadQuery("a=1&a=2", OnlyAB());
  EXPECT_EQ(FieldOf(twice), "a");
  EXPECT_EQ(twice.error().fields[0].message, "given more than once");

  EXPECT_EQ(FieldOf(ReadQuery("a=%zz", OnlyAB())), "query");
  EXPECT_EQ(FieldOf(ReadQuery("zz=1&a=%zz", OnlyAB())), "query") << "decoding comes first";
  EXPECT_EQ(FieldOf(ReadQuery("c=1&a=1&a=2", OnlyAB())), "c") << "the first offence";
  EXPECT_EQ(FieldOf(ReadQuery(std::string(100, 'x') + "=1", OnlyAB())), std::string(64, 'x'));
}

TEST(QueryRules, ByDefaultNothingRepeats) {
  QueryRules rules{.known = [](std::string_view) { return true; }};
  EXPECT_TRUE(ReadQuery("a=1&b=1", rules));
  EXPECT_FALSE(ReadQuery("a=1&a=1", rules));
  EXPECT_TRUE(CheckQueryNames({}, rules));
}

}  // namespace
}  // namespace imedic::http
