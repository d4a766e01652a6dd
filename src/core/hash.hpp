// Content hashes (libsodium).
#pragma once

#include <string>
#include <string_view>

#include "core/hex.hpp"  // ToHex, used with these hashes

namespace imedic::core {

// Lower-case hex SHA-256 of the bytes.
std::string Sha256Hex(std::string_view data);

}  // namespace imedic::core
