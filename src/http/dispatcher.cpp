#include "http/dispatcher.hpp"

#include <algorithm>
#include <chrono>
#include <exception>
#include <optional>

#include "core/log.hpp"
#include "core/metrics.hpp"
#include "http/conditional.hpp"
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

core::Error Unauthenticated(std::string message) {
  return core::Error(core::ErrorCode::kUnauthenticated, std::move(message));
}

}  // namespace

core::Result<core::Principal> Dispatcher::Authorize(const Route& route,
                                                    const Request& request) const {
  std::string_view auth = request.HeaderValue("authorization");
  constexpr std::string_view kBearer = "Bearer ";
  if (auth.size() <= kBearer.size() || auth.substr(0, kBearer.size()) != kBearer) {
    return core::Fail(Unauthenticated("sign in first: send Authorization: Bearer <token>"));
  }
  if (authenticator_ == nullptr) return core::Fail(Unauthenticated("authentication unavailable"));
  auto principal = authenticator_->Authenticate(auth.substr(kBearer.size()), request);
  if (!principal) return principal;
  if (!principal->mfa_satisfied && route.permission != kAuthenticatedPreMfa) {
    return core::Fail(core::Error(core::ErrorCode::kForbidden,
                                  "a second factor is required: enrol TOTP at "
                                  "POST /auth/mfa/totp, or sign in again with its code"));
  }
  if (route.permission != kAuthenticated && route.permission != kAuthenticatedPreMfa &&
      !principal->Has(route.permission)) {
    return core::Fail(
        core::Error(core::ErrorCode::kForbidden, "this account may not " + route.permission));
  }
  return principal;
}

bool Dispatcher::OriginAllowed(std::string_view origin, const Route* route) const {
  auto listed = [origin](const std::vector<std::string>& origins) {
    return std::find(origins.begin(), origins.end(), origin) != origins.end();
  };
  return !origin.empty() &&
         (listed(policy_.cors_origins) || (route != nullptr && listed(route->cors_origins)));
}

void Dispatcher::ApplyCors(const Request& request, const Route* route, Response& response) const {
  std::string_view origin = request.HeaderValue("origin");
  if (!OriginAllowed(origin, route)) return;
  response.headers.emplace_back("access-control-allow-origin", std::string(origin));
  response.headers.emplace_back("vary", "Origin");
  response.headers.emplace_back("access-control-expose-headers", "X-Request-Id, Retry-After");
}

Response Dispatcher::Preflight(const Request& request) const {
  Response r;
  r.content_type = "text/plain";
  const std::string_view origin = request.HeaderValue("origin");
  if (!OriginAllowed(origin)) {
    // A route with origins of its own (a public form) answers those for
    // the method asked about, and nothing else: no credentials cross.
    RouteMatch asked = router_.Match(request.HeaderValue("access-control-request-method"),
                                     request.path);
    if (asked.kind != RouteMatch::Kind::kFound || !OriginAllowed(origin, asked.route)) {
      r.status = 403;
      return r;
    }
    r.status = 204;
    r.headers.emplace_back("access-control-allow-origin", std::string(origin));
    r.headers.emplace_back("vary", "Origin");
    r.headers.emplace_back("access-control-allow-methods", asked.route->method);
    r.headers.emplace_back("access-control-allow-headers", "Content-Type");
    r.headers.emplace_back("access-control-max-age", "600");
    return r;
  }
  r.status = 204;
  r.headers.emplace_back("access-control-allow-methods", "GET, POST, PUT, PATCH, DELETE");
  r.headers.emplace_back("access-control-allow-headers",
                         "Authorization, Content-Type, Idempotency-Key, X-Request-Id");
  r.headers.emplace_back("access-control-max-age", "600");
  return r;
}

void Dispatcher::AddStandardHeaders(Response& response, std::string_view request_id) {
  // A handler may set a stricter Cache-Control (e.g. "private, no-store").
  const bool has_cache_control = std::any_of(
      response.headers.begin(), response.headers.end(),
      [](const Header& h) { return h.first == "cache-control"; });
  response.headers.emplace_back("x-request-id", std::string(request_id));
  response.headers.emplace_back("x-content-type-options", "nosniff");
  response.headers.emplace_back("x-frame-options", "DENY");
  if (!has_cache_control) response.headers.emplace_back("cache-control", "no-store");
  response.headers.emplace_back("referrer-policy", "no-referrer");
}

void Dispatcher::LogAccess(const Request& request, std::string_view route, int status,
                           double duration_ms) {
  // The route pattern, not the path: paths carry ids, queries carry filters.
  core::metrics::ObserveRequest(request.method, route == "-" ? "unmatched" : route, status,
                                duration_ms / 1000.0);
  core::log::Info("request")
      .Str("request_id", request.request_id)
      .Str("method", request.method)
      .Str("route", route)
      .Int("status", status)
      .Num("duration_ms", duration_ms)
      .Emit();
}

Response Dispatcher::Decide(Request& request, RouteMatch& match,
                            std::string_view& route_name) const {
  auto fail = [&](core::ErrorCode code, std::string message) {
    return ProblemResponse(core::Error(code, std::move(message)), request.path, request.request_id);
  };
  // Behind a TLS proxy in production: plain-HTTP requests are refused.
  if (policy_.require_https && request.HeaderValue("x-forwarded-proto") != "https") {
    return fail(core::ErrorCode::kForbidden, "HTTPS is required");
  }
  if (request.method == "OPTIONS" &&
      !request.HeaderValue("access-control-request-method").empty()) {
    return Preflight(request);
  }

  switch (match.kind) {
    case RouteMatch::Kind::kBadPath:
      return fail(core::ErrorCode::kMalformed, "the request path is not valid");
    case RouteMatch::Kind::kNotFound:
      return fail(core::ErrorCode::kNotFound, "no resource at this path");
    case RouteMatch::Kind::kMethodNotAllowed: {
      Response r = fail(core::ErrorCode::kMethodNotAllowed,
                        "method " + request.method + " is not allowed here");
      r.headers.emplace_back("allow", JoinAllowed(match.allowed));
      return r;
    }
    case RouteMatch::Kind::kFound: break;
  }
  const Route& route = *match.route;
  route_name = route.pattern;

  std::optional<core::Principal> principal;
  if (route.permission != kPublic) {
    auto authorized = Authorize(route, request);
    if (!authorized) {
      if (!authorized.error().internal_detail.empty()) {
        core::log::Warn("authentication_failed")
            .Str("request_id", request.request_id)
            .Str("code", core::ErrorCodeName(authorized.error().code))
            .Str("detail", authorized.error().internal_detail)
            .Emit();
      }
      Response r = ProblemResponse(authorized.error(), request.path, request.request_id);
      if (r.status == 401) r.headers.emplace_back("www-authenticate", "Bearer");
      return r;
    }
    principal = std::move(*authorized);
  }
  if (route.body == BodyKind::kJson && !IsJsonContentType(request.HeaderValue("content-type"))) {
    return fail(core::ErrorCode::kUnsupportedMedia, "the request body must be application/json");
  }

  RequestContext ctx{request, std::move(match.params), principal ? &*principal : nullptr};
  try {
    auto result = route.handler(ctx);
    if (result) {
      if (route.access_change != AccessChange::kNone && result->status < 300 &&
          authenticator_ != nullptr) {
        authenticator_->AccessChanged(route.access_change == AccessChange::kCaller ? ctx.principal
                                                                                   : nullptr);
      }
      return std::move(*result);
    }
    if (!result.error().internal_detail.empty()) {
      core::log::Warn("request_failed")
          .Str("request_id", request.request_id)
          .Str("route", route_name)
          .Str("code", core::ErrorCodeName(result.error().code))
          .Str("detail", result.error().internal_detail)
          .Emit();
    }
    return ProblemResponse(result.error(), request.path, request.request_id);
  } catch (const std::exception& e) {
    core::log::Error("handler_exception")
        .Str("request_id", request.request_id)
        .Str("route", route_name)
        .Str("what", e.what())
        .Emit();
  } catch (...) {
    core::log::Error("handler_exception").Str("request_id", request.request_id).Emit();
  }
  return fail(core::ErrorCode::kInternal, "internal error");
}

namespace {

// The last entry of X-Forwarded-For, if it looks like an IP address.
std::optional<std::string> ForwardedClient(std::string_view header) {
  auto comma = header.rfind(',');
  std::string_view last = comma == std::string_view::npos ? header : header.substr(comma + 1);
  while (!last.empty() && last.front() == ' ') last.remove_prefix(1);
  while (!last.empty() && last.back() == ' ') last.remove_suffix(1);
  if (last.empty() || last.size() > 45) return std::nullopt;
  for (char c : last) {
    if (!(std::isxdigit(static_cast<unsigned char>(c)) || c == '.' || c == ':'))
      return std::nullopt;
  }
  return std::string(last);
}

}  // namespace

Response Dispatcher::Handle(Request& request) const {
  return Handle(request, router_.Match(request.method, request.path));
}

Response Dispatcher::Handle(Request& request, RouteMatch match) const {
  const auto started = std::chrono::steady_clock::now();
  struct InFlight {
    InFlight() { core::metrics::RequestStarted(); }
    ~InFlight() { core::metrics::RequestFinished(); }
    InFlight(const InFlight&) = delete;
    InFlight& operator=(const InFlight&) = delete;
  } in_flight;
  if (policy_.trust_forwarded_for) {
    if (auto client = ForwardedClient(request.HeaderValue("x-forwarded-for"))) {
      request.remote_address = std::move(*client);
    }
  }
  std::string_view route_name = "-";
  const Route* route = match.kind == RouteMatch::Kind::kFound ? match.route : nullptr;
  Response response = Decide(request, match, route_name);
  ApplyConditionalGet(request, response);
  ApplyCors(request, route, response);
  AddStandardHeaders(response, request.request_id);
  const double ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
  LogAccess(request, route_name, response.status, ms);
  return response;
}

}  // namespace imedic::http
