// A UUID held as two words, and its canonical text form.
#pragma once

#include <cstdint>
#include <string>

#include "core/uuid.hpp"

namespace imedic::seed {

struct Uuid {
  std::uint64_t hi = 0;  // bytes 0..7, big-endian
  std::uint64_t lo = 0;  // bytes 8..15
  bool IsNil() const { return hi == 0 && lo == 0; }
  friend bool operator==(const Uuid&, const Uuid&) = default;
};

// Appends the 36-character lower-case form, e.g. 3f2c...-4...-8...
inline void AppendUuid(std::string& out, const Uuid& u) { core::AppendUuid(out, u.hi, u.lo); }

inline std::string UuidString(const Uuid& u) {
  std::string s;
  AppendUuid(s, u);
  return s;
}

}  // namespace imedic::seed
