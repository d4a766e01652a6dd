#include "domains/care/idempotency.hpp"

#include "core/hash.hpp"
#include "core/log.hpp"
#include "db/transaction.hpp"
#include "db/typed_get.hpp"
#include "domains/care/sql/queries.hpp"

namespace imedic::care {

namespace {

constexpr std::size_t kMaxKeyChars = 255;

core::Error BadKey(std::string message) {
  return core::Error::InvalidInput("invalid Idempotency-Key header",
                                   {{"Idempotency-Key", std::move(message)}});
}

}  // namespace

core::Result<std::optional<std::string>> IdempotencyKeyOf(const http::Request& request) {
  const std::string* value = nullptr;
  for (const auto& [name, v] : request.headers) {
    if (name != kIdempotencyHeader) continue;
    if (value != nullptr) return core::Fail(BadKey("given more than once"));
    value = &v;
  }
  if (value == nullptr) return std::optional<std::string>();
  if (value->empty()) return core::Fail(BadKey("must not be empty"));
  if (value->size() > kMaxKeyChars) return core::Fail(BadKey("at most 255 characters"));
  for (char c : *value) {
    if (c < 0x21 || c > 0x7e) return core::Fail(BadKey("visible ASCII characters only"));
  }
  return std::optional<std::string>(*value);
}

std::string RequestFingerprint(const http::Request& request) {
  // Lengths first, so no two (method, path, body) triples share an input.
  std::string input = std::to_string(request.method.size()) + ":" + request.method +
                      std::to_string(request.path.size()) + ":" + request.path + request.body;
  return core::Sha256Hex(input);
}

core::Result<http::Response> RunIdempotent(db::Pool& pool, std::string_view caller,
                                           const std::optional<std::string>& key,
                                           std::string_view fingerprint, const IdempotentAct& act) {
  auto conn = pool.Acquire();
  if (!conn) return core::Fail(conn.error());
  db::Transaction tx(**conn);
  if (auto begun = tx.Begin(); !begun) return core::Fail(begun.error());
  if (key) {
    auto claim = (*conn)->Execute(sql::kClaimIdempotencyKey, db::Params{caller, *key, fingerprint});
    if (!claim) return core::Fail(claim.error());
    const std::string_view outcome = claim->Get(0, 0);
    if (outcome == "mismatch") {
      return core::Fail(
          BadKey("this key was used with another request (method, path or body) in the last 24 "
                 "hours; use a new key"));
    }
    if (outcome == "in_progress") {
      return core::Fail(
          core::Error::Conflict("a request with this Idempotency-Key is still in progress"));
    }
    if (outcome == "replay") {
      auto status = db::GetInt(*claim, 0, 1);
      if (!status) return core::Fail(status.error());
      http::Response replay = http::Response::Json(*status, std::string(claim->Get(0, 2)));
      replay.headers.emplace_back(std::string(kReplayedHeader), "true");
      return replay;  // the transaction only read: rolling it back is fine
    }
  }
  auto answer = act(**conn);
  if (!answer) return core::Fail(answer.error());
  if (key) {
    auto done = (*conn)->Execute(sql::kCompleteIdempotencyKey,
                                 db::Params{caller, *key, answer->status, answer->body});
    if (!done) return core::Fail(done.error());
    answer->body = std::string(done->Get(0, 1));
  }
  if (auto committed = tx.Commit(); !committed) return core::Fail(committed.error());
  return answer;
}

void AddIdempotencyPurgeJob(jobs::PeriodicJobs& jobs, db::Pool& pool,
                            std::chrono::milliseconds interval) {
  jobs.Add("idempotency_purge", interval, [&pool] {
    auto conn = pool.Acquire();
    if (!conn) {
      jobs::ReportRunFailed();
      return;
    }
    auto purged = (*conn)->Execute(sql::kPurgeIdempotencyKeys);
    if (!purged) {
      jobs::ReportRunFailed();
      core::log::Warn("idempotency_purge_failed")
          .Str("code", core::ErrorCodeName(purged.error().code))
          .Emit();
    } else if (purged->Get(0, 0) != "0") {
      core::log::Info("idempotency_purge").Str("removed", std::string(purged->Get(0, 0))).Emit();
    }
  });
}

}  // namespace imedic::care
