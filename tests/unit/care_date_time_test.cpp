// The care routes read instants and wall times by the one RFC 3339 grammar
// (core/rfc3339.hpp), with the two liberties their bodies allow: a space for
// the T and missing seconds.
#include <gtest/gtest.h>

#include "domains/care/care_request.hpp"

namespace imedic::care {
namespace {

TEST(CareDateTime, InstantsNeedAnOffset) {
  EXPECT_TRUE(IsIsoDateTime("2026-10-25T10:00:00Z", true));
  EXPECT_TRUE(IsIsoDateTime("2026-10-25T10:00+03:00", true));
  EXPECT_TRUE(IsIsoDateTime("2026-10-25 10:00:30.123456-05:00", true));
  EXPECT_FALSE(IsIsoDateTime("2026-10-25T10:00", true));
}

TEST(CareDateTime, WallTimesMayOmitTheOffset) {
  EXPECT_TRUE(IsIsoDateTime("2026-10-25T10:00", false));
  EXPECT_TRUE(IsIsoDateTime("2026-10-25T10:00:00", false));
  EXPECT_TRUE(IsIsoDateTime("2026-10-25T10:00Z", false));
}

TEST(CareDateTime, ImpossibleDatesAndTimesAreRefused) {
  // These passed the shape check the routes had before and reached PostgreSQL.
  EXPECT_FALSE(IsIsoDateTime("2026-13-01T10:00Z", true));
  EXPECT_FALSE(IsIsoDateTime("2026-02-30T10:00Z", true));
  EXPECT_FALSE(IsIsoDateTime("2026-10-25T24:00Z", true));
  EXPECT_FALSE(IsIsoDateTime("2026-10-25T10:61", false));
  EXPECT_FALSE(IsIsoDateTime("2026-10-25", false));
  EXPECT_FALSE(IsIsoDateTime("", false));
}

}  // namespace
}  // namespace imedic::care
