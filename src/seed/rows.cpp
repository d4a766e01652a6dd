// The table order, and helpers several writers share.
#include "seed/rows.hpp"

#include <algorithm>

namespace imedic::seed {

std::span<const TableWriter> TableWriters() {
  // Parents before children; providers before the patients' care records.
  static constexpr TableWriter kWriters[] = {
      {"users", WriteUsers},
      {"user_profiles", WriteUserProfiles},
      {"providers", WriteProviders},
      {"procedures", WriteProcedures},
      {"provider_availability", WriteProviderAvailability},
      {"patient_profiles", WritePatientProfiles},
      {"patient_data_keys", WritePatientDataKeys},
      {"medical_histories", WriteMedicalHistories},
      {"hair_loss_profiles", WriteHairLossProfiles},
      {"consultations", WriteConsultations},
      {"consultation_quotes", WriteConsultationQuotes},
      {"bookings", WriteBookings},
      {"payment_ledger", WritePaymentLedger},
      {"travel_arrangements", WriteTravelArrangements},
      {"travel_flights", WriteTravelFlights},
      {"travel_hotel_stays", WriteTravelHotelStays},
      {"travel_transfers", WriteTravelTransfers},
      {"procedure_outcomes", WriteProcedureOutcomes},
      {"follow_up_care", WriteFollowUpCare},
      {"reviews", WriteReviews},
      {"communication_channels", WriteCommunicationChannels},
      {"conversation_sessions", WriteConversationSessions},
      // The WhatsApp template registry (0028), before the messages.
      {"message_templates", WriteMessageTemplates},
      {"messages", WriteMessages},
      {"marketing_campaigns", WriteMarketingCampaigns},
      {"leads", WriteLeads},
      // The lead pipeline (0024), derived from the leads.
      {"campaign_utm_mappings", WriteCampaignUtmMappings},
      {"lead_touches", WriteLeadTouches},
      {"lead_activities", WriteLeadActivities},
      // Campaigns' daily spend (0029), derived from the campaigns.
      {"campaign_spend", WriteCampaignSpend},
      {"patient_journey_events", WritePatientJourneyEvents},
      // Access control: who holds which role, works for which provider,
      // looks after which patient.
      {"user_roles", WriteUserRoles},
      {"provider_members", WriteProviderMembers},
      {"care_assignments", WriteCareAssignments},
      // Lead assignment (0024): needs the sales reps' roles.
      {"lead_team_members", WriteLeadTeamMembers},
      {"lead_assignment_rules", WriteLeadAssignmentRules},
      // The consent ledger: what each patient agreed to, and withdrew.
      {"consent_events", WriteConsentEvents},
      // Lead scoring (0032): 3 000 more leads, closed, whose conversion
      // follows a documented formula; after the sales reps' roles.
      {"leads", WriteLeadScoringHistory},
      {"lead_touches", WriteLeadScoringHistoryTouches},
      {"lead_activities", WriteLeadScoringHistoryActivities},
      // Data export requests, a few finished and the persona's queued one.
      {"data_export_requests", WriteDataExportRequests},
      // Last: its triggers make the restricted patients' records read-only.
      {"processing_restrictions", WriteProcessingRestrictions},
  };
  return kWriters;
}

TripPlan PlanTrip(const World& w, std::int32_t booking) {
  const Booking& b = w.bookings[booking];
  Prng rng = Prng::Stream(w.seed, static_cast<std::uint64_t>(Stream::kTravel),
                          static_cast<std::uint64_t>(booking));
  TripPlan trip;
  // A hotel near the clinic when there is one in the same district.
  const auto hotels = ref::Hotels();
  const auto areas = ref::Areas();
  const std::string_view district = areas[w.providers[b.provider].area].district;
  std::vector<std::size_t> nearby;
  for (std::size_t h = 0; h < hotels.size(); ++h) {
    if (areas[hotels[h].area].district == district) nearby.push_back(h);
  }
  trip.hotel = nearby.empty() ? rng.Below(hotels.size()) : nearby[rng.Below(nearby.size())];

  const ref::CatalogueEntry& entry = w.EntryOf(w.procedures[b.procedure]);
  // Land the day before (two days before a major operation), mid-day.
  const int days_before = entry.anaesthesia == "general" && rng.Chance(0.5) ? 2 : 1;
  trip.arrival = (b.procedure_day - days_before) * kDay + rng.Range(6, 18) * kHour +
                 rng.Range(0, 11) * 5 * kMinute;
  const int nights = std::max(
      2, entry.nights_in_istanbul + days_before - 1 + static_cast<int>(rng.Range(0, 2)));
  trip.departure = DayOf(trip.arrival) * kDay + nights * kDay + rng.Range(5, 19) * kHour +
                   rng.Range(0, 11) * 5 * kMinute;
  // Arranged after the booking, and well before the flight.
  const std::int64_t latest = std::min(trip.arrival - 3 * kDay, kReferenceTime - kHour);
  const std::int64_t earliest = std::min(b.created_at + kHour, latest);
  trip.booked_at = earliest + static_cast<std::int64_t>((latest - earliest) * rng.Real(0, 0.5));
  return trip;
}

HairTreatments HairTreatmentsOf(const World& w, std::int32_t patient) {
  Prng rng = Prng::Stream(w.seed, static_cast<std::uint64_t>(Stream::kHairTreatments),
                          static_cast<std::uint64_t>(patient));
  HairTreatments t;
  const std::size_t count = ref::HairTreatments().size();
  // About half tried minoxidil, a third finasteride, fewer anything else;
  // the ongoing ones (medication, shampoo) are often still in use.
  static constexpr double kTried[] = {0.5, 0.35, 0.05, 0.05, 0.25, 0.15, 0.08, 0.04};
  static constexpr double kStillUsing[] = {0.6, 0.75, 0, 0.6, 0.5, 0.5, 0, 0};
  for (std::size_t k = 0; k < count && k < std::size(kTried); ++k) {
    if (!rng.Chance(kTried[k])) continue;
    t.tried |= 1U << k;
    if (rng.Chance(kStillUsing[k])) t.current |= 1U << k;
  }
  return t;
}

std::string MediaUrl(std::string_view folder, const Uuid& id, std::string_view name) {
  std::string url = "https://media.example.com/";
  url += folder;
  url.push_back('/');
  AppendUuid(url, id);
  url.push_back('/');
  url += name;
  return url;
}

}  // namespace imedic::seed
