#include "domains/care/review_resources.hpp"

#include "records/common_fields.hpp"

namespace imedic::care {

namespace {

using records::Access;
using records::FieldType;

constexpr std::size_t kMaxTitle = 200;
constexpr std::size_t kMaxText = 5000;

}  // namespace

const records::Resource& NewReviewResource() {
  static const records::Resource r{
      .name = "NewReview",
      .table = "reviews",
      .description = "A patient's review of one of their own completed bookings",
      .fields = {
          {.name = "booking_id",
           .type = FieldType::kUuid,
           .access = Access::kCreateOnly,
           .required = true,
           .nullable = false,
           .description = "A completed booking of the caller's; one review each"},
          {.name = "rating",
           .type = FieldType::kInt,
           .access = Access::kCreateOnly,
           .required = true,
           .nullable = false,
           .min = 1,
           .max = 5,
           .description = "1 to 5 stars"},
          {.name = "title",
           .access = Access::kCreateOnly,
           .max_len = kMaxTitle,
           .description = "A headline"},
          {.name = "review_text",
           .access = Access::kCreateOnly,
           .required = true,
           .nullable = false,
           .min_len = 1,
           .max_len = kMaxText,
           .description = "The review"},
      }};
  return r;
}

const records::Resource& ReviewResource() {
  static const records::Resource r{
      .name = "Review",
      .table = "reviews",
      .description = "A verified review of a provider, with its moderation state",
      .fields = {
          records::IdField(),
          records::OwnerField("patient_profile_id", "The author"),
          records::ServerField("provider_id", FieldType::kUuid, "The provider reviewed", false),
          records::ServerField("booking_id", FieldType::kUuid, "The completed booking reviewed"),
          records::ServerField("rating", FieldType::kInt, "1 to 5 stars", false),
          records::ServerField("title", FieldType::kString, "The headline"),
          records::ServerField("content", FieldType::kString, "The review", false),
          records::ServerField("photos", FieldType::kJson, "Photo file ids"),
          records::ServerField("is_verified", FieldType::kBool,
                               "Written by a patient with a completed booking here"),
          records::ServerField("is_public", FieldType::kBool, "Its text may be shown publicly"),
          records::ServerEnum("moderation_status", {"pending", "published", "hidden"},
                              "Only published reviews are listed and counted"),
          records::ServerField("moderation_reason", FieldType::kString, "Why it was hidden"),
          records::ServerField("moderated_by", FieldType::kUuid, "Who moderated it last"),
          records::ServerField("moderated_at", FieldType::kTimestamp, "When"),
          records::TimeField("created_at", "Written"),
          records::TimeField("updated_at", "Last changed"),
      }};
  return r;
}

const records::Resource& PublicReviewResource() {
  static const records::Resource r{
      .name = "PublicReview",
      .table = "reviews",
      .description = "A published review as anyone sees it",
      .fields = {
          records::IdField(),
          records::ServerField("provider_id", FieldType::kUuid, "The provider reviewed", false),
          records::ServerField("rating", FieldType::kInt, "1 to 5 stars", false),
          records::ServerField("title", FieldType::kString, "The headline (null unless public)"),
          records::ServerField("content", FieldType::kString, "The review (null unless public)"),
          records::ServerField("is_verified", FieldType::kBool,
                               "Written by a patient with a completed booking here"),
          records::TimeField("created_at", "Written"),
      }};
  return r;
}

const records::Resource& ModerationResource() {
  static const records::Resource r{.name = "ReviewModeration",
                                   .table = "reviews",
                                   .description = "Publish a review, or hide it with a reason",
                                   .fields = {
                                       {.name = "action",
                                        .access = Access::kCreateOnly,
                                        .required = true,
                                        .nullable = false,
                                        .values = {"publish", "hide"},
                                        .description = "publish or hide"},
                                       {.name = "reason",
                                        .access = Access::kCreateOnly,
                                        .min_len = 3,
                                        .max_len = 1000,
                                        .description = "Why (required to hide)"},
                                   }};
  return r;
}

}  // namespace imedic::care
