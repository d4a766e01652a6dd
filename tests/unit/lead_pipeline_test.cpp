// The lead pipeline's pure parts: the signed form token of the public lead
// form (issue, fill time, maximum age, forgery, key rotation) and the CSV
// cells of the export (quoting, formula defusing, E.164 phones left alone).
#include <gtest/gtest.h>

#include <string>

#include "core/keyring.hpp"
#include "domains/marketing/capture_token.hpp"
#include "domains/marketing/lead_csv.hpp"

namespace imedic::marketing {
namespace {

core::Keyring Ring(const char* id, const char* key) {
  auto r = core::Keyring::FromBase64(id, key);
  EXPECT_TRUE(r);
  return std::move(*r);
}

constexpr const char* kKeyA = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";
constexpr const char* kKeyB = "HxwdHh8AAQIDBAUGBwgJCgsMDQ4PEBESExQVFhcYGRo=";
constexpr std::int64_t kNow = 1'800'000'000;

TEST(FormToken, FillTimeAndMaximumAge) {
  const core::Keyring ring = Ring("a", kKeyA);
  const std::string token = IssueFormToken(ring, kNow);
  EXPECT_EQ(CheckFormToken(ring, token, kNow), FormTokenCheck::kTooFast);
  EXPECT_EQ(CheckFormToken(ring, token, kNow + kMinFillSeconds - 1), FormTokenCheck::kTooFast);
  EXPECT_EQ(CheckFormToken(ring, token, kNow + kMinFillSeconds), FormTokenCheck::kValid);
  EXPECT_EQ(CheckFormToken(ring, token, kNow + kTokenMaxAgeSeconds), FormTokenCheck::kValid);
  EXPECT_EQ(CheckFormToken(ring, token, kNow + kTokenMaxAgeSeconds + 1), FormTokenCheck::kExpired);
  EXPECT_EQ(CheckFormToken(ring, token, kNow - 1), FormTokenCheck::kExpired);  // from the future
  // Two tokens of the same second differ (the nonce).
  EXPECT_NE(IssueFormToken(ring, kNow), token);
}

TEST(FormToken, ForgeriesAreRefused) {
  const core::Keyring ring = Ring("a", kKeyA);
  const std::string token = IssueFormToken(ring, kNow);
  const std::int64_t later = kNow + 10;
  // Another key under the same id, or an id we do not hold.
  EXPECT_EQ(CheckFormToken(Ring("a", kKeyB), token, later), FormTokenCheck::kForged);
  EXPECT_EQ(CheckFormToken(Ring("b", kKeyA), token, later), FormTokenCheck::kForged);
  // The issue time moved back (to pass the fill time) breaks the signature.
  std::string moved = token;
  moved.replace(moved.find(std::to_string(kNow)), 10, std::to_string(kNow - 100));
  EXPECT_EQ(CheckFormToken(ring, moved, later), FormTokenCheck::kForged);
  for (const std::string& junk :
       {std::string(), std::string("v1"), std::string("v1.a.x.y.z"),
        std::string("v2") + token.substr(2), token + "0", std::string(300, 'a')}) {
    EXPECT_EQ(CheckFormToken(ring, junk, later), FormTokenCheck::kForged) << junk;
  }
}

TEST(LeadCsv, CellsAreQuotedAndDefused) {
  EXPECT_EQ(LeadCsv::Cell("plain"), "plain");
  EXPECT_EQ(LeadCsv::Cell("Smith, Jr."), "\"Smith, Jr.\"");
  EXPECT_EQ(LeadCsv::Cell("say \"hi\""), "\"say \"\"hi\"\"\"");
  EXPECT_EQ(LeadCsv::Cell("two\nlines"), "\"two\nlines\"");
  EXPECT_EQ(LeadCsv::Cell("=1+1"), "'=1+1");
  EXPECT_EQ(LeadCsv::Cell("@SUM(A1)"), "'@SUM(A1)");
  EXPECT_EQ(LeadCsv::Cell("-2"), "'-2");
  EXPECT_EQ(LeadCsv::Cell("+cmd"), "'+cmd");
  EXPECT_EQ(LeadCsv::Cell("+905321234567"), "+905321234567");
  EXPECT_EQ(LeadCsv::Cell(""), "");
}

TEST(LeadCsv, RowsFollowTheHeader) {
  LeadCsv csv;
  csv.Add({{"id", "x"}, {"email", "a@example.test"}, {"lead_score", 42}, {"phone", nullptr}});
  const std::string out = csv.Take();
  const std::string row = out.substr(out.find("\r\n") + 2);
  EXPECT_EQ(row, "x,,,,,a@example.test,,,,,,,,42,,\r\n");
}

}  // namespace
}  // namespace imedic::marketing
