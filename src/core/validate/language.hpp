// BCP 47 language tags (RFC 5646).
#pragma once

#include <span>
#include <string_view>

namespace imedic::core::validate {

// True for a well-formed language tag ("en", "en-GB", "zh-Hant-TW",
// "sr-Latn-RS", "es-419", "de-CH-1996", "en-US-u-ca-gregory", "en-x-private"),
// compared case-insensitively, at most 35 characters. Stricter than the RFC
// where it helps: the primary language must be 2 or 3 letters (no 4-8 letter
// registered languages, no private-use-only or grandfathered tags), a
// 2-letter primary language must be an ISO 639-1 code, and variants and
// extension singletons may not repeat.
bool IsLanguageTag(std::string_view tag);

// True for an ISO 639-1 two-letter code, lower-case only ("en", "tr").
bool IsIso639_1(std::string_view code);

// The ISO 639-1 table, sorted.
std::span<const std::string_view> Iso639_1Codes();

}  // namespace imedic::core::validate
