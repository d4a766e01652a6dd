// Hexadecimal text: the one encoder, decoder and digit test.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace imedic::core {

// True for 0-9, a-f, A-F.
bool IsHexDigit(char c);

// The value 0..15 of a hex digit (either case), or -1.
int HexDigitValue(char c);

// Lower-case hex of arbitrary bytes (two digits a byte).
std::string ToHex(std::string_view bytes);

// The bytes of an even-length hex text (either case); nullopt for an odd
// length or any other character.
std::optional<std::string> FromHex(std::string_view hex);

}  // namespace imedic::core
