// The audit chain's canonical row encoding and keyed hash, pinned to vectors
// computed independently (Python hashlib.blake2b), so the on-disk format can
// never change by accident; and the audit query parameters' validation.
#include "domains/privacy/audit_chain.hpp"

#include <gtest/gtest.h>

#include <set>

#include "core/hash.hpp"
#include "core/rfc3339.hpp"
#include "core/uuid.hpp"
#include "domains/privacy/audit_routes.hpp"

namespace imedic::privacy {
namespace {

std::string HexOf(const ChainHash& h) {
  return core::ToHex(std::string_view(reinterpret_cast<const char*>(h.data()), h.size()));
}

core::MasterKey TestMaster() {
  core::MasterKey mk;
  mk.id = "k1";
  for (std::size_t i = 0; i < mk.key.size(); ++i) mk.key[i] = static_cast<unsigned char>(i);
  return mk;
}

AuditRowContent SampleRow() {
  return {"1",
          "2026-01-14T09:30:00.000000Z",
          std::nullopt,
          "admin",
          "read",
          "audit_log",
          std::nullopt,
          std::nullopt,
          "req-1",
          "10.0.0.1",
          R"({email,"first name"})",
          ""};
}

TEST(AuditCanonical, MatchesTheDocumentedLayout) {
  EXPECT_EQ(core::ToHex(CanonicalAuditRow(SampleRow())),
            "49414c310000000c010000000131010000001b323032362d30312d31345430393a33303a30302e3030"
            "303030305a00010000000561646d696e010000000472656164010000000961756469745f6c6f670000"
            "01000000057265712d31010000000831302e302e302e3101000000147b656d61696c2c226669727374"
            "206e616d65227d0100000000");
}

TEST(AuditCanonical, NullDiffersFromEmptyAndFieldsCannotRunTogether) {
  AuditRowContent a = SampleRow(), b = SampleRow();
  b[11] = std::nullopt;  // reason NULL vs ""
  EXPECT_NE(CanonicalAuditRow(a), CanonicalAuditRow(b));

  AuditRowContent c = SampleRow(), d = SampleRow();
  c[3] = "ad";
  c[4] = "minread";  // "ad" + "minread" == "admin" + "read" as plain concatenation
  EXPECT_NE(CanonicalAuditRow(c), CanonicalAuditRow(d));

  // Moving a value into the neighbouring NULL field changes the encoding.
  AuditRowContent e = SampleRow(), f = SampleRow();
  f[6] = f[5];
  f[5] = std::nullopt;
  EXPECT_NE(CanonicalAuditRow(e), CanonicalAuditRow(f));
}

TEST(AuditCanonical, KeyAndHashMatchIndependentBlake2b) {
  ChainHash key = AuditChainKey(TestMaster());
  EXPECT_EQ(HexOf(key), "737c514ed3ccb0e41bb7df3a08859f84edb940eafb5c99ddbcff95f9a7f377ca");
  const std::string canonical = CanonicalAuditRow(SampleRow());
  ChainHash h1 = AuditChainHash(key, ChainHash{}, canonical);
  EXPECT_EQ(HexOf(h1), "6b181f7ecd4c7c9f07f1431c6f47d2107788dcb09e25736b0b0373b92e297980");
  ChainHash h2 = AuditChainHash(key, h1, canonical);
  EXPECT_EQ(HexOf(h2), "5a39b5bdf6ba0be53efe91f3385e6d8d4ea1bdecbac039b6928746b5a9692c17");
}

TEST(AuditCanonical, AnotherMasterKeyGivesAnotherChain) {
  core::MasterKey other = TestMaster();
  other.key[0] ^= 1;
  const std::string canonical = CanonicalAuditRow(SampleRow());
  EXPECT_NE(AuditChainHash(AuditChainKey(TestMaster()), ChainHash{}, canonical),
            AuditChainHash(AuditChainKey(other), ChainHash{}, canonical));
}

// ------------------------------------------------------- query parameters

std::string FieldOf(const core::Result<AuditLogQuery>& r) {
  if (r || r.error().fields.empty()) return "";
  return r.error().fields.front().field;
}

TEST(AuditQuery, AcceptsEveryFilter) {
  auto q = ParseAuditLogQuery(
      "actor_user_id=0A1B2C3D-0000-4000-8000-000000000001&patient_profile_id="
      "0a1b2c3d-0000-4000-8000-000000000002&table=patient_profiles&action=read"
      "&from=2026-01-01T00:00:00Z&to=2026-02-01T00:00:00.5%2B03:00&limit=7&before_id=99");
  ASSERT_TRUE(q) << q.error().public_message;
  EXPECT_EQ(q->actor_user_id, "0a1b2c3d-0000-4000-8000-000000000001");
  EXPECT_EQ(q->patient_profile_id, "0a1b2c3d-0000-4000-8000-000000000002");
  EXPECT_EQ(q->table, "patient_profiles");
  EXPECT_EQ(q->action, "read");
  EXPECT_EQ(q->from, "2026-01-01T00:00:00Z");
  EXPECT_EQ(q->to, "2026-02-01T00:00:00.5+03:00");
  EXPECT_EQ(q->limit, 7);
  EXPECT_EQ(q->before_id, 99);

  auto empty = ParseAuditLogQuery("");
  ASSERT_TRUE(empty);
  EXPECT_EQ(empty->limit, 50);
  EXPECT_FALSE(empty->before_id);
}

TEST(AuditQuery, NamesTheBadParameter) {
  EXPECT_EQ(FieldOf(ParseAuditLogQuery("actor_user_id=42")), "actor_user_id");
  EXPECT_EQ(FieldOf(ParseAuditLogQuery("patient_profile_id=0a1b2c3d-0000-4000-8000-00000000000")),
            "patient_profile_id");
  EXPECT_EQ(FieldOf(ParseAuditLogQuery("table=users;drop")), "table");
  EXPECT_EQ(FieldOf(ParseAuditLogQuery("table=")), "table");
  EXPECT_EQ(FieldOf(ParseAuditLogQuery("action=peek")), "action");
  EXPECT_EQ(FieldOf(ParseAuditLogQuery("from=2026-13-01T00:00:00Z")), "from");
  EXPECT_EQ(FieldOf(ParseAuditLogQuery("to=2026-02-30T00:00:00Z")), "to");
  EXPECT_EQ(FieldOf(ParseAuditLogQuery("from=2026-01-01")), "from");
  EXPECT_EQ(FieldOf(ParseAuditLogQuery("from=2026-01-01T00:00:00")), "from");
  EXPECT_EQ(FieldOf(ParseAuditLogQuery("limit=0")), "limit");
  EXPECT_EQ(FieldOf(ParseAuditLogQuery("limit=201")), "limit");
  EXPECT_EQ(FieldOf(ParseAuditLogQuery("limit=ten")), "limit");
  EXPECT_EQ(FieldOf(ParseAuditLogQuery("limit=-5")), "limit");
  EXPECT_EQ(FieldOf(ParseAuditLogQuery("before_id=0")), "before_id");
  EXPECT_EQ(FieldOf(ParseAuditLogQuery("before_id=99999999999999999999")), "before_id");
  EXPECT_EQ(FieldOf(ParseAuditLogQuery("user=x")), "user");
  EXPECT_EQ(FieldOf(ParseAuditLogQuery("limit=5&limit=6")), "limit");
  EXPECT_EQ(FieldOf(ParseAuditLogQuery("table=%zz")), "query");
  auto e = ParseAuditLogQuery("actor_user_id=42");
  ASSERT_FALSE(e);
  EXPECT_EQ(e.error().code, core::ErrorCode::kInvalidInput);

  EXPECT_FALSE(ParseAccessLogQuery("table=users"));
  EXPECT_TRUE(ParseAccessLogQuery("limit=200&before_id=5"));
}

TEST(AuditQuery, Rfc3339AndUuidShapes) {
  using core::IsRfc3339;
  using core::IsUuid;
  EXPECT_TRUE(IsRfc3339("2024-02-29T23:59:59Z"));
  EXPECT_TRUE(IsRfc3339("2026-01-14t09:30:00.123456789-05:30"));
  EXPECT_FALSE(IsRfc3339("2025-02-29T00:00:00Z"));
  EXPECT_FALSE(IsRfc3339("2026-01-14T24:00:00Z"));
  EXPECT_FALSE(IsRfc3339("2026-01-14T09:30:00.Z"));
  EXPECT_FALSE(IsRfc3339("2026-01-14T09:30:00+0300"));
  EXPECT_FALSE(IsRfc3339("2026-01-14T09:30:00Zjunk"));
  EXPECT_FALSE(IsRfc3339("0000-01-14T09:30:00Z"));
  EXPECT_TRUE(IsUuid("123e4567-e89b-12d3-a456-426614174000"));
  EXPECT_FALSE(IsUuid("123e4567e89b12d3a456426614174000"));
  EXPECT_FALSE(IsUuid("123e4567-e89b-12d3-a456-42661417400g"));
}

}  // namespace
}  // namespace imedic::privacy
