// Password storage with argon2id (libsodium), following OWASP's password storage guidance.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "core/error.hpp"

namespace imedic::core {

// argon2id cost parameters: opslimit is the number of passes (t), memlimit the memory in bytes
// (m); libsodium always uses one lane (p = 1).
struct PasswordPolicy {
  unsigned long long opslimit;
  std::size_t memlimit;
};

// t = 2, m = 64 MiB: above OWASP's argon2id minimum (m = 19 MiB, t = 2, p = 1). Raising it
// later is safe: PasswordNeedsRehash() flags old hashes and login rehashes them.
PasswordPolicy DefaultPasswordPolicy();

// The self-describing PHC string "$argon2id$v=19$m=…,t=…,p=1$salt$hash" (under 128 bytes) with
// a fresh random salt. Fails with kInternal when memory cannot be allocated or the policy is
// below libsodium's limits. Costs about as much time as the policy buys, so call it off the
// I/O threads.
Result<std::string> HashPassword(std::string_view password, const PasswordPolicy& policy);

// True when `password` matches `stored_hash`. The comparison is constant-time (libsodium); a
// malformed or unsupported hash gives false, never an error, so callers answer it like a wrong
// password.
bool VerifyPassword(std::string_view stored_hash, std::string_view password);

// True when `stored_hash` was not made by argon2id with exactly `policy`'s parameters (or is
// malformed): after a successful login, hash the password again and store the new hash.
bool PasswordNeedsRehash(std::string_view stored_hash, const PasswordPolicy& policy);

// nullopt when `password` is acceptable for a new account or a password change, else a
// sentence for the user saying why (it never repeats the password). Rules, after OWASP/NIST
// guidance (length over composition rules): valid UTF-8; at least 10 characters (code
// points); at most 256 bytes; not one character repeated; not one of a built-in list of the
// most common passwords (compared ignoring ASCII case).
std::optional<std::string> PasswordProblem(std::string_view password);

// A valid argon2id hash (default policy) of a random password nobody knows, computed once on
// first use (thread-safe). Login verifies the offered password against it when the account
// does not exist, so the answer takes as long as for a real account and timing does not
// reveal which emails are registered. Throws std::runtime_error if hashing fails.
const std::string& DummyPasswordHash();

}  // namespace imedic::core
