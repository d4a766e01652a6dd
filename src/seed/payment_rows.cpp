// consultation_quotes and payment_ledger: what a consultation offered and
// what a booking's patient paid, consistent with the bookings' own columns
// (quote_id, paid_minor, refunded_minor, payment_status).
#include <algorithm>
#include <string>

#include "seed/rows.hpp"

namespace imedic::seed {
namespace {

// The booking made from a consultation, or -1.
std::int32_t BookingOf(const World& w, std::int32_t consultation) {
  const std::int32_t b = w.patients[w.consultations[consultation].patient].booking;
  return b >= 0 && w.bookings[b].consultation == consultation ? b : -1;
}

std::string HexCode(Prng& rng, int length) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (int i = 0; i < length; ++i) out.push_back(kHex[rng.Below(16)]);
  return out;
}

// Round to whole hundreds of the currency (10000 minor units).
std::int64_t RoundHundreds(std::int64_t minor) {
  return std::max<std::int64_t>(10000, minor / 10000 * 10000);
}

std::string_view KindCode(LedgerKind k) {
  switch (k) {
    case LedgerKind::kDeposit: return "deposit";
    case LedgerKind::kBalance: return "balance";
    case LedgerKind::kRefund: return "refund";
  }
  return "deposit";
}

}  // namespace

QuotePlan PlanQuotes(const World& w, std::int32_t consultation) {
  QuotePlan plan;
  const Consultation& c = w.consultations[consultation];
  if (c.status != ConsultationStatus::kCompleted || c.outcome != Outcome::kQualified) return plan;
  Prng rng = Prng::Stream(w.seed, static_cast<std::uint64_t>(Stream::kQuoteRows),
                          static_cast<std::uint64_t>(consultation));
  const std::int32_t booking = BookingOf(w, consultation);
  const Procedure& proc = w.procedures[c.procedure];
  std::int64_t final_price = 0;
  if (booking >= 0) {
    final_price = w.bookings[booking].cost_cents;
    plan.currency = w.bookings[booking].currency;
  } else {
    final_price = RoundHundreds(
        (proc.price_min + rng.Range(0, std::max(0, proc.price_max - proc.price_min))) * 100LL);
    plan.currency = proc.currency;
  }
  const bool surgical = w.EntryOf(proc).anaesthesia != "none";
  plan.hotel_nights = surgical ? rng.Int(2, 5) : rng.Int(0, 3);
  plan.airport_transfers = rng.Chance(0.8);
  plan.interpreter = rng.Chance(0.4);

  // The first quote a few hours after the call; a revised one (about 8%
  // lower) a few days later for some.
  const std::int64_t end = c.scheduled_at + c.duration_minutes * kMinute;
  const std::int64_t last_moment = kReferenceTime - kMinute;
  const int versions = rng.Chance(0.3) ? 2 : 1;
  std::int64_t at = std::min(end + rng.Range(1, 48) * kHour, last_moment);
  for (int v = 1; v <= versions; ++v) {
    QuoteVersion q;
    q.id = rng.NewUuid();
    q.price_minor = v == versions ? final_price : RoundHundreds(final_price * 108 / 100);
    q.created_at = at;
    q.valid_until = at + 30 * kDay;
    plan.versions.push_back(q);
    at = std::min(at + rng.Range(1, 5) * kDay, last_moment);
  }
  // Accepted shortly before the booking was made, when the booking came
  // after the last version.
  QuoteVersion& last = plan.versions.back();
  if (booking >= 0 && w.bookings[booking].created_at > last.created_at) {
    const std::int64_t made = w.bookings[booking].created_at;
    last.accepted_at = std::max(last.created_at + kMinute, made - rng.Range(10, 2880) * kMinute);
    last.valid_until = std::max(last.valid_until, last.accepted_at + 7 * kDay);
  }
  return plan;
}

Uuid AcceptedQuoteOf(const World& w, std::int32_t booking) {
  const std::int32_t c = w.bookings[booking].consultation;
  if (c < 0) return Uuid{};
  const QuotePlan plan = PlanQuotes(w, c);
  if (plan.versions.empty() || plan.versions.back().accepted_at == kNoTime) return Uuid{};
  return plan.versions.back().id;
}

std::vector<LedgerEntry> PlanLedger(const World& w, std::int32_t booking) {
  const Booking& b = w.bookings[booking];
  std::vector<LedgerEntry> out;
  if (b.payment == PaymentStatus::kPending) return out;
  Prng rng = Prng::Stream(w.seed, static_cast<std::uint64_t>(Stream::kLedgerRows),
                          static_cast<std::uint64_t>(booking));
  const std::int64_t last_moment = kReferenceTime - kMinute;
  // About a fifth up front, in whole hundreds, never the whole price.
  const std::int64_t deposit = std::min(RoundHundreds(b.cost_cents / 5), b.cost_cents - 100);
  const std::int64_t deposit_at = std::clamp(b.created_at + rng.Range(1, 72) * kHour, b.created_at,
                                             last_moment);
  out.push_back({LedgerKind::kDeposit, deposit, deposit_at});
  if (b.payment == PaymentStatus::kPaid) {
    // The balance at the clinic on the day, or in advance for trips ahead.
    const std::int64_t day_of = ProcedureStart(b) - rng.Range(1, 6) * kHour;
    out.push_back(
        {LedgerKind::kBalance, b.cost_cents - deposit,
         std::clamp(day_of, deposit_at + kMinute, std::max(deposit_at + kMinute, last_moment))});
  } else if (b.payment == PaymentStatus::kRefunded) {
    const std::int64_t refund = rng.Chance(0.7) ? deposit : deposit / 2;
    out.push_back({LedgerKind::kRefund, refund,
                   std::clamp(b.updated_at, deposit_at + kMinute,
                              std::max(deposit_at + kMinute, last_moment))});
  }
  return out;
}

core::Result<std::int64_t> WriteConsultationQuotes(const SinkContext& ctx) {
  const World& w = ctx.world;
  CopyWriter out(ctx.conn, "consultation_quotes",
                 {"id", "consultation_id", "version", "procedure_id", "price_minor", "currency",
                  "hotel_nights", "airport_transfers", "interpreter", "valid_until", "accepted_at",
                  "created_at", "deleted"},
                 ctx.progress);
  if (auto s = out.Start(); !s) return core::Fail(s.error());
  for (std::size_t i = 0; i < w.consultations.size() && out.ok(); ++i) {
    const Consultation& c = w.consultations[i];
    const QuotePlan plan = PlanQuotes(w, static_cast<std::int32_t>(i));
    for (std::size_t v = 0; v < plan.versions.size() && out.ok(); ++v) {
      const QuoteVersion& q = plan.versions[v];
      out.Id(q.id).Id(c.id).Int(static_cast<std::int64_t>(v) + 1).Id(w.procedures[c.procedure].id);
      out.Int(q.price_minor).Text(plan.currency).Int(plan.hotel_nights);
      out.Bool(plan.airport_transfers).Bool(plan.interpreter);
      out.Timestamp(q.valid_until).Timestamp(q.accepted_at).Timestamp(q.created_at).Bool(false);
      out.EndRow();
    }
  }
  return out.Finish();
}

core::Result<std::int64_t> WritePaymentLedger(const SinkContext& ctx) {
  const World& w = ctx.world;
  // A bulk load, like pg_restore --disable-triggers: the bookings rows were
  // written with their derived columns (paid_minor, refunded_minor,
  // payment_status) already true to this ledger, so the triggers that keep
  // them so one entry at a time are off for the COPY (they would stamp each
  // booking's updated_at with today, after the demo's reference date).
  // Inside the seed's transaction: a failure rolls the switch back too.
  if (auto off = ctx.conn.Exec("ALTER TABLE payment_ledger DISABLE TRIGGER payment_ledger_check, "
                               "DISABLE TRIGGER payment_ledger_derive");
      !off) {
    return core::Fail(off.error());
  }
  CopyWriter out(ctx.conn, "payment_ledger",
                 {"id", "booking_id", "kind", "amount_minor", "currency", "method",
                  "external_reference", "status", "provider_event_id", "recorded_by", "created_at"},
                 ctx.progress);
  if (auto s = out.Start(); !s) return core::Fail(s.error());
  for (std::size_t i = 0; i < w.bookings.size() && out.ok(); ++i) {
    const Booking& b = w.bookings[i];
    Prng rng = Prng::Stream(w.seed, static_cast<std::uint64_t>(Stream::kLedgerRows),
                            w.bookings.size() + i);
    const Patient& p = w.patients[b.patient];
    for (const LedgerEntry& e : PlanLedger(w, static_cast<std::int32_t>(i))) {
      // Deposits and refunds go through the card processor (its webhook
      // records them, no member of staff); balances are paid at the desk.
      const bool card = e.kind != LedgerKind::kBalance || rng.Chance(0.4);
      out.Id(rng.NewUuid()).Id(b.id).Text(KindCode(e.kind)).Int(e.amount_minor).Text(b.currency);
      if (card) {
        out.Text("card").Text("pi_" + HexCode(rng, 24)).Text("succeeded");
        out.Text("evt_" + HexCode(rng, 24)).Null();
      } else {
        out.Text(rng.Chance(0.6) ? "cash" : "bank_transfer").Null().Text("succeeded").Null();
        out.Id(w.users[p.coordinator].id);
      }
      out.Timestamp(e.at);
      out.EndRow();
    }
  }
  auto rows = out.Finish();
  if (!rows) return rows;
  if (auto on = ctx.conn.Exec("ALTER TABLE payment_ledger ENABLE TRIGGER payment_ledger_check, "
                              "ENABLE TRIGGER payment_ledger_derive");
      !on) {
    return core::Fail(on.error());
  }
  return rows;
}

}  // namespace imedic::seed
