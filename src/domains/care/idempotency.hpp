// The Idempotency-Key header of POSTs that create something (bookings,
// payments, refunds; any route may use it): the same key with the same
// request gives the first answer again, the same key with another request is
// refused, and the act happens once however many retries race.
//
// The key is claimed first in the transaction that acts and the answer is
// stored in that same transaction (claim_idempotency_key /
// complete_idempotency_key, migration 0019), so the act and its answer
// commit together. An act that fails rolls back and releases the key: a
// retry acts afresh (a refusal changed nothing). Keys are kept 24 hours
// (AddIdempotencyPurgeJob).
#pragma once

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "core/error.hpp"
#include "db/pool.hpp"
#include "http/message.hpp"
#include "jobs/periodic_jobs.hpp"

namespace imedic::care {

inline constexpr std::string_view kIdempotencyHeader = "idempotency-key";
// Replays carry this header ("true"), so a client can tell.
inline constexpr std::string_view kReplayedHeader = "idempotent-replayed";

// The request's Idempotency-Key: nullopt when absent; kInvalidInput naming
// the header when empty, longer than 255 characters or not visible ASCII.
core::Result<std::optional<std::string>> IdempotencyKeyOf(const http::Request& request);

// SHA-256 (hex) of method, path and body: what "the same request" means.
std::string RequestFingerprint(const http::Request& request);

// What acts, inside the transaction on `conn`: a JSON answer, or an error
// (which rolls the transaction back).
using IdempotentAct = std::function<core::Result<http::Response>(db::Connection& conn)>;

// Runs `act` in one READ COMMITTED transaction. Without a key it just acts.
// With one (claimed per `caller`, e.g. the user id): a completed claim
// answers its stored status and body (kReplayedHeader: true); another
// request under the key is kInvalidInput naming the header; a claim whose
// act has not committed its answer is kConflict.
core::Result<http::Response> RunIdempotent(db::Pool& pool, std::string_view caller,
                                           const std::optional<std::string>& key,
                                           std::string_view fingerprint, const IdempotentAct& act);

// Every `interval`, removes keys older than 24 hours.
void AddIdempotencyPurgeJob(jobs::PeriodicJobs& jobs, db::Pool& pool,
                            std::chrono::milliseconds interval = std::chrono::hours(1));

}  // namespace imedic::care
