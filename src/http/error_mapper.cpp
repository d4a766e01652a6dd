#include "http/error_mapper.hpp"

#include <nlohmann/json.hpp>

namespace imedic::http {

int StatusFor(core::ErrorCode code) {
  using core::ErrorCode;
  switch (code) {
    case ErrorCode::kInvalidInput: return 422;
    case ErrorCode::kMalformed: return 400;
    case ErrorCode::kUnauthenticated: return 401;
    case ErrorCode::kForbidden: return 403;
    case ErrorCode::kNotFound: return 404;
    case ErrorCode::kMethodNotAllowed: return 405;
    case ErrorCode::kTimeout: return 408;
    case ErrorCode::kConflict: return 409;
    case ErrorCode::kGone: return 410;
    case ErrorCode::kPreconditionFailed: return 412;
    case ErrorCode::kPayloadTooLarge: return 413;
    case ErrorCode::kUnsupportedMedia: return 415;
    case ErrorCode::kHeadersTooLarge: return 431;
    case ErrorCode::kRateLimited: return 429;
    case ErrorCode::kUnavailable: return 503;
    case ErrorCode::kInternal: return 500;
  }
  return 500;
}

namespace {

const char* TitleFor(int status) {
  switch (status) {
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 408: return "Request Timeout";
    case 409: return "Conflict";
    case 410: return "Gone";
    case 412: return "Precondition Failed";
    case 413: return "Content Too Large";
    case 415: return "Unsupported Media Type";
    case 422: return "Unprocessable Content";
    case 429: return "Too Many Requests";
    case 431: return "Request Header Fields Too Large";
    case 503: return "Service Unavailable";
    default: return "Internal Server Error";
  }
}

}  // namespace

Response ProblemResponse(const core::Error& error, std::string_view instance,
                         std::string_view request_id) {
  const int status = StatusFor(error.code);
  nlohmann::json body = {
      {"type", std::string("https://imedic.dev/problems/") + core::ErrorCodeName(error.code)},
      {"title", TitleFor(status)},
      {"status", status},
      {"detail", error.public_message.empty() ? TitleFor(status) : error.public_message},
      {"instance", std::string(instance)},
      {"request_id", std::string(request_id)},
  };
  if (!error.fields.empty()) {
    nlohmann::json errors = nlohmann::json::array();
    for (const auto& f : error.fields)
      errors.push_back({{"field", f.field}, {"message", f.message}});
    body["errors"] = std::move(errors);
  }
  Response r;
  r.status = status;
  r.content_type = "application/problem+json";
  // Replace invalid UTF-8 (e.g. from a hostile path echoed in "instance").
  r.body = body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  if (status == 503 || status == 429) {
    r.headers.emplace_back(
        "retry-after",
        std::to_string(error.retry_after_seconds > 0 ? error.retry_after_seconds : 1));
  }
  return r;
}

}  // namespace imedic::http
