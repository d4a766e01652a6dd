// A UUID held as two words, and its canonical text form.
#pragma once

#include <cstdint>
#include <string>

namespace imedic::seed {

struct Uuid {
  std::uint64_t hi = 0;  // bytes 0..7, big-endian
  std::uint64_t lo = 0;  // bytes 8..15
  bool IsNil() const { return hi == 0 && lo == 0; }
  friend bool operator==(const Uuid&, const Uuid&) = default;
};

// Appends the 36-character lower-case form, e.g. 3f2c...-4...-8...
inline void AppendUuid(std::string& out, const Uuid& u) {
  static constexpr char kHex[] = "0123456789abcdef";
  char text[36];
  int pos = 0;
  for (int nibble = 0; nibble < 32; ++nibble) {
    if (nibble == 8 || nibble == 12 || nibble == 16 || nibble == 20) text[pos++] = '-';
    const std::uint64_t word = nibble < 16 ? u.hi : u.lo;
    const int shift = 60 - 4 * (nibble % 16);
    text[pos++] = kHex[(word >> shift) & 0xf];
  }
  out.append(text, sizeof text);
}

inline std::string UuidString(const Uuid& u) {
  std::string s;
  AppendUuid(s, u);
  return s;
}

}  // namespace imedic::seed
