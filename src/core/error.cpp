#include "core/error.hpp"

namespace imedic::core {

const char* ErrorCodeName(ErrorCode code) {
  switch (code) {
    case ErrorCode::kInvalidInput: return "invalid-input";
    case ErrorCode::kMalformed: return "malformed-request";
    case ErrorCode::kUnauthenticated: return "unauthenticated";
    case ErrorCode::kForbidden: return "forbidden";
    case ErrorCode::kNotFound: return "not-found";
    case ErrorCode::kMethodNotAllowed: return "method-not-allowed";
    case ErrorCode::kConflict: return "conflict";
    case ErrorCode::kGone: return "gone";
    case ErrorCode::kPreconditionFailed: return "precondition-failed";
    case ErrorCode::kPayloadTooLarge: return "payload-too-large";
    case ErrorCode::kHeadersTooLarge: return "headers-too-large";
    case ErrorCode::kUnsupportedMedia: return "unsupported-media-type";
    case ErrorCode::kTimeout: return "request-timeout";
    case ErrorCode::kRateLimited: return "rate-limited";
    case ErrorCode::kUnavailable: return "unavailable";
    case ErrorCode::kInternal: return "internal";
  }
  return "internal";
}

}  // namespace imedic::core
