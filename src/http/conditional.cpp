#include "http/conditional.hpp"

#include <sodium.h>

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

std::string EntityTag(std::string_view body) {
  std::array<unsigned char, 16> digest{};
  crypto_generichash(digest.data(), digest.size(),
                     reinterpret_cast<const unsigned char*>(body.data()), body.size(), nullptr, 0);
  return "\"" +
         core::ToHex(
             std::string_view(reinterpret_cast<const char*>(digest.data()), digest.size())) +
         "\"";
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
  if (request.method != "GET" && request.method != "HEAD") return;
  if (response.status != 200 || !response.content_type.starts_with("application/json")) return;
  std::string tag = EntityTag(response.body);
  const std::string_view condition = request.HeaderValue("if-none-match");
  if (!condition.empty() && IfNoneMatchHits(condition, tag)) {
    response.status = 304;
    response.body.clear();
  }
  response.headers.emplace_back("etag", std::move(tag));
}

}  // namespace imedic::http
