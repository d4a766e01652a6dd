#include "domains/care/consultation_resources.hpp"

#include "domains/care/quote_resources.hpp"
#include "records/common_fields.hpp"

namespace imedic::care {

namespace {

using records::Access;
using records::FieldType;
using records::Format;

}  // namespace

const records::Resource& ConsultationResource() {
  static const records::Resource r{
      .name = "Consultation",
      .table = "consultations",
      .description =
          "A meeting (video, phone, in person, Zoom) between a patient and a provider "
          "before booking",
      .fields = {
          records::IdField(),
          {.name = "patient_profile_id",
           .type = FieldType::kUuid,
           .access = Access::kCreateOnly,
           .description = "The patient; a patient requesting for themselves may leave it out, "
                          "staff booking must give it"},
          {.name = "provider_id",
           .type = FieldType::kUuid,
           .access = Access::kCreateOnly,
           .required = true,
           .nullable = false,
           .description = "The provider"},
          {.name = "procedure_id",
           .type = FieldType::kUuid,
           .access = Access::kCreateOnly,
           .description = "The procedure discussed"},
          {.name = "consultation_type",
           .access = Access::kCreateOnly,
           .nullable = false,
           .values = {"video", "phone", "in_person", "zoom"},
           .default_json = "\"video\"",
           .description = "How it is held; video and zoom get a meeting link"},
          {.name = "status",
           .access = Access::kServer,
           .nullable = false,
           .values = {"scheduled", "completed", "cancelled", "no_show"},
           .description = "scheduled → completed | cancelled | no_show"},
          {.name = "request_status",
           .access = Access::kServer,
           .nullable = false,
           .values = {"requested", "confirmed", "declined"},
           .description = "A patient's request stays requested until the clinic confirms or "
                          "declines it; staff bookings are confirmed"},
          {.name = "availability_id",
           .type = FieldType::kUuid,
           .access = Access::kCreateOnly,
           .description = "The provider's slot; give it or scheduled_at, not both"},
          {.name = "scheduled_at",
           .access = Access::kCreateOnly,
           .max_len = 40,
           .description = "When: read as an RFC 3339 instant. On create, with Z or an offset an "
                          "instant; without one a wall time in `timezone` (else the clinic's)"},
          {.name = "timezone",
           .access = Access::kCreateOnly,
           .max_len = 64,
           .format = Format::kTimezone,
           .description = "The IANA zone it happens in (default: the clinic's)"},
          {.name = "duration_minutes",
           .type = FieldType::kInt,
           .access = Access::kCreateOnly,
           .min = 10,
           .max = 240,
           .default_json = "30",
           .description = "Length in minutes"},
          records::ServerField("meeting_url", FieldType::kString, "The video or Zoom link"),
          records::ServerField("meeting_id", FieldType::kString, "The unguessable meeting id"),
          {.name = "notes",
           .access = Access::kCreateOnly,
           .max_len = 5000,
           .encrypted = true,
           .description = "Clinical notes; also set by /complete"},
          {.name = "outcome",
           .access = Access::kServer,
           .values = {"qualified", "not_qualified", "needs_follow_up"},
           .description = "Set by /complete"},
          records::ServerField("follow_up_required", FieldType::kBool, "outcome = needs_follow_up"),
          records::ServerField("reminder_24h_sent_at", FieldType::kTimestamp,
                               "When the 24-hour reminder was sent"),
          records::ServerField("reminder_1h_sent_at", FieldType::kTimestamp,
                               "When the 1-hour reminder was sent"),
          records::TimeField("created_at", "Created"),
          records::TimeField("updated_at", "Last changed"),
      }};
  return r;
}

const records::Resource& CompletionResource() {
  static const records::Resource r{
      .name = "ConsultationCompletion",
      .table = "consultations",
      .description = "What a held consultation concluded, with an optional first quote",
      .fields = {
          {.name = "outcome",
           .access = Access::kCreateOnly,
           .required = true,
           .nullable = false,
           .values = {"qualified", "not_qualified", "needs_follow_up"},
           .description = "The clinic's conclusion"},
          {.name = "notes",
           .access = Access::kCreateOnly,
           .max_len = 5000,
           .encrypted = true,
           .description = "Clinical notes (replace the request's)"},
          {.name = "quote",
           .type = FieldType::kJson,
           .access = Access::kCreateOnly,
           .shape = CheckQuoteShape,
           .shape_schema = QuoteShapeSchema,
           .description = "The first version of a quote, as POST …/quotes takes it"},
      }};
  return r;
}

const records::Resource& JourneyEventResource() {
  static const records::Resource r{
      .name = "JourneyEvent",
      .table = "patient_journey_events",
      .description = "One step of a patient's journey, in the order they happened",
      .fields = {
          records::IdField(),
          records::OwnerField("patient_profile_id", "The patient"),
          {.name = "stage",
           .access = Access::kServer,
           .values = {"discovery", "research", "consultation", "booking", "travel", "procedure",
                      "recovery", "follow_up"},
           .description = "The journey phase"},
          records::ServerField("event_type", FieldType::kString,
                               "What happened (consultation_requested, quote_accepted, …)"),
          records::ServerField("actor_user_id", FieldType::kUuid, "Who acted, if anyone"),
          records::ServerField("details", FieldType::kJson,
                               "Facts of the step (ids, times, amounts)"),
          records::ServerField("source", FieldType::kString,
                               "Where it was recorded (api, seed, …)"),
          records::TimeField("created_at", "When it happened"),
          {.name = "seq",
           .type = FieldType::kInt,
           .access = Access::kServer,
           .nullable = false,
           .description = "Order of events of one moment"},
      }};
  return r;
}

}  // namespace imedic::care
