#include "core/keyring.hpp"

#include <gtest/gtest.h>

#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/base64.hpp"
#include "core/random.hpp"

namespace imedic::core {
namespace {

namespace fs = std::filesystem;

// 32 bytes 0x00..0x1f and 32 bytes 0x20..0x3f in standard base64.
constexpr const char* kKey1 = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";
constexpr const char* kKey2 = "ICEiIyQlJicoKSorLC0uLzAxMjM0NTY3ODk6Ozw9Pj8=";

class KeyringTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { InitCrypto(); }

  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("imedic-keyring-" + RandomHex(8));
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::string Write(const std::string& name, const std::string& content, mode_t mode) {
    std::string path = (dir_ / name).string();
    std::ofstream(path) << content;
    ::chmod(path.c_str(), mode);
    return path;
  }

  static std::string Read(const std::string& path) {
    std::ifstream in(path);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
  }

  static mode_t Mode(const std::string& path) {
    struct stat st {};
    ::stat(path.c_str(), &st);
    return st.st_mode & 07777;
  }

  fs::path dir_;
};

TEST_F(KeyringTest, FromBase64) {
  auto ring = Keyring::FromBase64("main", kKey1);
  ASSERT_TRUE(ring) << ring.error().public_message;
  EXPECT_EQ(ring->active().id, "main");
  EXPECT_EQ(ring->active().key[31], 0x1f);
  EXPECT_EQ(ring->size(), 1u);
  // base64url is accepted too.
  EXPECT_TRUE(Keyring::FromBase64("main", "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8"));

  EXPECT_FALSE(Keyring::FromBase64("main", "AAECAwQ="));  // 4 bytes
  EXPECT_FALSE(Keyring::FromBase64("main", "not base64 at all!"));
  EXPECT_FALSE(Keyring::FromBase64("", kKey1));
  EXPECT_FALSE(Keyring::FromBase64("has.dot", kKey1));  // would break envelopes
  EXPECT_FALSE(Keyring::FromBase64(std::string(65, 'k'), kKey1));
}

TEST_F(KeyringTest, LoadFileLastKeyIsActiveAllKeysFindable) {
  const std::string path = Write(
      "keys",
      std::string("# master keys\n\n") + "k1 " + kKey1 + "\n  # rotated\nk2\t" + kKey2 + "  \n",
      0600);
  auto ring = Keyring::LoadFile(path);
  ASSERT_TRUE(ring) << ring.error().public_message;
  EXPECT_EQ(ring->size(), 2u);
  EXPECT_EQ(ring->active().id, "k2");
  EXPECT_EQ(ring->active().key[0], 0x20);
  ASSERT_NE(ring->Find("k1"), nullptr);
  EXPECT_EQ(ring->Find("k1")->key[1], 0x01);
  EXPECT_EQ(ring->Find("k3"), nullptr);
}

TEST_F(KeyringTest, RefusesFilesOthersCanReadOrWrite) {
  for (mode_t mode : {0644, 0640, 0604, 0602, 0620}) {
    const std::string path = Write("keys", std::string("k1 ") + kKey1 + "\n", mode);
    auto ring = Keyring::LoadFile(path);
    ASSERT_FALSE(ring) << std::oct << mode;
    EXPECT_EQ(ring.error().code, ErrorCode::kInvalidInput);
    EXPECT_NE(ring.error().public_message.find(path), std::string::npos);
    EXPECT_NE(ring.error().public_message.find("chmod 600"), std::string::npos);
  }
  EXPECT_TRUE(Keyring::LoadFile(Write("keys", std::string("k1 ") + kKey1 + "\n", 0400)));
}

TEST_F(KeyringTest, RefusesMalformedFilesWithoutShowingKeys) {
  const std::string short_key = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwd";
  const std::string bad[] = {
      "",
      "# only comments\n",
      std::string("k1 ") + kKey1 + "\nk1 " + kKey2 + "\n",  // duplicate id
      std::string("k1 ") + kKey1 + "\nk2\n",                // no key
      std::string("k1 ") + kKey1 + "\nk2 " + short_key + "\n",
      std::string("k.1 ") + kKey1 + "\n",
      std::string("k1 ") + kKey1 + " trailing\n",
  };
  for (const auto& content : bad) {
    auto ring = Keyring::LoadFile(Write("keys", content, 0600));
    ASSERT_FALSE(ring) << content;
    EXPECT_EQ(ring.error().public_message.find(kKey1), std::string::npos);
    EXPECT_EQ(ring.error().public_message.find(short_key), std::string::npos);
  }
  auto ring = Keyring::LoadFile(Write("keys", std::string("k1 ") + kKey1 + "\nk2 x\n", 0600));
  ASSERT_FALSE(ring);
  EXPECT_NE(ring.error().public_message.find("line 2"), std::string::npos);
  EXPECT_FALSE(Keyring::LoadFile((dir_ / "missing").string()));
}

TEST_F(KeyringTest, LoadOrCreateCreatesPrivateFolderAndFileOnce) {
  const std::string path = (dir_ / "a" / "b" / "master.keys").string();
  bool created = false;
  auto ring = Keyring::LoadOrCreateFile(path, &created);
  ASSERT_TRUE(ring) << ring.error().public_message;
  EXPECT_TRUE(created);
  EXPECT_EQ(Mode(path), 0600u);
  EXPECT_EQ(Mode((dir_ / "a").string()), 0700u);
  EXPECT_EQ(Mode((dir_ / "a" / "b").string()), 0700u);
  EXPECT_EQ(ring->size(), 1u);
  const std::string id = ring->active().id;
  EXPECT_EQ(id.size(), 16u) << id;  // k + yyyymmdd + '-' + 6 hex
  EXPECT_EQ(id[0], 'k');

  auto again = Keyring::LoadOrCreateFile(path, &created);
  ASSERT_TRUE(again);
  EXPECT_FALSE(created);
  EXPECT_EQ(again->active().id, id);
  EXPECT_EQ(again->active().key, ring->active().key);
  EXPECT_TRUE(Keyring::LoadOrCreateFile(path, nullptr));
}

TEST_F(KeyringTest, AppendNewKeyRotatesAndKeepsOldKeys) {
  const std::string path = Write("keys", std::string("k1 ") + kKey1, 0600);  // no final newline
  auto ring = Keyring::LoadFile(path);
  ASSERT_TRUE(ring);
  ASSERT_TRUE(ring->AppendNewKeyToFile(path));
  EXPECT_EQ(ring->size(), 2u);
  EXPECT_NE(ring->active().id, "k1");
  ASSERT_NE(ring->Find("k1"), nullptr);
  EXPECT_EQ(Mode(path), 0600u);

  auto reloaded = Keyring::LoadFile(path);
  ASSERT_TRUE(reloaded) << reloaded.error().public_message << "\n" << Read(path);
  EXPECT_EQ(reloaded->size(), 2u);
  EXPECT_EQ(reloaded->active().id, ring->active().id);
  EXPECT_EQ(reloaded->active().key, ring->active().key);

  ASSERT_TRUE(ring->AppendNewKeyToFile(path));
  EXPECT_EQ(ring->size(), 3u);
  EXPECT_EQ(Keyring::LoadFile(path)->size(), 3u);

  ::chmod(path.c_str(), 0644);
  EXPECT_FALSE(ring->AppendNewKeyToFile(path));
  EXPECT_EQ(ring->size(), 3u);
}

TEST_F(KeyringTest, KeysAreWipedOnDestruction) {
  alignas(MasterKey) unsigned char storage[sizeof(MasterKey)];
  auto* key = new (storage) MasterKey{"k", {}};
  key->key.fill(0xAB);
  const std::ptrdiff_t offset = reinterpret_cast<unsigned char*>(key->key.data()) - storage;
  key->~MasterKey();
  // The array's bytes are zero after the destructor ran (inspected before reuse).
  const unsigned char* bytes = storage + offset;
  for (std::size_t i = 0; i < 32; ++i) EXPECT_EQ(bytes[i], 0) << i;
}

}  // namespace
}  // namespace imedic::core
