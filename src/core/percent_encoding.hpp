// Percent-encoding (RFC 3986 section 2.1) for query strings and URIs.
#pragma once

#include <string>
#include <string_view>

namespace imedic::core {

// Unreserved characters (A-Z a-z 0-9 - . _ ~) stay; every other byte becomes
// %XX with upper-case hex digits.
std::string PercentEncode(std::string_view text);

}  // namespace imedic::core
