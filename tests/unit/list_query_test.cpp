#include "records/list_query.hpp"

#include <gtest/gtest.h>

#include "core/base64.hpp"
#include "http/query_string.hpp"

namespace imedic::records {
namespace {

using http::ParseQueryString;
using http::PercentEncode;
using http::QueryPairs;
using http::QueryRules;
using http::ReadQuery;

using Type = ListColumn::Type;
using Opt = std::optional<std::string>;

ListSpec Spec() {
  return ListSpec{
      .columns = {{"id", Type::kUuid, true, true},
                  {"status", Type::kText, true, true},
                  {"country", Type::kText, true, false},
                  {"name", Type::kText, true, true},
                  {"owner_id", Type::kUuid, true, false},
                  {"visits", Type::kInt, true, true},
                  {"price", Type::kNumeric, true, true},
                  {"verified", Type::kBool, true, false},
                  {"born_on", Type::kDate, true, true},
                  {"created_at", Type::kTimestamp, true, true},
                  {"languages", Type::kTextArray, true, false},
                  {"secret", Type::kText, false, false}},
      .default_sort = "created_at.desc",
      .default_limit = 50,
      .max_limit = 200,
  };
}

core::Result<ListQuery> Parse(std::string_view query, int first = 1) {
  auto pairs = ParseQueryString(query);
  EXPECT_TRUE(pairs) << query;
  return ParseListQuery(*pairs, Spec(), first);
}

// Expects a 422 naming `field`.
void ExpectRejected(std::string_view query, const std::string& field) {
  auto q = Parse(query);
  ASSERT_FALSE(q) << query << " was accepted: " << q->where_sql;
  EXPECT_EQ(q.error().code, core::ErrorCode::kInvalidInput) << query;
  ASSERT_EQ(q.error().fields.size(), 1u) << query;
  EXPECT_EQ(q.error().fields[0].field, field) << query;
}

TEST(ListQuery, DefaultsWithoutParameters) {
  auto q = Parse("");
  ASSERT_TRUE(q);
  EXPECT_EQ(q->where_sql, "");
  EXPECT_EQ(q->order_sql, "created_at DESC, id DESC");
  EXPECT_EQ(q->keyset_sql, "");
  EXPECT_EQ(q->limit, 50);
  EXPECT_TRUE(q->params.empty());
  EXPECT_EQ(q->order_signature, "created_at.desc,id.desc");
  ASSERT_EQ(q->sort.size(), 2u);
  EXPECT_EQ(q->sort[1].type, Type::kUuid);
}

TEST(ListQuery, IssueExampleWithPlaceholdersFromFirstIndex) {
  auto q = Parse("status=eq.active&created_at=gte.2026-01-01&country=in.(DE,GB)", 3);
  ASSERT_TRUE(q) << q.error().fields[0].message;
  EXPECT_EQ(q->where_sql, "status = $3 AND created_at >= $4::timestamptz AND country = ANY($5)");
  EXPECT_EQ(q->params, (std::vector<Opt>{"active", "2026-01-01", "{\"DE\",\"GB\"}"}));
}

TEST(ListQuery, EveryComparisonOperator) {
  auto q = Parse("visits=eq.1&visits=neq.2&visits=gt.3&visits=gte.4&visits=lt.5&visits=lte.-6");
  ASSERT_TRUE(q);
  EXPECT_EQ(q->where_sql,
            "visits = $1::bigint AND visits <> $2::bigint AND visits > $3::bigint AND visits >= "
            "$4::bigint AND visits < $5::bigint AND visits <= $6::bigint");
  EXPECT_EQ(q->params, (std::vector<Opt>{"1", "2", "3", "4", "5", "-6"}));
}

TEST(ListQuery, CastsPerType) {
  auto q = Parse(
      "owner_id=eq.0E2B6F8A-1C3D-4E5F-8A9B-0C1D2E3F4A5B&price=lte.99.50&verified=eq.true&born_on="
      "gt.1990-02-28&created_at=lt.2026-01-14T09:30:00.123Z&name=eq.Ann");
  ASSERT_TRUE(q) << q.error().fields[0].field;
  EXPECT_EQ(q->where_sql,
            "owner_id = $1::uuid AND price <= $2::numeric AND verified = $3::boolean AND born_on "
            "> $4::date AND created_at < $5::timestamptz AND name = $6");
  EXPECT_EQ(q->params[0], "0e2b6f8a-1c3d-4e5f-8a9b-0c1d2e3f4a5b");  // normalised
  EXPECT_EQ(q->params[4], "2026-01-14T09:30:00.123Z");
}

TEST(ListQuery, InListsWithQuotedItemsAndTypedCasts) {
  auto q = Parse("name=in.(%22a,b%22,c,%22say+%5C%22hi%5C%22%22)&visits=in.(1,2)");
  ASSERT_TRUE(q);
  EXPECT_EQ(q->where_sql, "name = ANY($1) AND visits = ANY($2::bigint[])");
  EXPECT_EQ(q->params[0], R"({"a,b","c","say \"hi\""})");
  EXPECT_EQ(q->params[1], R"({"1","2"})");
}

TEST(ListQuery, IsNullTrueFalseAndNot) {
  auto q = Parse("name=is.null&verified=is.true&price=not.is.null&status=not.eq.x");
  ASSERT_TRUE(q);
  EXPECT_EQ(q->where_sql,
            "name IS NULL AND verified IS TRUE AND NOT (price IS NULL) AND NOT (status = $1)");
  EXPECT_EQ(q->params, (std::vector<Opt>{"x"}));
  auto f = Parse("verified=is.false");
  ASSERT_TRUE(f);
  EXPECT_EQ(f->where_sql, "verified IS FALSE");
}

TEST(ListQuery, IlikeTranslatesStarAndEscapesPatternCharacters) {
  auto q = Parse("name=ilike.*50%25_off%5C*");
  ASSERT_TRUE(q);
  EXPECT_EQ(q->where_sql, "name::text ILIKE $1");
  EXPECT_EQ(q->params[0], R"(%50\%\_off\\%)");
}

TEST(ListQuery, TextArrayColumns) {
  auto q = Parse("languages=eq.de&languages=in.(en,tr)&languages=is.null");
  ASSERT_TRUE(q);
  EXPECT_EQ(q->where_sql, "$1 = ANY(languages) AND languages && $2::text[] AND languages IS NULL");
  EXPECT_EQ(q->params, (std::vector<Opt>{"de", R"({"en","tr"})"}));
  ExpectRejected("languages=gt.de", "languages");
  ExpectRejected("languages=ilike.d*", "languages");
}

TEST(ListQuery, HostileValuesOnlyReachParams) {
  const std::string hostile = "'; DROP TABLE x;--";
  auto q = Parse("name=eq." + PercentEncode(hostile) + "&status=in.(%22" + PercentEncode("a'),(b") +
                 "%22)&name=ilike." + PercentEncode("x' OR '1'='1"));
  ASSERT_TRUE(q);
  EXPECT_EQ(q->where_sql, "name = $1 AND status = ANY($2) AND name::text ILIKE $3");
  EXPECT_EQ(q->params[0], hostile);
  EXPECT_EQ(q->where_sql.find('\''), std::string::npos);
  EXPECT_EQ(q->order_sql.find('\''), std::string::npos);
}

TEST(ListQuery, RejectionsNameTheParameter) {
  ExpectRejected("bogus=eq.1", "bogus");
  ExpectRejected("secret=eq.1", "secret");     // not filterable
  ExpectRejected("status=active", "status");   // no operator
  ExpectRejected("status=like.a*", "status");  // unknown operator
  ExpectRejected("status=ilike", "status");
  ExpectRejected("owner_id=eq.not-a-uuid", "owner_id");
  ExpectRejected("visits=eq.1.5", "visits");
  ExpectRejected("visits=eq.99999999999999999999", "visits");
  ExpectRejected("visits=in.(1,x)", "visits");
  ExpectRejected("price=eq.NaN", "price");
  ExpectRejected("price=eq.1e", "price");
  ExpectRejected("verified=eq.yes", "verified");
  ExpectRejected("born_on=eq.2025-02-29", "born_on");
  ExpectRejected("created_at=gte.2026-01-01T25:00:00Z", "created_at");
  ExpectRejected("created_at=gte.2026-01-01T10:00:00", "created_at");  // no zone
  ExpectRejected("status=is.true", "status");                          // is.true on text
  ExpectRejected("status=is.maybe", "status");
  ExpectRejected("visits=ilike.1*", "visits");
  ExpectRejected("status=in.a,b", "status");
  ExpectRejected("status=in.()", "status");
  ExpectRejected("status=in.(a,)", "status");
  ExpectRejected("status=in.(%22a)", "status");
  ExpectRejected("status=in.(%22a%22b)", "status");
  ExpectRejected("order=secret.asc", "order");
  ExpectRejected("order=country.asc", "order");  // filterable, not sortable
  ExpectRejected("order=name.up", "order");
  ExpectRejected("order=name,name.desc", "order");
  ExpectRejected("order=", "order");
  ExpectRejected("order=name&order=visits", "order");
  ExpectRejected("limit=0", "limit");
  ExpectRejected("limit=201", "limit");
  ExpectRejected("limit=-1", "limit");
  ExpectRejected("limit=ten", "limit");
  ExpectRejected("limit=1&limit=2", "limit");
  ExpectRejected("cursor=%21%21", "cursor");
}

TEST(ListQuery, OrderingAlwaysEndsWithTheIdTiebreaker) {
  auto q = Parse("order=name.asc,visits.desc");
  ASSERT_TRUE(q);
  EXPECT_EQ(q->order_sql, "name ASC, visits DESC, id DESC");
  EXPECT_EQ(q->order_signature, "name.asc,visits.desc,id.desc");
  auto plain = Parse("order=name");
  ASSERT_TRUE(plain);
  EXPECT_EQ(plain->order_sql, "name ASC, id ASC");
  auto by_id = Parse("order=id.desc");
  ASSERT_TRUE(by_id);
  EXPECT_EQ(by_id->order_sql, "id DESC");
  auto id_in_middle = Parse("order=name.desc,id.asc,visits.asc");
  ASSERT_TRUE(id_in_middle);
  EXPECT_EQ(id_in_middle->order_sql, "name DESC, id ASC");
}

TEST(ListQuery, LimitBounds) {
  EXPECT_EQ(Parse("limit=1")->limit, 1);
  EXPECT_EQ(Parse("limit=200")->limit, 200);
  ListSpec small = Spec();
  small.default_limit = 500;
  small.max_limit = 20;
  auto q = ParseListQuery({}, small, 1);
  ASSERT_TRUE(q);
  EXPECT_EQ(q->limit, 20);
}

TEST(ListQuery, CursorRoundTripUniformDirection) {
  auto first = Parse("order=created_at.desc");
  ASSERT_TRUE(first);
  std::string cursor = EncodeCursor(
      {"2026-01-14 09:30:00.5+00", "0e2b6f8a-1c3d-4e5f-8a9b-0c1d2e3f4a5b"}, first->order_signature);
  auto decoded = DecodeCursor(cursor);
  ASSERT_TRUE(decoded);
  EXPECT_EQ(decoded->order_signature, "created_at.desc,id.desc");
  EXPECT_EQ(decoded->values.size(), 2u);

  auto next = Parse("status=eq.a&order=created_at.desc&cursor=" + cursor, 2);
  ASSERT_TRUE(next) << next.error().fields[0].message;
  EXPECT_EQ(next->where_sql, "status = $2");
  EXPECT_EQ(next->keyset_sql, "(created_at, id) < ($3::timestamptz, $4::uuid)");
  EXPECT_EQ(next->params, (std::vector<Opt>{"a", "2026-01-14 09:30:00.5+00",
                                            "0e2b6f8a-1c3d-4e5f-8a9b-0c1d2e3f4a5b"}));

  auto asc = Parse("order=visits.asc&cursor=" + EncodeCursor({"7",
                                                              "0e2b6f8a-1c3d-4e5f-8a9b-"
                                                              "0c1d2e3f4a5b"}));
  ASSERT_TRUE(asc);  // a cursor without a signature is checked by count and types only
  EXPECT_EQ(asc->keyset_sql, "(visits, id) > ($1::bigint, $2::uuid)");
}

TEST(ListQuery, CursorMixedDirectionsUsesExpandedForm) {
  auto q = Parse("order=name.asc,visits.desc&cursor=" +
                 EncodeCursor({"Ann", "3", "0e2b6f8a-1c3d-4e5f-8a9b-0c1d2e3f4a5b"},
                              "name.asc,visits.desc,id.desc"));
  ASSERT_TRUE(q) << q.error().fields[0].message;
  EXPECT_EQ(q->keyset_sql,
            "((name > $1) OR (name = $1 AND visits < $2::bigint) OR (name = $1 AND visits = "
            "$2::bigint AND id < $3::uuid))");
  EXPECT_EQ(q->params.size(), 3u);
}

TEST(ListQuery, TamperedOrMismatchedCursorsAreRefused) {
  const std::string id = "0e2b6f8a-1c3d-4e5f-8a9b-0c1d2e3f4a5b";
  std::string good = EncodeCursor({"2026-01-14T09:30:00Z", id}, "created_at.desc,id.desc");
  ASSERT_TRUE(Parse("cursor=" + good));
  // Another ordering's cursor.
  ExpectRejected("order=created_at.asc&cursor=" + good, "cursor");
  // Wrong number of values.
  ExpectRejected("cursor=" + EncodeCursor({id}, ""), "cursor");
  // A value that does not fit the column type.
  ExpectRejected("cursor=" + EncodeCursor({"yesterday", id}, "created_at.desc,id.desc"), "cursor");
  ExpectRejected("cursor=" + EncodeCursor({"2026-01-14T09:30:00Z", "1; DROP"}), "cursor");
  // Not base64url, not JSON, not an array of strings.
  std::string flipped = good;
  flipped[3] = flipped[3] == 'A' ? 'B' : 'A';
  ExpectRejected("cursor=" + flipped, "cursor");
  ExpectRejected("cursor=" + core::Base64UrlEncode("{\"a\":1}"), "cursor");
  ExpectRejected("cursor=" + core::Base64UrlEncode("[\"x\",1,2]"), "cursor");
  ExpectRejected("cursor=" + core::Base64UrlEncode("not json"), "cursor");
  ExpectRejected("cursor=" + std::string(5000, 'A'), "cursor");
  ExpectRejected("cursor=" + good + "&cursor=" + good, "cursor");
  EXPECT_FALSE(DecodeCursor(""));
}

TEST(ListQuery, WithCursorReplacesTheCursor) {
  QueryPairs in = {{"status", "eq.a"}, {"cursor", "old"}, {"limit", "5"}};
  QueryPairs want = {{"status", "eq.a"}, {"limit", "5"}, {"cursor", "new"}};
  EXPECT_EQ(WithCursor(in, "new"), want);
}

TEST(ListQuery, ParsePrefer) {
  EXPECT_EQ(ParsePrefer(""), CountMode::kNone);
  EXPECT_EQ(ParsePrefer("count=exact"), CountMode::kExact);
  EXPECT_EQ(ParsePrefer("return=minimal, count=estimated"), CountMode::kEstimated);
  EXPECT_EQ(ParsePrefer("count=planned;handling=strict"), CountMode::kEstimated);
  EXPECT_EQ(ParsePrefer("count=exactly"), CountMode::kNone);
  EXPECT_EQ(ParsePrefer("return=representation"), CountMode::kNone);
}

TEST(ListQuery, SharesTheQueryStringRules) {
  const ListSpec spec = Spec();
  const QueryRules rules = ListQueryRules(spec);
  EXPECT_TRUE(ReadQuery("created_at=gte.2026-01-01&created_at=lt.2026-02-01&order=name", rules))
      << "filters repeat";
  auto malformed = ReadQuery("status=eq.%zz", rules);
  ASSERT_FALSE(malformed);
  EXPECT_EQ(malformed.error().code, core::ErrorCode::kInvalidInput);
  EXPECT_EQ(malformed.error().fields[0].field, "query");
  EXPECT_EQ(ReadQuery("cursor=a&cursor=b", rules).error().fields[0].field, "cursor");
  EXPECT_EQ(ReadQuery("bogus=1", rules).error().fields[0].field, "bogus");
  EXPECT_TRUE(ReadQuery("secret=eq.1", rules)) << "known; ParseListQuery says it is not filterable";
}

TEST(ListQuery, TimestampFiltersTakeTheParameterForms) {
  for (const char* ok :
       {"created_at=gte.2026-01-14T09:30:00Z", "created_at=gte.2026-01-14",
        "created_at=gte.2026-01-14%2009:30:00%2B03", "created_at=gte.1990-12-31T23:59:60Z"}) {
    EXPECT_TRUE(Parse(ok)) << ok;
  }
  ExpectRejected("created_at=gte.2026-01-14T10:00:60Z", "created_at");
  ExpectRejected("created_at=gte.2026-01-14T09:30:00%2B0300", "created_at");
}

}  // namespace
}  // namespace imedic::records
