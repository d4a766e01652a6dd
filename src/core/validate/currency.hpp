// ISO 4217 alphabetic currency codes.
#pragma once

#include <span>
#include <string_view>

namespace imedic::core::validate {

// True for an active ISO 4217 alphabetic code ("EUR", "TRY"), upper-case
// only. Withdrawn codes (HRK, ZWL, ANG, SLL) and the testing / "no currency"
// codes (XTS, XXX) are rejected: they can never price anything.
bool IsCurrencyCode(std::string_view code);

// The table behind IsCurrencyCode, sorted.
std::span<const std::string_view> CurrencyCodes();

}  // namespace imedic::core::validate
