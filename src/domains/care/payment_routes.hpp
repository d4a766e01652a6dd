// HTTP routes of the payments ledger (issue 11, item 3):
//   POST /bookings/{id}/payments   staff: a deposit, balance or adjustment (Idempotency-Key)
//   POST /bookings/{id}/refunds    staff: a refund, never beyond what is still paid
//   (Idempotency-Key) GET  /bookings/{id}/payments   the ledger with the booking's payment state
//   POST /webhooks/payments        the payment provider's signed events (public, HMAC-verified)
#pragma once

#include <chrono>
#include <string>

#include "db/pool.hpp"
#include "http/router.hpp"

namespace imedic::care {

struct PaymentWebhookSettings {
  std::string secret;                   // IMEDIC_PAYMENT_WEBHOOK_SECRET; empty: refuse all
  std::chrono::seconds tolerance{300};  // IMEDIC_PAYMENT_WEBHOOK_TOLERANCE_SECONDS
};

// `pool` must outlive the router.
void RegisterPaymentRoutes(http::Router& router, db::Pool& pool, PaymentWebhookSettings webhook);

}  // namespace imedic::care
