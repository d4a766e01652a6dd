// Content hashes (libsodium).
#pragma once

#include <string>
#include <string_view>

namespace imedic::core {

// Lower-case hex SHA-256 of the bytes.
std::string Sha256Hex(std::string_view data);

// Lower-case hex of arbitrary bytes.
std::string ToHex(std::string_view bytes);

}  // namespace imedic::core
