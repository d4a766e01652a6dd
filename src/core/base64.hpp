// Base64 (RFC 4648 §4) and base64url (RFC 4648 §5) over libsodium's codecs.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace imedic::core {

// base64url without '=' padding: tokens, JWT segments, envelopes.
std::string Base64UrlEncode(std::string_view bytes);

// Decodes base64url. Padding is optional but, when present, must be exactly right; any other
// character (including whitespace and the standard alphabet's '+' and '/') and non-canonical
// trailing bits are rejected with nullopt.
std::optional<std::string> Base64UrlDecode(std::string_view text);

// Standard alphabet with '=' padding.
std::string Base64Encode(std::string_view bytes);

// Decodes the standard alphabet; padding is required and must be exact; anything else
// (whitespace, url-safe characters, non-canonical trailing bits) is rejected with nullopt.
std::optional<std::string> Base64Decode(std::string_view text);

}  // namespace imedic::core
