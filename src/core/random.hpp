// Randomness from the OS CSPRNG (libsodium).
#pragma once

#include <string>

namespace imedic::core {

// Must be called once before any other libsodium use; safe to call again.
void InitCrypto();

// `bytes` random bytes as lower-case hex.
std::string RandomHex(std::size_t bytes);

}  // namespace imedic::core
