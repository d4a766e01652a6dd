// Conditional requests (RFC 9110, section 13).
//
// GET: every 200 JSON answer to GET or HEAD carries a strong ETag, and a
// request whose If-None-Match names that tag is answered 304 Not Modified
// without the body. The handler still runs (an audited read is still a
// read, and is audited); what is saved is the transfer and the client's
// parsing.
//
// The tag is a digest of the exact bytes ("<32 hex>"), or, when the handler
// knows the version of the row it shows (Response::version: the records
// routes), "<version>-<16 hex of the bytes>". The version part makes writes
// conditional: a PATCH or DELETE with If-Match is carried out only while the
// row is still at a version the field names, checked in the statement that
// writes, after the row is locked; otherwise 412 and nothing changes. So two
// coordinators editing one record cannot overwrite each other silently. The
// digest part keeps tags distinct per representation (roles see different
// fields of one row version).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "http/message.hpp"

namespace imedic::http {

// The strong entity tag of a body: "\"" + 32 hex digits of BLAKE2b-128 + "\"".
std::string EntityTag(std::string_view body);

// Whether an If-None-Match field value names `etag`: "*", or one of its
// comma-separated tags under the weak comparison (a W/ prefix is ignored).
bool IfNoneMatchHits(std::string_view field, std::string_view etag);

// The tag of a body showing row version `version` ("" for none).
std::string EntityTag(std::string_view body, std::string_view version);

// Adds the ETag to a 200 JSON answer of a GET or HEAD, and turns it into a
// 304 when the request's If-None-Match names it. A 200 or 201 answer to a
// write that knows its row version gets its new ETag too, so a client can
// chain conditional writes.
void ApplyConditionalGet(const Request& request, Response& response);

// The row versions the request's If-Match accepts, comma-separated, for the
// writing statement; nullopt without If-Match or with "*" (any current
// row). Weak tags and tags without a version never match (strong
// comparison), so a field naming only such tags yields "-", which no
// version equals: the write answers 412.
std::optional<std::string> IfMatchVersions(const Request& request);

}  // namespace imedic::http
