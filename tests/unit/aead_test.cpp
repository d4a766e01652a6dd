#include "core/aead.hpp"

#include <gtest/gtest.h>

#include <sys/stat.h>

#include <filesystem>
#include <fstream>

#include "core/base64.hpp"
#include "core/random.hpp"

namespace imedic::core {
namespace {

constexpr const char* kKey1 = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";
constexpr const char* kKey2 = "ICEiIyQlJicoKSorLC0uLzAxMjM0NTY3ODk6Ozw9Pj8=";
constexpr std::string_view kAad = "medical_histories.medications:42";

class AeadTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { InitCrypto(); }

  static Keyring Ring(const char* id, const char* key) { return *Keyring::FromBase64(id, key); }
};

TEST_F(AeadTest, SealedBytesRoundTrip) {
  const Keyring ring = Ring("k1", kKey1);
  for (std::string_view plain : {std::string_view(""), std::string_view("penicillin allergy"),
                                 std::string_view("\0binary\xff", 8)}) {
    const std::string sealed = SealWithKey(ring.active(), plain, kAad);
    EXPECT_EQ(sealed.size(), 24 + plain.size() + 16);
    auto opened = OpenWithKey(ring.active(), sealed, kAad);
    ASSERT_TRUE(opened);
    EXPECT_EQ(*opened, plain);
  }
  // Random nonces: the same plaintext never seals the same way twice.
  EXPECT_NE(SealWithKey(ring.active(), "x", kAad), SealWithKey(ring.active(), "x", kAad));
}

TEST_F(AeadTest, AnyFlippedByteIsDetected) {
  const Keyring ring = Ring("k1", kKey1);
  const std::string sealed = SealWithKey(ring.active(), "penicillin allergy", kAad);
  for (std::size_t i = 0; i < sealed.size(); ++i) {
    std::string tampered = sealed;
    tampered[i] = static_cast<char>(tampered[i] ^ 0x01);
    auto opened = OpenWithKey(ring.active(), tampered, kAad);
    ASSERT_FALSE(opened) << "byte " << i;
    EXPECT_EQ(opened.error().code, ErrorCode::kInternal);
    EXPECT_EQ(opened.error().internal_detail, "decryption failed");
  }
  EXPECT_FALSE(OpenWithKey(ring.active(), sealed.substr(0, sealed.size() - 1), kAad));
  EXPECT_FALSE(OpenWithKey(ring.active(), sealed.substr(0, 39), kAad));
  EXPECT_FALSE(OpenWithKey(ring.active(), "", kAad));
}

TEST_F(AeadTest, WrongAadOrKeyFails) {
  const Keyring ring = Ring("k1", kKey1);
  const std::string sealed = SealWithKey(ring.active(), "penicillin allergy", kAad);
  EXPECT_FALSE(OpenWithKey(ring.active(), sealed, "medical_histories.medications:43"));
  EXPECT_FALSE(OpenWithKey(ring.active(), sealed, "medical_histories.allergies:42"));
  EXPECT_FALSE(OpenWithKey(ring.active(), sealed, ""));
  EXPECT_FALSE(OpenWithKey(Ring("k1", kKey2).active(), sealed, kAad));
}

TEST_F(AeadTest, EnvelopeNamesVersionAndKey) {
  const Keyring ring = Ring("k1", kKey1);
  const std::string envelope = Seal(ring, "penicillin allergy", kAad);
  ASSERT_EQ(envelope.rfind("v1.k1.", 0), 0u) << envelope;
  EXPECT_EQ(envelope.find("penicillin"), std::string::npos);
  EXPECT_EQ(Open(ring, envelope, kAad), std::string("penicillin allergy"));

  EXPECT_FALSE(Open(ring, envelope, "other"));
  EXPECT_FALSE(Open(ring, "v2" + envelope.substr(2), kAad));
  EXPECT_FALSE(Open(ring, "v1.k9" + envelope.substr(5), kAad));
  EXPECT_FALSE(Open(ring, envelope.substr(0, envelope.size() - 2), kAad));
  EXPECT_FALSE(Open(ring, envelope + "=", kAad));
  EXPECT_FALSE(Open(ring, "v1.k1", kAad));
  EXPECT_FALSE(Open(ring, "", kAad));
  // Same key material under another id does not open it either: the id must match.
  EXPECT_FALSE(Open(Ring("k2", kKey1), envelope, kAad));
}

TEST_F(AeadTest, RotationKeepsOldEnvelopesReadable) {
  const auto dir = std::filesystem::temp_directory_path() / ("imedic-aead-" + RandomHex(8));
  const std::string path = (dir / "master.keys").string();
  bool created = false;
  auto ring = Keyring::LoadOrCreateFile(path, &created);
  ASSERT_TRUE(ring) << ring.error().public_message;
  ASSERT_TRUE(created);
  const std::string k1 = ring->active().id;
  const std::string old_envelope = Seal(*ring, "old record", kAad);

  ASSERT_TRUE(ring->AppendNewKeyToFile(path));
  const std::string k2 = ring->active().id;
  ASSERT_NE(k1, k2);
  const std::string new_envelope = Seal(*ring, "new record", kAad);
  EXPECT_EQ(new_envelope.rfind("v1." + k2 + ".", 0), 0u);
  EXPECT_EQ(Open(*ring, old_envelope, kAad), std::string("old record"));
  EXPECT_EQ(Open(*ring, new_envelope, kAad), std::string("new record"));

  // A process that loads the rotated file reads both.
  auto restarted = Keyring::LoadFile(path);
  ASSERT_TRUE(restarted);
  EXPECT_EQ(restarted->active().id, k2);
  EXPECT_EQ(Open(*restarted, old_envelope, kAad), std::string("old record"));
  EXPECT_EQ(Open(*restarted, new_envelope, kAad), std::string("new record"));
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace imedic::core
