// Conditional GET (RFC 9110, 13.1.2 and 15.4.5): every 200 JSON answer to
// GET or HEAD carries a strong ETag, a digest of its exact bytes, and a
// request whose If-None-Match names that tag is answered 304 Not Modified
// without the body. The handler still runs (an audited read is still a
// read, and is audited); what is saved is the transfer and the client's
// parsing. Validators from row versions, and If-Match on writes, are not
// here yet.
#pragma once

#include <string>
#include <string_view>

#include "http/message.hpp"

namespace imedic::http {

// The strong entity tag of a body: "\"" + 32 hex digits of BLAKE2b-128 + "\"".
std::string EntityTag(std::string_view body);

// Whether an If-None-Match field value names `etag`: "*", or one of its
// comma-separated tags under the weak comparison (a W/ prefix is ignored).
bool IfNoneMatchHits(std::string_view field, std::string_view etag);

// Adds the ETag to a 200 JSON answer of a GET or HEAD, and turns it into a
// 304 when the request's If-None-Match names it.
void ApplyConditionalGet(const Request& request, Response& response);

}  // namespace imedic::http
