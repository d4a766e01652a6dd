#include "core/validate/date.hpp"

#include "core/rfc3339.hpp"

namespace imedic::core::validate {

bool IsCalendarDate(std::string_view s) { return ParseFullDate(s).has_value(); }

}  // namespace imedic::core::validate
