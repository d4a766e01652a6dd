// Typed reads of result values: built on results made in memory (libpq's
// PQmakeEmptyPGresult), so no server is needed.
#include "db/typed_get.hpp"

#include <gtest/gtest.h>

#include <cstring>
#include <vector>

namespace imedic::db {
namespace {

// One row; nullptr is NULL.
PgResult Row(const std::vector<const char*>& values) {
  PGresult* r = PQmakeEmptyPGresult(nullptr, PGRES_TUPLES_OK);
  std::vector<PGresAttDesc> attrs(values.size());
  std::vector<std::string> names;
  for (std::size_t i = 0; i < values.size(); ++i) names.push_back("c" + std::to_string(i));
  for (std::size_t i = 0; i < values.size(); ++i) {
    attrs[i] = PGresAttDesc{};
    attrs[i].name = names[i].data();
    attrs[i].format = 0;
  }
  EXPECT_TRUE(PQsetResultAttrs(r, static_cast<int>(attrs.size()), attrs.data()));
  for (std::size_t i = 0; i < values.size(); ++i) {
    const char* v = values[i];
    EXPECT_TRUE(PQsetvalue(r, 0, static_cast<int>(i), const_cast<char*>(v),
                           v == nullptr ? -1 : static_cast<int>(std::strlen(v))));
  }
  return PgResult(r);
}

TEST(TypedGet, Integers) {
  PgResult r = Row({"42", "-7", "9223372036854775807", "2147483648", "4x", "", nullptr, " 1"});
  EXPECT_EQ(GetInt(r, 0, 0), 42);
  EXPECT_EQ(GetInt(r, 0, 1), -7);
  EXPECT_EQ(GetInt64(r, 0, 2), 9223372036854775807LL);
  EXPECT_FALSE(GetInt(r, 0, 3)) << "out of int range";
  EXPECT_EQ(GetInt64(r, 0, 3), 2147483648LL);
  EXPECT_FALSE(GetInt(r, 0, 4));
  EXPECT_FALSE(GetInt(r, 0, 5));
  EXPECT_FALSE(GetInt(r, 0, 7));
  auto null = GetInt64(r, 0, 6);
  ASSERT_FALSE(null);
  EXPECT_EQ(null.error().code, core::ErrorCode::kInternal);
  EXPECT_EQ(null.error().internal_detail.find("-7"), std::string::npos) << "no values in details";
  auto opt = GetOptionalInt64(r, 0, 6);
  ASSERT_TRUE(opt);
  EXPECT_FALSE(*opt);
  EXPECT_EQ(GetOptionalInt(r, 0, 0).value(), 42);
}

TEST(TypedGet, BooleansAndJson) {
  PgResult r = Row({"t", "f", "true", R"({"a":[1,2]})", "{oops", nullptr});
  EXPECT_EQ(GetBool(r, 0, 0), true);
  EXPECT_EQ(GetBool(r, 0, 1), false);
  EXPECT_FALSE(GetBool(r, 0, 2)) << "PostgreSQL's text form is t/f";
  auto j = GetJson(r, 0, 3);
  ASSERT_TRUE(j);
  EXPECT_EQ((*j)["a"][1], 2);
  EXPECT_FALSE(GetJson(r, 0, 4));
  EXPECT_FALSE(GetJson(r, 0, 5));
  EXPECT_FALSE(GetOptionalJson(r, 0, 5).value());
  EXPECT_FALSE(GetOptionalBool(r, 0, 5).value());
}

TEST(TypedGet, OutOfRangeCellsAreErrorsNotCrashes) {
  PgResult r = Row({"1"});
  EXPECT_FALSE(GetInt(r, 1, 0));
  EXPECT_FALSE(GetInt(r, 0, 1));
  EXPECT_FALSE(GetInt(r, -1, 0));
  PgResult empty;
  EXPECT_FALSE(GetBool(empty, 0, 0));
}

TEST(TypedGet, DatabaseJsonText) {
  auto doc = ParseDbJson(R"({"id":"x","n":1})");
  ASSERT_TRUE(doc);
  EXPECT_EQ(StringMember(*doc, "id"), "x");
  EXPECT_FALSE(StringMember(*doc, "n")) << "not a string";
  EXPECT_FALSE(StringMember(*doc, "missing"));
  EXPECT_FALSE(StringMember(nlohmann::json::array(), "id"));
  EXPECT_FALSE(ParseDbJson("{"));
}

}  // namespace
}  // namespace imedic::db
