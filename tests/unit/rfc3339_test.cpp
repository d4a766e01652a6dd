// The one date-time grammar against RFC 3339 section 5.8's examples, the
// leap-second rule, and each named extension on and off.
#include "core/rfc3339.hpp"

#include <gtest/gtest.h>

#include "core/validate/date.hpp"

namespace imedic::core {
namespace {

TEST(Rfc3339, AcceptsTheSection58Examples) {
  auto a = ParseDateTime("1985-04-12T23:20:50.52Z");
  ASSERT_TRUE(a);
  EXPECT_EQ(a->year, 1985);
  EXPECT_EQ(a->month, 4);
  EXPECT_EQ(a->day, 12);
  EXPECT_EQ(a->hour, 23);
  EXPECT_EQ(a->minute, 20);
  EXPECT_EQ(a->second, 50);
  EXPECT_EQ(a->nanosecond, 520000000);
  EXPECT_EQ(a->offset_seconds, 0);

  auto b = ParseDateTime("1996-12-19T16:39:57-08:00");
  ASSERT_TRUE(b);
  EXPECT_EQ(b->offset_seconds, -8 * 3600);

  auto leap = ParseDateTime("1990-12-31T23:59:60Z");
  ASSERT_TRUE(leap);
  EXPECT_EQ(leap->second, 60);
  EXPECT_TRUE(IsRfc3339("1990-12-31T15:59:60-08:00")) << "the same leap second, in Pacific time";

  auto odd = ParseDateTime("1937-01-01T12:00:27.87+00:20");
  ASSERT_TRUE(odd);
  EXPECT_EQ(odd->offset_seconds, 20 * 60);
  EXPECT_EQ(odd->nanosecond, 870000000);
}

TEST(Rfc3339, LowerCaseTAndZAndUnknownOffset) {
  EXPECT_TRUE(IsRfc3339("1985-04-12t23:20:50.52z"));
  EXPECT_TRUE(IsRfc3339("2026-01-14t09:30:00.123456789-05:30"));
  auto unknown = ParseDateTime("2026-01-14T09:30:00-00:00");
  ASSERT_TRUE(unknown);
  EXPECT_EQ(unknown->offset_seconds, 0);
}

TEST(Rfc3339, LeapSecondOnlyInTheLastMinuteOfTheUtcDay) {
  EXPECT_FALSE(IsRfc3339("2026-01-14T10:00:60Z"));
  EXPECT_FALSE(IsRfc3339("1990-12-31T23:59:60-08:00")) << "07:59 UTC the next day";
  EXPECT_TRUE(IsRfc3339("2016-12-31T23:59:60.5Z"));
  EXPECT_TRUE(IsRfc3339("2017-01-01T02:59:60+03:00"));
  EXPECT_FALSE(IsRfc3339("2026-01-14T09:30:61Z"));
}

TEST(Rfc3339, RejectsWhatTheGrammarDoesNotHave) {
  for (const char* bad :
       {"2025-02-29T00:00:00Z", "2026-01-14T24:00:00Z", "2026-01-14T09:60:00Z",
        "2026-01-14T09:30:00.Z", "2026-01-14T09:30:00.1234567890Z", "2026-01-14T09:30:00+0300",
        "2026-01-14T09:30:00+24:00", "2026-01-14T09:30:00+03:60", "2026-01-14T09:30:00Zjunk",
        "0000-01-14T09:30:00Z", "2026-01-14T09:30:00", "2026-01-14T09:30Z", "2026-1-14T09:30:00Z",
        "2026-01-14X09:30:00Z", "", "2026-01-14T", "+2026-01-14T09:30:00Z",
        "2026-01-14T09:30:00+03"}) {
    EXPECT_FALSE(IsRfc3339(bad)) << bad;
  }
}

TEST(Rfc3339, SpaceForTAndBareDatesOnlyWhenAsked) {
  EXPECT_FALSE(IsRfc3339("2026-01-14 09:30:00Z"));
  EXPECT_FALSE(IsRfc3339("2026-01-14"));
  EXPECT_TRUE(ParseDateTime("2026-01-14 09:30:00Z", {.space_for_t = true}));
  EXPECT_FALSE(ParseDateTime("2026-01-14 09:30:00Z", {.bare_date = true}));

  auto date = ParseDateTime("2026-01-14", {.bare_date = true});
  ASSERT_TRUE(date);
  EXPECT_TRUE(date->date_only);
  EXPECT_EQ(date->hour, 0);
  EXPECT_FALSE(ParseDateTime("2026-02-30", kTimestampParameter));
}

TEST(Rfc3339, PostgresOffsetsOnlyWhenAsked) {
  EXPECT_FALSE(IsRfc3339("2026-01-14 09:30:00+03"));
  auto hours = ParseDateTime("2026-01-14 09:30:00+03", kTimestampParameter);
  ASSERT_TRUE(hours);
  EXPECT_EQ(hours->offset_seconds, 3 * 3600);
  auto lmt = ParseDateTime("1880-01-01 00:00:00+01:56:56", kTimestampParameter);
  ASSERT_TRUE(lmt);
  EXPECT_EQ(lmt->offset_seconds, 3600 + 56 * 60 + 56);
  EXPECT_FALSE(ParseDateTime("2026-01-14T09:30:00+0300", kTimestampParameter));
  EXPECT_FALSE(ParseDateTime("2026-01-14T09:30:00+03:00:60", kTimestampParameter));
}

TEST(Rfc3339, FullDatesAndTheValidateAlias) {
  EXPECT_TRUE(ParseFullDate("2024-02-29"));
  EXPECT_TRUE(ParseFullDate("2000-02-29"));
  EXPECT_FALSE(ParseFullDate("1900-02-29"));
  EXPECT_FALSE(ParseFullDate("2026-04-31"));
  EXPECT_FALSE(ParseFullDate("2026-00-10"));
  EXPECT_TRUE(ParseFullDate("0001-01-01"));
  EXPECT_TRUE(ParseFullDate("9999-12-31"));
  EXPECT_FALSE(ParseFullDate("2026-01-1a"));
  EXPECT_TRUE(validate::IsCalendarDate("2024-02-29"));
  EXPECT_FALSE(validate::IsCalendarDate("2025-02-29"));
}

}  // namespace
}  // namespace imedic::core
