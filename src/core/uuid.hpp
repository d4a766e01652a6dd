// UUIDs as text: the one check, canonical form and generator, so a malformed
// id is a clean 404/422 and never a PostgreSQL cast error.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace imedic::core {

// True for the 8-4-4-4-12 hexadecimal form (either case), exactly 36 characters.
bool IsUuid(std::string_view text);

// The canonical lower-case form of a UUID text, or nullopt when !IsUuid(text).
std::optional<std::string> ParseUuid(std::string_view text);

// A random (version 4, RFC 9562 variant) UUID from the CSPRNG, lower case.
std::string NewUuidV4();

// Appends the 36-character lower-case form of the 128 bits hi:lo
// (hi = bytes 0..7 big-endian, lo = bytes 8..15).
void AppendUuid(std::string& out, std::uint64_t hi, std::uint64_t lo);

}  // namespace imedic::core
