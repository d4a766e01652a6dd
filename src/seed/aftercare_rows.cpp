// procedure_outcomes, follow_up_care and reviews: the care after a
// completed procedure.
#include <algorithm>
#include <string>

#include "seed/json_writer.hpp"
#include "seed/rows.hpp"
#include "seed/text_util.hpp"

namespace imedic::seed {
namespace {

struct FollowUpStep {
  std::string_view type;
  int day;  // after the procedure
};
// The after-care schedule of every completed procedure.
constexpr FollowUpStep kFollowUpPlan[] = {
    {"check_in", 1},        {"check_in", 7},
    {"photo_update", 30},   {"satisfaction_survey", 30},
    {"review_request", 45}, {"photo_update", 90},
    {"photo_update", 180},
};

struct PhotoStage {
  std::string_view stage;
  int day;
};
constexpr PhotoStage kPhotoStages[] = {{"before", 0},    {"immediately_after", 0},
                                       {"day_10", 10},   {"month_3", 90},
                                       {"month_6", 180}, {"month_12", 365}};

// Follow-up rows are copied into a staging table and inserted from there,
// so that the insert adds what the database computes best: each item's due
// instant, 10:00 on its local date in the patient's zone, as
// schedule_aftercare computes it. What happened before the reference day is
// marked as the aftercare job would have: reminded the day before, overdue
// items marked and escalated, so that a server started on the demo data
// does not send that history out as news.
constexpr const char* kStageFollowUps =
    "CREATE TEMP TABLE seed_follow_up_care (LIKE follow_up_care INCLUDING DEFAULTS) "
    "ON COMMIT DROP";
constexpr const char* kInsertFollowUps =
    "INSERT INTO follow_up_care (id, booking_id, follow_up_type, scheduled_date, "
    "completed_date, status, notes, patient_response, created_at, updated_at, deleted, timezone, "
    "due_at, reminder_sent_at, overdue_at, escalated_at) "
    "SELECT s.id, s.booking_id, s.follow_up_type, s.scheduled_date, s.completed_date, s.status, "
    "s.notes, s.patient_response, s.created_at, s.updated_at, s.deleted, z.zone, d.due, "
    "CASE WHEN s.status <> 'scheduled' THEN d.due - interval '1 day' END, "
    "CASE WHEN s.status = 'overdue' THEN d.due END, "
    "CASE WHEN s.status = 'overdue' THEN d.due + interval '3 days' END "
    "FROM seed_follow_up_care s JOIN bookings b ON b.id = s.booking_id "
    "CROSS JOIN LATERAL (SELECT patient_time_zone(b.patient_profile_id) AS zone) z "
    "CROSS JOIN LATERAL (SELECT timezone(z.zone, s.scheduled_date + time '10:00') AS due) d "
    "ORDER BY s.booking_id, s.scheduled_date";

}  // namespace

core::Result<std::int64_t> WriteProcedureOutcomes(const SinkContext& ctx) {
  const World& w = ctx.world;
  CopyWriter out(ctx.conn, "procedure_outcomes",
                 {"id", "booking_id", "procedure_notes", "complications", "photos", "doctor_notes",
                  "patient_feedback", "satisfaction_rating", "created_at", "updated_at", "deleted"},
                 ctx.progress);
  if (auto s = out.Start(); !s) return core::Fail(s.error());
  JsonWriter j;
  for (std::size_t i = 0; i < w.bookings.size() && out.ok(); ++i) {
    const Booking& b = w.bookings[i];
    if (b.status != BookingStatus::kCompleted) continue;
    Prng rng = Prng::Stream(w.seed, static_cast<std::uint64_t>(Stream::kOutcomes), i);
    const Category category = w.EntryOf(w.procedures[b.procedure]).category;
    const std::int64_t start = ProcedureStart(b);
    const std::int64_t finished = start +
                                  w.EntryOf(w.procedures[b.procedure]).duration_hours * kHour;
    const Uuid id = rng.NewUuid();
    const ref::CatalogueEntry& entry = w.EntryOf(w.procedures[b.procedure]);
    const ref::ProcedureNote note = ref::ProcedureNoteFor(entry);
    std::string text(note.text);
    if (const std::size_t at = text.find("{n}"); at != std::string::npos) {
      std::int64_t n = rng.Range(note.min, note.max);
      if (n > 1000) n = n / 50 * 50;  // graft counts and volumes are rounded
      text.replace(at, 3, GroupThousands(n));
    }
    out.Id(id).Id(b.id).Text(text);
    if (rng.Chance(0.08)) {
      out.Text(rng.Pick(ref::Complications(category)));
    } else {
      out.Null();
    }
    // Photos exist for the stages already reached on the reference day.
    std::int64_t last_photo = start;
    j.Reset().BeginArray();
    for (const PhotoStage& stage : kPhotoStages) {
      const std::int64_t taken = stage.stage == "before"              ? start - 30 * kMinute
                                 : stage.stage == "immediately_after" ? finished
                                                                      : start + stage.day * kDay;
      if (taken > kReferenceTime) break;
      last_photo = taken;
      j.BeginObject().Field("stage", stage.stage);
      j.Field("url", MediaUrl("outcomes", id, std::string(stage.stage) + ".jpg"));
      j.Key("taken_at").Timestamp(taken).EndObject();
    }
    j.EndArray();
    out.Json(j.str());
    out.Text(rng.Pick(ref::DoctorNotes(category)));
    if (b.satisfaction > 0) {
      out.Text(rng.Pick(ref::PatientFeedback(b.satisfaction))).Int(b.satisfaction);
    } else {
      out.Null().Null();
    }
    const std::int64_t created = std::min(finished + rng.Range(1, 3) * kHour,
                                          kReferenceTime - kMinute);
    std::int64_t updated = std::max(created, last_photo);
    if (b.satisfaction > 0)
      updated = std::max(updated, std::min(start + 30 * kDay, kReferenceTime));
    out.Timestamp(created).Timestamp(std::min(updated, kReferenceTime - kMinute)).Bool(false);
    out.EndRow();
  }
  return out.Finish();
}

core::Result<std::int64_t> WriteFollowUpCare(const SinkContext& ctx) {
  const World& w = ctx.world;
  if (auto staged = ctx.conn.Exec(kStageFollowUps); !staged) return core::Fail(staged.error());
  CopyWriter out(ctx.conn, "seed_follow_up_care",
                 {"id", "booking_id", "follow_up_type", "scheduled_date", "completed_date",
                  "status", "notes", "patient_response", "created_at", "updated_at", "deleted"},
                 ctx.progress);
  if (auto s = out.Start(); !s) return core::Fail(s.error());
  for (std::size_t i = 0; i < w.bookings.size() && out.ok(); ++i) {
    const Booking& b = w.bookings[i];
    if (b.status != BookingStatus::kCompleted) continue;
    Prng rng = Prng::Stream(w.seed, static_cast<std::uint64_t>(Stream::kFollowUps), i);
    // The schedule is drawn up when the patient is discharged.
    const std::int64_t created = std::min(ProcedureStart(b) + rng.Range(6, 30) * kHour,
                                          kReferenceTime - kMinute);
    for (const FollowUpStep& step : kFollowUpPlan) {
      const std::int64_t scheduled = b.procedure_day + step.day;
      std::string_view status = "scheduled";
      std::int64_t completed = kNoTime;
      std::string response;
      if (scheduled < kReferenceDay) {
        // What happened by the reference day, consistent with the
        // survey answer and the review the patient did or did not give.
        if (step.type == "satisfaction_survey") {
          status = b.satisfaction > 0 ? "completed" : "overdue";
          if (b.satisfaction > 0) response = "Rated " + std::to_string(b.satisfaction) + "/5";
        } else if (step.type == "review_request") {
          status = b.review_rating > 0 ? "completed" : rng.Chance(0.6) ? "overdue" : "cancelled";
          if (b.review_rating > 0) response = "Review posted";
        } else {
          const std::size_t k = rng.Weighted({82, 13, 5});
          status = k == 0 ? "completed" : k == 1 ? "overdue" : "cancelled";
          if (k == 0) response = std::string(rng.Pick(ref::FollowUpResponses()));
        }
        if (status == "completed") {
          completed = std::min(scheduled + rng.Range(0, 3), kReferenceDay - 1);
          if (step.type == "review_request") {
            completed = std::max(scheduled, std::min(DayOf(b.review_at), kReferenceDay - 1));
          }
        }
      }
      out.Id(rng.NewUuid()).Id(b.id).Text(step.type).Date(scheduled).Date(completed);
      out.Text(status);
      if (rng.Chance(0.5)) {
        out.Text(rng.Pick(ref::FollowUpNotes()));
      } else {
        out.Null();
      }
      if (response.empty()) {
        out.Null();
      } else {
        out.Text(response);
      }
      std::int64_t updated = created;
      if (completed != kNoTime)
        updated = std::max(created, completed * kDay + rng.Range(8, 20) * kHour);
      if (status == "overdue") updated = std::max(created, (scheduled + 1) * kDay + 3 * kHour);
      out.Timestamp(created).Timestamp(std::min(updated, kReferenceTime - kMinute)).Bool(false);
      out.EndRow();
    }
  }
  auto rows = out.Finish();
  if (!rows) return rows;
  if (auto inserted = ctx.conn.Exec(kInsertFollowUps); !inserted) {
    return core::Fail(inserted.error());
  }
  return rows;
}

core::Result<std::int64_t> WriteReviews(const SinkContext& ctx) {
  const World& w = ctx.world;
  CopyWriter out(
      ctx.conn, "reviews",
      {"id", "patient_profile_id", "provider_id", "booking_id", "rating", "title", "content",
       "photos", "is_verified", "is_public", "created_at", "updated_at", "deleted"},
      ctx.progress);
  if (auto s = out.Start(); !s) return core::Fail(s.error());
  JsonWriter j;
  for (std::size_t i = 0; i < w.bookings.size() && out.ok(); ++i) {
    const Booking& b = w.bookings[i];
    if (b.review_rating == 0) continue;
    Prng rng = Prng::Stream(w.seed, static_cast<std::uint64_t>(Stream::kReviews), i);
    const Category category = w.EntryOf(w.procedures[b.procedure]).category;
    const Uuid id = rng.NewUuid();
    out.Id(id).Id(w.patients[b.patient].profile_id).Id(w.providers[b.provider].id).Id(b.id);
    out.Int(b.review_rating).Text(rng.Pick(ref::ReviewTitles(b.review_rating)));
    std::string body;
    TemplateValues values;
    values.procedure = ShortName(w.EntryOf(w.procedures[b.procedure]).name);
    FillTemplate(body, rng.Pick(ref::ReviewBodies(category, b.review_rating)), values);
    out.Text(body);
    j.Reset().BeginArray();
    if (rng.Chance(0.4)) {
      j.String(MediaUrl("reviews", id, "before.jpg")).String(MediaUrl("reviews", id, "after.jpg"));
    }
    j.EndArray();
    out.Json(j.str());
    // Moderation hides a few reviews (e.g. with personal details in them).
    out.Bool(true).Bool(rng.Chance(0.95));
    const std::int64_t updated = std::min(b.review_at + rng.Range(0, 2 * kDay),
                                          kReferenceTime - kMinute);
    out.Timestamp(b.review_at).Timestamp(std::max(b.review_at, updated)).Bool(false);
    out.EndRow();
  }
  return out.Finish();
}

}  // namespace imedic::seed
