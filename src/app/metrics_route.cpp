#include "app/metrics_route.hpp"

#include <sodium.h>

#include "core/metrics.hpp"
#include "domains/identity/identity_service.hpp"
#include "domains/identity/session_cache.hpp"
#include "domains/messaging/conversation_timeout.hpp"
#include "domains/messaging/outbox_backlog.hpp"
#include "domains/privacy/audit_batcher.hpp"
#include "domains/privacy/audit_lag.hpp"
#include "domains/providers/catalog_cache.hpp"

namespace imedic::app {
namespace {

namespace m = core::metrics;

constexpr std::string_view kContentType = "text/plain; version=0.0.4; charset=utf-8";

// "Bearer <token>" equal to the configured token, compared in constant time.
bool HoldsToken(std::string_view authorization, std::string_view token) {
  constexpr std::string_view kScheme = "Bearer ";
  if (authorization.size() != kScheme.size() + token.size()) return false;
  if (authorization.substr(0, kScheme.size()) != kScheme) return false;
  return sodium_memcmp(authorization.data() + kScheme.size(), token.data(), token.size()) == 0;
}

void Gauge(std::string& out, std::string_view name, std::string_view help, double value) {
  m::WriteFamily(out, name, "gauge", help);
  m::WriteSample(out, name, {}, value);
}

void Counter(std::string& out, std::string_view name, std::string_view help, double value) {
  m::WriteFamily(out, name, "counter", help);
  m::WriteSample(out, name, {}, value);
}

void WritePool(std::string& out, db::Pool& pool) {
  const db::PoolStats p = pool.Stats();
  Gauge(out, "imedic_db_pool_size", "The bound of the connection pool.", p.size);
  Gauge(out, "imedic_db_pool_connections_in_use", "Pool connections on loan to a request or job.",
        p.open - p.idle);
  Gauge(out, "imedic_db_pool_connections_idle", "Open pool connections waiting to be lent.",
        p.idle);
  Gauge(out, "imedic_db_pool_waiting", "Callers waiting for a pool connection now.", p.waiting);
}

void WriteCaches(std::string& out, const Services& s) {
  if (s.session_cache != nullptr) {
    const auto c = s.session_cache->Stats();
    Counter(out, "imedic_session_cache_hits_total",
            "Bearer tokens answered from the session cache.", static_cast<double>(c.hits));
    Counter(out, "imedic_session_cache_misses_total", "Bearer tokens looked up in the database.",
            static_cast<double>(c.misses));
    Gauge(out, "imedic_session_cache_entries", "Sessions held by the cache.",
          static_cast<double>(c.entries));
  }
  if (s.audit_batcher != nullptr) {
    const auto b = s.audit_batcher->Stats();
    Counter(out, "imedic_audit_read_batches_total",
            "Batches of read audit rows committed (one statement each).",
            static_cast<double>(b.batches));
    Counter(out, "imedic_audit_read_batch_rows_total",
            "Read audit rows committed in batches; divided by the batches: the mean batch size.",
            static_cast<double>(b.rows));
    Counter(out, "imedic_audit_read_batch_failures_total",
            "Read audit rows whose batch failed (each of those reads was answered 503).",
            static_cast<double>(b.failed_rows));
  }
  if (s.catalog_cache != nullptr) {
    const auto c = s.catalog_cache->Stats();
    Counter(out, "imedic_catalog_cache_hits_total", "Public catalog answers served from memory.",
            static_cast<double>(c.hits));
    Counter(out, "imedic_catalog_cache_misses_total",
            "Public catalog answers not in memory, read from the database.",
            static_cast<double>(c.misses));
    Counter(out, "imedic_catalog_cache_bypasses_total",
            "Public catalog answers read from the database while the cache was disabled "
            "(its change listener not connected).",
            static_cast<double>(c.bypasses));
    Counter(out, "imedic_catalog_cache_evictions_total",
            "Catalog entries dropped to stay within IMEDIC_CATALOG_CACHE_BYTES.",
            static_cast<double>(c.evictions));
    Counter(out, "imedic_catalog_cache_invalidations_total",
            "Catalog entries dropped because what they show changed.",
            static_cast<double>(c.invalidated));
    Gauge(out, "imedic_catalog_cache_bytes", "Bytes held by the catalog cache (estimated).",
          static_cast<double>(c.bytes));
    Gauge(out, "imedic_catalog_cache_entries", "Answers held by the catalog cache.",
          static_cast<double>(c.entries));
    Gauge(out, "imedic_catalog_cache_enabled",
          "1 while the catalog cache's change listener is connected, else 0 (bypassed).",
          c.enabled ? 1.0 : 0.0);
  }
  const auto h = s.identity.password_hasher_stats();
  Gauge(out, "imedic_password_hasher_queue", "Password hashes waiting for a hashing thread.",
        static_cast<double>(h.queued));
  Counter(out, "imedic_password_hashes_total", "Password hashes and checks done.",
          static_cast<double>(h.done));
  Counter(out, "imedic_password_hasher_refused_total",
          "Password requests refused because the queue was full (429) or waited too long (503).",
          static_cast<double>(h.refused + h.timed_out));
  Counter(out, "imedic_conversations_timed_out_total",
          "Conversations this node's timeout job closed after their inactivity period.",
          static_cast<double>(messaging::ConversationsTimedOutTotal()));
}

// The outbox and sealer backlogs are the database's (shared by every node):
// one round trip each; a failure leaves them out and says so in a gauge.
void WriteBacklogs(std::string& out, db::Pool& pool) {
  auto conn = pool.Acquire();
  bool ok = false;
  if (conn) {
    auto outbox = messaging::ReadOutboxBacklog(**conn);
    auto lag = privacy::ReadSealingLag(**conn);
    if (outbox && lag) {
      ok = true;
      Gauge(out, "imedic_outbox_undelivered", "Outbox messages not yet delivered (all nodes).",
            static_cast<double>(outbox->undelivered));
      Gauge(out, "imedic_outbox_oldest_undelivered_age_seconds",
            "Age of the oldest undelivered outbox message (0 when none).",
            outbox->oldest_undelivered_age);
      Gauge(out, "imedic_outbox_dead_letters", "Outbox messages given up after their attempts.",
            static_cast<double>(outbox->dead));
      Gauge(out, "imedic_audit_unsealed_rows", "Audit rows not yet sealed into the hash chain.",
            static_cast<double>(lag->unsealed));
      Gauge(out, "imedic_audit_sealing_lag_seconds",
            "Age of the oldest audit row not yet sealed (0 when none).", lag->oldest_unsealed_age);
    }
  }
  Gauge(out, "imedic_metrics_database_up",
        "1 when this scrape could read the database's backlogs, else 0.", ok ? 1 : 0);
}

http::RouteDoc MetricsDoc() {
  http::RouteDoc doc;
  doc.media = {"text/plain"};
  doc.errors = {401, 404};
  return doc;
}

}  // namespace

void RegisterMetricsRoute(http::Router& router, Services& s) {
  router.Add({"GET", "/metrics",
              [&s](http::RequestContext& ctx) -> core::Result<http::Response> {
                if (s.metrics_token.empty()) {
                  return core::Fail(core::Error(core::ErrorCode::kNotFound,
                                                "metrics are off: no IMEDIC_METRICS_TOKEN"));
                }
                if (!HoldsToken(ctx.request.HeaderValue("authorization"), s.metrics_token)) {
                  return core::Fail(core::Error(core::ErrorCode::kUnauthenticated,
                                                "the metrics token is missing or wrong"));
                }
                http::Response r;
                r.content_type = std::string(kContentType);
                r.headers.emplace_back("cache-control", "no-store");
                m::WriteRegistry(r.body);
                WritePool(r.body, s.pool);
                WriteCaches(r.body, s);
                WriteBacklogs(r.body, s.pool);
                return r;
              },
              http::kPublic, "none",
              "This node's metrics in the Prometheus text format (Bearer metrics token)",
              http::BodyKind::kNone, http::RowKind::kNone, MetricsDoc()})
      << http::Shedding::kExempt;
}

}  // namespace imedic::app
