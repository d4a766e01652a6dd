#include "core/uuid.hpp"

#include <sodium.h>

#include "core/hex.hpp"

namespace imedic::core {

namespace {

bool IsDashPosition(std::size_t i) { return i == 8 || i == 13 || i == 18 || i == 23; }

}  // namespace

bool IsUuid(std::string_view s) {
  if (s.size() != 36) return false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (IsDashPosition(i) ? s[i] != '-' : !IsHexDigit(s[i])) return false;
  }
  return true;
}

std::optional<std::string> ParseUuid(std::string_view s) {
  if (!IsUuid(s)) return std::nullopt;
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'F') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

std::string NewUuidV4() {
  unsigned char b[16];
  randombytes_buf(b, sizeof b);
  b[6] = static_cast<unsigned char>((b[6] & 0x0f) | 0x40);  // version 4
  b[8] = static_cast<unsigned char>((b[8] & 0x3f) | 0x80);  // variant 10xx
  std::uint64_t hi = 0, lo = 0;
  for (int i = 0; i < 8; ++i) hi = (hi << 8) | b[i];
  for (int i = 8; i < 16; ++i) lo = (lo << 8) | b[i];
  std::string out;
  AppendUuid(out, hi, lo);
  return out;
}

void AppendUuid(std::string& out, std::uint64_t hi, std::uint64_t lo) {
  static constexpr char kDigits[] = "0123456789abcdef";
  char text[36];
  int pos = 0;
  for (int nibble = 0; nibble < 32; ++nibble) {
    if (nibble == 8 || nibble == 12 || nibble == 16 || nibble == 20) text[pos++] = '-';
    const std::uint64_t word = nibble < 16 ? hi : lo;
    const int shift = 60 - 4 * (nibble % 16);
    text[pos++] = kDigits[(word >> shift) & 0xf];
  }
  out.append(text, sizeof text);
}

}  // namespace imedic::core
