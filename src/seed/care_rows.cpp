// consultations, bookings and travel_arrangements (quotes and the payments
// ledger: payment_rows.cpp).
#include <algorithm>
#include <string>

#include "seed/json_writer.hpp"
#include "seed/rows.hpp"
#include "seed/text_util.hpp"

namespace imedic::seed {
namespace {

// Typical door-to-door flight time to Istanbul, in minutes (with a
// connection from the Americas and Australia).
int FlightMinutes(std::string_view country) {
  struct Entry {
    std::string_view code;
    int minutes;
  };
  static constexpr Entry kTimes[] = {
      {"GB", 235},  {"DE", 175}, {"NL", 200}, {"FR", 205}, {"IE", 260}, {"US", 650}, {"CA", 640},
      {"AU", 1260}, {"SA", 230}, {"AE", 285}, {"KW", 220}, {"IT", 155}, {"ES", 240}, {"SE", 215},
      {"NO", 230},  {"DK", 195}, {"PL", 150}, {"RO", 95},  {"RU", 220}};
  for (const Entry& e : kTimes) {
    if (e.code == country) return e.minutes;
  }
  return 240;
}

std::string RandomCode(Prng& rng, int length, bool digits_only = false) {
  static constexpr char kChars[] = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
  std::string code;
  for (int i = 0; i < length; ++i) {
    code.push_back(digits_only ? static_cast<char>('0' + rng.Below(10)) : kChars[rng.Below(32)]);
  }
  return code;
}

void WriteLeg(JsonWriter& j, Prng& rng, const ref::Airline& airline, std::string_view from,
              std::string_view to, std::int64_t departs, int minutes) {
  j.BeginObject();
  j.Field("airline", airline.name);
  j.Field("flight_number", std::string(airline.code) + std::to_string(rng.Int(100, 2999)));
  j.Field("from", from).Field("to", to);
  j.Key("departure").Timestamp(departs);
  j.Key("arrival").Timestamp(departs + minutes * kMinute);
  j.EndObject();
}

}  // namespace

core::Result<std::int64_t> WriteConsultations(const SinkContext& ctx) {
  const World& w = ctx.world;
  CopyWriter out(ctx.conn, "consultations",
                 {"id", "patient_profile_id", "provider_id", "procedure_id", "consultation_type",
                  "status", "scheduled_at", "duration_minutes", "meeting_url", "meeting_id",
                  "notes", "outcome", "follow_up_required", "created_at", "updated_at", "deleted"},
                 ctx.progress);
  if (auto s = out.Start(); !s) return core::Fail(s.error());
  // notes are sealed with the patient's data key, as the care routes write
  // and read them (consultations.notes, docs/encryption.md).
  SealedFields sealed(out, "consultations");
  for (std::size_t i = 0; i < w.consultations.size() && out.ok(); ++i) {
    const Consultation& c = w.consultations[i];
    const Patient& p = w.patients[c.patient];
    Prng rng = Prng::Stream(w.seed, static_cast<std::uint64_t>(Stream::kCareRows), i);
    out.Id(c.id).Id(p.profile_id).Id(w.providers[c.provider].id).Id(w.procedures[c.procedure].id);
    out.Text(Code(c.type)).Text(Code(c.status)).Timestamp(c.scheduled_at).Int(c.duration_minutes);
    sealed.Row(ctx.keys.Key(c.patient), c.id);
    if (c.type == ConsultationType::kZoom) {
      const std::string meeting = RandomCode(rng, 11, true);
      out.Text("https://zoom.example.com/j/" + meeting).Text(meeting);
    } else if (c.type == ConsultationType::kVideo) {
      const std::string room = RandomCode(rng, 10);
      out.Text("https://meet.example.com/imedic/" + room).Text(room);
    } else {
      out.Null().Null();
    }
    const Category category = w.EntryOf(w.procedures[c.procedure]).category;
    switch (c.status) {
      case ConsultationStatus::kCompleted: {
        std::string note;
        TemplateValues values;
        values.procedure = ShortName(w.EntryOf(w.procedures[c.procedure]).name);
        FillTemplate(note, rng.Pick(ref::ConsultationNotes(category)), values);
        sealed.Text("notes", note);
        break;
      }
      case ConsultationStatus::kCancelled:
        sealed.Text(
            "notes",
            rng.Pick({std::string_view("Cancelled by the patient: schedule conflict."),
                      std::string_view("Cancelled by the patient: chose another clinic."),
                      std::string_view("Cancelled: doctor unavailable, patient to rebook."),
                      std::string_view("Cancelled by the patient: postponing treatment.")}));
        break;
      case ConsultationStatus::kNoShow:
        sealed.Text("notes", "Patient did not join; two reminders were sent.");
        break;
      case ConsultationStatus::kScheduled:
        if (rng.Chance(0.5)) {
          sealed.Text("notes", "Photos received; doctor to review before the call.");
        } else {
          out.Null();
        }
        break;
    }
    if (c.outcome == Outcome::kNone) {
      out.Null();
    } else {
      out.Text(Code(c.outcome));
    }
    out.Bool(c.outcome == Outcome::kNeedsFollowUp || c.status == ConsultationStatus::kNoShow);
    std::int64_t updated = c.created_at + rng.Range(60, 3600);
    if (c.status == ConsultationStatus::kCompleted || c.status == ConsultationStatus::kNoShow) {
      updated = c.scheduled_at + c.duration_minutes * kMinute + rng.Range(5, 120) * kMinute;
    } else if (c.status == ConsultationStatus::kCancelled) {
      updated = c.created_at + static_cast<std::int64_t>(
                                   (std::min(c.scheduled_at, kReferenceTime) - c.created_at) *
                                   rng.Real(0.2, 0.95));
    }
    updated = std::clamp(updated, c.created_at, std::max(c.created_at, kReferenceTime - kMinute));
    out.Timestamp(c.created_at).Timestamp(updated).Bool(false);
    out.EndRow();
  }
  return out.Finish();
}

core::Result<std::int64_t> WriteBookings(const SinkContext& ctx) {
  const World& w = ctx.world;
  CopyWriter out(ctx.conn, "bookings",
                 {"id", "booking_reference", "patient_profile_id", "provider_id", "procedure_id",
                  "consultation_id", "status", "procedure_date", "procedure_time", "total_cost",
                  "currency", "payment_status", "special_instructions", "created_at", "updated_at",
                  "deleted", "quote_id", "paid_minor", "refunded_minor"},
                 ctx.progress);
  if (auto s = out.Start(); !s) return core::Fail(s.error());
  for (std::size_t i = 0; i < w.bookings.size() && out.ok(); ++i) {
    const Booking& b = w.bookings[i];
    Prng rng = Prng::Stream(w.seed, static_cast<std::uint64_t>(Stream::kBookingRows), i);
    out.Id(b.id).Text(b.reference).Id(w.patients[b.patient].profile_id);
    out.Id(w.providers[b.provider].id).Id(w.procedures[b.procedure].id);
    if (b.consultation >= 0) {
      out.Id(w.consultations[b.consultation].id);
    } else {
      out.Null();
    }
    out.Text(Code(b.status)).Date(b.procedure_day).TimeOfDay(b.procedure_time);
    out.Hundredths(b.cost_cents).Text(b.currency).Text(Code(b.payment));
    if (rng.Chance(0.3)) {
      out.Text(rng.Pick(ref::SpecialInstructions()));
    } else {
      out.Null();
    }
    out.Timestamp(b.created_at).Timestamp(b.updated_at).Bool(false);
    // The derived payment columns, true to the ledger written next
    // (payment_rows.cpp), as its triggers would leave them.
    std::int64_t paid = 0, refunded = 0;
    for (const LedgerEntry& e : PlanLedger(w, static_cast<std::int32_t>(i))) {
      (e.kind == LedgerKind::kRefund ? refunded : paid) += e.amount_minor;
    }
    out.Id(AcceptedQuoteOf(w, static_cast<std::int32_t>(i))).Int(paid).Int(refunded);
    out.EndRow();
  }
  return out.Finish();
}

core::Result<std::int64_t> WriteTravelArrangements(const SinkContext& ctx) {
  const World& w = ctx.world;
  CopyWriter out(ctx.conn, "travel_arrangements",
                 {"id", "booking_id", "flight_info", "accommodation_info", "airport_transfer",
                  "visa_assistance", "travel_insurance", "total_cost", "currency", "created_at",
                  "updated_at", "deleted"},
                 ctx.progress);
  if (auto s = out.Start(); !s) return core::Fail(s.error());
  JsonWriter j;
  const auto hotels = ref::Hotels();
  const auto areas = ref::Areas();
  for (std::size_t i = 0; i < w.bookings.size() && out.ok(); ++i) {
    const Booking& b = w.bookings[i];
    if (!b.has_travel) continue;
    const auto index = static_cast<std::int32_t>(i);
    const TripPlan trip = PlanTrip(w, index);
    const User& u = w.users[w.patients[b.patient].user];
    const ref::Country& country = ref::Countries()[u.country];
    const ref::City& city = country.cities[u.city];
    Prng rng = Prng::Stream(w.seed, static_cast<std::uint64_t>(Stream::kTravelRows), i);
    const auto airlines = ref::AirlinesFrom(country.code);
    const ref::Airline& airline = airlines[rng.Below(airlines.size())];
    // Pegasus lands at Sabiha Gökçen; the others mostly at Istanbul Airport.
    const ref::Hotel& hotel = hotels[trip.hotel];
    const std::string_view istanbul =
        airline.code == "PC" ? "SAW" : areas[w.providers[b.provider].area].airport;
    const int minutes = FlightMinutes(country.code) + static_cast<int>(rng.Range(-15, 15));
    const int passengers = rng.Chance(0.45) ? 2 : 1;

    out.Id(rng.NewUuid()).Id(b.id);
    j.Reset().BeginObject();
    j.Key("outbound");
    WriteLeg(j, rng, airline, city.airport, istanbul, trip.arrival - minutes * kMinute, minutes);
    j.Key("return");
    WriteLeg(j, rng, airline, istanbul, city.airport, trip.departure, minutes + 20);
    j.Field("booking_reference", RandomCode(rng, 6));
    j.Field("passengers", passengers);
    j.Field("cabin", rng.Chance(0.9) ? "economy" : "business");
    j.EndObject();
    out.Json(j.str());

    const std::int64_t check_in = DayOf(trip.arrival);
    const std::int64_t check_out = DayOf(trip.departure);
    j.Reset().BeginObject();
    j.Field("hotel", hotel.name).Field("stars", hotel.stars);
    j.Field("district", areas[hotel.area].district);
    j.Key("check_in").Date(check_in).Key("check_out").Date(check_out);
    j.Field("nights", static_cast<int>(check_out - check_in));
    j.Field("room_type", passengers == 2 ? "double" : "single");
    j.Field("board", "bed_and_breakfast");
    j.Field("confirmation_number", "H-" + RandomCode(rng, 7, true));
    j.EndObject();
    out.Json(j.str());

    const bool transfer = rng.Chance(0.9);
    out.Bool(transfer).Bool(rng.Chance(0.08)).Bool(rng.Chance(0.4));
    // Flights and the hotel nights the package does not cover, in the
    // patient's home currency.
    const double fx = country.currency == "GBP" ? 0.86 : country.currency == "USD" ? 1.08 : 1.0;
    const double flights = (minutes > 600 ? rng.Real(750, 1500) : rng.Real(140, 480)) * passengers;
    const double nights = static_cast<double>(check_out - check_in) * rng.Real(45, 140);
    out.Hundredths(static_cast<std::int64_t>((flights + nights) * fx * 100)).Text(country.currency);
    const std::int64_t updated = std::min(trip.booked_at + rng.Range(0, 5 * kDay),
                                          kReferenceTime - kMinute);
    out.Timestamp(trip.booked_at).Timestamp(std::max(updated, trip.booked_at)).Bool(false);
    out.EndRow();
  }
  return out.Finish();
}

}  // namespace imedic::seed
