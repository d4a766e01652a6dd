// ISO 3166-1 alpha-2 country codes.
#pragma once

#include <span>
#include <string_view>

namespace imedic::core::validate {

// True for an officially assigned ISO 3166-1 alpha-2 code ("TR", "GB"),
// upper-case only. User-assigned and reserved codes ("UK", "XX", "EU") are
// rejected.
bool IsCountryCode(std::string_view code);

// The table behind IsCountryCode, sorted (for tests and documentation).
std::span<const std::string_view> CountryCodes();

}  // namespace imedic::core::validate
