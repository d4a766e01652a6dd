#include "core/password.hpp"

#include <gtest/gtest.h>

#include <sodium.h>

#include <array>
#include <string>

#include "core/random.hpp"

namespace imedic::core {
namespace {

// The cheapest argon2id parameters libsodium allows: keeps the sanitizer build fast. The
// default policy is exercised once, through DummyPasswordHash().
const PasswordPolicy kCheap{1, 8192};

class PasswordTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { InitCrypto(); }
};

TEST_F(PasswordTest, DefaultPolicyIsAboveOwaspMinimum) {
  const PasswordPolicy p = DefaultPasswordPolicy();
  EXPECT_EQ(p.opslimit, 2u);
  EXPECT_EQ(p.memlimit, 64u << 20);
  EXPECT_GE(p.memlimit, 19u << 20);
}

TEST_F(PasswordTest, HashVerifiesOnlyTheRightPassword) {
  auto hash = HashPassword("correct horse battery", kCheap);
  ASSERT_TRUE(hash) << hash.error().internal_detail;
  EXPECT_EQ(hash->rfind("$argon2id$v=19$m=8,t=1,p=1$", 0), 0u) << *hash;
  EXPECT_TRUE(VerifyPassword(*hash, "correct horse battery"));
  EXPECT_FALSE(VerifyPassword(*hash, "correct horse batterY"));
  EXPECT_FALSE(VerifyPassword(*hash, ""));
  // Fresh salt each time.
  EXPECT_NE(*hash, *HashPassword("correct horse battery", kCheap));
}

TEST_F(PasswordTest, MalformedHashesVerifyFalse) {
  auto hash = HashPassword("correct horse battery", kCheap);
  ASSERT_TRUE(hash);
  EXPECT_FALSE(VerifyPassword("", "x"));
  EXPECT_FALSE(VerifyPassword("$argon2id$garbage", "correct horse battery"));
  EXPECT_FALSE(VerifyPassword(std::string(200, 'a'), "correct horse battery"));
  EXPECT_FALSE(VerifyPassword(hash->substr(0, hash->size() - 3), "correct horse battery"));
  std::string with_nul = *hash;
  with_nul.insert(5, 1, '\0');
  EXPECT_FALSE(VerifyPassword(with_nul, "correct horse battery"));
}

TEST_F(PasswordTest, PolicyBelowLibsodiumMinimumIsRefused) {
  auto hash = HashPassword("correct horse battery", {0, 8192});
  ASSERT_FALSE(hash);
  EXPECT_EQ(hash.error().code, ErrorCode::kInternal);
}

TEST_F(PasswordTest, NeedsRehashWhenParametersChange) {
  auto hash = HashPassword("correct horse battery", kCheap);
  ASSERT_TRUE(hash);
  EXPECT_FALSE(PasswordNeedsRehash(*hash, kCheap));
  EXPECT_TRUE(PasswordNeedsRehash(*hash, {2, 8192}));
  EXPECT_TRUE(PasswordNeedsRehash(*hash, {1, 16384}));
  EXPECT_TRUE(PasswordNeedsRehash("not a hash", kCheap));
  EXPECT_TRUE(PasswordNeedsRehash("", kCheap));

  // An argon2i hash verifies but must be upgraded to argon2id.
  std::array<char, crypto_pwhash_STRBYTES> argon2i{};
  const std::string pw = "correct horse battery";
  ASSERT_EQ(crypto_pwhash_str_alg(argon2i.data(), pw.data(), pw.size(), 3, 8192,
                                  crypto_pwhash_ALG_ARGON2I13),
            0);
  EXPECT_TRUE(VerifyPassword(argon2i.data(), pw));
  EXPECT_TRUE(PasswordNeedsRehash(argon2i.data(), {3, 8192}));
}

TEST_F(PasswordTest, DummyHashUsesDefaultPolicyAndMatchesNothingGuessable) {
  const std::string& dummy = DummyPasswordHash();
  EXPECT_EQ(dummy.rfind("$argon2id$v=19$m=65536,t=2,p=1$", 0), 0u) << dummy;
  EXPECT_EQ(&dummy, &DummyPasswordHash());  // computed once
  EXPECT_FALSE(PasswordNeedsRehash(dummy, DefaultPasswordPolicy()));
  EXPECT_FALSE(VerifyPassword(dummy, "password123"));
}

TEST_F(PasswordTest, AcceptsReasonablePasswords) {
  EXPECT_EQ(PasswordProblem("correct horse battery staple"), std::nullopt);
  EXPECT_EQ(PasswordProblem("Tr0ub4dor&3x"), std::nullopt);
  EXPECT_EQ(PasswordProblem(std::string(256, 'a').replace(0, 1, "b")), std::nullopt);
  // Ten code points, more bytes: counted as characters.
  EXPECT_EQ(PasswordProblem("Ünïcödé pä"), std::nullopt);
  EXPECT_EQ(PasswordProblem("пароль-мой"), std::nullopt);
}

TEST_F(PasswordTest, RefusesWeakPasswordsWithoutEchoingThem) {
  struct Case {
    std::string password;
    const char* reason;
  };
  const Case cases[] = {
      {"abc123", "too short"},
      {"ÜÜÜÜÜÜÜÜÜ", "too short"},  // 18 bytes, 9 characters
      {std::string(257, 'x').replace(0, 1, "y"), "too long"},
      {"aaaaaaaaaaaa", "single character"},
      {"ééééééééééé", "single character"},
      {"password123", "commonly used"},
      {"PassWord123", "commonly used"},
      {"1234567890", "commonly used"},
      {"qwertyuiop", "commonly used"},
      {std::string("abcdefghij\xff"), "UTF-8"},
      {std::string("abcdefghij\xc0\xaf"), "UTF-8"},      // overlong '/'
      {std::string("abcdefghij\xed\xa0\x80"), "UTF-8"},  // surrogate
      {std::string("abcdefghij\xe2\x82"), "UTF-8"},      // truncated
  };
  for (const auto& c : cases) {
    auto problem = PasswordProblem(c.password);
    ASSERT_TRUE(problem) << c.password;
    EXPECT_NE(problem->find(c.reason), std::string::npos) << *problem;
    EXPECT_EQ(problem->find(c.password), std::string::npos) << *problem;
  }
}

}  // namespace
}  // namespace imedic::core
