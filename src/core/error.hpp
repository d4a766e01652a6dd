// The project's one error vocabulary. Services return Result<T>; only
// http/error_mapper knows which HTTP status each code becomes.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include <tl/expected.hpp>

namespace imedic::core {

enum class ErrorCode {
  kInvalidInput,        // the caller sent something we cannot accept (422/400)
  kMalformed,           // the request could not even be parsed (400)
  kUnauthenticated,     // no or bad credentials (401)
  kForbidden,           // authenticated but not allowed (403)
  kNotFound,            // no such resource, or not visible to the caller (404)
  kMethodNotAllowed,    // path exists, method does not (405)
  kConflict,            // unique or state conflict (409)
  kGone,                // existed, deleted (410)
  kPreconditionFailed,  // If-Match names a version that is no longer current (412)
  kPayloadTooLarge,     // body over the limit (413)
  kHeadersTooLarge,     // header block over the limit (431)
  kUnsupportedMedia,    // wrong Content-Type (415)
  kTimeout,             // the client did not finish its request in time (408)
  kRateLimited,         // too many requests (429)
  kUnavailable,         // a dependency (PostgreSQL) is away; retry later (503)
  kInternal,            // a bug or an unexpected failure (500)
};

// One invalid field of a request, named by its JSON pointer-like path.
struct FieldError {
  std::string field;
  std::string message;
};

struct Error {
  Error() = default;
  Error(ErrorCode c, std::string message, std::vector<FieldError> field_errors = {},
        std::string internal = {})
      : code(c),
        public_message(std::move(message)),
        fields(std::move(field_errors)),
        internal_detail(std::move(internal)) {}

  ErrorCode code = ErrorCode::kInternal;
  std::string public_message;      // safe to show the caller
  std::vector<FieldError> fields;  // field-level detail, if any
  std::string internal_detail;     // for logs only; never sent, never holds values
  std::string constraint;          // PostgreSQL constraint name, when one was violated
  bool retryable = false;          // true for serialization failures and deadlocks
  int retry_after_seconds = 0;     // for kRateLimited/kUnavailable: when to come back

  static Error InvalidInput(std::string msg, std::vector<FieldError> fields = {}) {
    return {ErrorCode::kInvalidInput, std::move(msg), std::move(fields), {}};
  }
  static Error NotFound(std::string msg = "resource not found") {
    return {ErrorCode::kNotFound, std::move(msg), {}, {}};
  }
  static Error Conflict(std::string msg) { return {ErrorCode::kConflict, std::move(msg), {}, {}}; }
  static Error Unavailable(std::string internal) {
    return {
        ErrorCode::kUnavailable, "the service is temporarily unavailable", {}, std::move(internal)};
  }
  static Error Internal(std::string internal) {
    return {ErrorCode::kInternal, "internal error", {}, std::move(internal)};
  }
};

template <typename T>
using Result = tl::expected<T, Error>;

// Shorthand for returning an error from a function that returns Result<T>.
inline tl::unexpected<Error> Fail(Error e) { return tl::unexpected<Error>(std::move(e)); }

// Short stable name of a code, used in logs and problem "type" URIs.
const char* ErrorCodeName(ErrorCode code);

}  // namespace imedic::core
