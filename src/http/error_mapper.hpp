// The one place that knows HTTP statuses: turns the project's error codes
// into RFC 7807 problem+json answers.
#pragma once

#include <string_view>

#include "core/error.hpp"
#include "http/message.hpp"

namespace imedic::http {

int StatusFor(core::ErrorCode code);

// A problem+json response for the error. `instance` is the request path;
// the request id lets a caller quote the failing request to support.
Response ProblemResponse(const core::Error& error, std::string_view instance,
                         std::string_view request_id);

}  // namespace imedic::http
