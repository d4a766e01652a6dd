// UUID text checks, so a malformed id is a clean 404/422 and never a
// PostgreSQL cast error.
#pragma once

#include <cctype>
#include <string_view>

namespace imedic::core {

// True for the canonical 8-4-4-4-12 hexadecimal form.
inline bool IsUuid(std::string_view s) {
  if (s.size() != 36) return false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (i == 8 || i == 13 || i == 18 || i == 23) {
      if (s[i] != '-') return false;
    } else if (!std::isxdigit(static_cast<unsigned char>(s[i]))) {
      return false;
    }
  }
  return true;
}

}  // namespace imedic::core
