#include "app/routes.hpp"

#include <memory>

#include "app/docs_routes.hpp"
#include "app/health.hpp"
#include "app/metrics_route.hpp"
#include "app/services.hpp"
#include "domains/care/aftercare_protocol_routes.hpp"
#include "domains/care/booking_routes.hpp"
#include "domains/care/consultation_routes.hpp"
#include "domains/care/follow_up_routes.hpp"
#include "domains/care/journey_routes.hpp"
#include "domains/care/outcome_routes.hpp"
#include "domains/care/payment_routes.hpp"
#include "domains/care/review_routes.hpp"
#include "domains/care/travel_routes.hpp"
#include "domains/care/trip_list.hpp"
#include "domains/exports/export_routes.hpp"
#include "domains/files/file_routes.hpp"
#include "domains/identity/identity_routes.hpp"
#include "domains/identity/profile_routes.hpp"
#include "domains/marketing/activity_routes.hpp"
#include "domains/marketing/assignment_routes.hpp"
#include "domains/marketing/campaign_routes.hpp"
#include "domains/marketing/capture_routes.hpp"
#include "domains/marketing/conversion_routes.hpp"
#include "domains/marketing/experiment_routes.hpp"
#include "domains/marketing/lead_routes.hpp"
#include "domains/marketing/scoring_routes.hpp"
#include "domains/messaging/conversation_routes.hpp"
#include "domains/messaging/template_routes.hpp"
#include "domains/messaging/webhook_routes.hpp"
#include "domains/patients/patient_registration.hpp"
#include "domains/patients/record_routes.hpp"
#include "domains/privacy/audit_routes.hpp"
#include "domains/privacy/consent_routes.hpp"
#include "domains/privacy/restriction_routes.hpp"
#include "domains/providers/provider_routes.hpp"
#include "domains/providers/search_routes.hpp"

namespace imedic::app {

void RegisterRoutes(http::Router& router, Services& s) {
  router.Add({"GET", "/healthz", [](auto& ctx) { return Healthz(ctx); }, http::kPublic, "none",
              "Liveness: the process is up"})
      << http::Shedding::kIoThread;
  router.Add({"GET", "/readyz", [&s](auto& ctx) { return Readyz(s, ctx); }, http::kPublic, "none",
              "Readiness: database reachable and schema current"})
      << http::Shedding::kExempt;
  router.Add({"GET", "/version", [&s](auto& ctx) { return Version(s, ctx); }, http::kPublic, "none",
              "Build and schema version"});
  identity::RegisterAuthRoutes(router, s.identity, s.pool);
  identity::RegisterAdminRoutes(router, s.identity, s.pool);
  patients::RegisterRecordRoutes(router, *s.records);
  // Staff registering a patient: POST /patients and POST /leads/{id}/convert.
  auto registrar = std::make_shared<const patients::PatientRegistrar>(*s.records);
  patients::RegisterPatientRegistrationRoute(router, s.pool, registrar);
  identity::RegisterProfileRoutes(router, s.pool, *s.records);
  // Before /leads/{id}: the literal paths under /leads match first.
  marketing::RegisterCaptureRoutes(router, s.pool, s.keys, s.lead_origins);
  marketing::RegisterLeadRoutes(router, s.pool);
  marketing::RegisterActivityRoutes(router, s.pool);
  marketing::RegisterAssignmentRoutes(router, s.pool);
  marketing::RegisterCampaignRoutes(router, s.pool, *s.records);
  marketing::RegisterConversionRoutes(router, s.pool, registrar);
  marketing::RegisterScoringRoutes(router, s.pool);
  marketing::RegisterExperimentRoutes(router, s.pool);
  providers::RegisterProviderRoutes(router, *s.records);
  providers::RegisterSearchRoutes(router, s.pool);
  privacy::RegisterAuditRoutes(router, s.pool);
  privacy::RegisterConsentRoutes(router, s.pool);
  privacy::RegisterRestrictionRoutes(router, s.pool);
  files::RegisterFileRoutes(router, s.pool, s.keys,
                            {.dir = s.files_dir, .max_upload_bytes = s.max_upload_bytes});
  care::RegisterBookingRoutes(router, s.pool);
  care::RegisterPaymentRoutes(
      router, s.pool,
      {.secret = s.payment_webhook_secret, .tolerance = s.payment_webhook_tolerance});
  care::RegisterConsultationRoutes(router, s.pool, s.keys, s.meeting_base_url);
  care::RegisterJourneyRoutes(router, s.pool);
  care::RegisterOutcomeRoutes(router, s.pool, s.keys);
  care::RegisterReviewRoutes(router, s.pool);
  care::RegisterTravelRoutes(router, s.pool);
  care::RegisterTripList(router, s.pool);
  care::RegisterAftercareProtocolRoutes(router, s.pool);
  care::RegisterFollowUpRoutes(router, s.pool, s.keys);
  messaging::RegisterWebhookRoutes(router, s.pool, s.keys, s.messaging_webhooks);
  messaging::RegisterConversationRoutes(router, s.pool, s.keys);
  messaging::RegisterTemplateRoutes(router, s.pool);
  exports::RegisterExportRoutes(router, s.pool, s.keys, s.files_dir);
  RegisterMetricsRoute(router, s);
  // Last: /openapi.json describes every route registered before it.
  RegisterDocsRoutes(router, s.version, s.web_assets_dir);
}

}  // namespace imedic::app
