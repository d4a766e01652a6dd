// The providers' inbound webhooks (issue 12): public routes, each checked
// by its provider's signature before its body is read (inbound_signature.hpp).
//
//   GET  /webhooks/whatsapp        the Cloud API's verification handshake
//   POST /webhooks/whatsapp        messages and statuses (X-Hub-Signature-256)
//   POST /webhooks/twilio/sms      an inbound SMS (X-Twilio-Signature), answered with TwiML
//   POST /webhooks/twilio/status   a status callback of a message we sent
//   POST /webhooks/email           a parsed inbound e-mail (Imedic-Signature: t=,v1=)
#pragma once

#include <chrono>
#include <string>

#include "core/keyring.hpp"
#include "db/pool.hpp"
#include "http/router.hpp"

namespace imedic::messaging {

struct WebhookSettings {
  std::string whatsapp_app_secret;    // IMEDIC_WHATSAPP_APP_SECRET (unset: every POST is 401)
  std::string whatsapp_verify_token;  // IMEDIC_WHATSAPP_VERIFY_TOKEN (unset: handshake 403)
  std::string twilio_auth_token;      // IMEDIC_TWILIO_AUTH_TOKEN
  // The URL the providers call us at, without a trailing slash (Twilio
  // signs the full public URL; behind a proxy the server cannot know it).
  std::string public_base_url;                        // IMEDIC_PUBLIC_BASE_URL
  std::string email_webhook_secret;                   // IMEDIC_EMAIL_WEBHOOK_SECRET
  std::chrono::seconds email_webhook_tolerance{300};  // IMEDIC_EMAIL_WEBHOOK_TOLERANCE_SECONDS
  int session_timeout_minutes = 1440;                 // IMEDIC_CONVERSATION_TIMEOUT_MINUTES
};

void RegisterWebhookRoutes(http::Router& router, db::Pool& pool, const core::Keyring& keys,
                           WebhookSettings settings);

}  // namespace imedic::messaging
