// Encryption at rest on a real PostgreSQL: per-patient data keys wrapped by
// the master keyring, field envelopes bound to their row and column, no
// plaintext in the raw columns, concurrent first use, master key rotation
// that re-wraps keys without touching the data, crypto-shredding, and the
// `imedic keys rotate|status` commands of the real binary.
#include "domains/privacy/data_keys.hpp"

#include <gtest/gtest.h>

#include <sodium.h>
#include <sys/stat.h>

#include <atomic>
#include <chrono>
#include <map>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "core/base64.hpp"
#include "core/keyring.hpp"
#include "support/child_process.hpp"
#include "support/fixtures.hpp"
#include "support/test_database.hpp"

namespace imedic::privacy {
namespace {

using testing::RandomKeyring;
using testing::TempDir;
using testing::TestDatabase;

// A patient id read back from the database (canonical by construction).
core::PatientId Pid(const std::string& id) { return core::PatientId::Trusted(id); }

std::string KeyBytes(const core::MasterKey& k) {
  return std::string(reinterpret_cast<const char*>(k.key.data()), k.key.size());
}

class DataKeysTest : public ::testing::Test {
 protected:
  // n patient profiles (each with its user); their ids.
  std::vector<std::string> MakePatients(int n) {
    auto r = db_.conn().ExecParams(
        "WITH u AS (INSERT INTO users (email) "
        "  SELECT 'crypto-' || g || '-' || gen_random_uuid() || '@example.test' "
        "  FROM generate_series(1, $1::int) g RETURNING id) "
        "INSERT INTO patient_profiles (user_id, patient_id, medical_condition) "
        "SELECT id, 'PAT-T-' || id, 'hair loss' FROM u RETURNING id",
        db::Params{n});
    EXPECT_TRUE(r) << r.error().internal_detail;
    std::vector<std::string> ids;
    if (!r) return ids;
    for (int i = 0; i < r->rows(); ++i) ids.emplace_back(r->Get(i, 0));
    return ids;
  }

  // A medical_histories row for the patient with additional_notes and
  // allergies (JSONB, as a JSON string) encrypted; returns the row id.
  std::string StoreHistory(const core::MasterKey& dk, const std::string& patient,
                           const std::string& notes, const std::string& allergies_json) {
    auto id = db_.conn().Exec("SELECT gen_random_uuid()");
    EXPECT_TRUE(id);
    std::string row(id->Get(0, 0));
    auto r = db_.conn().ExecParams(
        "INSERT INTO medical_histories (id, patient_profile_id, additional_notes, allergies) "
        "VALUES ($1::uuid, $2::uuid, $3, to_jsonb($4::text))",
        db::Params{row, patient, EncryptField(dk, notes, "medical_histories.additional_notes", row),
                   EncryptField(dk, allergies_json, "medical_histories.allergies", row)});
    EXPECT_TRUE(r) << r.error().internal_detail;
    return row;
  }

  // Raw column text as PostgreSQL holds it.
  std::string Raw(const std::string& sql, const std::string& param) {
    auto r = db_.conn().ExecParams(sql, db::Params{param});
    EXPECT_TRUE(r) << r.error().internal_detail;
    if (!r || r->rows() == 0) return {};
    return std::string(r->Get(0, 0));
  }

  TestDatabase db_;
  core::Keyring ring_ = RandomKeyring("k1");
};

TEST_F(DataKeysTest, RoundTripThroughTheDatabaseLeavesNoPlaintext) {
  auto patients = MakePatients(1);
  ASSERT_EQ(patients.size(), 1u);
  DataKeys keys(ring_);
  auto dk = keys.GetOrCreate(db_.conn(), Pid(patients[0]));
  IMEDIC_ASSERT_OK(dk);

  const std::string notes = "Patient reports finasteride intolerance; HIV positive, on ART.";
  const std::string allergies = R"(["penicillin","latex"])";
  std::string row = StoreHistory(*dk, patients[0], notes, allergies);

  std::string raw_notes = Raw("SELECT additional_notes FROM medical_histories WHERE id = $1::uuid",
                              row);
  std::string raw_allergies = Raw(
      "SELECT allergies::text FROM medical_histories WHERE id = $1::uuid", row);
  EXPECT_TRUE(LooksEncrypted(raw_notes)) << raw_notes;
  EXPECT_TRUE(LooksEncrypted(raw_allergies)) << raw_allergies;
  EXPECT_EQ(raw_allergies.front(), '"');  // a JSON string in the JSONB column
  for (const char* secret : {"finasteride", "HIV", "penicillin", "latex"}) {
    EXPECT_EQ(raw_notes.find(secret), std::string::npos);
    EXPECT_EQ(raw_allergies.find(secret), std::string::npos);
  }
  // Nor anywhere in the whole row, nor in the data key table.
  std::string whole = Raw("SELECT m::text FROM medical_histories m WHERE id = $1::uuid", row);
  EXPECT_EQ(whole.find("finasteride"), std::string::npos);
  std::string wrapped = Raw(
      "SELECT wrapped_key || ' ' || master_key_id FROM patient_data_keys "
      "WHERE patient_profile_id = $1::uuid",
      patients[0]);
  EXPECT_EQ(wrapped.rfind("v1.k1.", 0), 0u) << wrapped;
  EXPECT_EQ(wrapped.find(core::Base64UrlEncode(KeyBytes(*dk))), std::string::npos);

  // A fresh DataKeys (another process) reads the same key and decrypts.
  DataKeys again(ring_);
  auto dk2 = again.Get(db_.conn(), Pid(patients[0]));
  IMEDIC_ASSERT_OK(dk2);
  auto n = DecryptField(*dk2, raw_notes, "medical_histories.additional_notes", row);
  IMEDIC_ASSERT_OK(n);
  EXPECT_EQ(*n, notes);
  auto a = DecryptField(*dk2, raw_allergies, "medical_histories.allergies", row);
  IMEDIC_ASSERT_OK(a);
  EXPECT_EQ(*a, allergies);

  // Every value gets its own nonce: the same plaintext twice differs.
  EXPECT_NE(EncryptField(*dk, notes, "t.c", row), EncryptField(*dk, notes, "t.c", row));
  EXPECT_FALSE(LooksEncrypted("plain text"));
  EXPECT_FALSE(LooksEncrypted("e1.short"));
  EXPECT_FALSE(LooksEncrypted(R"(["penicillin"])"));
}

TEST_F(DataKeysTest, CiphertextMovedToAnotherRowColumnOrPatientFailsToDecrypt) {
  auto patients = MakePatients(2);
  ASSERT_EQ(patients.size(), 2u);
  DataKeys keys(ring_);
  auto dk_a = keys.GetOrCreate(db_.conn(), Pid(patients[0]));
  auto dk_b = keys.GetOrCreate(db_.conn(), Pid(patients[1]));
  IMEDIC_ASSERT_OK(dk_a);
  IMEDIC_ASSERT_OK(dk_b);
  EXPECT_NE(KeyBytes(*dk_a), KeyBytes(*dk_b));

  std::string row_a = StoreHistory(*dk_a, patients[0], "secret A", "[]");
  std::string row_b = StoreHistory(*dk_b, patients[1], "secret B", "[]");
  // Copy A's notes into B's row, as an attacker with SQL access might.
  auto moved = db_.conn().ExecParams(
      "UPDATE medical_histories SET additional_notes = "
      "(SELECT additional_notes FROM medical_histories WHERE id = $1::uuid) WHERE id = $2::uuid",
      db::Params{row_a, row_b});
  IMEDIC_ASSERT_OK(moved);
  std::string in_b = Raw("SELECT additional_notes FROM medical_histories WHERE id = $1::uuid",
                         row_b);

  // Read as B's notes (B's key, B's row): fails.
  EXPECT_FALSE(DecryptField(*dk_b, in_b, "medical_histories.additional_notes", row_b));
  // Even with A's key, B's row id does not match the one it was sealed for.
  EXPECT_FALSE(DecryptField(*dk_a, in_b, "medical_histories.additional_notes", row_b));
  // Another column of the original row: fails.
  EXPECT_FALSE(DecryptField(*dk_a, in_b, "medical_histories.allergies", row_a));
  // Only the original place opens it.
  auto ok = DecryptField(*dk_a, in_b, "medical_histories.additional_notes", row_a);
  IMEDIC_ASSERT_OK(ok);
  EXPECT_EQ(*ok, "secret A");

  // A wrapped data key copied onto another patient does not unwrap.
  IMEDIC_ASSERT_OK(db_.conn().ExecParams(
      "UPDATE patient_data_keys SET wrapped_key = (SELECT wrapped_key FROM patient_data_keys "
      "WHERE patient_profile_id = $1::uuid) WHERE patient_profile_id = $2::uuid",
      db::Params{patients[0], patients[1]}));
  auto stolen = keys.Get(db_.conn(), Pid(patients[1]));
  ASSERT_FALSE(stolen);
  EXPECT_EQ(stolen.error().code, core::ErrorCode::kInternal);
}

TEST_F(DataKeysTest, ConcurrentFirstUseAgreesOnOneKey) {
  constexpr int kThreads = 4;
  auto patients = MakePatients(10);
  ASSERT_EQ(patients.size(), 10u);
  for (const auto& patient : patients) {
    std::vector<db::Connection> conns;
    for (int t = 0; t < kThreads; ++t) {
      auto c = db::Connection::Open(db_.conninfo());
      IMEDIC_ASSERT_OK(c);
      conns.push_back(std::move(*c));
    }
    std::atomic<int> ready{0};
    std::vector<std::string> got(kThreads);
    std::vector<std::string> errors(kThreads);
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t) {
      threads.emplace_back([&, t] {
        DataKeys keys(ring_);
        ready.fetch_add(1);
        while (ready.load() < kThreads) std::this_thread::yield();
        auto k = keys.GetOrCreate(conns[static_cast<std::size_t>(t)], Pid(patient));
        if (k) {
          got[static_cast<std::size_t>(t)] = KeyBytes(*k);
        } else {
          errors[static_cast<std::size_t>(t)] = k.error().internal_detail + "!";
        }
      });
    }
    for (auto& th : threads) th.join();
    std::set<std::string> distinct;
    for (int t = 0; t < kThreads; ++t) {
      EXPECT_EQ(errors[static_cast<std::size_t>(t)], "");
      distinct.insert(got[static_cast<std::size_t>(t)]);
    }
    EXPECT_EQ(distinct.size(), 1u);
    auto stored = DataKeys(ring_).Get(db_.conn(), Pid(patient));
    IMEDIC_ASSERT_OK(stored);
    EXPECT_EQ(KeyBytes(*stored), *distinct.begin());
  }
  EXPECT_EQ(Raw("SELECT count(*) FROM patient_data_keys WHERE $1 <> ''", "x"), "10");
}

TEST_F(DataKeysTest, RotationRewrapsEveryKeyAndLeavesTheDataAlone) {
  TempDir dir("imedic-crypto");
  const std::string file = dir.path() + "/keys/master.keys";
  bool created = false;
  auto ring = core::Keyring::LoadOrCreateFile(file, &created);
  IMEDIC_ASSERT_OK(ring);
  EXPECT_TRUE(created);
  struct stat st {};
  ASSERT_EQ(stat(file.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  const std::string k1 = ring->active().id;

  constexpr int kPatients = 23;
  auto patients = MakePatients(kPatients);
  ASSERT_EQ(patients.size(), static_cast<std::size_t>(kPatients));
  std::map<std::string, std::string> rows;  // patient -> history row
  {
    DataKeys keys(*ring);
    for (const auto& p : patients) {
      auto dk = keys.GetOrCreate(db_.conn(), Pid(p));
      IMEDIC_ASSERT_OK(dk);
      rows[p] = StoreHistory(*dk, p, "notes of " + p, R"(["pollen"])");
    }
  }
  const std::string snapshot_sql =
      "SELECT string_agg(id::text || additional_notes || allergies::text, '|' ORDER BY id) "
      "FROM medical_histories WHERE $1 <> ''";
  const std::string before = Raw(snapshot_sql, "x");
  ASSERT_FALSE(before.empty());

  IMEDIC_ASSERT_OK(ring->AppendNewKeyToFile(file));
  const std::string k2 = ring->active().id;
  ASSERT_NE(k1, k2);
  EXPECT_EQ(ring->size(), 2u);
  ASSERT_EQ(stat(file.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);

  // Small batches: several transactions.
  auto n = RewrapAll(db_.conn(), *ring, 5);
  IMEDIC_ASSERT_OK(n);
  EXPECT_EQ(*n, kPatients);
  auto again = RewrapAll(db_.conn(), *ring, 5);
  IMEDIC_ASSERT_OK(again);
  EXPECT_EQ(*again, 0);

  EXPECT_EQ(Raw("SELECT count(*) FROM patient_data_keys WHERE master_key_id = $1", k2),
            std::to_string(kPatients));
  EXPECT_EQ(
      Raw("SELECT count(*) FROM patient_data_keys WHERE wrapped_key LIKE $1", "v1." + k2 + ".%"),
      std::to_string(kPatients));
  EXPECT_EQ(
      Raw("SELECT count(*) FROM patient_data_keys WHERE rotated_at IS NOT NULL AND $1 <> ''", "x"),
      std::to_string(kPatients));
  EXPECT_EQ(Raw(snapshot_sql, "x"), before);  // encrypted columns byte-identical

  // Reloaded from the file (as a restarted server would), everything opens.
  auto reloaded = core::Keyring::LoadFile(file);
  IMEDIC_ASSERT_OK(reloaded);
  EXPECT_EQ(reloaded->active().id, k2);
  DataKeys keys(*reloaded);
  for (const auto& p : patients) {
    auto dk = keys.Get(db_.conn(), Pid(p));
    IMEDIC_ASSERT_OK(dk);
    const std::string& row = rows[p];
    std::string raw = Raw("SELECT additional_notes FROM medical_histories WHERE id = $1::uuid",
                          row);
    auto plain = DecryptField(*dk, raw, "medical_histories.additional_notes", row);
    IMEDIC_ASSERT_OK(plain);
    EXPECT_EQ(*plain, "notes of " + p);
  }
  // A ring without the new key can no longer unwrap them.
  auto old_only = RandomKeyring(k1);
  auto lost = DataKeys(old_only).Get(db_.conn(), Pid(patients[0]));
  EXPECT_FALSE(lost);
}

TEST_F(DataKeysTest, ShreddingTheDataKeyMakesItNotFound) {
  auto patients = MakePatients(2);
  ASSERT_EQ(patients.size(), 2u);
  DataKeys keys(ring_);
  auto dk = keys.GetOrCreate(db_.conn(), Pid(patients[0]));
  IMEDIC_ASSERT_OK(dk);
  StoreHistory(*dk, patients[0], "to be forgotten", "[]");
  IMEDIC_ASSERT_OK(keys.GetOrCreate(db_.conn(), Pid(patients[1])));

  IMEDIC_ASSERT_OK(
      db_.conn().ExecParams("DELETE FROM patient_data_keys WHERE patient_profile_id = $1::uuid",
                            db::Params{patients[0]}));
  auto gone = keys.Get(db_.conn(), Pid(patients[0]));
  ASSERT_FALSE(gone);
  EXPECT_EQ(gone.error().code, core::ErrorCode::kNotFound);
  IMEDIC_ASSERT_OK(keys.Get(db_.conn(), Pid(patients[1])));  // others untouched

  // Erasing the patient profile removes its key row too.
  IMEDIC_ASSERT_OK(db_.conn().ExecParams("DELETE FROM patient_profiles WHERE id = $1::uuid",
                                         db::Params{patients[1]}));
  auto erased = keys.Get(db_.conn(), Pid(patients[1]));
  ASSERT_FALSE(erased);
  EXPECT_EQ(erased.error().code, core::ErrorCode::kNotFound);
}

// `imedic keys status` and `imedic keys rotate`, the real binary, with the key
// file under IMEDIC_DATA_DIR.
TEST_F(DataKeysTest, CommandLineRotateAndStatus) {
  using namespace std::chrono_literals;
  TempDir dir("imedic-keys-cli");
  std::map<std::string, std::string> env = {
      {"DATABASE_URL", db_.conninfo()}, {"IMEDIC_DATA_DIR", dir.path()},
      {"IMEDIC_MASTER_KEY", ""},        {"IMEDIC_MASTER_KEY_ID", ""},
      {"IMEDIC_KEY_FILE", ""},          {"IMEDIC_LOG_LEVEL", "warn"}};
  int runs = 0;
  auto run = [&](const std::string& sub, std::string* out) {
    testing::ChildProcess p({"keys", sub}, env,
                            dir.path() + "/run" + std::to_string(++runs) + ".log");
    auto code = p.Wait(60s);
    *out = p.Log();
    return code.value_or(-1);
  };
  std::string out;
  ASSERT_EQ(run("status", &out), 0) << out;  // creates the key file on first use
  const std::string file = dir.path() + "/keys/master.keys";
  auto ring = core::Keyring::LoadFile(file);
  IMEDIC_ASSERT_OK(ring);
  const std::string k1 = ring->active().id;
  EXPECT_NE(out.find("active: " + k1), std::string::npos) << out;

  auto patients = MakePatients(3);
  DataKeys keys(*ring);
  for (const auto& p : patients) IMEDIC_ASSERT_OK(keys.GetOrCreate(db_.conn(), Pid(p)));
  ASSERT_EQ(run("status", &out), 0) << out;
  EXPECT_NE(out.find(k1 + " (active): 3 data keys"), std::string::npos) << out;

  ASSERT_EQ(run("rotate", &out), 0) << out;
  EXPECT_NE(out.find("re-wrapped 3 data keys"), std::string::npos) << out;
  auto rotated = core::Keyring::LoadFile(file);
  IMEDIC_ASSERT_OK(rotated);
  const std::string k2 = rotated->active().id;
  EXPECT_NE(k1, k2);
  EXPECT_NE(out.find("new active master key: " + k2), std::string::npos) << out;
  DataKeys after(*rotated);
  for (const auto& p : patients) {
    auto dk = after.Get(db_.conn(), Pid(p));
    IMEDIC_ASSERT_OK(dk);
  }

  ASSERT_EQ(run("status", &out), 0) << out;
  EXPECT_NE(out.find(k1 + ": 0 data keys"), std::string::npos) << out;
  EXPECT_NE(out.find(k2 + " (active): 3 data keys"), std::string::npos) << out;

  // With the key from the environment, rotation is the secret store's job.
  std::string raw(32, '\0');
  randombytes_buf(raw.data(), raw.size());
  env["IMEDIC_MASTER_KEY"] = core::Base64Encode(raw);
  env["IMEDIC_MASTER_KEY_ID"] = "envkey";
  EXPECT_EQ(run("rotate", &out), 2) << out;
  EXPECT_NE(out.find("IMEDIC_MASTER_KEY"), std::string::npos) << out;
  EXPECT_NE(out.find("secret store"), std::string::npos) << out;
  // The key file was not touched.
  auto unchanged = core::Keyring::LoadFile(file);
  IMEDIC_ASSERT_OK(unchanged);
  EXPECT_EQ(unchanged->size(), 2u);
}

}  // namespace
}  // namespace imedic::privacy
