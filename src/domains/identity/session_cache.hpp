// What bearer tokens stand for, kept in memory so that an authenticated
// request costs one round trip to PostgreSQL (its own statement) instead of
// two (session check, then statement).
//
// Correctness rests on invalidation, not on a short lifetime:
//  - every change to sessions, tokens, users, roles, memberships, profiles or
//    role permissions is announced by a trigger on the channel 'imedic_auth'
//    (migration 0016), which AuthChangeListener hears on every node and turns
//    into EvictUser / EvictAll within milliseconds of the commit;
//  - while the listener is not connected the cache is disabled: every request
//    asks the database, so a lost connection can never keep a revoked token alive;
//  - a database read that raced with an invalidation is not stored (Ticket);
//  - entries still expire with their session (absolute and inactivity
//    timeouts, checked here) and after `max_age`, when the database check
//    runs again and moves the session's last_used_at forward.
#pragma once

#include <chrono>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/clock.hpp"
#include "core/principal.hpp"

namespace imedic::identity {

struct SessionCacheOptions {
  std::size_t capacity = 50000;            // entries; beyond it new ones are not stored
  std::chrono::seconds max_age{60};        // then the database is asked again
  std::size_t invalidation_memory = 1024;  // invalidations remembered for Ticket checks
};

// How long the database says a token stays valid, from the moment it was read.
struct TokenLifetime {
  std::chrono::milliseconds expires_in{0};           // absolute expiry
  std::optional<std::chrono::seconds> idle_timeout;  // sessions; none for API tokens
};

struct SessionCacheStats {
  std::uint64_t hits = 0;
  std::uint64_t misses = 0;
  std::uint64_t stored = 0;
  std::uint64_t refused = 0;  // loads not stored: raced with an invalidation, or full
  std::uint64_t evicted = 0;  // entries dropped by invalidations
  std::size_t entries = 0;
  bool enabled = false;
};

class SessionCache {
 public:
  using Clock = std::chrono::steady_clock;

  // Expiry is timed by `clock` (tests pass a core::ManualClock); it must
  // outlive the cache.
  explicit SessionCache(SessionCacheOptions options = {},
                        const core::Clock& clock = core::SystemClockInstance());
  SessionCache(const SessionCache&) = delete;
  SessionCache& operator=(const SessionCache&) = delete;

  // Take before reading the database; pass to Store with what was read.
  std::uint64_t Ticket() const;
  // The principal of a live cached token, or nothing (then ask the database).
  std::optional<core::Principal> Find(std::string_view token_hash) {
    return Find(token_hash, clock_.Now());
  }
  // As above, at the given time.
  std::optional<core::Principal> Find(std::string_view token_hash, Clock::time_point now);
  // Stores a principal read under `ticket`, unless its user (or everyone)
  // was invalidated since, the cache is disabled, or it is full.
  void Store(std::uint64_t ticket, std::string token_hash, core::Principal principal,
             TokenLifetime lifetime) {
    Store(ticket, std::move(token_hash), std::move(principal), lifetime, clock_.Now());
  }
  void Store(std::uint64_t ticket, std::string token_hash, core::Principal principal,
             TokenLifetime lifetime, Clock::time_point now);

  void EvictUser(std::string_view user_id);
  void EvictAll();
  // Disabled: Find finds nothing and Store stores nothing. Enabling or
  // disabling also empties the cache.
  void SetEnabled(bool enabled);
  bool enabled() const;

  SessionCacheStats Stats() const;

 private:
  // An entry keeps only what is the token's own (user, session, profile,
  // clinics); what many tokens share (type, roles, permissions, scopes) is
  // one interned Principal: 50,000 patient sessions cost ~0.4 KiB each.
  struct Entry {
    std::shared_ptr<const core::Principal> grants;  // interned; identity fields empty
    std::string user_id;
    std::string session_id;
    std::optional<std::string> patient_profile_id;
    std::vector<std::string> provider_ids;
    Clock::time_point valid_until;  // min(session expiry, stored + max_age)
    std::optional<std::chrono::seconds> idle_timeout;
    Clock::time_point last_used;
  };
  struct Invalidation {
    std::uint64_t seq;
    std::string user_id;  // "" = everyone
  };

  void NoteInvalidation(std::string user_id);  // REQUIRES: mu_ held
  bool InvalidatedSince(std::uint64_t ticket, std::string_view user_id) const;  // REQUIRES: mu_
  void EraseLocked(std::unordered_map<std::string, Entry>::iterator it);
  void DropExpiredLocked(Clock::time_point now);
  std::shared_ptr<const core::Principal> InternLocked(core::Principal grants);

  const SessionCacheOptions options_;
  const core::Clock& clock_;
  mutable std::mutex mu_;
  bool enabled_ = false;
  std::uint64_t seq_ = 0;                           // invalidations so far
  std::deque<Invalidation> recent_;                 // the newest ones, oldest first
  std::unordered_map<std::string, Entry> entries_;  // by token hash
  std::unordered_map<std::string, std::vector<std::string>> by_user_;  // user id → token hashes
  std::unordered_map<std::string, std::shared_ptr<const core::Principal>> interned_;  // by grants
  Clock::time_point last_sweep_{};
  SessionCacheStats stats_{};
};

}  // namespace imedic::identity
