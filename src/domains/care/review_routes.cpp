#include "domains/care/review_routes.hpp"

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "core/uuid.hpp"
#include "domains/care/care_caller.hpp"
#include "domains/care/care_request.hpp"
#include "domains/care/review_resources.hpp"
#include "domains/care/sql/queries.hpp"
#include "http/json_body.hpp"
#include "http/query_string.hpp"
#include "records/body_validator.hpp"
#include "records/list_query.hpp"

namespace imedic::care {

namespace {

using http::BodyKind;
using http::DocShape;
using http::RequestContext;
using http::Response;
using http::RouteDoc;
using http::RowKind;
using nlohmann::json;

constexpr int kDefaultLimit = 20;
constexpr PageRules kPublicPaging{"created_at.desc,id.asc", 100, core::IsUuid};

// The refusals of the review rules, naming the field at fault. An unknown
// booking and someone else's are answered alike, so that the answer tells
// nothing about bookings the caller cannot see.
core::Error ExplainReviewError(core::Error error) {
  const std::string c = error.constraint;
  std::string message, field, field_message;
  core::ErrorCode code = core::ErrorCode::kInvalidInput;
  if (c == "reviews_verified_booking") {
    message = "a review needs a completed booking of yours";
    field = "booking_id";
    field_message = "not a completed booking of yours";
  } else if (c == "reviews_booking_live_key") {
    code = core::ErrorCode::kConflict;
    message = "this booking has been reviewed already";
    field = "booking_id";
    field_message = "reviewed already";
  } else if (c == "reviews_hidden_reason_check") {
    message = "hiding a review needs a reason";
    field = "reason";
    field_message = "3 to 1000 characters";
  } else {
    return error;
  }
  core::Error e(code, std::move(message), {{std::move(field), std::move(field_message)}},
                std::move(error.internal_detail));
  e.constraint = c;
  return e;
}

core::Error NotYourBooking() {
  core::Error e = core::Error::InvalidInput("a review needs a completed booking of yours",
                                            {{"booking_id", "not a completed booking of yours"}});
  e.constraint = "reviews_verified_booking";
  return e;
}

// ---------------------------------------------------------------------------
// POST /reviews
// ---------------------------------------------------------------------------

struct NewReview {
  std::string booking;
  std::int64_t rating = 0;
  std::optional<std::string> title;
  std::string text;
};

// The body, checked against NewReviewResource (the declaration that documents it).
core::Result<NewReview> ReadNewReview(std::string_view body) {
  auto object = http::ParseJsonObject(body);
  if (!object) return core::Fail(object.error());
  auto valid = records::ValidateBody(NewReviewResource(), *object, records::WriteMode::kCreate);
  if (!valid) return core::Fail(valid.error());
  NewReview r{(*valid)["booking_id"].get<std::string>(), (*valid)["rating"].get<std::int64_t>(),
              std::nullopt, (*valid)["review_text"].get<std::string>()};
  if (auto it = valid->find("title");
      it != valid->end() && it->is_string() && !it->get_ref<const std::string&>().empty()) {
    r.title = it->get<std::string>();
  }
  return r;
}

core::Result<Response> CreateReview(db::Pool& pool, RequestContext& ctx) {
  const core::Principal& who = *ctx.principal;
  if (!who.patient_profile_id) {
    return core::Fail(
        core::Error(core::ErrorCode::kForbidden, "only a patient reviews their own bookings"));
  }
  auto input = ReadNewReview(ctx.request.body);
  if (!input) return core::Fail(input.error());
  const Caller c = CallerOf(ctx);
  auto conn = pool.Acquire();
  if (!conn) return core::Fail(conn.error());
  // One statement: the review, its audit row and its journey event commit
  // together or not at all.
  auto r = (*conn)->Execute(
      sql::kInsertReview,
      db::Params{input->booking, *who.patient_profile_id, std::to_string(input->rating),
                 input->title, input->text, c.user_id, c.role, c.request_id, c.ip});
  if (!r) return core::Fail(ExplainReviewError(r.error()));
  if (r->rows() != 1) return core::Fail(NotYourBooking());
  json out = json::parse(r->Get(0, 0));
  Response resp = Response::Json(201, out.dump());
  resp.headers.emplace_back("location", "/reviews/" + out.value("id", std::string()));
  return resp;
}

// ---------------------------------------------------------------------------
// GET /providers/{id}/reviews
// ---------------------------------------------------------------------------

core::Result<Page> ReadPublicPage(const std::vector<std::pair<std::string, std::string>>& query) {
  Page out{kDefaultLimit, std::nullopt};
  std::vector<core::FieldError> errors;
  for (const auto& [key, value] : query) {
    if (!ReadPageParam(key, value, kPublicPaging, out, errors)) {
      errors.push_back({key, "unknown parameter"});
    }
  }
  if (!errors.empty()) {
    return core::Fail(core::Error::InvalidInput("invalid query parameters", std::move(errors)));
  }
  return out;
}

core::Result<Response> ListProviderReviews(db::Pool& pool, RequestContext& ctx) {
  const std::string provider(ctx.params.Get("id"));
  if (!core::IsUuid(provider)) return core::Fail(core::Error::NotFound());
  auto query = http::ParseQueryString(ctx.request.query);
  if (!query) return core::Fail(core::Error(core::ErrorCode::kMalformed, "bad query string"));
  auto page = ReadPublicPage(*query);
  if (!page) return core::Fail(page.error());
  auto conn = pool.Acquire();
  if (!conn) return core::Fail(conn.error());
  auto r = (*conn)->Execute(
      sql::kListProviderReviews,
      db::Params{provider, page->after_at(), page->after_key(), std::to_string(page->limit + 1)});
  if (!r) return core::Fail(r.error());
  json items = json::array();
  const int shown = std::min(r->rows(), page->limit);
  for (int i = 0; i < shown; ++i) items.push_back(json::parse(r->Get(i, 0)));
  json next = nullptr;
  if (r->rows() > page->limit) {
    const int last = page->limit - 1;
    next = NextLink(
        "/providers/" + provider + "/reviews", *query,
        records::EncodeCursor({std::string(r->Get(last, 1)), std::string(r->Get(last, 2))},
                              kPublicPaging.order));
  }
  return Response::Json(200, json{{"items", std::move(items)}, {"next", std::move(next)}}.dump());
}

// ---------------------------------------------------------------------------
// GET /me/reviews
// ---------------------------------------------------------------------------

core::Result<Response> ListOwnReviews(db::Pool& pool, RequestContext& ctx) {
  if (!ctx.principal->patient_profile_id) {
    return core::Fail(core::Error::NotFound("this account has no patient profile yet"));
  }
  auto conn = pool.Acquire();
  if (!conn) return core::Fail(conn.error());
  auto r = (*conn)->Execute(sql::kListOwnReviews, db::Params{*ctx.principal->patient_profile_id});
  if (!r) return core::Fail(r.error());
  // All of them on one page: a patient writes one review per booking.
  return Response::Json(200, json{{"items", json::parse(r->Get(0, 0))}, {"next", nullptr}}.dump());
}

// ---------------------------------------------------------------------------
// POST /reviews/{id}/moderate
// ---------------------------------------------------------------------------

struct Moderation {
  std::string status;  // published | hidden
  std::optional<std::string> reason;
};

// The body, checked against ModerationResource; hiding also needs a reason.
core::Result<Moderation> ReadModeration(std::string_view body) {
  auto object = http::ParseJsonObject(body);
  if (!object) return core::Fail(object.error());
  auto valid = records::ValidateBody(ModerationResource(), *object, records::WriteMode::kCreate);
  if (!valid) return core::Fail(valid.error());
  const bool hide = (*valid)["action"] == "hide";
  std::optional<std::string> reason;
  if (auto it = valid->find("reason"); it != valid->end() && it->is_string()) {
    reason = it->get<std::string>();
  }
  if (hide && !reason) {
    return core::Fail(core::Error::InvalidInput(
        "invalid request body",
        {{"reason", "is required to hide a review (3 to 1000 characters)"}}));
  }
  return Moderation{hide ? "hidden" : "published", std::move(reason)};
}

core::Result<Response> ModerateReview(db::Pool& pool, RequestContext& ctx) {
  const std::string id(ctx.params.Get("id"));
  if (!core::IsUuid(id)) return core::Fail(core::Error::NotFound());
  auto input = ReadModeration(ctx.request.body);
  if (!input) return core::Fail(input.error());
  const Caller c = CallerOf(ctx);
  auto conn = pool.Acquire();
  if (!conn) return core::Fail(conn.error());
  auto r = (*conn)->Execute(
      sql::kModerateReview,
      db::Params{id, input->status, input->reason, c.user_id, c.role, c.request_id, c.ip});
  if (!r) return core::Fail(ExplainReviewError(r.error()));
  if (r->rows() != 1) return core::Fail(core::Error::NotFound());
  return Response::Json(200, std::string(r->Get(0, 0)));
}

const std::vector<http::DocParam> kPublicParams = {
    {"limit", "integer", "page size, 1–100 (default 20)"},
    {"cursor", "string", "the `next` link's cursor"},
};

RouteDoc Declared(const records::Resource& input, int status) {
  RouteDoc d;
  d.input = &input;
  d.output = &ReviewResource();
  d.response = DocShape::kOne;
  d.status = status;
  return d;
}

}  // namespace

void RegisterReviewRoutes(http::Router& router, db::Pool& pool) {
  db::Pool* p = &pool;
  router.Add({"POST", "/reviews", [p](RequestContext& ctx) { return CreateReview(*p, ctx); },
              "reviews.write", "write",
              "Review one of your completed bookings (rating 1–5, title, text); once per booking",
              BodyKind::kJson, RowKind::kNone, Declared(NewReviewResource(), 201)})
      << http::Documents{409};
  RouteDoc list{&PublicReviewResource(), DocShape::kNone, DocShape::kPage, 200};
  list.query = &kPublicParams;
  router.Add({"GET", "/providers/{id}/reviews",
              [p](RequestContext& ctx) { return ListProviderReviews(*p, ctx); }, http::kPublic,
              "none",
              "A provider's published reviews, newest first (keyset pages; text only where "
              "public)",
              BodyKind::kNone, RowKind::kNone, list})
      << http::Documents{422};
  router.Add({"GET", "/me/reviews", [p](RequestContext& ctx) { return ListOwnReviews(*p, ctx); },
              "reviews.write", "none", "The caller's own reviews, with their moderation state",
              BodyKind::kNone, RowKind::kNone,
              RouteDoc{&ReviewResource(), DocShape::kNone, DocShape::kPage, 200}})
      << http::Documents{404};
  router.Add({"POST", "/reviews/{id}/moderate",
              [p](RequestContext& ctx) { return ModerateReview(*p, ctx); }, "reviews.moderate",
              "write", "Publish a review, or hide it with a reason (3–1000 characters)",
              BodyKind::kJson, RowKind::kNone, Declared(ModerationResource(), 200)});
}

}  // namespace imedic::care
