// The list machinery against PostgreSQL: keyset pages return every row
// exactly once and in order (asc, desc, mixed; with concurrent inserts),
// every filter operator matches a hand-written WHERE, and estimated counts
// come from the planner.
#include "records/list_query.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <functional>
#include <set>
#include <string>
#include <vector>

#include "db/estimate_count.hpp"
#include "http/query_string.hpp"
#include "support/test_database.hpp"

namespace imedic::records {
namespace {

using http::ParseQueryString;
using http::PercentEncode;
using http::QueryPairs;

using testing::TestDatabase;
using Type = ListColumn::Type;

ListSpec Spec() {
  return ListSpec{
      .columns = {{"id", Type::kUuid, true, true},
                  {"status", Type::kText, true, true},
                  {"name", Type::kText, true, true},
                  {"country", Type::kText, true, true, true},
                  {"visits", Type::kInt, true, true},
                  {"price", Type::kNumeric, true, true},
                  {"verified", Type::kBool, true, true, true},
                  {"born_on", Type::kDate, true, true},
                  {"created_at", Type::kTimestamp, true, true},
                  {"languages", Type::kTextArray, true, false}},
      .default_sort = "created_at.desc",
      .default_limit = 50,
      .max_limit = 200,
  };
}

// 500 rows with many duplicate sort values (the id decides within a tie).
void CreateItems(db::Connection& conn) {
  auto r = conn.Exec(R"sql(
    CREATE TYPE item_status AS ENUM ('active', 'paused', 'closed');
    CREATE TABLE items (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      status item_status NOT NULL,
      name text NOT NULL,
      country text,
      visits integer NOT NULL,
      price numeric(10,2) NOT NULL,
      verified boolean,
      born_on date NOT NULL,
      created_at timestamptz NOT NULL,
      languages text[]);
    INSERT INTO items (status, name, country, visits, price, verified, born_on, created_at,
                       languages)
    SELECT (ARRAY['active','paused','closed'])[1 + i % 3]::item_status,
           'n' || (i % 17),
           (ARRAY['DE','GB','TR',NULL])[1 + i % 4],
           i % 10,
           (i % 50) * 10.5,
           CASE i % 3 WHEN 0 THEN true WHEN 1 THEN false END,
           date '1990-01-01' + (i % 30),
           timestamptz '2026-01-01 00:00:00+00' + (i % 40) * interval '1 hour',
           CASE i % 3 WHEN 0 THEN '{de,en}'::text[] WHEN 1 THEN '{tr}'::text[] END
    FROM generate_series(1, 500) AS i;
    INSERT INTO items (status, name, visits, price, born_on, created_at)
    VALUES ('active', 'x%y', 1, 1, '2000-01-01', now()),
           ('active', 'xzy', 1, 1, '2000-01-01', now()),
           ('active', 'back\slash', 1, 1, '2000-01-01', now());
  )sql");
  ASSERT_TRUE(r) << r.error().internal_detail;
}

db::Params ToParams(const std::vector<std::optional<std::string>>& values) {
  db::Params p;
  for (const auto& v : values) p.Add(v);
  return p;
}

struct Page {
  std::vector<std::string> ids;
  std::optional<std::string> next_cursor;
};

// One page, as an endpoint would run it: limit + 1 rows tell whether there is more.
core::Result<Page> FetchPage(db::Connection& conn, const QueryPairs& pairs) {
  auto q = ParseListQuery(pairs, Spec(), 1);
  if (!q) return core::Fail(q.error());
  // Output columns get names of their own: ORDER BY resolves a bare name to
  // an output column before a table column, and `price::text` would be
  // "price" sorted as text.
  std::string sql = "SELECT id::text AS row_id";
  for (std::size_t k = 0; k < q->sort.size(); ++k) {
    sql += ", (" + q->sort[k].expr + ")::text AS sort_" + std::to_string(k);
  }
  sql += " FROM items WHERE true";
  if (!q->where_sql.empty()) sql += " AND " + q->where_sql;
  if (!q->keyset_sql.empty()) sql += " AND " + q->keyset_sql;
  sql += " ORDER BY " + q->order_sql + " LIMIT " + std::to_string(q->limit + 1);
  auto r = conn.ExecParams(sql, ToParams(q->params));
  if (!r) return core::Fail(r.error());
  Page page;
  const int n = std::min(r->rows(), q->limit);
  for (int i = 0; i < n; ++i) page.ids.emplace_back(r->Get(i, 0));
  if (r->rows() > q->limit) {
    std::vector<std::string> values;
    for (std::size_t k = 0; k < q->sort.size(); ++k) {
      values.emplace_back(r->Get(n - 1, static_cast<int>(k) + 1));
    }
    page.next_cursor = EncodeCursor(values, q->order_signature);
  }
  return page;
}

std::vector<std::string> Ids(db::Connection& conn, const std::string& sql) {
  std::vector<std::string> out;
  auto r = conn.Exec(sql);
  EXPECT_TRUE(r) << sql << ": " << r.error().internal_detail;
  if (!r) return out;
  for (int i = 0; i < r->rows(); ++i) out.emplace_back(r->Get(i, 0));
  return out;
}

// Follows `next` cursors to the end; `between` runs before every later page.
std::vector<std::string> FetchAll(db::Connection& conn, const std::string& query,
                                  const std::function<void()>& between = {}) {
  auto pairs = ParseQueryString(query);
  EXPECT_TRUE(pairs);
  std::vector<std::string> all;
  for (int guard = 0; guard < 1000; ++guard) {
    auto page = FetchPage(conn, *pairs);
    EXPECT_TRUE(page) << query << ": "
                      << (page ? "" : page.error().public_message + page.error().internal_detail);
    if (!page) break;
    all.insert(all.end(), page->ids.begin(), page->ids.end());
    if (!page->next_cursor) break;
    pairs = WithCursor(*pairs, *page->next_cursor);
    if (between) between();
  }
  return all;
}

TEST(ListQueryDb, CursorPagesReturnEveryRowOnceInOrder) {
  TestDatabase db(TestDatabase::Kind::kEmpty);
  CreateItems(db.conn());
  struct Case {
    std::string query;
    std::string reference;
  };
  const std::string filter = "status IN ('active','paused') AND price >= 50";
  const std::vector<Case> cases = {
      {"status=in.(active,paused)&price=gte.50&order=visits.asc,name.asc&limit=7",
       "visits ASC, name ASC, id ASC"},
      {"status=in.(active,paused)&price=gte.50&order=created_at.desc&limit=7",
       "created_at DESC, id DESC"},
      {"status=in.(active,paused)&price=gte.50&order=visits.asc,created_at.desc&limit=7",
       "visits ASC, created_at DESC, id DESC"},
      {"status=in.(active,paused)&price=gte.50&order=verified.desc,born_on.asc,price.desc&limit="
       "11",
       "coalesce(verified, false) DESC, born_on ASC, price DESC, id DESC"},
      {"status=in.(active,paused)&price=gte.50&order=name.desc,id.asc&limit=13",
       "name DESC, id ASC"},
      // Nullable sort keys: NULL orders as the lowest value.
      {"order=country.desc,verified.asc&limit=9",
       "country DESC NULLS LAST, coalesce(verified, false) ASC, id ASC"},
      {"status=eq.active&order=country.asc&limit=5", "country ASC NULLS FIRST, id ASC"},
  };
  for (const auto& c : cases) {
    std::string where = filter;
    if (c.query.find("price=") == std::string::npos) {
      where = c.query.find("status=eq.active") == std::string::npos ? "true" : "status = 'active'";
    }
    auto want = Ids(db.conn(), "SELECT id::text AS row_id FROM items WHERE " + where +
                                   " ORDER BY " + c.reference);
    ASSERT_GT(want.size(), 100u);
    auto got = FetchAll(db.conn(), c.query);
    EXPECT_EQ(got, want) << c.query;
    EXPECT_EQ(std::set<std::string>(got.begin(), got.end()).size(), got.size()) << c.query;
  }
}

TEST(ListQueryDb, ConcurrentInsertsNeverRepeatOrSkipExistingRows) {
  TestDatabase db(TestDatabase::Kind::kEmpty);
  CreateItems(db.conn());
  auto other = db::Connection::Open(db.conninfo());
  IMEDIC_ASSERT_OK(other);
  for (const char* order : {"created_at.desc", "visits.asc,name.desc", "name.asc"}) {
    const std::string query = std::string("status=neq.closed&order=") + order + "&limit=10";
    auto before = Ids(db.conn(), "SELECT id::text AS row_id FROM items WHERE status <> 'closed'");
    int round = 0;
    auto got = FetchAll(db.conn(), query, [&] {
      // Rows landing before, inside and after the current position.
      ++round;
      auto r = other->ExecParams(
          "INSERT INTO items (status, name, visits, price, born_on, created_at) "
          "SELECT 'active', 'n' || ((g * 7 + $1::int) % 17), (g + $1::int) % 10, 1, "
          "'2000-01-01', timestamptz '2026-01-01 00:00:00+00' + ((g * 13 + $1::int) % 40) * "
          "interval '1 hour' FROM generate_series(1, 5) AS g",
          db::Params{round});
      ASSERT_TRUE(r) << r.error().internal_detail;
    });
    EXPECT_GT(round, 20);
    std::set<std::string> seen;
    for (const auto& id : got) EXPECT_TRUE(seen.insert(id).second) << "repeated " << id;
    for (const auto& id : before) EXPECT_TRUE(seen.count(id)) << order << ": skipped " << id;
  }
}

TEST(ListQueryDb, EveryOperatorMatchesHandWrittenSql) {
  TestDatabase db(TestDatabase::Kind::kEmpty);
  CreateItems(db.conn());
  const std::string some_id = Ids(db.conn(),
                                  "SELECT id::text AS row_id FROM items ORDER BY id LIMIT 1")[0];
  struct Case {
    std::string query;
    std::string where;
  };
  const std::vector<Case> cases = {
      {"status=eq.active", "status = 'active'"},
      {"status=neq.active", "status <> 'active'"},
      {"status=in.(active,closed)", "status IN ('active','closed')"},
      {"status=not.in.(active,closed)", "status NOT IN ('active','closed')"},
      {"visits=gt.5", "visits > 5"},
      {"visits=gte.5", "visits >= 5"},
      {"visits=lt.3", "visits < 3"},
      {"visits=lte.3", "visits <= 3"},
      {"visits=in.(1,4,9)", "visits IN (1,4,9)"},
      {"country=in.(DE,GB)", "country IN ('DE','GB')"},
      {"country=is.null", "country IS NULL"},
      {"country=not.is.null", "country IS NOT NULL"},
      {"country=neq.DE", "country <> 'DE'"},
      {"verified=is.true", "verified IS TRUE"},
      {"verified=is.false", "verified IS FALSE"},
      {"verified=is.null", "verified IS NULL"},
      {"verified=eq.true", "verified = true"},
      {"name=ilike.N1*", "name ILIKE 'n1%'"},
      {"name=ilike.*5", "name LIKE '%5'"},
      {"name=ilike.x%25y", "name = 'x%y'"},
      {"name=ilike.x_y", "false"},
      {"name=ilike.back%5Cslash", "name = 'back\\slash'"},
      {"price=gte.100.5", "price >= 100.5"},
      {"price=lt.1e2", "price < 100"},
      {"born_on=lt.1990-01-10", "born_on < '1990-01-10'"},
      {"created_at=gte.2026-01-01T10:00:00Z&created_at=lt.2026-01-01T12:30:00%2B01:00",
       "created_at >= '2026-01-01T10:00:00Z' AND created_at < '2026-01-01T11:30:00Z'"},
      {"created_at=lte.2026-01-01", "created_at <= '2026-01-01'::timestamptz"},
      {"id=eq." + some_id, "id = '" + some_id + "'"},
      {"languages=eq.de", "'de' = ANY(languages)"},
      {"languages=in.(tr,xx)", "languages && '{tr,xx}'"},
      {"languages=is.null", "languages IS NULL"},
      {"name=eq." + PercentEncode("'; DROP TABLE items;--"), "false"},
      {"status=eq.active&visits=gt.2&country=in.(TR,GB)",
       "status = 'active' AND visits > 2 AND country IN ('TR','GB')"},
  };
  for (const auto& c : cases) {
    auto want = Ids(db.conn(), "SELECT id::text AS row_id FROM items WHERE " + c.where +
                                   " ORDER BY created_at DESC, id DESC");
    auto got = FetchAll(db.conn(), c.query + "&limit=200");
    EXPECT_EQ(got, want) << c.query;
  }
  // The hostile value was only ever data.
  EXPECT_TRUE(db.conn().Exec("SELECT 1 FROM items LIMIT 1"));
}

TEST(ListQueryDb, EstimatedCountComesFromThePlanner) {
  TestDatabase db(TestDatabase::Kind::kEmpty);
  CreateItems(db.conn());
  ASSERT_TRUE(db.conn().Exec("ANALYZE items"));
  auto all = db::EstimateCount(db.conn(), "SELECT id FROM items", db::Params{});
  IMEDIC_ASSERT_OK(all);
  EXPECT_GT(*all, 400);
  EXPECT_LT(*all, 600);

  auto pairs = ParseQueryString("status=eq.active&visits=gte.5");
  auto q = ParseListQuery(*pairs, Spec(), 1);
  ASSERT_TRUE(q);
  auto some = db::EstimateCount(db.conn(), "SELECT id FROM items WHERE " + q->where_sql,
                                ToParams(q->params));
  IMEDIC_ASSERT_OK(some);
  EXPECT_GT(*some, 0);
  EXPECT_LT(*some, *all);

  auto bad = db::EstimateCount(db.conn(), "SELECT id FROM no_such_table", db::Params{});
  EXPECT_FALSE(bad);
}

}  // namespace
}  // namespace imedic::records
