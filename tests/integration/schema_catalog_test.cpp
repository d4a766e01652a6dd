// Proves that the migrations build the schema of the vision
// (shared/spec/schema-vision.md): every table, column, type, default,
// NOT NULL, CHECK, UNIQUE and foreign key, read back from the PostgreSQL
// catalog of a freshly migrated database, plus the indexes and updated_at
// triggers the migrations add, and a few violations that must be refused
// with the SQLSTATE and constraint name the application maps errors by.
//
// The expected schema below is transcribed by hand from the vision, one
// struct per column; it is the reference, so edit it only together with a
// new migration.

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"
#include "db/connection.hpp"
#include "db/params.hpp"
#include "support/test_database.hpp"

namespace {

using imedic::core::ErrorCode;
using imedic::db::Connection;
using imedic::db::Params;
using imedic::db::PgResult;
using imedic::testing::TestDatabase;

// ---------------------------------------------------------------------------
// Expected schema, transcribed from the vision.
// ---------------------------------------------------------------------------

struct ColumnSpec {
  std::string_view name;
  std::string_view type;  // as format_type(atttypid, atttypmod) prints it
  bool not_null;
  std::string_view default_expr;  // as pg_get_expr(adbin, adrelid) prints it; "" = none
};

struct TableSpec {
  std::string_view name;
  std::vector<ColumnSpec> columns;  // in declaration order
};

constexpr std::string_view kUuid = "uuid";
constexpr std::string_view kText = "text";
constexpr std::string_view kTextArray = "text[]";
constexpr std::string_view kJsonb = "jsonb";
constexpr std::string_view kInteger = "integer";
constexpr std::string_view kBigint = "bigint";
constexpr std::string_view kBoolean = "boolean";
constexpr std::string_view kDate = "date";
constexpr std::string_view kTime = "time without time zone";
constexpr std::string_view kTimestamptz = "timestamp with time zone";
constexpr std::string_view kMoney = "numeric(10,2)";

constexpr bool kNotNull = true;
constexpr bool kNullable = false;

constexpr std::string_view kNoDefault = "";
constexpr std::string_view kGenUuid = "gen_random_uuid()";
constexpr std::string_view kNow = "now()";
constexpr std::string_view kFalse = "false";
constexpr std::string_view kTrue = "true";
constexpr std::string_view kEmptyJsonArray = "'[]'::jsonb";

// Columns that (almost) every table of the vision shares.
constexpr ColumnSpec kId{"id", kUuid, kNotNull, kGenUuid};
constexpr ColumnSpec kCreatedAt{"created_at", kTimestamptz, kNullable, kNow};
constexpr ColumnSpec kUpdatedAt{"updated_at", kTimestamptz, kNullable, kNow};
constexpr ColumnSpec kDeleted{"deleted", kBoolean, kNullable, kFalse};

const std::vector<TableSpec>& VisionTables() {
  static const auto* const kTables = new std::vector<TableSpec>{
      {"users",
       {kId,
        {"email", kText, kNotNull, kNoDefault},
        {"phone_number", kText, kNullable, kNoDefault},
        {"auth_provider", kText, kNotNull, "'email'::text"},
        {"auth_provider_id", kText, kNullable, kNoDefault},
        {"user_type", kText, kNotNull, "'patient'::text"},
        {"status", kText, kNotNull, "'active'::text"},
        {"email_verified", kBoolean, kNullable, kFalse},
        {"phone_verified", kBoolean, kNullable, kFalse},
        kCreatedAt,
        kUpdatedAt,
        {"last_login_at", kTimestamptz, kNullable, kNoDefault},
        kDeleted}},
      {"user_profiles",
       {kId,
        {"user_id", kUuid, kNotNull, kNoDefault},
        {"first_name", kText, kNotNull, kNoDefault},
        {"last_name", kText, kNotNull, kNoDefault},
        {"date_of_birth", kDate, kNullable, kNoDefault},
        {"gender", kText, kNullable, kNoDefault},
        {"nationality", kText, kNullable, kNoDefault},
        {"preferred_language", kText, kNullable, "'en'::text"},
        {"timezone", kText, kNullable, "'UTC'::text"},
        {"profile_picture_url", kText, kNullable, kNoDefault},
        kCreatedAt,
        kUpdatedAt,
        kDeleted}},
      {"patient_profiles",
       {kId,
        {"user_id", kUuid, kNotNull, kNoDefault},
        {"patient_id", kText, kNotNull, kNoDefault},
        {"medical_condition", kText, kNotNull, kNoDefault},
        {"procedure_interest", kTextArray, kNullable, kNoDefault},
        {"budget_range", kText, kNullable, kNoDefault},
        {"preferred_timeline", kText, kNullable, kNoDefault},
        {"travel_preferences", kJsonb, kNullable, kNoDefault},
        {"emergency_contact", kJsonb, kNullable, kNoDefault},
        {"insurance_info", kJsonb, kNullable, kNoDefault},
        kCreatedAt,
        kUpdatedAt,
        kDeleted}},
      {"medical_histories",
       {kId,
        {"patient_profile_id", kUuid, kNotNull, kNoDefault},
        {"current_medications", kJsonb, kNullable, kEmptyJsonArray},
        {"allergies", kJsonb, kNullable, kEmptyJsonArray},
        {"chronic_conditions", kJsonb, kNullable, kEmptyJsonArray},
        {"previous_surgeries", kJsonb, kNullable, kEmptyJsonArray},
        {"family_medical_history", kJsonb, kNullable, kEmptyJsonArray},
        {"lifestyle_factors", kJsonb, kNullable, "'{}'::jsonb"},
        {"additional_notes", kText, kNullable, kNoDefault},
        {"last_updated_by", kText, kNullable, kNoDefault},
        kCreatedAt,
        kUpdatedAt,
        kDeleted}},
      {"hair_loss_profiles",
       {kId,
        {"patient_profile_id", kUuid, kNotNull, kNoDefault},
        {"hair_loss_type", kText, kNullable, kNoDefault},
        {"norwood_scale", kInteger, kNullable, kNoDefault},
        {"ludwig_scale", kInteger, kNullable, kNoDefault},
        {"hair_loss_duration", kText, kNullable, kNoDefault},
        {"previous_treatments", kJsonb, kNullable, kEmptyJsonArray},
        {"donor_area_quality", kText, kNullable, kNoDefault},
        {"expectations", kText, kNullable, kNoDefault},
        {"photos", kJsonb, kNullable, kEmptyJsonArray},
        kCreatedAt,
        kUpdatedAt,
        kDeleted}},
      {"providers",
       {kId,
        {"name", kText, kNotNull, kNoDefault},
        {"type", kText, kNotNull, kNoDefault},
        {"specialty", kTextArray, kNullable, kNoDefault},
        {"location", kJsonb, kNotNull, kNoDefault},
        {"contact_info", kJsonb, kNotNull, kNoDefault},
        {"credentials", kJsonb, kNullable, kNoDefault},
        {"languages_spoken", kTextArray, kNullable, kNoDefault},
        {"rating", "numeric(3,2)", kNullable, kNoDefault},
        {"review_count", kInteger, kNullable, "0"},
        {"is_verified", kBoolean, kNullable, kFalse},
        {"is_active", kBoolean, kNullable, kTrue},
        kCreatedAt,
        kUpdatedAt,
        kDeleted,
        // 0018_care_scheduling.sql: the zone the provider's schedule is written in.
        {"timezone", kText, kNotNull, "'Europe/Istanbul'::text"}}},
      {"procedures",
       {kId,
        {"provider_id", kUuid, kNotNull, kNoDefault},
        {"name", kText, kNotNull, kNoDefault},
        {"category", kText, kNotNull, kNoDefault},
        {"description", kText, kNullable, kNoDefault},
        {"duration_hours", kInteger, kNullable, kNoDefault},
        {"recovery_time_days", kInteger, kNullable, kNoDefault},
        {"price_range", kJsonb, kNullable, kNoDefault},
        {"requirements", kJsonb, kNullable, kNoDefault},
        {"is_active", kBoolean, kNullable, kTrue},
        kCreatedAt,
        kUpdatedAt,
        kDeleted}},
      {"provider_availability",
       {kId,
        {"provider_id", kUuid, kNotNull, kNoDefault},
        {"procedure_id", kUuid, kNullable, kNoDefault},
        {"date", kDate, kNotNull, kNoDefault},
        {"start_time", kTime, kNotNull, kNoDefault},
        {"end_time", kTime, kNotNull, kNoDefault},
        {"is_available", kBoolean, kNullable, kTrue},
        {"max_bookings", kInteger, kNullable, "1"},
        {"current_bookings", kInteger, kNullable, "0"},
        kCreatedAt,
        kUpdatedAt,
        kDeleted}},
      {"consultations",
       {kId,
        {"patient_profile_id", kUuid, kNotNull, kNoDefault},
        {"provider_id", kUuid, kNotNull, kNoDefault},
        {"procedure_id", kUuid, kNullable, kNoDefault},
        {"consultation_type", kText, kNotNull, "'video'::text"},
        {"status", kText, kNotNull, "'scheduled'::text"},
        {"scheduled_at", kTimestamptz, kNotNull, kNoDefault},
        {"duration_minutes", kInteger, kNullable, "30"},
        {"meeting_url", kText, kNullable, kNoDefault},
        {"meeting_id", kText, kNullable, kNoDefault},
        {"notes", kText, kNullable, kNoDefault},
        {"outcome", kText, kNullable, kNoDefault},
        {"follow_up_required", kBoolean, kNullable, kFalse},
        kCreatedAt,
        kUpdatedAt,
        kDeleted,
        // 0018_care_scheduling.sql: requests, slots, zones, reminders.
        {"request_status", kText, kNotNull, "'confirmed'::text"},
        {"availability_id", kUuid, kNullable, kNoDefault},
        {"timezone", kText, kNotNull, kNoDefault},
        {"reminder_24h_sent_at", kTimestamptz, kNullable, kNoDefault},
        {"reminder_1h_sent_at", kTimestamptz, kNullable, kNoDefault}}},
      {"bookings",
       {kId,
        {"booking_reference", kText, kNotNull, kNoDefault},
        {"patient_profile_id", kUuid, kNotNull, kNoDefault},
        {"provider_id", kUuid, kNotNull, kNoDefault},
        {"procedure_id", kUuid, kNotNull, kNoDefault},
        {"consultation_id", kUuid, kNullable, kNoDefault},
        {"status", kText, kNotNull, "'confirmed'::text"},
        {"procedure_date", kDate, kNotNull, kNoDefault},
        {"procedure_time", kTime, kNotNull, kNoDefault},
        {"total_cost", kMoney, kNotNull, kNoDefault},
        {"currency", kText, kNotNull, "'EUR'::text"},
        {"payment_status", kText, kNotNull, "'pending'::text"},
        {"special_instructions", kText, kNullable, kNoDefault},
        kCreatedAt,
        kUpdatedAt,
        kDeleted,
        // 0018_care_scheduling.sql: slot, quote, zone, held period, paid totals.
        {"availability_id", kUuid, kNullable, kNoDefault},
        {"quote_id", kUuid, kNullable, kNoDefault},
        {"timezone", kText, kNotNull, kNoDefault},
        {"starts_at", kTimestamptz, kNotNull, kNoDefault},
        {"ends_at", kTimestamptz, kNotNull, kNoDefault},
        {"paid_minor", kBigint, kNotNull, "0"},
        {"refunded_minor", kBigint, kNotNull, "0"},
        {"cancelled_at", kTimestamptz, kNullable, kNoDefault}}},
      {"travel_arrangements",
       {kId,
        {"booking_id", kUuid, kNotNull, kNoDefault},
        {"flight_info", kJsonb, kNullable, kNoDefault},
        {"accommodation_info", kJsonb, kNullable, kNoDefault},
        {"airport_transfer", kBoolean, kNullable, kFalse},
        {"visa_assistance", kBoolean, kNullable, kFalse},
        {"travel_insurance", kBoolean, kNullable, kFalse},
        {"total_cost", kMoney, kNullable, kNoDefault},
        {"currency", kText, kNullable, "'USD'::text"},
        kCreatedAt,
        kUpdatedAt,
        kDeleted,
        // 0020_care_after.sql: where visa assistance stands.
        {"visa_status", kText, kNotNull, "'not_needed'::text"}}},
      {"communication_channels",
       {kId,
        {"user_id", kUuid, kNotNull, kNoDefault},
        {"channel_type", kText, kNotNull, kNoDefault},
        {"channel_value", kText, kNotNull, kNoDefault},
        {"is_primary", kBoolean, kNullable, kFalse},
        {"is_verified", kBoolean, kNullable, kFalse},
        {"is_active", kBoolean, kNullable, kTrue},
        kCreatedAt,
        kUpdatedAt,
        kDeleted,
        // 0023_messaging_workflow.sql: canonical value, consent.
        {"normalized_value", kText, kNullable, kNoDefault},
        {"consent_state", kText, kNotNull, "'opted_in'::text"},
        {"consent_changed_at", kTimestamptz, kNullable, kNoDefault},
        {"consent_method", kText, kNullable, kNoDefault},
        {"consent_keyword", kText, kNullable, kNoDefault}}},
      {"messages",
       {kId,
        {"user_id", kUuid, kNotNull, kNoDefault},
        {"channel_id", kUuid, kNullable, kNoDefault},
        {"direction", kText, kNotNull, kNoDefault},
        {"message_type", kText, kNotNull, "'text'::text"},
        {"content", kText, kNullable, kNoDefault},
        {"media_urls", kTextArray, kNullable, kNoDefault},
        {"metadata", kJsonb, kNullable, kNoDefault},
        {"is_read", kBoolean, kNullable, kFalse},
        {"sent_at", kTimestamptz, kNullable, kNow},
        kCreatedAt,
        kDeleted,
        // 0023_messaging_workflow.sql: provider ids, delivery, session, sealing key.
        {"provider", kText, kNullable, kNoDefault},
        {"provider_message_id", kText, kNullable, kNoDefault},
        {"delivery_status", kText, kNullable, kNoDefault},
        {"delivery_status_at", kTimestamptz, kNullable, kNoDefault},
        {"delivery_error", kJsonb, kNullable, kNoDefault},
        {"conversation_session_id", kUuid, kNullable, kNoDefault},
        {"content_key", kText, kNullable, kNoDefault},
        // 0028_conversation_inbox.sql: author, purpose, template of what staff send.
        {"sent_by", kUuid, kNullable, kNoDefault},
        {"purpose", kText, kNullable, kNoDefault},
        {"template_id", kUuid, kNullable, kNoDefault}}},
      {"conversation_sessions",
       {kId,
        {"user_id", kUuid, kNotNull, kNoDefault},
        {"session_id", kText, kNotNull, kNoDefault},
        {"channel_type", kText, kNotNull, kNoDefault},
        {"status", kText, kNotNull, "'active'::text"},
        {"started_at", kTimestamptz, kNullable, kNow},
        {"ended_at", kTimestamptz, kNullable, kNoDefault},
        {"last_activity_at", kTimestamptz, kNullable, kNow},
        {"metadata", kJsonb, kNullable, kNoDefault},
        kCreatedAt,
        kUpdatedAt,
        kDeleted,
        // 0023_messaging_workflow.sql: channel, assignee, unread, the 24-hour window.
        {"channel_id", kUuid, kNullable, kNoDefault},
        {"assigned_to", kUuid, kNullable, kNoDefault},
        {"unread_count", kInteger, kNotNull, "0"},
        {"last_inbound_at", kTimestamptz, kNullable, kNoDefault},
        {"last_outbound_at", kTimestamptz, kNullable, kNoDefault},
        {"first_response_at", kTimestamptz, kNullable, kNoDefault},
        // 0028_conversation_inbox.sql: assignment, the first-response due time.
        {"assigned_at", kTimestamptz, kNullable, kNoDefault},
        {"first_response_due_at", kTimestamptz, kNullable, kNoDefault}}},
      {"marketing_campaigns",
       {kId,
        {"name", kText, kNotNull, kNoDefault},
        {"type", kText, kNotNull, kNoDefault},
        {"status", kText, kNotNull, "'draft'::text"},
        {"target_audience", kJsonb, kNullable, kNoDefault},
        {"budget", kMoney, kNullable, kNoDefault},
        {"currency", kText, kNullable, "'USD'::text"},
        {"start_date", kDate, kNullable, kNoDefault},
        {"end_date", kDate, kNullable, kNoDefault},
        {"created_by", kUuid, kNullable, kNoDefault},
        kCreatedAt,
        kUpdatedAt,
        kDeleted,
        // 0029_lead_conversion_campaigns.sql: where the campaign runs.
        {"channels", kTextArray, kNotNull, "'{}'::text[]"}}},
      {"leads",
       {kId,
        {"user_id", kUuid, kNullable, kNoDefault},
        {"email", kText, kNullable, kNoDefault},
        {"phone", kText, kNullable, kNoDefault},
        {"first_name", kText, kNullable, kNoDefault},
        {"last_name", kText, kNullable, kNoDefault},
        {"source", kText, kNotNull, kNoDefault},
        {"campaign_id", kUuid, kNullable, kNoDefault},
        {"status", kText, kNotNull, "'new'::text"},
        {"lead_score", kInteger, kNullable, "0"},
        {"assigned_to", kUuid, kNullable, kNoDefault},
        {"notes", kText, kNullable, kNoDefault},
        {"last_interaction_at", kTimestamptz, kNullable, kNoDefault},
        {"company", kText, kNullable, kNoDefault},
        {"job_title", kText, kNullable, kNoDefault},
        {"country", kText, kNullable, kNoDefault},
        {"city", kText, kNullable, kNoDefault},
        {"age_group", kText, kNullable, kNoDefault},
        {"income_group", kText, kNullable, kNoDefault},
        {"timezone", kText, kNullable, kNoDefault},
        {"deal_value", kMoney, kNullable, kNoDefault},
        {"work_email", kText, kNullable, kNoDefault},
        {"employment_history", kJsonb, kNullable, kEmptyJsonArray},
        {"linkedin_url", kText, kNullable, kNoDefault},
        {"reddit_handle", kText, kNullable, kNoDefault},
        {"x_handle", kText, kNullable, kNoDefault},
        {"facebook_profile", kText, kNullable, kNoDefault},
        {"tiktok_profile", kText, kNullable, kNoDefault},
        {"instagram_profile", kText, kNullable, kNoDefault},
        {"lead_summary", kText, kNullable, kNoDefault},
        kCreatedAt,
        kUpdatedAt,
        kDeleted,
        // 0024_lead_pipeline.sql: the stage machine, capture fields, merges.
        {"stage", kText, kNotNull, "'new'::text"},
        {"stage_changed_at", kTimestamptz, kNullable, kNoDefault},
        {"lost_reason", kText, kNullable, kNoDefault},
        {"language", kText, kNullable, kNoDefault},
        {"procedure_interest", kText, kNullable, kNoDefault},
        {"message", kText, kNullable, kNoDefault},
        {"merged_into", kUuid, kNullable, kNoDefault},
        {"first_contact_due_at", kTimestamptz, kNullable, kNoDefault},
        {"first_contact_overdue_at", kTimestamptz, kNullable, kNoDefault},
        // 0029_lead_conversion_campaigns.sql: the patient it became, and when.
        {"patient_profile_id", kUuid, kNullable, kNoDefault},
        {"converted_at", kTimestamptz, kNullable, kNoDefault},
        // 0032_lead_scoring.sql: the fit fields, and what gave the score.
        {"budget_amount", "numeric(12,2)", kNullable, kNoDefault},
        {"budget_currency", kText, kNullable, kNoDefault},
        {"timeline", kText, kNullable, kNoDefault},
        {"lead_score_model", kText, kNullable, kNoDefault},
        {"lead_scored_at", kTimestamptz, kNullable, kNoDefault}}},
      {"patient_journey_events",
       {kId,
        {"patient_profile_id", kUuid, kNotNull, kNoDefault},
        {"event_type", kText, kNotNull, kNoDefault},
        {"event_data", kJsonb, kNullable, kNoDefault},
        {"source", kText, kNullable, kNoDefault},
        {"session_id", kText, kNullable, kNoDefault},
        kCreatedAt,
        kDeleted,
        // 0018_care_scheduling.sql: journey stage, actor, order within a transaction.
        {"stage", kText, kNullable, kNoDefault},
        {"actor_user_id", kUuid, kNullable, kNoDefault},
        {"seq", kBigint, kNotNull, kNoDefault}}},
      {"procedure_outcomes",
       {kId,
        {"booking_id", kUuid, kNotNull, kNoDefault},
        {"procedure_notes", kText, kNullable, kNoDefault},
        {"complications", kText, kNullable, kNoDefault},
        {"photos", kJsonb, kNullable, kEmptyJsonArray},
        {"doctor_notes", kText, kNullable, kNoDefault},
        {"patient_feedback", kText, kNullable, kNoDefault},
        {"satisfaction_rating", kInteger, kNullable, kNoDefault},
        kCreatedAt,
        kUpdatedAt,
        kDeleted,
        // 0020_care_after.sql: coded results and the escalation mark.
        {"success", kBoolean, kNullable, kNoDefault},
        {"has_complications", kBoolean, kNotNull, kFalse},
        {"follow_up_needed", kBoolean, kNotNull, kFalse},
        {"recorded_by", kUuid, kNullable, kNoDefault},
        {"escalated_at", kTimestamptz, kNullable, kNoDefault}}},
      {"follow_up_care",
       {kId,
        {"booking_id", kUuid, kNotNull, kNoDefault},
        {"follow_up_type", kText, kNotNull, kNoDefault},
        {"scheduled_date", kDate, kNullable, kNoDefault},
        {"completed_date", kDate, kNullable, kNoDefault},
        {"status", kText, kNotNull, "'scheduled'::text"},
        {"notes", kText, kNullable, kNoDefault},
        {"patient_response", kText, kNullable, kNoDefault},
        kCreatedAt,
        kUpdatedAt,
        kDeleted,
        // 0020_care_after.sql: protocol item, due instant and zone, photos, job marks.
        {"protocol_item_id", kUuid, kNullable, kNoDefault},
        {"due_at", kTimestamptz, kNullable, kNoDefault},
        {"timezone", kText, kNullable, kNoDefault},
        {"photos_required", kBoolean, kNotNull, kFalse},
        {"photos", kJsonb, kNotNull, kEmptyJsonArray},
        {"reminder_sent_at", kTimestamptz, kNullable, kNoDefault},
        {"overdue_at", kTimestamptz, kNullable, kNoDefault},
        {"escalated_at", kTimestamptz, kNullable, kNoDefault},
        // 0021_aftercare_routes.sql: a complication reported on completion.
        {"complication_reported", kBoolean, kNotNull, kFalse}}},
      {"reviews",
       {kId,
        {"patient_profile_id", kUuid, kNotNull, kNoDefault},
        {"provider_id", kUuid, kNotNull, kNoDefault},
        {"booking_id", kUuid, kNullable, kNoDefault},
        {"rating", kInteger, kNotNull, kNoDefault},
        {"title", kText, kNullable, kNoDefault},
        {"content", kText, kNotNull, kNoDefault},
        {"photos", kJsonb, kNullable, kEmptyJsonArray},
        {"is_verified", kBoolean, kNullable, kFalse},
        {"is_public", kBoolean, kNullable, kTrue},
        kCreatedAt,
        kUpdatedAt,
        kDeleted,
        // 0020_care_after.sql: moderation.
        {"moderation_status", kText, kNotNull, "'published'::text"},
        {"moderation_reason", kText, kNullable, kNoDefault},
        {"moderated_by", kUuid, kNullable, kNoDefault},
        {"moderated_at", kTimestamptz, kNullable, kNoDefault}}},
  };
  return *kTables;
}

// A CHECK of the vision: either "column IN (allowed...)" or
// "column >= min AND column <= max". PostgreSQL names it <table>_<column>_check.
struct CheckSpec {
  std::string_view table;
  std::string_view column;
  std::vector<std::string_view> allowed;  // empty for a range check
  int min = 0;
  int max = 0;
};

const std::vector<CheckSpec>& VisionChecks() {
  static const auto* const kChecks = new std::vector<CheckSpec>{
      {"users", "user_type", {"patient", "provider", "admin", "staff"}},
      {"users", "status", {"active", "inactive", "suspended", "pending_verification"}},
      {"user_profiles", "gender", {"male", "female", "other", "prefer_not_to_say"}},
      {"providers", "type", {"clinic", "hospital", "doctor", "dental_clinic"}},
      {"consultations", "consultation_type", {"video", "phone", "in_person", "zoom"}},
      {"consultations", "status", {"scheduled", "completed", "cancelled", "no_show"}},
      {"bookings", "status", {"confirmed", "cancelled", "completed", "no_show"}},
      {"bookings", "payment_status", {"pending", "deposit", "paid", "refunded"}},
      {"communication_channels",
       "channel_type",
       {"whatsapp", "email", "sms", "phone", "chat", "zoom"}},
      {"messages", "direction", {"incoming", "outgoing"}},
      {"messages", "message_type", {"text", "image", "video", "audio", "document"}},
      {"conversation_sessions", "status", {"active", "ended", "timeout"}},
      {"marketing_campaigns",
       "type",
       {"email", "social_media", "google_ads", "facebook_ads", "referral"}},
      {"marketing_campaigns", "status", {"draft", "active", "paused", "completed"}},
      {"leads", "status", {"new", "contacted", "qualified", "converted", "lost"}},
      {"procedure_outcomes", "satisfaction_rating", {}, 1, 5},
      {"follow_up_care",
       "follow_up_type",
       {"check_in", "photo_update", "satisfaction_survey", "review_request"}},
      {"follow_up_care", "status", {"scheduled", "completed", "cancelled", "overdue"}},
      {"reviews", "rating", {}, 1, 5},
  };
  return *kChecks;
}

// A CHECK a migration adds to a vision table for the columns and rules it
// adds (issue 11's care journey), with its definition as pg_get_constraintdef
// prints it.
struct MigrationCheckSpec {
  std::string_view table;
  std::string_view name;
  std::string_view definition;
};

const std::vector<MigrationCheckSpec>& MigrationChecks() {
  static const auto* const kChecks = new std::vector<MigrationCheckSpec>{
      // 0018_care_scheduling.sql
      {"providers", "providers_timezone_check", "CHECK (is_iana_zone(timezone))"},
      {"provider_availability", "provider_availability_capacity_check",
       "CHECK (((current_bookings >= 0) AND (current_bookings <= max_bookings)))"},
      {"patient_journey_events", "patient_journey_events_stage_check",
       "CHECK ((stage = ANY (ARRAY['discovery'::text, 'research'::text, 'consultation'::text, "
       "'booking'::text, 'travel'::text, 'procedure'::text, 'recovery'::text, "
       "'follow_up'::text])))"},
      {"consultations", "consultations_request_status_check",
       "CHECK ((request_status = ANY (ARRAY['requested'::text, 'confirmed'::text, "
       "'declined'::text])))"},
      {"consultations", "consultations_timezone_check", "CHECK (is_iana_zone(timezone))"},
      {"consultations", "consultations_outcome_check",
       "CHECK ((outcome = ANY (ARRAY['qualified'::text, 'not_qualified'::text, "
       "'needs_follow_up'::text])))"},
      {"bookings", "bookings_timezone_check", "CHECK (is_iana_zone(timezone))"},
      {"bookings", "bookings_period_check", "CHECK ((ends_at > starts_at))"},
      {"bookings", "bookings_refunded_minor_check",
       "CHECK (((refunded_minor >= 0) AND (refunded_minor <= paid_minor)))"},
      // 0020_care_after.sql
      {"travel_arrangements", "travel_arrangements_visa_status_check",
       "CHECK ((visa_status = ANY (ARRAY['not_needed'::text, 'needed'::text, 'applied'::text, "
       "'approved'::text, 'refused'::text])))"},
      {"follow_up_care", "follow_up_care_timezone_check", "CHECK (is_iana_zone(timezone))"},
      {"reviews", "reviews_moderation_status_check",
       "CHECK ((moderation_status = ANY (ARRAY['pending'::text, 'published'::text, "
       "'hidden'::text])))"},
      {"reviews", "reviews_hidden_reason_check",
       "CHECK (((moderation_status <> 'hidden'::text) OR ((moderation_reason IS NOT NULL) AND "
       "((char_length(moderation_reason) >= 3) AND (char_length(moderation_reason) <= 1000)))))"},
      // 0023_messaging_workflow.sql
      {"communication_channels", "communication_channels_consent_state_check",
       "CHECK ((consent_state = ANY (ARRAY['opted_in'::text, 'opted_out'::text])))"},
      {"communication_channels", "communication_channels_consent_method_check",
       "CHECK ((consent_method = ANY (ARRAY['keyword'::text, 'user_block'::text, "
       "'staff'::text])))"},
      {"conversation_sessions", "conversation_sessions_unread_count_check",
       "CHECK ((unread_count >= 0))"},
      {"messages", "messages_provider_check",
       "CHECK ((provider = ANY (ARRAY['whatsapp'::text, 'twilio'::text, 'email'::text])))"},
      {"messages", "messages_delivery_status_check",
       "CHECK ((delivery_status = ANY (ARRAY['queued'::text, 'sent'::text, 'delivered'::text, "
       "'read'::text, 'failed'::text])))"},
      {"messages", "messages_content_key_check",
       "CHECK ((content_key = ANY (ARRAY['patient'::text, 'user'::text])))"},
      // 0024_lead_pipeline.sql
      {"leads", "leads_stage_check",
       "CHECK ((stage = ANY (ARRAY['new'::text, 'contacted'::text, 'qualified'::text, "
       "'consultation_booked'::text, 'converted'::text, 'lost'::text, 'nurturing'::text])))"},
      {"leads", "leads_lost_reason_check",
       "CHECK (((char_length(lost_reason) >= 1) AND (char_length(lost_reason) <= 1000)))"},
      // 0028_conversation_inbox.sql
      {"messages", "messages_purpose_check",
       "CHECK ((purpose = ANY (ARRAY['care'::text, 'marketing'::text])))"},
      // 0032_lead_scoring.sql
      {"leads", "leads_budget_amount_check", "CHECK ((budget_amount >= (0)::numeric))"},
      {"leads", "leads_budget_currency_check", "CHECK ((budget_currency ~ '^[A-Z]{3}$'::text))"},
      {"leads", "leads_timeline_check",
       "CHECK ((timeline = ANY (ARRAY['now'::text, '1_3_months'::text, '3_6_months'::text, "
       "'6_12_months'::text, 'over_12_months'::text])))"},
  };
  return *kChecks;
}

// A UNIQUE of the vision. PostgreSQL names it <table>_<columns>_key.
struct UniqueSpec {
  std::string_view table;
  std::string_view column;
};

const std::vector<UniqueSpec>& VisionUniques() {
  static const auto* const kUniques = new std::vector<UniqueSpec>{
      {"users", "email"},
      {"users", "phone_number"},
      {"user_profiles", "user_id"},
      {"patient_profiles", "user_id"},
      {"patient_profiles", "patient_id"},
      {"medical_histories", "patient_profile_id"},
      {"hair_loss_profiles", "patient_profile_id"},
      {"bookings", "booking_reference"},
  };
  return *kUniques;
}

// pg_constraint.confdeltype values.
constexpr char kCascade = 'c';
constexpr char kSetNull = 'n';
constexpr char kNoAction = 'a';

// A foreign key of the vision; every one references <ref_table>(id).
// PostgreSQL names it <table>_<column>_fkey.
struct ForeignKeySpec {
  std::string_view table;
  std::string_view column;
  std::string_view ref_table;
  char on_delete;
};

const std::vector<ForeignKeySpec>& VisionForeignKeys() {
  static const auto* const kForeignKeys = new std::vector<ForeignKeySpec>{
      {"user_profiles", "user_id", "users", kCascade},
      {"patient_profiles", "user_id", "users", kCascade},
      {"medical_histories", "patient_profile_id", "patient_profiles", kCascade},
      {"hair_loss_profiles", "patient_profile_id", "patient_profiles", kCascade},
      {"procedures", "provider_id", "providers", kCascade},
      {"provider_availability", "provider_id", "providers", kCascade},
      {"provider_availability", "procedure_id", "procedures", kCascade},
      {"consultations", "patient_profile_id", "patient_profiles", kCascade},
      {"consultations", "provider_id", "providers", kCascade},
      {"consultations", "procedure_id", "procedures", kSetNull},
      {"bookings", "patient_profile_id", "patient_profiles", kCascade},
      {"bookings", "provider_id", "providers", kCascade},
      {"bookings", "procedure_id", "procedures", kCascade},
      {"bookings", "consultation_id", "consultations", kSetNull},
      {"travel_arrangements", "booking_id", "bookings", kCascade},
      {"communication_channels", "user_id", "users", kCascade},
      {"messages", "user_id", "users", kCascade},
      {"messages", "channel_id", "communication_channels", kSetNull},
      {"conversation_sessions", "user_id", "users", kCascade},
      {"marketing_campaigns", "created_by", "users", kNoAction},
      {"leads", "user_id", "users", kSetNull},
      {"leads", "campaign_id", "marketing_campaigns", kSetNull},
      {"leads", "assigned_to", "users", kNoAction},
      {"patient_journey_events", "patient_profile_id", "patient_profiles", kCascade},
      {"procedure_outcomes", "booking_id", "bookings", kCascade},
      {"follow_up_care", "booking_id", "bookings", kCascade},
      {"reviews", "patient_profile_id", "patient_profiles", kCascade},
      {"reviews", "provider_id", "providers", kCascade},
      {"reviews", "booking_id", "bookings", kSetNull},
  };
  return *kForeignKeys;
}

// Foreign keys that migrations add to vision tables (issue 11's care journey).
const std::vector<ForeignKeySpec>& MigrationForeignKeys() {
  static const auto* const kForeignKeys = new std::vector<ForeignKeySpec>{
      {"consultations", "availability_id", "provider_availability", kSetNull},
      {"bookings", "availability_id", "provider_availability", kSetNull},
      {"bookings", "quote_id", "consultation_quotes", kSetNull},
      {"follow_up_care", "protocol_item_id", "aftercare_protocol_items", kSetNull},
      // 0023_messaging_workflow.sql
      {"conversation_sessions", "channel_id", "communication_channels", kSetNull},
      {"conversation_sessions", "assigned_to", "users", kSetNull},
      {"messages", "conversation_session_id", "conversation_sessions", kSetNull},
      {"leads", "merged_into", "leads", kNoAction},  // 0024_lead_pipeline.sql
      // 0028_conversation_inbox.sql
      {"messages", "sent_by", "users", kSetNull},
      {"messages", "template_id", "message_templates", kSetNull},
      {"leads", "patient_profile_id", "patient_profiles", kSetNull},  // 0029
  };
  return *kForeignKeys;
}

// Every foreign key expected on the vision's tables: the vision's own and
// those the migrations add.
std::vector<ForeignKeySpec> ExpectedForeignKeys() {
  std::vector<ForeignKeySpec> all = VisionForeignKeys();
  const auto& added = MigrationForeignKeys();
  all.insert(all.end(), added.begin(), added.end());
  return all;
}

// Indexes the migrations add for the API's filters and sorts (not part of the
// vision's text, but promised by the migrations). Columns comma-separated.
struct IndexSpec {
  std::string_view name;
  std::string_view table;
  std::string_view method;
  std::string_view columns;
};

const std::vector<IndexSpec>& MigrationIndexes() {
  static const auto* const kIndexes = new std::vector<IndexSpec>{
      {"users_user_type_idx", "users", "btree", "user_type"},
      {"users_status_idx", "users", "btree", "status"},
      {"users_created_at_idx", "users", "btree", "created_at"},
      {"providers_type_idx", "providers", "btree", "type"},
      {"providers_rating_idx", "providers", "btree", "rating"},
      {"providers_specialty_idx", "providers", "gin", "specialty"},
      {"providers_languages_spoken_idx", "providers", "gin", "languages_spoken"},
      // 0015_provider_search.sql: the search's provider filters.
      {"providers_lower_specialty_idx", "providers", "gin", "lower_elements(specialty)"},
      {"providers_primary_languages_idx", "providers", "gin",
       "primary_languages(languages_spoken)"},
      {"providers_city_idx", "providers", "btree", "lower(location ->> 'city'::text)"},
      {"providers_country_idx", "providers", "btree", "(location ->> 'country'::text)"},
      {"procedures_provider_id_idx", "procedures", "btree", "provider_id"},
      {"procedures_category_idx", "procedures", "btree", "category"},
      {"provider_availability_provider_id_date_idx", "provider_availability", "btree",
       "provider_id,date"},
      {"provider_availability_procedure_id_idx", "provider_availability", "btree", "procedure_id"},
      {"consultations_patient_profile_id_idx", "consultations", "btree", "patient_profile_id"},
      {"consultations_provider_id_idx", "consultations", "btree", "provider_id"},
      {"consultations_procedure_id_idx", "consultations", "btree", "procedure_id"},
      {"consultations_status_idx", "consultations", "btree", "status"},
      {"consultations_scheduled_at_idx", "consultations", "btree", "scheduled_at"},
      {"consultations_created_at_idx", "consultations", "btree", "created_at"},
      {"bookings_patient_profile_id_idx", "bookings", "btree", "patient_profile_id"},
      {"bookings_provider_id_idx", "bookings", "btree", "provider_id"},
      {"bookings_procedure_id_idx", "bookings", "btree", "procedure_id"},
      {"bookings_consultation_id_idx", "bookings", "btree", "consultation_id"},
      {"bookings_status_idx", "bookings", "btree", "status"},
      {"bookings_payment_status_idx", "bookings", "btree", "payment_status"},
      {"bookings_procedure_date_idx", "bookings", "btree", "procedure_date"},
      {"bookings_created_at_idx", "bookings", "btree", "created_at"},
      {"travel_arrangements_booking_id_idx", "travel_arrangements", "btree", "booking_id"},
      {"communication_channels_user_id_idx", "communication_channels", "btree", "user_id"},
      {"communication_channels_channel_type_channel_value_idx", "communication_channels", "btree",
       "channel_type,channel_value"},
      {"messages_user_id_sent_at_idx", "messages", "btree", "user_id,sent_at"},
      {"messages_channel_id_idx", "messages", "btree", "channel_id"},
      {"messages_created_at_idx", "messages", "btree", "created_at"},
      {"conversation_sessions_user_id_idx", "conversation_sessions", "btree", "user_id"},
      {"conversation_sessions_session_id_idx", "conversation_sessions", "btree", "session_id"},
      {"conversation_sessions_status_idx", "conversation_sessions", "btree", "status"},
      {"marketing_campaigns_created_by_idx", "marketing_campaigns", "btree", "created_by"},
      {"marketing_campaigns_type_idx", "marketing_campaigns", "btree", "type"},
      {"marketing_campaigns_status_idx", "marketing_campaigns", "btree", "status"},
      {"leads_user_id_idx", "leads", "btree", "user_id"},
      {"leads_campaign_id_idx", "leads", "btree", "campaign_id"},
      {"leads_assigned_to_idx", "leads", "btree", "assigned_to"},
      {"leads_email_idx", "leads", "btree", "email"},
      {"leads_phone_idx", "leads", "btree", "phone"},
      {"leads_source_idx", "leads", "btree", "source"},
      {"leads_status_idx", "leads", "btree", "status"},
      {"leads_lead_score_idx", "leads", "btree", "lead_score"},
      {"leads_created_at_idx", "leads", "btree", "created_at"},
      {"patient_journey_events_patient_profile_id_created_at_idx", "patient_journey_events",
       "btree", "patient_profile_id,created_at"},
      {"patient_journey_events_event_type_idx", "patient_journey_events", "btree", "event_type"},
      {"patient_journey_events_created_at_idx", "patient_journey_events", "btree", "created_at"},
      {"procedure_outcomes_booking_id_idx", "procedure_outcomes", "btree", "booking_id"},
      {"follow_up_care_booking_id_idx", "follow_up_care", "btree", "booking_id"},
      {"follow_up_care_status_idx", "follow_up_care", "btree", "status"},
      {"follow_up_care_scheduled_date_idx", "follow_up_care", "btree", "scheduled_date"},
      {"reviews_patient_profile_id_idx", "reviews", "btree", "patient_profile_id"},
      {"reviews_provider_id_idx", "reviews", "btree", "provider_id"},
      {"reviews_booking_id_idx", "reviews", "btree", "booking_id"},
      {"reviews_created_at_idx", "reviews", "btree", "created_at"},
      // 0018_care_scheduling.sql and 0020_care_after.sql: the care journey.
      {"patient_journey_events_timeline_idx", "patient_journey_events", "btree",
       "patient_profile_id,created_at,seq"},
      {"consultations_availability_id_idx", "consultations", "btree", "availability_id"},
      {"bookings_availability_id_idx", "bookings", "btree", "availability_id"},
      {"bookings_quote_id_idx", "bookings", "btree", "quote_id"},
      {"follow_up_care_protocol_item_id_idx", "follow_up_care", "btree", "protocol_item_id"},
  };
  return *kIndexes;
}

// ---------------------------------------------------------------------------
// Catalog queries. All are limited to the schema the migrations ran in.
// ---------------------------------------------------------------------------

// Ordinary and partitioned tables (not partitions): one row per column.
constexpr std::string_view kColumnsSql = R"sql(
SELECT c.relname, a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull,
       pg_get_expr(d.adbin, d.adrelid)
FROM pg_class c
JOIN pg_namespace n ON n.oid = c.relnamespace
JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p') AND NOT c.relispartition
ORDER BY c.relname, a.attnum)sql";

// Constraints of one contype ($1): table, name, columns, definition,
// referenced table and columns, ON DELETE action.
constexpr std::string_view kConstraintsSql = R"sql(
SELECT c.relname, con.conname,
       array_to_string(ARRAY(
         SELECT a.attname FROM unnest(con.conkey) WITH ORDINALITY AS k(attnum, ord)
         JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum
         ORDER BY k.ord), ','),
       pg_get_constraintdef(con.oid),
       coalesce(rc.relname, ''),
       array_to_string(ARRAY(
         SELECT a.attname FROM unnest(con.confkey) WITH ORDINALITY AS k(attnum, ord)
         JOIN pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.attnum
         ORDER BY k.ord), ','),
       con.confdeltype
FROM pg_constraint con
JOIN pg_class c ON c.oid = con.conrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
LEFT JOIN pg_class rc ON rc.oid = con.confrelid
WHERE n.nspname = current_schema() AND con.contype = $1
ORDER BY c.relname, con.conname)sql";

// Indexes: name, table, access method, key columns, whether partial.
constexpr std::string_view kIndexesSql = R"sql(
SELECT ic.relname, c.relname, am.amname,
       array_to_string(ARRAY(
         SELECT pg_get_indexdef(i.indexrelid, k, true)
         FROM generate_series(1, i.indnkeyatts) AS k ORDER BY k), ','),
       i.indpred IS NOT NULL
FROM pg_index i
JOIN pg_class ic ON ic.oid = i.indexrelid
JOIN pg_class c ON c.oid = i.indrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
JOIN pg_am am ON am.oid = ic.relam
WHERE n.nspname = current_schema()
ORDER BY ic.relname)sql";

// User-defined triggers: table, name, tgtype bits, function, enabled state.
constexpr std::string_view kTriggersSql = R"sql(
SELECT c.relname, t.tgname, t.tgtype, p.proname, t.tgenabled
FROM pg_trigger t
JOIN pg_class c ON c.oid = t.tgrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
JOIN pg_proc p ON p.oid = t.tgfoid
WHERE n.nspname = current_schema() AND NOT t.tgisinternal
ORDER BY c.relname, t.tgname)sql";

// pg_trigger.tgtype of BEFORE UPDATE FOR EACH ROW: ROW (1) | BEFORE (2) | UPDATE (16).
constexpr int kBeforeUpdateRow = 1 | 2 | 16;

// Runs a statement, or records a failure naming it and returns an empty result.
PgResult Query(Connection& conn, std::string_view sql, const Params& params = Params{}) {
  auto result = conn.ExecParams(sql, params);
  if (!result) {
    ADD_FAILURE() << "statement failed (" << result.error().internal_detail << "):\n" << sql;
    return PgResult{};
  }
  return std::move(*result);
}

// Runs SQL text that may hold several statements; false (with a failure) on error.
bool ExecOk(Connection& conn, std::string_view sql) {
  auto result = conn.Exec(sql);
  if (!result) {
    ADD_FAILURE() << "statement failed (" << result.error().internal_detail << "):\n" << sql;
    return false;
  }
  return true;
}

std::string Str(const PgResult& result, int row, int col) {
  return std::string(result.Get(row, col));
}

std::string Qualified(std::string_view table, std::string_view column) {
  return std::string(table) + "." + std::string(column);
}

bool IsVisionTable(std::string_view name) {
  const auto& tables = VisionTables();
  return std::any_of(tables.begin(), tables.end(),
                     [&](const TableSpec& t) { return t.name == name; });
}

struct ConstraintRow {
  std::string table;
  std::string columns;
  std::string definition;
  std::string ref_table;
  std::string ref_columns;
  char on_delete = ' ';
};

// Constraints of one type on the vision's tables, by constraint name.
std::map<std::string, ConstraintRow> LoadConstraints(Connection& conn, std::string_view contype) {
  PgResult result = Query(conn, kConstraintsSql, Params{contype});
  std::map<std::string, ConstraintRow> out;
  for (int r = 0; r < result.rows(); ++r) {
    if (!IsVisionTable(result.Get(r, 0))) continue;
    std::string_view on_delete = result.Get(r, 6);
    out[Str(result, r, 1)] = ConstraintRow{
        Str(result, r, 0), Str(result, r, 2), Str(result, r, 3),
        Str(result, r, 4), Str(result, r, 5), on_delete.empty() ? ' ' : on_delete[0]};
  }
  return out;
}

// Reports every constraint of a vision table that the expected list lacks.
void ExpectNoExtraConstraints(const std::map<std::string, ConstraintRow>& actual,
                              const std::set<std::string>& expected_names, std::string_view kind) {
  for (const auto& [name, row] : actual) {
    EXPECT_TRUE(expected_names.contains(name))
        << "unexpected " << kind << " constraint " << name << " on " << row.table << " ("
        << row.definition << ")";
  }
}

// CHECK (col = ANY (ARRAY['a'::text, ...])) or CHECK (((col >= lo) AND (col <= hi))),
// exactly as pg_get_constraintdef prints the vision's IN list and range.
std::string ExpectedCheckDefinition(const CheckSpec& spec) {
  std::string column(spec.column);
  if (spec.allowed.empty()) {
    return "CHECK (((" + column + " >= " + std::to_string(spec.min) + ") AND (" + column +
           " <= " + std::to_string(spec.max) + ")))";
  }
  std::string values;
  for (std::string_view v : spec.allowed) {
    if (!values.empty()) values += ", ";
    values += "'" + std::string(v) + "'::text";
  }
  return "CHECK ((" + column + " = ANY (ARRAY[" + values + "])))";
}

// ---------------------------------------------------------------------------
// Tests.
// ---------------------------------------------------------------------------

TEST(SchemaCatalog, AllTwentyVisionTablesExist) {
  TestDatabase db;
  PgResult result = Query(db.conn(), kColumnsSql);
  std::set<std::string> present;
  for (int r = 0; r < result.rows(); ++r) present.insert(Str(result, r, 0));

  EXPECT_EQ(VisionTables().size(), 20u);
  for (const TableSpec& table : VisionTables()) {
    EXPECT_TRUE(present.contains(std::string(table.name))) << "missing table " << table.name;
  }
}

TEST(SchemaCatalog, ColumnsMatchVisionTypesNullabilityAndDefaults) {
  TestDatabase db;
  PgResult result = Query(db.conn(), kColumnsSql);

  struct ActualColumn {
    std::string name;
    std::string type;
    bool not_null;
    std::optional<std::string> default_expr;
  };
  std::map<std::string, std::vector<ActualColumn>> actual;  // by table, in attnum order
  for (int r = 0; r < result.rows(); ++r) {
    actual[Str(result, r, 0)].push_back(ActualColumn{
        Str(result, r, 1), Str(result, r, 2), result.Get(r, 3) == "t", result.GetOptional(r, 4)});
  }

  for (const TableSpec& table : VisionTables()) {
    const std::vector<ActualColumn>& columns = actual[std::string(table.name)];
    std::vector<std::string> expected_order;
    std::vector<std::string> actual_order;
    for (const ActualColumn& c : columns) actual_order.push_back(c.name);

    for (const ColumnSpec& spec : table.columns) {
      expected_order.emplace_back(spec.name);
      std::string where = Qualified(table.name, spec.name);
      auto it = std::find_if(columns.begin(), columns.end(),
                             [&](const ActualColumn& c) { return c.name == spec.name; });
      if (it == columns.end()) {
        ADD_FAILURE() << "missing column " << where;
        continue;
      }
      EXPECT_EQ(it->type, spec.type) << "type of " << where;
      EXPECT_EQ(it->not_null, spec.not_null) << "NOT NULL of " << where;
      if (spec.default_expr.empty()) {
        EXPECT_FALSE(it->default_expr.has_value())
            << "default of " << where << " should be none, is " << it->default_expr.value_or("");
      } else {
        EXPECT_EQ(it->default_expr.value_or("<none>"), spec.default_expr) << "default of " << where;
      }
    }
    for (const std::string& name : actual_order) {
      bool expected = std::find(expected_order.begin(), expected_order.end(), name) !=
                      expected_order.end();
      EXPECT_TRUE(expected) << "unexpected column " << Qualified(table.name, name);
    }
    EXPECT_EQ(actual_order, expected_order) << "column order of " << table.name;
  }
}

TEST(SchemaCatalog, PrimaryKeysAndUniqueConstraintsMatchVision) {
  TestDatabase db;
  std::map<std::string, ConstraintRow> primary_keys = LoadConstraints(db.conn(), "p");
  std::map<std::string, ConstraintRow> uniques = LoadConstraints(db.conn(), "u");

  std::set<std::string> expected_pkeys;
  for (const TableSpec& table : VisionTables()) {
    std::string name = std::string(table.name) + "_pkey";
    expected_pkeys.insert(name);
    auto it = primary_keys.find(name);
    if (it == primary_keys.end()) {
      ADD_FAILURE() << "missing primary key " << name << " on " << table.name;
      continue;
    }
    EXPECT_EQ(it->second.table, table.name) << name;
    EXPECT_EQ(it->second.columns, "id") << "primary key of " << table.name;
  }
  ExpectNoExtraConstraints(primary_keys, expected_pkeys, "PRIMARY KEY");

  std::set<std::string> expected_uniques;
  for (const UniqueSpec& spec : VisionUniques()) {
    std::string where = Qualified(spec.table, spec.column);
    std::string name = std::string(spec.table) + "_" + std::string(spec.column) + "_key";
    expected_uniques.insert(name);
    auto it = uniques.find(name);
    if (it == uniques.end()) {
      ADD_FAILURE() << "missing UNIQUE " << name << " on " << where;
      continue;
    }
    EXPECT_EQ(it->second.table, spec.table) << name;
    EXPECT_EQ(it->second.columns, spec.column) << "UNIQUE " << name << " on " << where;
  }
  ExpectNoExtraConstraints(uniques, expected_uniques, "UNIQUE");
}

TEST(SchemaCatalog, CheckConstraintsMatchVision) {
  TestDatabase db;
  std::map<std::string, ConstraintRow> checks = LoadConstraints(db.conn(), "c");

  std::set<std::string> expected_names;
  for (const CheckSpec& spec : VisionChecks()) {
    std::string where = Qualified(spec.table, spec.column);
    std::string name = std::string(spec.table) + "_" + std::string(spec.column) + "_check";
    expected_names.insert(name);
    auto it = checks.find(name);
    if (it == checks.end()) {
      ADD_FAILURE() << "missing CHECK " << name << " on " << where;
      continue;
    }
    EXPECT_EQ(it->second.table, spec.table) << name;
    EXPECT_EQ(it->second.columns, spec.column) << "columns of CHECK on " << where;
    EXPECT_EQ(it->second.definition, ExpectedCheckDefinition(spec)) << "CHECK on " << where;
  }
  for (const MigrationCheckSpec& spec : MigrationChecks()) {
    expected_names.insert(std::string(spec.name));
    auto it = checks.find(std::string(spec.name));
    if (it == checks.end()) {
      ADD_FAILURE() << "missing CHECK " << spec.name << " on " << spec.table;
      continue;
    }
    EXPECT_EQ(it->second.table, spec.table) << spec.name;
    EXPECT_EQ(it->second.definition, spec.definition) << "CHECK " << spec.name;
  }
  ExpectNoExtraConstraints(checks, expected_names, "CHECK");
}

TEST(SchemaCatalog, ForeignKeysMatchVisionWithOnDeleteActions) {
  TestDatabase db;
  std::map<std::string, ConstraintRow> foreign_keys = LoadConstraints(db.conn(), "f");

  std::set<std::string> expected_names;
  for (const ForeignKeySpec& spec : ExpectedForeignKeys()) {
    std::string where = Qualified(spec.table, spec.column);
    std::string name = std::string(spec.table) + "_" + std::string(spec.column) + "_fkey";
    expected_names.insert(name);
    auto it = foreign_keys.find(name);
    if (it == foreign_keys.end()) {
      ADD_FAILURE() << "missing foreign key " << name << " on " << where;
      continue;
    }
    const ConstraintRow& fk = it->second;
    EXPECT_EQ(fk.table, spec.table) << name;
    EXPECT_EQ(fk.columns, spec.column) << "columns of " << name;
    EXPECT_EQ(fk.ref_table, spec.ref_table) << "table referenced by " << where;
    EXPECT_EQ(fk.ref_columns, "id") << "column referenced by " << where;
    EXPECT_EQ(fk.on_delete, spec.on_delete)
        << "ON DELETE of " << where << " (c cascade, n set null, a no action)";
  }
  ExpectNoExtraConstraints(foreign_keys, expected_names, "FOREIGN KEY");
}

TEST(SchemaCatalog, EveryForeignKeyColumnLeadsAnIndex) {
  TestDatabase db;
  PgResult result = Query(db.conn(), kIndexesSql);
  // "table.first_column" of every complete (non-partial) index.
  std::set<std::string> leading;
  for (int r = 0; r < result.rows(); ++r) {
    if (result.Get(r, 4) == "t") continue;
    std::string_view columns = result.Get(r, 3);
    leading.insert(Qualified(result.Get(r, 1), columns.substr(0, columns.find(','))));
  }
  for (const ForeignKeySpec& spec : ExpectedForeignKeys()) {
    std::string where = Qualified(spec.table, spec.column);
    EXPECT_TRUE(leading.contains(where)) << "no index leads with foreign-key column " << where;
  }
}

TEST(SchemaCatalog, QueryIndexesExist) {
  TestDatabase db;
  PgResult result = Query(db.conn(), kIndexesSql);
  struct ActualIndex {
    std::string table;
    std::string method;
    std::string columns;
    bool partial = false;
  };
  std::map<std::string, ActualIndex> indexes;
  for (int r = 0; r < result.rows(); ++r) {
    indexes[Str(result, r, 0)] = ActualIndex{Str(result, r, 1), Str(result, r, 2),
                                             Str(result, r, 3), result.Get(r, 4) == "t"};
  }
  for (const IndexSpec& spec : MigrationIndexes()) {
    auto it = indexes.find(std::string(spec.name));
    if (it == indexes.end()) {
      ADD_FAILURE() << "missing index " << spec.name << " on " << spec.table << " (" << spec.columns
                    << ")";
      continue;
    }
    EXPECT_EQ(it->second.table, spec.table) << "table of index " << spec.name;
    EXPECT_EQ(it->second.method, spec.method) << "access method of index " << spec.name;
    EXPECT_EQ(it->second.columns, spec.columns) << "columns of index " << spec.name;
    EXPECT_FALSE(it->second.partial) << "index " << spec.name << " should cover every row";
  }
}

TEST(SchemaCatalog, EveryTableWithUpdatedAtHasItsTrigger) {
  TestDatabase db;
  PgResult result = Query(db.conn(), kTriggersSql);
  struct ActualTrigger {
    std::string table;
    int type = 0;
    std::string function;
    std::string enabled;
  };
  std::map<std::string, ActualTrigger> triggers;  // by trigger name
  for (int r = 0; r < result.rows(); ++r) {
    triggers[Str(result, r, 1)] = ActualTrigger{Str(result, r, 0), std::stoi(Str(result, r, 2)),
                                                Str(result, r, 3), Str(result, r, 4)};
  }

  for (const TableSpec& table : VisionTables()) {
    bool has_updated_at = std::any_of(table.columns.begin(), table.columns.end(),
                                      [](const ColumnSpec& c) { return c.name == "updated_at"; });
    std::string name = std::string(table.name) + "_set_updated_at";
    auto it = triggers.find(name);
    if (!has_updated_at) {
      EXPECT_FALSE(triggers.contains(name))
          << table.name << " has no updated_at but has trigger " << name;
      continue;
    }
    if (it == triggers.end()) {
      ADD_FAILURE() << "missing trigger " << name << " for " << table.name << ".updated_at";
      continue;
    }
    EXPECT_EQ(it->second.table, table.name) << "table of trigger " << name;
    EXPECT_EQ(it->second.type, kBeforeUpdateRow) << name << " must be BEFORE UPDATE FOR EACH ROW";
    EXPECT_EQ(it->second.function, "set_updated_at") << "function of trigger " << name;
    EXPECT_EQ(it->second.enabled, "O") << "trigger " << name << " must be enabled";
  }
}

TEST(SchemaCatalog, UpdatedAtTriggerAdvancesTimestampOnUpdate) {
  TestDatabase db;
  Connection& conn = db.conn();
  ASSERT_TRUE(ExecOk(conn,
                     "INSERT INTO users (id, email, updated_at) VALUES "
                     "('10000000-0000-0000-0000-00000000000a', 'touch@example.test', "
                     "'2000-01-01T00:00:00Z')"));
  ASSERT_TRUE(ExecOk(conn,
                     "UPDATE users SET status = 'inactive' "
                     "WHERE id = '10000000-0000-0000-0000-00000000000a'"));
  PgResult result = Query(conn,
                          "SELECT updated_at > '2000-01-01T00:00:00Z'::timestamptz FROM users "
                          "WHERE id = '10000000-0000-0000-0000-00000000000a'");
  ASSERT_EQ(result.rows(), 1);
  EXPECT_EQ(result.Get(0, 0), "t") << "users.updated_at was not advanced by the UPDATE";
}

TEST(SchemaCatalog, PgcryptoExtensionIsInstalled) {
  TestDatabase db;
  PgResult result = Query(db.conn(),
                          "SELECT count(*) FROM pg_extension WHERE extname = 'pgcrypto'");
  ASSERT_EQ(result.rows(), 1);
  EXPECT_EQ(result.Get(0, 0), "1") << "pgcrypto extension missing";
}

// A patient with a profile, a provider with a procedure, a consultation and a
// booking from it, a lead for the patient, and a campaign made by a staff user.
constexpr std::string_view kFixtureSql = R"sql(
INSERT INTO users (id, email, user_type) VALUES
  ('10000000-0000-0000-0000-000000000001', 'patient@example.test', 'patient'),
  ('10000000-0000-0000-0000-000000000002', 'staff@example.test', 'staff');
INSERT INTO patient_profiles (id, user_id, patient_id, medical_condition) VALUES
  ('20000000-0000-0000-0000-000000000001', '10000000-0000-0000-0000-000000000001',
   'PAT-2024-001', 'hair loss');
INSERT INTO providers (id, name, type, location, contact_info) VALUES
  ('30000000-0000-0000-0000-000000000001', 'Clinic', 'clinic', '{}', '{}');
INSERT INTO procedures (id, provider_id, name, category) VALUES
  ('40000000-0000-0000-0000-000000000001', '30000000-0000-0000-0000-000000000001',
   'FUE hair transplant', 'hair_transplant');
INSERT INTO consultations (id, patient_profile_id, provider_id, procedure_id, scheduled_at) VALUES
  ('50000000-0000-0000-0000-000000000001', '20000000-0000-0000-0000-000000000001',
   '30000000-0000-0000-0000-000000000001', '40000000-0000-0000-0000-000000000001',
   '2024-05-01T10:00:00Z');
INSERT INTO bookings (id, booking_reference, patient_profile_id, provider_id, procedure_id,
                      consultation_id, procedure_date, procedure_time, total_cost) VALUES
  ('60000000-0000-0000-0000-000000000001', 'BK-2024-001',
   '20000000-0000-0000-0000-000000000001', '30000000-0000-0000-0000-000000000001',
   '40000000-0000-0000-0000-000000000001', '50000000-0000-0000-0000-000000000001',
   '2024-06-01', '09:00', 2500.00);
INSERT INTO leads (id, user_id, source) VALUES
  ('70000000-0000-0000-0000-000000000001', '10000000-0000-0000-0000-000000000001', 'website');
INSERT INTO marketing_campaigns (id, name, type, created_by) VALUES
  ('80000000-0000-0000-0000-000000000001', 'Spring', 'email',
   '10000000-0000-0000-0000-000000000002');
)sql";

// Runs a statement in a subtransaction and returns "<SQLSTATE>:<constraint>"
// of the error it raised, or "ok" (its effects then stay).
constexpr std::string_view kErrorOfSql = R"sql(
CREATE FUNCTION pg_temp.error_of(stmt text) RETURNS text
  LANGUAGE plpgsql
AS $fn$
DECLARE
  v_state text;
  v_constraint text;
BEGIN
  EXECUTE stmt;
  RETURN 'ok';
EXCEPTION WHEN OTHERS THEN
  GET STACKED DIAGNOSTICS v_state = RETURNED_SQLSTATE, v_constraint = CONSTRAINT_NAME;
  RETURN v_state || ':' || v_constraint;
END
$fn$)sql";

struct ViolationCase {
  std::string_view what;
  std::string_view statement;
  std::string_view sqlstate;
  std::string_view constraint;  // "" when PostgreSQL names none (NOT NULL)
  ErrorCode code;               // what the db layer maps it to
};

TEST(SchemaCatalog, ViolationsFailWithSqlStateAndConstraintName) {
  TestDatabase db;
  Connection& conn = db.conn();
  ASSERT_TRUE(ExecOk(conn, kFixtureSql));
  ASSERT_TRUE(ExecOk(conn, kErrorOfSql));

  const std::vector<ViolationCase> cases = {
      {"users.user_type outside its list",
       "INSERT INTO users (email, user_type) VALUES ('alien@example.test', 'alien')", "23514",
       "users_user_type_check", ErrorCode::kInvalidInput},
      {"second user with the same users.email",
       "INSERT INTO users (email) VALUES ('patient@example.test')", "23505", "users_email_key",
       ErrorCode::kConflict},
      {"users.email NULL", "INSERT INTO users (email) VALUES (NULL)", "23502", "",
       ErrorCode::kInvalidInput},
      {"second patient profile for one user",
       "INSERT INTO patient_profiles (user_id, patient_id, medical_condition) VALUES "
       "('10000000-0000-0000-0000-000000000001', 'PAT-2024-002', 'dental')",
       "23505", "patient_profiles_user_id_key", ErrorCode::kConflict},
      {"duplicate bookings.booking_reference",
       "INSERT INTO bookings (booking_reference, patient_profile_id, provider_id, procedure_id, "
       "procedure_date, procedure_time, total_cost) VALUES ('BK-2024-001', "
       "'20000000-0000-0000-0000-000000000001', '30000000-0000-0000-0000-000000000001', "
       "'40000000-0000-0000-0000-000000000001', '2024-07-01', '09:00', 100)",
       "23505", "bookings_booking_reference_key", ErrorCode::kConflict},
      {"user_profiles.user_id naming no user",
       "INSERT INTO user_profiles (user_id, first_name, last_name) VALUES "
       "('19999999-0000-0000-0000-000000000000', 'Ada', 'Doe')",
       "23503", "user_profiles_user_id_fkey", ErrorCode::kInvalidInput},
      {"reviews.rating above 5",
       "INSERT INTO reviews (patient_profile_id, provider_id, rating, content) VALUES "
       "('20000000-0000-0000-0000-000000000001', '30000000-0000-0000-0000-000000000001', 6, "
       "'great')",
       "23514", "reviews_rating_check", ErrorCode::kInvalidInput},
  };

  for (const ViolationCase& c : cases) {
    std::string expected = std::string(c.sqlstate) + ":" + std::string(c.constraint);
    PgResult result = Query(conn, "SELECT pg_temp.error_of($1)", Params{c.statement});
    ASSERT_EQ(result.rows(), 1) << c.what;
    EXPECT_EQ(result.Get(0, 0), expected) << c.what;

    auto through_db_layer = conn.Exec(c.statement);
    ASSERT_FALSE(through_db_layer.has_value()) << c.what << " was accepted";
    EXPECT_EQ(std::string(imedic::core::ErrorCodeName(through_db_layer.error().code)),
              std::string(imedic::core::ErrorCodeName(c.code)))
        << c.what;
    EXPECT_EQ(through_db_layer.error().constraint, c.constraint) << c.what;
  }
}

TEST(SchemaCatalog, OnDeleteActionsBehaveAsDeclared) {
  TestDatabase db;
  Connection& conn = db.conn();
  ASSERT_TRUE(ExecOk(conn, kFixtureSql));

  // SET NULL: bookings.consultation_id.
  ASSERT_TRUE(ExecOk(conn,
                     "DELETE FROM consultations "
                     "WHERE id = '50000000-0000-0000-0000-000000000001'"));
  PgResult booking = Query(conn,
                           "SELECT consultation_id IS NULL FROM bookings "
                           "WHERE id = '60000000-0000-0000-0000-000000000001'");
  ASSERT_EQ(booking.rows(), 1) << "deleting a consultation removed its booking";
  EXPECT_EQ(booking.Get(0, 0), "t") << "bookings.consultation_id not set to NULL";

  // NO ACTION: marketing_campaigns.created_by keeps its user.
  auto delete_staff =
      conn.Exec("DELETE FROM users WHERE id = '10000000-0000-0000-0000-000000000002'");
  ASSERT_FALSE(delete_staff.has_value()) << "deleted a user who created a campaign";
  EXPECT_EQ(delete_staff.error().constraint, "marketing_campaigns_created_by_fkey");

  // CASCADE through patient_profiles to bookings; SET NULL on leads.user_id.
  ASSERT_TRUE(ExecOk(conn, "DELETE FROM users WHERE id = '10000000-0000-0000-0000-000000000001'"));
  PgResult after = Query(conn,
                         "SELECT (SELECT count(*) FROM patient_profiles), "
                         "(SELECT count(*) FROM bookings), "
                         "(SELECT user_id IS NULL FROM leads "
                         " WHERE id = '70000000-0000-0000-0000-000000000001')");
  ASSERT_EQ(after.rows(), 1);
  EXPECT_EQ(after.Get(0, 0), "0") << "patient_profiles.user_id did not cascade";
  EXPECT_EQ(after.Get(0, 1), "0") << "bookings.patient_profile_id did not cascade";
  EXPECT_EQ(after.Get(0, 2), "t") << "leads.user_id not set to NULL";
}

}  // namespace
