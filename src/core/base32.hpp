// RFC 4648 §6 base32 (alphabet A-Z 2-7), as used by TOTP secrets in otpauth:// URIs.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace imedic::core {

// Upper-case base32 without '=' padding (authenticator apps accept and prefer it).
std::string Base32Encode(std::string_view bytes);

// Decodes base32 as people and apps write it: letters in either case, spaces anywhere, and
// trailing '=' padding are accepted. Returns nullopt for any other character, for data after
// padding, for a length no encoder can produce, or for non-zero trailing bits.
std::optional<std::string> Base32Decode(std::string_view text);

}  // namespace imedic::core
