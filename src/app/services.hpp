// What the handlers share: the database pool, the master keys and the
// process facts.
#pragma once

#include <chrono>
#include <cstddef>
#include <string>
#include <vector>

#include "core/keyring.hpp"
#include "db/pool.hpp"
#include "domains/messaging/webhook_routes.hpp"

namespace imedic::identity {
class IdentityService;
class SessionCache;
}  // namespace imedic::identity

namespace imedic::privacy {
class AuditBatcher;
}  // namespace imedic::privacy
namespace imedic::providers {
class CatalogCache;
}  // namespace imedic::providers

namespace imedic::records {
class RecordService;
}  // namespace imedic::records

namespace imedic::app {

struct Services {
  db::Pool& pool;
  std::string version;
  const core::Keyring& keys;
  identity::IdentityService& identity;
  records::RecordService* records = nullptr;  // the records API's shared handlers
  // Uploaded files: where they are stored, and the largest accepted.
  std::string files_dir{};
  std::size_t max_upload_bytes = 10 << 20;
  // The payment provider's webhook: HMAC secret and timestamp tolerance.
  std::string payment_webhook_secret{};
  std::chrono::seconds payment_webhook_tolerance{300};
  // The inbound messaging webhooks (messaging::WebhookSettings).
  messaging::WebhookSettings messaging_webhooks{};
  // Where video and Zoom consultation links point (core::Config::meeting_base_url).
  std::string meeting_base_url = "https://meet.imedic.example/";
  // GET /metrics: the scraper's bearer token (empty: the route answers 404)
  // and the session cache it reports on (null when the cache is off).
  std::string metrics_token{};
  const identity::SessionCache* session_cache = nullptr;
  const privacy::AuditBatcher* audit_batcher = nullptr;  // null when read audits are not batched
  // The public catalog cache it reports on (null when the cache is off).
  const providers::CatalogCache* catalog_cache = nullptr;
  // Origins of the public lead form (core::Config::lead_origins).
  std::vector<std::string> lead_origins{};
  // The npm assets of the API reference page (/docs).
  std::string web_assets_dir{};
};

}  // namespace imedic::app
