#include "core/base32.hpp"

#include <cstdint>

namespace imedic::core {

namespace {

constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

// The 5-bit value of a base32 character, or -1.
int Value(char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a';
  if (c >= '2' && c <= '7') return c - '2' + 26;
  return -1;
}

}  // namespace

std::string Base32Encode(std::string_view bytes) {
  std::string out;
  out.reserve((bytes.size() * 8 + 4) / 5);
  std::uint32_t acc = 0;
  int bits = 0;
  for (unsigned char c : bytes) {
    acc = (acc << 8) | c;
    bits += 8;
    while (bits >= 5) {
      bits -= 5;
      out.push_back(kAlphabet[(acc >> bits) & 0x1F]);
    }
  }
  if (bits > 0) out.push_back(kAlphabet[(acc << (5 - bits)) & 0x1F]);
  return out;
}

std::optional<std::string> Base32Decode(std::string_view text) {
  std::string out;
  out.reserve(text.size() * 5 / 8);
  std::uint32_t acc = 0;
  int bits = 0;
  std::size_t symbols = 0;
  bool in_padding = false;
  for (char c : text) {
    if (c == ' ') continue;
    if (c == '=') {
      in_padding = true;
      continue;
    }
    if (in_padding) return std::nullopt;
    int v = Value(c);
    if (v < 0) return std::nullopt;
    acc = (acc << 5) | static_cast<std::uint32_t>(v);
    bits += 5;
    ++symbols;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(static_cast<char>((acc >> bits) & 0xFF));
    }
  }
  // A final group of 8 symbols encodes 5 bytes; only 2, 4, 5 or 7 leftover symbols can end
  // an encoding (1, 2, 3 or 4 bytes), and their unused low bits must be zero.
  switch (symbols % 8) {
    case 1:
    case 3:
    case 6: return std::nullopt;
    default: break;
  }
  if ((acc & ((1u << bits) - 1)) != 0) return std::nullopt;
  return out;
}

}  // namespace imedic::core
