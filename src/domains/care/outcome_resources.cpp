#include "domains/care/outcome_resources.hpp"

#include "records/common_fields.hpp"

namespace imedic::care {

namespace {

using records::Access;
using records::FieldType;
using records::Format;

constexpr std::size_t kMaxText = 10000;

records::Field SealedText(std::string_view name, std::string_view description) {
  return {.name = name,
          .access = Access::kCreateOnly,
          .max_len = kMaxText,
          .encrypted = true,
          .description = description};
}

}  // namespace

const records::Resource& OutcomeResource() {
  static const records::Resource r{
      .name = "ProcedureOutcome",
      .table = "procedure_outcomes",
      .description =
          "How a completed booking's procedure went, recorded once by the clinic or "
          "medical staff; the text is sealed with the patient's data key",
      .fields = {
          records::IdField(),
          records::ServerField("booking_id", FieldType::kUuid, "The completed booking", false),
          {.name = "success",
           .type = FieldType::kBool,
           .access = Access::kCreateOnly,
           .required = true,
           .nullable = false,
           .description = "Whether the procedure achieved its aim"},
          SealedText("procedure_notes", "What was done"),
          SealedText("complications",
                     "Complications, if any; any text here escalates to the care team"),
          SealedText("doctor_notes", "The doctor's notes"),
          {.name = "photos",
           .type = FieldType::kStringArray,
           .access = Access::kCreateOnly,
           .max_len = 36,
           .max_items = 50,
           .format = Format::kUuid,
           .description = "Ids of live files of the booking's patient (before/after photos)"},
          {.name = "follow_up_needed",
           .type = FieldType::kBool,
           .access = Access::kCreateOnly,
           .nullable = false,
           .default_json = "false",
           .description = "Whether the patient needs follow-up beyond the protocol"},
          records::ServerField("has_complications", FieldType::kBool, "complications were recorded",
                               false),
          records::ServerField("patient_feedback", FieldType::kString,
                               "The patient's words (sealed)"),
          records::ServerField("satisfaction_rating", FieldType::kInt,
                               "The patient's rating, 1–5 (POST …/outcome/satisfaction)"),
          records::ServerField("recorded_by", FieldType::kUuid, "Who recorded it"),
          records::ServerField("escalated_at", FieldType::kTimestamp,
                               "When the complication was escalated to the care team"),
          records::TimeField("created_at", "Recorded"),
          records::TimeField("updated_at", "Last changed"),
      }};
  return r;
}

const records::Resource& OutcomeRatingResource() {
  static const records::Resource r{
      .name = "OutcomeRating",
      .table = "procedure_outcomes",
      .description = "The patient's satisfaction with their procedure's outcome",
      .fields = {
          records::IdField(),
          records::ServerField("booking_id", FieldType::kUuid, "The booking", false),
          {.name = "satisfaction_rating",
           .type = FieldType::kInt,
           .access = Access::kCreateOnly,
           .required = true,
           .nullable = false,
           .min = 1,
           .max = 5,
           .description = "1 (very unhappy) to 5 (very happy)"},
      }};
  return r;
}

}  // namespace imedic::care
