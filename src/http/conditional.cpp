#include "http/conditional.hpp"

#include <sodium.h>

#include <algorithm>
#include <array>

#include "core/hex.hpp"

namespace imedic::http {

namespace {

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

std::string_view WithoutWeakPrefix(std::string_view tag) {
  return tag.substr(0, 2) == "W/" ? tag.substr(2) : tag;
}

}  // namespace

std::string EntityTag(std::string_view body) { return EntityTag(body, ""); }

std::string EntityTag(std::string_view body, std::string_view version) {
  std::array<unsigned char, 16> digest{};
  const std::size_t size = version.empty() ? 16 : 8;
  crypto_generichash(digest.data(), size, reinterpret_cast<const unsigned char*>(body.data()),
                     body.size(), nullptr, 0);
  const std::string hex =
      core::ToHex(std::string_view(reinterpret_cast<const char*>(digest.data()), size));
  if (version.empty()) return "\"" + hex + "\"";
  return "\"" + std::string(version) + "-" + hex + "\"";
}

std::optional<std::string> IfMatchVersions(const Request& request) {
  std::string_view field = Trim(request.HeaderValue("if-match"));
  if (field.empty() || field == "*") return std::nullopt;
  std::string versions;
  while (!field.empty()) {
    const auto comma = field.find(',');
    const std::string_view tag = Trim(field.substr(0, comma));
    // A strong "<version>-<hex>": the version is 16 hex digits.
    if (tag.size() > 2 && tag.front() == '"' && tag.back() == '"') {
      const std::string_view inner = tag.substr(1, tag.size() - 2);
      const auto dash = inner.find('-');
      const std::string_view version = inner.substr(0, dash);
      if (dash == 16 && std::all_of(version.begin(), version.end(), [](char c) {
            return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
          })) {
        if (!versions.empty()) versions += ',';
        versions += version;
      }
    }
    if (comma == std::string_view::npos) break;
    field.remove_prefix(comma + 1);
  }
  if (versions.empty()) return std::string("-");
  return versions;
}

bool IfNoneMatchHits(std::string_view field, std::string_view etag) {
  field = Trim(field);
  if (field == "*") return true;
  const std::string_view wanted = WithoutWeakPrefix(etag);
  while (!field.empty()) {
    const auto comma = field.find(',');
    const std::string_view tag = Trim(field.substr(0, comma));
    if (!tag.empty() && WithoutWeakPrefix(tag) == wanted) return true;
    if (comma == std::string_view::npos) break;
    field.remove_prefix(comma + 1);
  }
  return false;
}

void ApplyConditionalGet(const Request& request, Response& response) {
  if (request.method != "GET" && request.method != "HEAD") {
    if ((response.status == 200 || response.status == 201) && !response.version.empty()) {
      response.headers.emplace_back("etag", EntityTag(response.body, response.version));
    }
    return;
  }
  if (response.status != 200 || !response.content_type.starts_with("application/json")) return;
  std::string tag = EntityTag(response.body, response.version);
  const std::string_view condition = request.HeaderValue("if-none-match");
  if (!condition.empty() && IfNoneMatchHits(condition, tag)) {
    response.status = 304;
    response.body.clear();
  }
  response.headers.emplace_back("etag", std::move(tag));
}

}  // namespace imedic::http
