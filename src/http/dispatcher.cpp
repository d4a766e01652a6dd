#include "http/dispatcher.hpp"

#include <chrono>
#include <exception>

#include "core/log.hpp"
#include "http/error_mapper.hpp"

namespace imedic::http {

namespace {

bool IsJsonContentType(std::string_view ct) {
  // "application/json", "application/merge-patch+json", with optional parameters.
  auto semi = ct.find(';');
  std::string_view media = ct.substr(0, semi);
  while (!media.empty() && media.back() == ' ') media.remove_suffix(1);
  std::string lower(media);
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return lower == "application/json" ||
         (lower.starts_with("application/") && lower.ends_with("+json"));
}

std::string JoinAllowed(const std::vector<std::string>& methods) {
  std::string out;
  for (const auto& m : methods) {
    if (!out.empty()) out += ", ";
    out += m;
  }
  return out;
}

}  // namespace

void Dispatcher::AddStandardHeaders(Response& response, std::string_view request_id) {
  response.headers.emplace_back("x-request-id", std::string(request_id));
  response.headers.emplace_back("x-content-type-options", "nosniff");
  response.headers.emplace_back("x-frame-options", "DENY");
  response.headers.emplace_back("cache-control", "no-store");
}

void Dispatcher::LogAccess(const Request& request, std::string_view route, int status,
                           double duration_ms) {
  // The route pattern, not the path: paths carry ids, queries carry filters.
  core::log::Info("request")
      .Str("request_id", request.request_id)
      .Str("method", request.method)
      .Str("route", route)
      .Int("status", status)
      .Num("duration_ms", duration_ms)
      .Emit();
}

Response Dispatcher::Handle(Request& request) const {
  const auto started = std::chrono::steady_clock::now();
  std::string_view route_name = "-";
  Response response;
  auto fail = [&](core::ErrorCode code, std::string message) {
    return ProblemResponse(core::Error{code, std::move(message), {}, {}}, request.path,
                           request.request_id);
  };

  RouteMatch match = router_.Match(request.method, request.path);
  switch (match.kind) {
    case RouteMatch::Kind::kBadPath:
      response = fail(core::ErrorCode::kMalformed, "the request path is not valid");
      break;
    case RouteMatch::Kind::kNotFound:
      response = fail(core::ErrorCode::kNotFound, "no resource at this path");
      break;
    case RouteMatch::Kind::kMethodNotAllowed:
      response = fail(core::ErrorCode::kMethodNotAllowed,
                      "method " + request.method + " is not allowed here");
      response.headers.emplace_back("allow", JoinAllowed(match.allowed));
      break;
    case RouteMatch::Kind::kFound: {
      const Route& route = *match.route;
      route_name = route.pattern;
      if (route.body == BodyKind::kJson &&
          !IsJsonContentType(request.HeaderValue("content-type"))) {
        response = fail(core::ErrorCode::kUnsupportedMedia,
                        "the request body must be application/json");
        break;
      }
      RequestContext ctx{request, std::move(match.params)};
      try {
        auto result = route.handler(ctx);
        response = result ? std::move(*result)
                          : ProblemResponse(result.error(), request.path, request.request_id);
        if (!result && !result.error().internal_detail.empty()) {
          core::log::Warn("request_failed")
              .Str("request_id", request.request_id)
              .Str("route", route_name)
              .Str("code", core::ErrorCodeName(result.error().code))
              .Str("detail", result.error().internal_detail)
              .Emit();
        }
      } catch (const std::exception& e) {
        core::log::Error("handler_exception")
            .Str("request_id", request.request_id)
            .Str("route", route_name)
            .Str("what", e.what())
            .Emit();
        response = fail(core::ErrorCode::kInternal, "internal error");
      } catch (...) {
        response = fail(core::ErrorCode::kInternal, "internal error");
      }
      break;
    }
  }
  AddStandardHeaders(response, request.request_id);
  const double ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started)
          .count();
  LogAccess(request, route_name, response.status, ms);
  return response;
}

}  // namespace imedic::http
