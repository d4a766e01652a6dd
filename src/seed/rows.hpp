// The table writers: each streams one table of the schema from the planned
// world through COPY and returns the number of rows written. Writers are
// pure functions of the world (and its seed), so the same world always
// yields byte-identical rows, except for what encryption randomises: the
// patients' data keys and the envelopes of the encrypted columns (the same
// plaintext under a fresh key and nonce).
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"
#include "db/connection.hpp"
#include "seed/copy_writer.hpp"
#include "seed/generator.hpp"
#include "seed/patient_keys.hpp"

namespace imedic::seed {

struct SinkContext {
  db::Connection& conn;
  const ProgressFn* progress;  // may be null
  const World& world;
  const PatientKeys& keys;  // a data key per patient of `world`
};

using TableWriterFn = core::Result<std::int64_t> (*)(const SinkContext&);

struct TableWriter {
  std::string_view table;
  TableWriterFn write;
};

// Every table of the schema, in an order that satisfies the foreign keys.
std::span<const TableWriter> TableWriters();

core::Result<std::int64_t> WriteUsers(const SinkContext& ctx);
core::Result<std::int64_t> WriteUserProfiles(const SinkContext& ctx);
core::Result<std::int64_t> WriteProviders(const SinkContext& ctx);
core::Result<std::int64_t> WriteProcedures(const SinkContext& ctx);
core::Result<std::int64_t> WriteProviderAvailability(const SinkContext& ctx);
core::Result<std::int64_t> WritePatientProfiles(const SinkContext& ctx);
core::Result<std::int64_t> WritePatientDataKeys(const SinkContext& ctx);
core::Result<std::int64_t> WriteMedicalHistories(const SinkContext& ctx);
core::Result<std::int64_t> WriteHairLossProfiles(const SinkContext& ctx);
core::Result<std::int64_t> WriteConsultations(const SinkContext& ctx);
core::Result<std::int64_t> WriteConsultationQuotes(const SinkContext& ctx);
core::Result<std::int64_t> WriteBookings(const SinkContext& ctx);
core::Result<std::int64_t> WritePaymentLedger(const SinkContext& ctx);
core::Result<std::int64_t> WriteTravelArrangements(const SinkContext& ctx);
// travel_rows.cpp: the trips' structured rows, from the arrangements' JSONB.
core::Result<std::int64_t> WriteTravelFlights(const SinkContext& ctx);
core::Result<std::int64_t> WriteTravelHotelStays(const SinkContext& ctx);
core::Result<std::int64_t> WriteTravelTransfers(const SinkContext& ctx);
core::Result<std::int64_t> WriteProcedureOutcomes(const SinkContext& ctx);
core::Result<std::int64_t> WriteFollowUpCare(const SinkContext& ctx);
core::Result<std::int64_t> WriteReviews(const SinkContext& ctx);
core::Result<std::int64_t> WriteCommunicationChannels(const SinkContext& ctx);
core::Result<std::int64_t> WriteConversationSessions(const SinkContext& ctx);
core::Result<std::int64_t> WriteMessageTemplates(const SinkContext& ctx);
core::Result<std::int64_t> WriteMessages(const SinkContext& ctx);
core::Result<std::int64_t> WriteMarketingCampaigns(const SinkContext& ctx);
core::Result<std::int64_t> WriteLeads(const SinkContext& ctx);
// lead_pipeline_rows.cpp (0024_lead_pipeline.sql).
core::Result<std::int64_t> WriteCampaignUtmMappings(const SinkContext& ctx);
core::Result<std::int64_t> WriteLeadTouches(const SinkContext& ctx);
core::Result<std::int64_t> WriteLeadActivities(const SinkContext& ctx);
// campaign_spend_rows.cpp (0029_lead_conversion_campaigns.sql).
core::Result<std::int64_t> WriteCampaignSpend(const SinkContext& ctx);
core::Result<std::int64_t> WriteLeadTeamMembers(const SinkContext& ctx);
core::Result<std::int64_t> WriteLeadAssignmentRules(const SinkContext& ctx);
core::Result<std::int64_t> WritePatientJourneyEvents(const SinkContext& ctx);
// Access control (0010_access_control.sql).
core::Result<std::int64_t> WriteUserRoles(const SinkContext& ctx);
core::Result<std::int64_t> WriteProviderMembers(const SinkContext& ctx);
core::Result<std::int64_t> WriteCareAssignments(const SinkContext& ctx);
// The consent ledger (0026_consent_ledger.sql).
core::Result<std::int64_t> WriteConsentEvents(const SinkContext& ctx);
// Data export requests (0030_data_exports.sql).
core::Result<std::int64_t> WriteDataExportRequests(const SinkContext& ctx);
// Restrictions of processing (0030_data_exports.sql); written last.
core::Result<std::int64_t> WriteProcessingRestrictions(const SinkContext& ctx);
// Historical converted and lost leads for the scoring model, their touches
// and their stage changes (scoring_rows.cpp).
core::Result<std::int64_t> WriteLeadScoringHistory(const SinkContext& ctx);
core::Result<std::int64_t> WriteLeadScoringHistoryTouches(const SinkContext& ctx);
core::Result<std::int64_t> WriteLeadScoringHistoryActivities(const SinkContext& ctx);

// Shared by several writers.

// Seconds from a booking's procedure date/time (Istanbul, UTC+3) to UTC.
inline std::int64_t ProcedureStart(const Booking& b) {
  return b.procedure_day * kDay + b.procedure_time - 3 * kHour;
}

// Travel plan of a booking: the same for the travel table, the messages
// that mention the hotel, and the journey events of the trip.
struct TripPlan {
  std::size_t hotel = 0;       // into ref::Hotels()
  std::int64_t arrival = 0;    // landing in Istanbul, UTC
  std::int64_t departure = 0;  // flight home, UTC
  std::int64_t booked_at = 0;  // when the arrangements were made
};
TripPlan PlanTrip(const World& world, std::int32_t booking);

// The quotes of a consultation (qualified completions only): one version,
// sometimes a revised second; the last is accepted when a booking came of
// the consultation. The same plan gives the quotes table and the booking's
// quote_id.
struct QuoteVersion {
  Uuid id;
  std::int64_t price_minor = 0;
  std::int64_t created_at = 0;
  std::int64_t valid_until = 0;
  std::int64_t accepted_at = kNoTime;
};
struct QuotePlan {
  std::vector<QuoteVersion> versions;  // version 1 first
  std::string_view currency;
  int hotel_nights = 0;
  bool airport_transfers = false;
  bool interpreter = false;
};
QuotePlan PlanQuotes(const World& world, std::int32_t consultation);
// The accepted quote a booking was made from (nil when none).
Uuid AcceptedQuoteOf(const World& world, std::int32_t booking);

// The payments ledger of a booking, consistent with its payment_status:
// pending none; deposit a deposit; paid a deposit and the balance;
// refunded a deposit and its refund. Amounts in minor units.
enum class LedgerKind : std::uint8_t { kDeposit, kBalance, kRefund };
struct LedgerEntry {
  LedgerKind kind = LedgerKind::kDeposit;
  std::int64_t amount_minor = 0;
  std::int64_t at = 0;
};
std::vector<LedgerEntry> PlanLedger(const World& world, std::int32_t booking);

// The hair treatments a patient tried and still uses (a bit per
// ref::HairTreatments()), shared by the hair-loss profile and the
// medication list of the medical history.
struct HairTreatments {
  std::uint32_t tried = 0;
  std::uint32_t current = 0;  // a subset of tried
};
HairTreatments HairTreatmentsOf(const World& world, std::int32_t patient);

// A media URL on the example CDN for the object `id`.
std::string MediaUrl(std::string_view folder, const Uuid& id, std::string_view name);

}  // namespace imedic::seed
