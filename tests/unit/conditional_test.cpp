// Conditional GET: the entity tag of a body and If-None-Match's weak
// comparison (RFC 9110, 8.8.3 and 13.1.2), and which answers get either.
#include "http/conditional.hpp"

#include <gtest/gtest.h>

namespace imedic::http {
namespace {

TEST(Conditional, EntityTagIsAQuotedDigestOfTheExactBytes) {
  const std::string a = EntityTag(R"({"id":1})");
  EXPECT_EQ(a.size(), 34u);
  EXPECT_EQ(a.front(), '"');
  EXPECT_EQ(a.back(), '"');
  EXPECT_EQ(a, EntityTag(R"({"id":1})"));
  EXPECT_NE(a, EntityTag(R"({"id":2})"));
  EXPECT_NE(a, EntityTag(R"({"id": 1})"));  // strong: another byte, another tag
}

TEST(Conditional, IfNoneMatchListsStarAndWeakTags) {
  const std::string tag = "\"0123456789abcdef0123456789abcdef\"";
  EXPECT_TRUE(IfNoneMatchHits(tag, tag));
  EXPECT_TRUE(IfNoneMatchHits(" * ", tag));
  EXPECT_TRUE(IfNoneMatchHits("\"other\", " + tag, tag));
  EXPECT_TRUE(IfNoneMatchHits("\"other\",W/" + tag, tag));  // weak comparison
  EXPECT_FALSE(IfNoneMatchHits("\"other\"", tag));
  EXPECT_FALSE(IfNoneMatchHits("", tag));
  EXPECT_FALSE(IfNoneMatchHits(",,", tag));
  EXPECT_FALSE(IfNoneMatchHits(tag.substr(1), tag));  // unquoted is another tag
}

Response JsonAnswer(int status) {
  Response r = Response::Json(status, R"({"name":"Clinic P"})");
  return r;
}

std::string HeaderOf(const Response& r, std::string_view name) {
  for (const auto& [n, v] : r.headers) {
    if (n == name) return v;
  }
  return "";
}

TEST(Conditional, TagsOkJsonReadsAndAnswers304WhenNamed) {
  Request get;
  get.method = "GET";
  Response fresh = JsonAnswer(200);
  ApplyConditionalGet(get, fresh);
  const std::string tag = HeaderOf(fresh, "etag");
  EXPECT_EQ(tag, EntityTag(R"({"name":"Clinic P"})"));
  EXPECT_EQ(fresh.status, 200);

  Request again = get;
  again.headers.emplace_back("if-none-match", tag);
  Response cached = JsonAnswer(200);
  ApplyConditionalGet(again, cached);
  EXPECT_EQ(cached.status, 304);
  EXPECT_TRUE(cached.body.empty());
  EXPECT_EQ(HeaderOf(cached, "etag"), tag);

  // Not for writes, errors or other media.
  Request post = again;
  post.method = "POST";
  Response created = JsonAnswer(200);
  ApplyConditionalGet(post, created);
  EXPECT_EQ(created.status, 200);
  EXPECT_EQ(HeaderOf(created, "etag"), "");
  Response missing = JsonAnswer(404);
  ApplyConditionalGet(again, missing);
  EXPECT_EQ(missing.status, 404);
  EXPECT_EQ(HeaderOf(missing, "etag"), "");
  Response page = JsonAnswer(200);
  page.content_type = "text/html; charset=utf-8";
  ApplyConditionalGet(again, page);
  EXPECT_EQ(page.status, 200);
}

}  // namespace
}  // namespace imedic::http
