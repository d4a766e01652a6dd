#include "http/router.hpp"

#include <algorithm>
#include <stdexcept>

namespace imedic::http {

namespace {

std::vector<std::string_view> SplitPath(std::string_view path) {
  std::vector<std::string_view> out;
  std::size_t i = 0;
  if (!path.empty() && path[0] == '/') i = 1;
  while (i <= path.size()) {
    std::size_t j = path.find('/', i);
    if (j == std::string_view::npos) j = path.size();
    out.push_back(path.substr(i, j - i));
    i = j + 1;
  }
  // "/" is one empty segment; a trailing slash is not significant.
  if (out.size() > 1 && out.back().empty()) out.pop_back();
  return out;
}

bool IsParam(std::string_view seg) {
  return seg.size() > 2 && seg.front() == '{' && seg.back() == '}';
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

bool PercentDecode(std::string_view in, std::string& out) {
  out.clear();
  out.reserve(in.size());
  for (std::size_t i = 0; i < in.size(); ++i) {
    char c = in[i];
    if (c == '%') {
      if (i + 2 >= in.size()) return false;  // needs two hex digits
      int hi = HexValue(in[i + 1]);
      int lo = HexValue(in[i + 2]);
      if (hi < 0 || lo < 0) return false;
      char decoded = static_cast<char>(hi * 16 + lo);
      if (decoded == '\0' || decoded == '/') return false;
      out.push_back(decoded);
      i += 2;
    } else {
      out.push_back(c);
    }
  }
  return true;
}

void CheckFacts(const Route& route) {
  const std::string name = route.method + " " + route.pattern;
  if (route.shedding == Shedding::kIoThread && route.permission != kPublic) {
    // Authentication may wait on the database: never on an I/O thread.
    throw std::invalid_argument("a route answered on the I/O thread must be public: " + name);
  }
  if (route.access_change == AccessChange::kCaller && route.permission == kPublic) {
    throw std::invalid_argument("a public route has no caller whose access it changes: " + name);
  }
  for (int status : route.doc.errors) {
    if (status < 400 || status > 599) {
      throw std::invalid_argument("documented error status " + std::to_string(status) +
                                  " is not an error: " + name);
    }
  }
}

Route& operator<<(Route& route, AccessChange change) {
  route.access_change = change;
  CheckFacts(route);
  return route;
}

Route& operator<<(Route& route, Shedding how) {
  route.shedding = how;
  CheckFacts(route);
  return route;
}

Route& operator<<(Route& route, HashesPasswordsFact) {
  route.hashes_passwords = true;
  return route;
}

Route& operator<<(Route& route, const CorsOrigins& origins) {
  route.cors_origins.insert(route.cors_origins.end(), origins.origins.begin(),
                            origins.origins.end());
  return route;
}

Route& operator<<(Route& route, const Documents& errors) {
  route.doc.errors.insert(route.doc.errors.end(), errors.statuses.begin(), errors.statuses.end());
  CheckFacts(route);
  return route;
}

Route& Router::Find(std::string_view method, std::string_view pattern) {
  for (Route& r : routes_) {
    if (r.method == method && r.pattern == pattern) return r;
  }
  throw std::invalid_argument("no route " + std::string(method) + " " + std::string(pattern));
}

Route& Router::Add(Route route) {
  if (route.pattern.empty() || route.pattern[0] != '/') {
    throw std::invalid_argument("route pattern must start with '/': " + route.pattern);
  }
  if (route.permission.empty() || route.audit_tag.empty() || !route.handler) {
    throw std::invalid_argument("route needs a handler, a permission and an audit tag: " +
                                route.method + " " + route.pattern);
  }
  CheckFacts(route);
  Compiled c;
  for (auto seg : SplitPath(route.pattern)) c.segments.emplace_back(seg);
  for (std::size_t i = 0; i < routes_.size(); ++i) {
    if (routes_[i].method == route.method && compiled_[i].segments == c.segments) {
      throw std::invalid_argument("duplicate route: " + route.method + " " + route.pattern);
    }
  }
  routes_.push_back(std::move(route));
  compiled_.push_back(std::move(c));
  return routes_.back();
}

RouteMatch Router::Match(std::string_view method, std::string_view path) const {
  RouteMatch result;
  // HEAD is answered by the path's GET route (RFC 9110, 9.3.2): the same
  // handler and headers; the server leaves the body out.
  const std::string_view wanted = method == "HEAD" ? std::string_view("GET") : method;
  auto segments = SplitPath(path);
  for (std::size_t r = 0; r < routes_.size(); ++r) {
    const auto& pattern = compiled_[r].segments;
    if (pattern.size() != segments.size()) continue;
    PathParams params;
    bool ok = true;
    for (std::size_t i = 0; i < pattern.size() && ok; ++i) {
      if (IsParam(pattern[i])) {
        std::string decoded;
        if (segments[i].empty()) {
          ok = false;
        } else if (!PercentDecode(segments[i], decoded)) {
          result.kind = RouteMatch::Kind::kBadPath;
          return result;
        } else {
          params.values.emplace_back(pattern[i].substr(1, pattern[i].size() - 2),
                                     std::move(decoded));
        }
      } else {
        ok = pattern[i] == segments[i];
      }
    }
    if (!ok) continue;
    if (routes_[r].method == wanted) {
      result.kind = RouteMatch::Kind::kFound;
      result.route = &routes_[r];
      result.params = std::move(params);
      return result;
    }
    auto allow = [&result](const std::string& m) {
      if (std::find(result.allowed.begin(), result.allowed.end(), m) == result.allowed.end()) {
        result.allowed.push_back(m);
      }
    };
    allow(routes_[r].method);
    if (routes_[r].method == "GET") allow("HEAD");
  }
  result.kind = result.allowed.empty() ? RouteMatch::Kind::kNotFound
                                       : RouteMatch::Kind::kMethodNotAllowed;
  return result;
}

}  // namespace imedic::http
