// IANA time zone names.
#pragma once

#include <span>
#include <string_view>

namespace imedic::core::validate {

// True for a name of the IANA tz database (tzdata 2025b): canonical zones
// ("Europe/Istanbul", "America/New_York", "UTC", "Etc/UTC") and the
// backward-compatible links ("Europe/Kiev", "Asia/Calcutta", "US/Eastern").
// The list is embedded, so it does not depend on /usr/share/zoneinfo.
// Case-sensitive, as the database is.
bool IsTimeZone(std::string_view name);

// The embedded table, sorted by byte value.
std::span<const std::string_view> TimeZoneNames();

}  // namespace imedic::core::validate
