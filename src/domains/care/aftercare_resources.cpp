#include "domains/care/aftercare_resources.hpp"

#include "records/common_fields.hpp"

namespace imedic::care {

namespace {

using records::Access;
using records::Field;
using records::FieldType;
using records::Format;

constexpr std::string_view kFollowUpTypeText =
    "check_in, photo_update, satisfaction_survey or review_request";

// The changeable fields of a protocol item, for create (with defaults and
// the required ones) or for a change (all optional).
std::vector<Field> ProtocolFields(bool create) {
  std::vector<Field> f;
  f.push_back({.name = "position",
               .type = FieldType::kInt,
               .nullable = false,
               .min = 1,
               .max = 1000,
               .description = "Order within the category (unique there); on create, default: "
                              "after the last"});
  f.push_back({.name = "label",
               .required = create,
               .nullable = false,
               .min_len = 1,
               .max_len = 200,
               .description = "What the patient is asked, e.g. \"Day 10: scabs and redness\""});
  f.push_back({.name = "follow_up_type",
               .required = create,
               .nullable = false,
               .values = {"check_in", "photo_update", "satisfaction_survey", "review_request"},
               .description = kFollowUpTypeText});
  f.push_back({.name = "offset_months",
               .type = FieldType::kInt,
               .nullable = false,
               .min = 0,
               .max = 120,
               .default_json = create ? "0" : "",
               .description = "Months after the procedure's local date (with offset_days; "
                              "together at least one day)"});
  f.push_back({.name = "offset_days",
               .type = FieldType::kInt,
               .nullable = false,
               .min = 0,
               .max = 3650,
               .default_json = create ? "0" : "",
               .description = "Days after the procedure's local date, added to offset_months"});
  f.push_back({.name = "local_time",
               .type = FieldType::kTime,
               .nullable = false,
               .default_json = create ? "\"10:00\"" : "",
               .description = "Wall time of day the item falls due, in the patient's zone"});
  f.push_back({.name = "photos_required",
               .type = FieldType::kBool,
               .nullable = false,
               .default_json = create ? "false" : "",
               .description = "Whether the patient completes it with photos"});
  f.push_back({.name = "is_active",
               .type = FieldType::kBool,
               .nullable = false,
               .default_json = create ? "true" : "",
               .description = "Inactive items are left out of new schedules"});
  return f;
}

}  // namespace

const records::Resource& ProtocolItemResource() {
  static const records::Resource r = [] {
    records::Resource res{
        .name = "AftercareProtocolItem",
        .table = "aftercare_protocol_items",
        .description =
            "One step of the aftercare template of a procedure category; completing "
            "a procedure schedules every active step for the patient",
        .fields = {records::IdField(),
                   {.name = "category",
                    .access = Access::kCreateOnly,
                    .required = true,
                    .nullable = false,
                    .min_len = 2,
                    .max_len = 61,
                    .filterable = true,
                    .description = "The procedure category (procedures.category), lower case "
                                   "letters and _ (e.g. hair_transplant)"}}};
    for (Field& f : ProtocolFields(true)) res.fields.push_back(f);
    res.fields.push_back(
        records::ServerField("updated_by", FieldType::kUuid, "Who changed it last"));
    res.fields.push_back(records::TimeField("created_at", "Created"));
    res.fields.push_back(records::TimeField("updated_at", "Last changed"));
    return res;
  }();
  return r;
}

const records::Resource& ProtocolItemChange() {
  static const records::Resource r{
      .name = "AftercareProtocolItemChange",
      .table = "aftercare_protocol_items",
      .description =
          "Changes to a protocol item; absent fields stay as they are. Schedules "
          "already made keep their due times.",
      .fields = ProtocolFields(false)};
  return r;
}

const records::Resource& FollowUpResource() {
  static const records::Resource r{
      .name = "FollowUp",
      .table = "follow_up_care",
      .description = "One item of a patient's aftercare schedule",
      .fields = {
          records::IdField(),
          records::ServerField("booking_id", FieldType::kUuid, "The completed booking", false),
          records::ServerField("patient_profile_id", FieldType::kUuid, "The patient", false),
          records::ServerField("provider_id", FieldType::kUuid, "The booking's provider", false),
          records::ServerField("protocol_item_id", FieldType::kUuid,
                               "The protocol item it was scheduled from"),
          records::ServerField("label", FieldType::kString, "The protocol item's label"),
          records::ServerEnum("follow_up_type",
                              {"check_in", "photo_update", "satisfaction_survey", "review_request"},
                              "What is asked"),
          records::ServerEnum("status", {"scheduled", "completed", "cancelled", "overdue"},
                              "scheduled → completed; overdue once due_at passes"),
          records::ServerField("scheduled_date", FieldType::kDate,
                               "Local date it falls due, in `timezone`"),
          records::ServerField("due_at", FieldType::kTimestamp, "The instant it falls due"),
          records::ServerField("timezone", FieldType::kString,
                               "IANA zone of the patient the schedule was made in"),
          records::ServerField("completed_date", FieldType::kDate, "Local date it was completed"),
          {.name = "notes",
           .access = Access::kServer,
           .max_len = 5000,
           .encrypted = true,
           .description = "A clinician's notes (sealed at rest with the patient's key)"},
          {.name = "patient_response",
           .access = Access::kServer,
           .max_len = 5000,
           .encrypted = true,
           .description = "The patient's answer (sealed at rest with the patient's key)"},
          {.name = "photos",
           .type = FieldType::kStringArray,
           .access = Access::kServer,
           .nullable = false,
           .max_len = 36,
           .max_items = 50,
           .format = Format::kUuid,
           .description = "Stored file ids of the patient's photos"},
          records::ServerField("photos_required", FieldType::kBool,
                               "Whether the patient completes it with photos", false),
          records::ServerField("complication_reported", FieldType::kBool,
                               "A complication was reported on completion (escalated to the "
                               "care team)",
                               false),
          records::ServerField("reminder_sent_at", FieldType::kTimestamp,
                               "When the patient's reminder was queued"),
          records::ServerField("overdue_at", FieldType::kTimestamp, "When it became overdue"),
          records::ServerField("escalated_at", FieldType::kTimestamp,
                               "When the care team was alerted"),
          records::TimeField("created_at", "Created"),
          records::TimeField("updated_at", "Last changed"),
      }};
  return r;
}

const records::Resource& FollowUpCompletion() {
  static const records::Resource r{
      .name = "FollowUpCompletion",
      .table = "follow_up_care",
      .description = "Completes an open item (scheduled or overdue).",
      .fields = {
          {.name = "notes",
           .max_len = 5000,
           .description = "Free text, sealed with the patient's key: the patient's answer "
                          "(patient_response) when the patient completes, else the "
                          "clinician's notes"},
          {.name = "photos",
           .type = FieldType::kStringArray,
           .nullable = false,
           .max_len = 36,
           .max_items = 20,
           .format = Format::kUuid,
           .description = "Ids of the patient's stored files; at least one when the item asks "
                          "for photos and the patient completes it"},
          {.name = "complication",
           .type = FieldType::kBool,
           .nullable = false,
           .default_json = "false",
           .description = "Report a complication: the care team is alerted by the aftercare "
                          "job"},
      }};
  return r;
}

const records::Resource& FollowUpReschedule() {
  static const records::Resource r{
      .name = "FollowUpReschedule",
      .table = "follow_up_care",
      .description =
          "Moves an open item to a new due time (reminder and escalation start "
          "afresh).",
      .fields = {
          {.name = "due_at",
           .required = true,
           .nullable = false,
           .max_len = 40,
           .description = "The new due instant, RFC 3339 with Z or an offset"},
      }};
  return r;
}

}  // namespace imedic::care
