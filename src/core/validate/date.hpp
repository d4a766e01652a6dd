// Calendar dates as written in ISO 8601 / RFC 3339 ("YYYY-MM-DD").
#pragma once

#include <string_view>

namespace imedic::core::validate {

// True for "YYYY-MM-DD" naming a real day (leap years included), years 0001 to 9999:
// the full-date of core/rfc3339.hpp.
bool IsCalendarDate(std::string_view text);

}  // namespace imedic::core::validate
