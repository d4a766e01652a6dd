// GET /search/providers over the demo data (imedic seed --demo, scale 1)
// plus a few hand-made providers for the edges the demo lacks (other cities
// and countries, mixed case, several currencies, inactive and deleted rows
// and procedures). For a table of queries, the endpoint must return exactly
// the providers, in exactly the order, that a plainly written SQL query over
// the same rows returns, with every match on exactly one page when the `next`
// links are followed to the end. Bad parameters are refused with 422 naming
// the parameter.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "db/params.hpp"
#include "domains/providers/search_routes.hpp"
#include "domains/providers/sql/queries.hpp"
#include "http/query_string.hpp"
#include "seed/seeder.hpp"
#include "support/http_client.hpp"
#include "support/test_database.hpp"
#include "support/test_server.hpp"

namespace imedic::providers {
namespace {

using imedic::testing::Get;
using imedic::testing::TestDatabase;
using imedic::testing::TestServer;
using nlohmann::json;

// Hand-made providers (fixed ids) inserted after the demo data.
constexpr const char* kAnkara = "00000000-0000-4000-8000-00000000a001";
constexpr const char* kBerlin = "00000000-0000-4000-8000-00000000a002";
constexpr const char* kDeleted = "00000000-0000-4000-8000-00000000a003";
constexpr const char* kInactive = "00000000-0000-4000-8000-00000000a004";
constexpr const char* kMixed = "00000000-0000-4000-8000-00000000a005";
constexpr const char* kUnpriced = "00000000-0000-4000-8000-00000000a006";

constexpr const char* kFixtures = R"sql(
INSERT INTO providers (id, name, type, specialty, location, contact_info, languages_spoken,
                       rating, review_count, is_verified, is_active, deleted) VALUES
 ('00000000-0000-4000-8000-00000000a001', 'Ankara Saç Merkezi', 'clinic', '{Hair_Transplant}',
  '{"address":"Atatürk Blv 1","city":"Ankara","country":"TR"}', '{"phone":"+903120000000"}',
  '{en-GB,de}', NULL, 0, true, true, false),
 ('00000000-0000-4000-8000-00000000a002', 'Berlin Zahnklinik', 'dental_clinic', '{dental}',
  '{"address":"Unter den Linden 1","city":"berlin","country":"DE"}', '{"phone":"+49300000000"}',
  '{DE,en}', 4.90, 3, false, true, false),
 ('00000000-0000-4000-8000-00000000a003', 'Deleted Hair Clinic', 'clinic',
  '{hair_transplant,dental,cosmetic}', '{"address":"x","city":"Istanbul","country":"TR"}',
  '{"phone":"+902120000000"}', '{tr,en,de,ar}', 5.00, 99, true, true, true),
 ('00000000-0000-4000-8000-00000000a004', 'Inactive Hair Clinic', 'clinic',
  '{hair_transplant,dental,cosmetic}', '{"address":"x","city":"Istanbul","country":"TR"}',
  '{"phone":"+902120000001"}', '{tr,en,de,ar}', 5.00, 99, true, false, false),
 ('00000000-0000-4000-8000-00000000a005', 'Mixed Currency Clinic', 'clinic', '{hair_transplant}',
  '{"address":"x","city":"ISTANBUL","country":"TR"}', '{"phone":"+902120000002"}', '{tr,en}',
  4.50, 10, true, true, false),
 ('00000000-0000-4000-8000-00000000a006', 'Unpriced Clinic', 'clinic', NULL,
  '{"address":"x","city":"Izmir","country":"TR"}', '{"phone":"+902320000000"}', NULL,
  NULL, NULL, NULL, NULL, NULL);
INSERT INTO procedures (provider_id, name, category, price_range, is_active, deleted) VALUES
 ('00000000-0000-4000-8000-00000000a001', 'FUE', 'hair_transplant',
  '{"min":1500,"max":3000,"currency":"EUR"}', true, false),
 ('00000000-0000-4000-8000-00000000a002', 'Implant', 'dental',
  '{"min":300,"max":900,"currency":"GBP"}', true, false),
 ('00000000-0000-4000-8000-00000000a002', 'Veneer', 'dental',
  '{"min":250.50,"max":600,"currency":"EUR"}', true, false),
 ('00000000-0000-4000-8000-00000000a002', 'Botox (paused)', 'cosmetic',
  '{"min":10,"max":20,"currency":"EUR"}', false, false),
 ('00000000-0000-4000-8000-00000000a002', 'Filler (removed)', 'cosmetic',
  '{"min":20,"max":40,"currency":"EUR"}', true, true),
 ('00000000-0000-4000-8000-00000000a003', 'FUE', 'hair_transplant',
  '{"min":1,"max":2,"currency":"EUR"}', true, false),
 ('00000000-0000-4000-8000-00000000a004', 'FUE', 'hair_transplant',
  '{"min":1,"max":2,"currency":"EUR"}', true, false),
 ('00000000-0000-4000-8000-00000000a005', 'FUE', 'hair_transplant',
  '{"min":1000,"max":2000,"currency":"EUR"}', true, false),
 ('00000000-0000-4000-8000-00000000a005', 'DHI', 'hair_transplant',
  '{"min":900,"max":2200,"currency":"USD"}', true, false),
 ('00000000-0000-4000-8000-00000000a006', 'Consultation', 'other', NULL, NULL, NULL);
)sql";

class ProviderSearchTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    db_ = new TestDatabase();
    seed::SeedOptions options;
    auto seeded = seed::SeedDemo(db_->conn(), imedic::testing::TestKeyring(), options);
    ASSERT_TRUE(seeded.has_value()) << seeded.error().internal_detail;
    auto fixtures = db_->conn().Exec(kFixtures);
    ASSERT_TRUE(fixtures.has_value()) << fixtures.error().internal_detail;
    ASSERT_TRUE(db_->conn().Exec("ANALYZE providers; ANALYZE procedures").has_value());
    server_ = new TestServer(db_->conninfo());
  }
  static void TearDownTestSuite() {
    delete server_;
    server_ = nullptr;
    delete db_;
    db_ = nullptr;
  }

  void SetUp() override { ASSERT_NE(server_, nullptr) << "the suite's set-up failed"; }

  static int port() { return server_->port(); }
  static db::Connection& conn() { return db_->conn(); }

  static TestDatabase* db_;
  static TestServer* server_;
};

TestDatabase* ProviderSearchTest::db_ = nullptr;
TestServer* ProviderSearchTest::server_ = nullptr;

// One search, as the independent reference sees it.
struct Criteria {
  std::optional<std::string> specialty{};
  std::optional<std::string> category{};
  std::optional<std::string> city{};
  std::optional<std::string> country{};
  std::optional<std::string> language{};
  bool verified = false;
  std::optional<std::string> budget{};
  std::optional<std::string> currency{};
  std::optional<std::string> min_rating{};
  std::string order = "relevance";
};

std::string QueryString(const Criteria& c, int limit) {
  http::QueryPairs pairs;
  auto add = [&](const char* k, const std::optional<std::string>& v) {
    if (v) pairs.emplace_back(k, *v);
  };
  add("specialty", c.specialty);
  add("category", c.category);
  add("city", c.city);
  add("country", c.country);
  add("language", c.language);
  if (c.verified) pairs.emplace_back("verified", "true");
  add("budget", c.budget);
  add("currency", c.currency);
  add("min_rating", c.min_rating);
  if (c.order != "relevance") pairs.emplace_back("order", c.order);
  pairs.emplace_back("limit", std::to_string(limit));
  return http::BuildQueryString(pairs);
}

// The reference: the matching provider ids in order, by a query written
// plainly from the rules in docs (no shared SQL with the endpoint).
std::vector<std::string> Expected(db::Connection& conn, const Criteria& c) {
  db::Params params;
  auto next = [&params](const std::string& v) {
    params.Add(v);
    return "$" + std::to_string(params.size());
  };
  std::string procedure =
      "pr.provider_id = p.id AND coalesce(pr.is_active, true) AND NOT coalesce(pr.deleted, false)";
  if (c.category) procedure += " AND pr.category = " + next(*c.category);
  if (c.budget) {
    procedure += " AND pr.price_range->>'currency' = " + next(*c.currency) +
                 " AND (pr.price_range->>'min')::numeric <= " + next(*c.budget) + "::numeric";
  }
  std::string sql =
      "SELECT p.id::text FROM providers p WHERE coalesce(p.is_active, true) AND NOT "
      "coalesce(p.deleted, false)";
  if (c.specialty) {
    sql += " AND EXISTS (SELECT 1 FROM unnest(p.specialty) s WHERE lower(s) = lower(" +
           next(*c.specialty) + "))";
  }
  if (c.city) sql += " AND lower(p.location->>'city') = lower(" + next(*c.city) + ")";
  if (c.country) sql += " AND p.location->>'country' = upper(" + next(*c.country) + ")";
  if (c.language) {
    // Only the primary language subtag counts: en-US finds "en" and "en-GB".
    const std::string primary = c.language->substr(0, c.language->find('-'));
    sql += " AND EXISTS (SELECT 1 FROM unnest(p.languages_spoken) l WHERE lower(l) = lower(" +
           next(primary) + ") OR lower(l) LIKE lower(" + next(primary) + ") || '-%')";
  }
  if (c.verified) sql += " AND p.is_verified";
  if (c.min_rating) sql += " AND p.rating >= " + next(*c.min_rating) + "::numeric";
  if (c.category || c.budget)
    sql += " AND EXISTS (SELECT 1 FROM procedures pr WHERE " + procedure + ")";
  if (c.order == "name") {
    sql += " ORDER BY p.name, p.id";
  } else if (c.order == "rating") {
    sql += " ORDER BY p.rating DESC NULLS LAST, coalesce(p.review_count, 0) DESC, p.id";
  } else {
    sql +=
        " ORDER BY coalesce(p.is_verified, false) DESC, (SELECT count(*) FROM procedures pr "
        "WHERE " +
        procedure +
        ") DESC, p.rating DESC NULLS LAST, coalesce(p.review_count, 0) "
        "DESC, p.id";
  }
  auto r = conn.ExecParams(sql, params);
  EXPECT_TRUE(r.has_value()) << sql;
  std::vector<std::string> ids;
  if (!r) return ids;
  for (int i = 0; i < r->rows(); ++i) ids.emplace_back(r->Get(i, 0));
  return ids;
}

// Follows `next` from the first page to the end; the items in order.
std::vector<json> AllPages(int port, const std::string& first, int limit, int* pages = nullptr) {
  std::vector<json> items;
  std::optional<std::string> path = first;
  int count = 0;
  while (path) {
    auto r = Get(port, *path);
    EXPECT_TRUE(r.has_value()) << *path;
    if (!r) break;
    EXPECT_EQ(r->status, 200) << *path << "\n" << r->body;
    if (r->status != 200) break;
    json page = json::parse(r->body);
    EXPECT_LE(page["items"].size(), static_cast<std::size_t>(limit));
    for (auto& item : page["items"]) items.push_back(item);
    if (page["next"].is_null()) {
      path.reset();
    } else {
      std::string next = page["next"].get<std::string>();
      EXPECT_EQ(next.rfind("/search/providers?", 0), 0u) << next;
      EXPECT_EQ(page["items"].size(), static_cast<std::size_t>(limit))
          << "short page before the end";
      path = next;
    }
    if (++count > 1000) {
      ADD_FAILURE() << "too many pages";
      break;
    }
  }
  if (pages != nullptr) *pages = count;
  return items;
}

std::vector<std::string> Ids(const std::vector<json>& items) {
  std::vector<std::string> ids;
  for (const auto& item : items) ids.push_back(item["id"].get<std::string>());
  return ids;
}

TEST_F(ProviderSearchTest, ReturnsExactlyWhatThePlainQueryReturns) {
  // The demo data: a procedure price to probe the budget edge with.
  auto probe = conn().Exec(
      "SELECT (price_range->>'min'), price_range->>'currency', category FROM procedures pr "
      "JOIN providers p ON p.id = pr.provider_id WHERE p.is_active AND NOT p.deleted AND "
      "pr.is_active AND NOT pr.deleted AND pr.category = 'dental' ORDER BY "
      "(price_range->>'min')::numeric LIMIT 1");
  ASSERT_TRUE(probe.has_value());
  ASSERT_EQ(probe->rows(), 1);
  const std::string cheapest(probe->Get(0, 0));
  const std::string currency(probe->Get(0, 1));
  const std::string below = std::to_string(std::stoi(cheapest) - 1) + ".99";

  std::vector<Criteria> cases = {
      {},
      {.specialty = "hair_transplant"},
      {.specialty = "HAIR_TRANSPLANT"},
      {.specialty = "dental"},
      {.specialty = "no such thing"},
      {.category = "hair_transplant"},
      {.category = "dental"},
      {.category = "cosmetic"},
      {.category = "other"},
      {.city = "istanbul"},
      {.city = "Berlin"},
      {.country = "TR"},
      {.country = "de"},
      {.language = "de"},
      {.language = "en-US"},
      {.language = "ar"},
      {.language = "ja"},
      {.verified = true},
      {.min_rating = "4.5"},
      {.min_rating = "1"},
      {.budget = cheapest, .currency = currency},
      {.category = "dental", .budget = cheapest, .currency = currency},
      {.category = "dental", .budget = below, .currency = currency},
      {.budget = "300", .currency = "GBP"},
      {.budget = "299.99", .currency = "GBP"},
      {.budget = "250.50", .currency = "EUR"},
      {.budget = "1000", .currency = "EUR"},
      {.budget = "5000", .currency = "USD"},
      {.category = "cosmetic", .budget = "100000", .currency = "EUR"},
      {.specialty = "hair_transplant", .language = "de", .verified = true},
      {.specialty = "dental",
       .city = "Istanbul",
       .country = "TR",
       .language = "ru",
       .min_rating = "4"},
      {.category = "hair_transplant",
       .budget = "2500",
       .currency = "EUR",
       .min_rating = "4",
       .order = "rating"},
      {.order = "rating"},
      {.order = "name"},
      {.verified = true, .order = "rating"},
      {.category = "dental", .order = "name"},
      {.language = "en", .order = "name"},
      {.specialty = "cosmetic", .order = "rating"},
  };
  int non_empty = 0;
  for (const Criteria& c : cases) {
    const std::vector<std::string> expected = Expected(conn(), c);
    if (!expected.empty()) ++non_empty;
    for (int limit : {1, 3, 100}) {
      const std::string path = "/search/providers?" + QueryString(c, limit);
      SCOPED_TRACE(path);
      int pages = 0;
      const std::vector<std::string> got = Ids(AllPages(port(), path, limit, &pages));
      EXPECT_EQ(got, expected);
      EXPECT_EQ(pages, std::max<int>(1, (static_cast<int>(expected.size()) + limit - 1) / limit));
      EXPECT_EQ(std::set<std::string>(got.begin(), got.end()).size(), got.size()) << "duplicates";
    }
  }
  EXPECT_GT(non_empty, 20) << "most cases should match something";
}

TEST_F(ProviderSearchTest, NoParametersListsEveryActiveProvider) {
  auto r = conn().Exec(
      "SELECT count(*) FROM providers WHERE is_active IS NOT FALSE AND deleted IS NOT TRUE");
  ASSERT_TRUE(r.has_value());
  const std::vector<json> items = AllPages(port(), "/search/providers", 20);
  EXPECT_EQ(items.size(), std::stoul(std::string(r->Get(0, 0))));
  const std::vector<std::string> ids = Ids(items);
  EXPECT_EQ(std::count(ids.begin(), ids.end(), kDeleted), 0);
  EXPECT_EQ(std::count(ids.begin(), ids.end(), kInactive), 0);
  EXPECT_EQ(std::count(ids.begin(), ids.end(), kUnpriced), 1) << "NULL flags read as defaults";
  EXPECT_GE(items.size(), 20u);
}

TEST_F(ProviderSearchTest, BudgetEqualToTheLowestPriceMatches) {
  auto at = Get(port(), "/search/providers?budget=250.50&currency=EUR&category=dental");
  ASSERT_TRUE(at.has_value());
  ASSERT_EQ(at->status, 200) << at->body;
  std::vector<std::string> ids = Ids(json::parse(at->body)["items"].get<std::vector<json>>());
  EXPECT_EQ(std::count(ids.begin(), ids.end(), kBerlin), 1);
  auto below = Get(port(), "/search/providers?budget=250.49&currency=EUR&category=dental");
  ASSERT_TRUE(below.has_value());
  ids = Ids(json::parse(below->body)["items"].get<std::vector<json>>());
  EXPECT_EQ(std::count(ids.begin(), ids.end(), kBerlin), 0);
  // Same amount, other currency: no conversion, no match.
  auto other = Get(port(), "/search/providers?budget=250.50&currency=USD&category=dental");
  ASSERT_TRUE(other.has_value());
  ids = Ids(json::parse(other->body)["items"].get<std::vector<json>>());
  EXPECT_EQ(std::count(ids.begin(), ids.end(), kBerlin), 0);
}

json FindItem(int port, const std::string& path, const std::string& id) {
  for (const json& item : AllPages(port, path, 100)) {
    if (item["id"] == id) return item;
  }
  ADD_FAILURE() << id << " not found by " << path;
  return json::object();
}

TEST_F(ProviderSearchTest, MatchSummarisesTheMatchingProcedures) {
  // Only the active, non-deleted procedures count.
  json berlin = FindItem(port(), "/search/providers?country=DE", kBerlin);
  EXPECT_EQ(berlin["match"]["procedures"], 2);
  EXPECT_TRUE(berlin["match"]["lowest_price"].is_null()) << "EUR and GBP prices: no one lowest";
  berlin = FindItem(port(), "/search/providers?category=dental&budget=1000&currency=GBP", kBerlin);
  EXPECT_EQ(berlin["match"]["procedures"], 1);
  EXPECT_EQ(berlin["match"]["lowest_price"], json::parse(R"({"amount":300,"currency":"GBP"})"));
  berlin = FindItem(port(), "/search/providers?budget=1000&currency=EUR", kBerlin);
  EXPECT_EQ(berlin["match"]["lowest_price"], json::parse(R"({"amount":250.50,"currency":"EUR"})"));

  json mixed = FindItem(port(), "/search/providers?specialty=hair_transplant", kMixed);
  EXPECT_EQ(mixed["match"]["procedures"], 2);
  EXPECT_TRUE(mixed["match"]["lowest_price"].is_null());
  mixed = FindItem(port(), "/search/providers?budget=5000&currency=USD", kMixed);
  EXPECT_EQ(mixed["match"]["lowest_price"], json::parse(R"({"amount":900,"currency":"USD"})"));

  json ankara = FindItem(port(), "/search/providers?city=ankara", kAnkara);
  EXPECT_EQ(ankara["match"]["lowest_price"], json::parse(R"({"amount":1500,"currency":"EUR"})"));
  json unpriced = FindItem(port(), "/search/providers?category=other", kUnpriced);
  EXPECT_EQ(unpriced["match"]["procedures"], 1);
  EXPECT_TRUE(unpriced["match"]["lowest_price"].is_null());
}

TEST_F(ProviderSearchTest, ItemsHaveTheShapeOfTheProviderResource) {
  // Every item is GET /providers/{id} plus "match".
  const std::vector<json> items = AllPages(port(), "/search/providers?limit=5", 5);
  ASSERT_GE(items.size(), 5u);
  for (std::size_t i = 0; i < 5; ++i) {
    json item = items[i];
    ASSERT_TRUE(item.contains("match"));
    item.erase("match");
    auto one = Get(port(), "/providers/" + item["id"].get<std::string>());
    ASSERT_TRUE(one.has_value());
    ASSERT_EQ(one->status, 200) << one->body;
    EXPECT_EQ(item, json::parse(one->body));
  }
}

TEST_F(ProviderSearchTest, BadParametersAreRefusedNamingThem) {
  const std::string long_city(101, 'a');
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"specialty=", "specialty"},
      {"specialty=a%01b", "specialty"},
      {"category=surgery", "category"},
      {"category=", "category"},
      {"city=" + long_city, "city"},
      {"city=", "city"},
      {"country=XX", "country"},
      {"country=TUR", "country"},
      {"country=", "country"},
      {"language=english", "language"},
      {"language=e1", "language"},
      {"language=", "language"},
      {"verified=yes", "verified"},
      {"verified=false", "verified"},
      {"budget=-5&currency=EUR", "budget"},
      {"budget=0&currency=EUR", "budget"},
      {"budget=abc&currency=EUR", "budget"},
      {"budget=1e3&currency=EUR", "budget"},
      {"budget=10.001&currency=EUR", "budget"},
      {"budget=1000", "currency"},
      {"budget=1000&currency=EURO", "currency"},
      {"budget=1000&currency=XXX", "currency"},
      {"currency=EUR", "currency"},
      {"min_rating=0", "min_rating"},
      {"min_rating=5.01", "min_rating"},
      {"min_rating=6", "min_rating"},
      {"min_rating=abc", "min_rating"},
      {"min_rating=NaN", "min_rating"},
      {"order=price", "order"},
      {"order=", "order"},
      {"limit=0", "limit"},
      {"limit=101", "limit"},
      {"limit=abc", "limit"},
      {"limit=-1", "limit"},
      {"cursor=abc", "cursor"},
      {"cursor=", "cursor"},
      {"page=2", "page"},
      {"offset=20", "offset"},
      {"specialty=dental&specialty=cosmetic", "specialty"},
  };
  for (const auto& [query, field] : cases) {
    SCOPED_TRACE(query);
    auto r = Get(port(), "/search/providers?" + query);
    ASSERT_TRUE(r.has_value());
    EXPECT_EQ(r->status, 422) << r->body;
    EXPECT_EQ(r->Header("content-type"), "application/problem+json");
    json problem = json::parse(r->body, nullptr, false);
    ASSERT_TRUE(problem.is_object()) << r->body;
    ASSERT_TRUE(problem["errors"].is_array() && !problem["errors"].empty()) << r->body;
    EXPECT_EQ(problem["errors"][0]["field"], field) << r->body;
  }
}

TEST_F(ProviderSearchTest, CursorsBelongToTheirOrder) {
  auto first = Get(port(), "/search/providers?limit=2&order=rating");
  ASSERT_TRUE(first.has_value());
  ASSERT_EQ(first->status, 200);
  const std::string next = json::parse(first->body)["next"].get<std::string>();
  const std::string cursor = next.substr(next.find("cursor=") + 7);
  auto other = Get(port(), "/search/providers?limit=2&order=name&cursor=" + cursor);
  ASSERT_TRUE(other.has_value());
  EXPECT_EQ(other->status, 422);
  EXPECT_NE(other->body.find("\"cursor\""), std::string::npos) << other->body;

  // A forged cursor with values that are not sort keys.
  const std::string forged = SearchCursor({"1; DROP TABLE providers", "0", "0", "0", "", kAnkara},
                                          "rating");
  auto bad = Get(port(), "/search/providers?order=rating&cursor=" + forged);
  ASSERT_TRUE(bad.has_value());
  EXPECT_EQ(bad->status, 422) << bad->body;
  // A well-formed cursor past the end is simply an empty page.
  const std::string past = SearchCursor(
      {"99", "0", "0", "0", "", "ffffffff-ffff-4fff-bfff-ffffffffffff"}, "rating");
  auto end = Get(port(), "/search/providers?order=rating&cursor=" + past);
  ASSERT_TRUE(end.has_value());
  ASSERT_EQ(end->status, 200) << end->body;
  EXPECT_EQ(json::parse(end->body), json::parse(R"({"items":[],"next":null})"));
}

TEST_F(ProviderSearchTest, TheApiDocumentListsExactlyTheAcceptedParameters) {
  auto doc = Get(port(), "/openapi.json");
  ASSERT_TRUE(doc);
  ASSERT_EQ(doc->status, 200);
  auto op = nlohmann::json::parse(doc->body)["paths"]["/search/providers"]["get"];
  std::set<std::string> names;
  for (const auto& p : op["parameters"]) names.insert(p["name"].get<std::string>());
  EXPECT_EQ(names, (std::set<std::string>{"specialty", "category", "city", "country", "language",
                                          "verified", "budget", "currency", "min_rating", "order",
                                          "limit", "cursor"}));
}

TEST_F(ProviderSearchTest, SqlLookingValuesAreJustValues) {
  for (const std::string& query :
       {std::string("city=x%27%20OR%201%3D1%20--"),
        std::string("specialty=%27%3B%20DROP%20TABLE%20providers%3B%20--"),
        std::string("city=%22%29%29%3B%20SELECT%20pg_sleep%2810%29%3B%20--"),
        std::string("specialty=dental%27%20OR%20%27a%27%3D%27a"), std::string("city=%25"),
        std::string("specialty=%5C"), std::string("city=Istanbul%27%29%20UNION%20SELECT%201--")}) {
    SCOPED_TRACE(query);
    auto r = Get(port(), "/search/providers?" + query);
    ASSERT_TRUE(r.has_value());
    EXPECT_EQ(r->status, 200) << r->body;
    EXPECT_EQ(json::parse(r->body), json::parse(R"({"items":[],"next":null})"));
  }
  auto count = conn().Exec("SELECT count(*) FROM providers");
  ASSERT_TRUE(count.has_value());
  EXPECT_GT(std::stoi(std::string(count->Get(0, 0))), 20);
}

TEST_F(ProviderSearchTest, IsOneStatementNamedForTheBenchmarks) {
  // The statement the route runs is prepared under its name, so pgbench and
  // pg_stat_statements can look at the very same text.
  EXPECT_EQ(sql::kSearchProviders.name, "providers.search_providers");
}

}  // namespace
}  // namespace imedic::providers
