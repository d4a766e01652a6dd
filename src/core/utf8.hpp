// UTF-8 text: the one validity check and the one length in characters.
#pragma once

#include <cstddef>
#include <string_view>

namespace imedic::core {

// Decodes the code point starting at byte `pos` of `text` into `cp` and moves
// `pos` past it. False (nothing moved) when the bytes there are not strict
// UTF-8 as IsValidUtf8 defines it. REQUIRES: pos < text.size().
bool NextCodePoint(std::string_view text, std::size_t& pos, char32_t& cp);

// True for strict UTF-8: no overlong forms, no surrogates (U+D800..U+DFFF),
// nothing above U+10FFFF, no truncated sequence. NUL bytes are valid UTF-8;
// callers that refuse them check separately.
bool IsValidUtf8(std::string_view text);

// The number of code points, counting every byte that is not a continuation
// byte (10xxxxxx). Exact for valid UTF-8; for invalid input an upper bound
// that never undercounts the bytes a client could use to exceed a limit.
std::size_t Utf8Length(std::string_view text);

}  // namespace imedic::core
