#include "domains/identity/session_cache.hpp"

#include <algorithm>

namespace imedic::identity {

SessionCache::SessionCache(SessionCacheOptions options, const core::Clock& clock)
    : options_(options), clock_(clock) {}

std::uint64_t SessionCache::Ticket() const {
  std::lock_guard lock(mu_);
  return seq_;
}

bool SessionCache::enabled() const {
  std::lock_guard lock(mu_);
  return enabled_;
}

std::optional<core::Principal> SessionCache::Find(std::string_view token_hash,
                                                  Clock::time_point now) {
  core::Principal found;
  {
    std::lock_guard lock(mu_);
    if (!enabled_) return std::nullopt;
    auto it = entries_.find(std::string(token_hash));
    if (it == entries_.end()) {
      ++stats_.misses;
      return std::nullopt;
    }
    Entry& e = it->second;
    const bool idle = e.idle_timeout && now - e.last_used > *e.idle_timeout;
    if (now >= e.valid_until || idle) {
      // Expired, or due for a database check: the caller asks the database.
      EraseLocked(it);
      ++stats_.misses;
      return std::nullopt;
    }
    e.last_used = now;
    found = *e.grants;
    found.user_id = e.user_id;
    found.session_id = e.session_id;
    found.patient_profile_id = e.patient_profile_id;
    found.provider_ids = e.provider_ids;
    ++stats_.hits;
  }
  return found;
}

void SessionCache::Store(std::uint64_t ticket, std::string token_hash, core::Principal principal,
                         TokenLifetime lifetime, Clock::time_point now) {
  if (lifetime.expires_in <= std::chrono::milliseconds::zero()) return;
  std::lock_guard lock(mu_);
  if (!enabled_ || InvalidatedSince(ticket, principal.user_id)) {
    ++stats_.refused;
    return;
  }
  if (entries_.size() >= options_.capacity) DropExpiredLocked(now);
  if (entries_.size() >= options_.capacity) {
    ++stats_.refused;
    return;
  }
  // In milliseconds first: an API token without expiry comes as milliseconds::max().
  const auto ttl = std::min<std::chrono::milliseconds>(options_.max_age, lifetime.expires_in);
  Entry entry;
  entry.user_id = std::move(principal.user_id);
  entry.session_id = std::move(principal.session_id);
  entry.patient_profile_id = std::move(principal.patient_profile_id);
  entry.provider_ids = std::move(principal.provider_ids);
  entry.grants = InternLocked(std::move(principal));
  entry.valid_until = now + ttl;
  entry.idle_timeout = lifetime.idle_timeout;
  entry.last_used = now;
  const std::string user_id = entry.user_id;
  auto [it, inserted] = entries_.insert_or_assign(token_hash, std::move(entry));
  (void)it;
  if (inserted) by_user_[user_id].push_back(std::move(token_hash));
  ++stats_.stored;
}

void SessionCache::EvictUser(std::string_view user_id) {
  std::lock_guard lock(mu_);
  NoteInvalidation(std::string(user_id));
  auto it = by_user_.find(std::string(user_id));
  if (it == by_user_.end()) return;
  std::vector<std::string> hashes = std::move(it->second);
  by_user_.erase(it);
  for (const auto& h : hashes) stats_.evicted += entries_.erase(h);
}

void SessionCache::EvictAll() {
  std::lock_guard lock(mu_);
  NoteInvalidation("");
  stats_.evicted += entries_.size();
  entries_.clear();
  by_user_.clear();
  interned_.clear();  // role permissions may have changed: intern afresh
}

void SessionCache::SetEnabled(bool enabled) {
  std::lock_guard lock(mu_);
  enabled_ = enabled;
  NoteInvalidation("");
  entries_.clear();
  by_user_.clear();
}

SessionCacheStats SessionCache::Stats() const {
  std::lock_guard lock(mu_);
  SessionCacheStats s = stats_;
  s.entries = entries_.size();
  s.enabled = enabled_;
  return s;
}

void SessionCache::NoteInvalidation(std::string user_id) {
  ++seq_;
  recent_.push_back({seq_, std::move(user_id)});
  while (recent_.size() > options_.invalidation_memory) recent_.pop_front();
}

bool SessionCache::InvalidatedSince(std::uint64_t ticket, std::string_view user_id) const {
  if (ticket == seq_) return false;
  // Invalidations ticket+1 … seq_ must all be remembered to clear the load.
  if (recent_.empty() || recent_.front().seq > ticket + 1) return true;
  return std::any_of(recent_.begin(), recent_.end(), [&](const Invalidation& i) {
    return i.seq > ticket && (i.user_id.empty() || i.user_id == user_id);
  });
}

void SessionCache::EraseLocked(std::unordered_map<std::string, Entry>::iterator it) {
  auto user = by_user_.find(it->second.user_id);
  if (user != by_user_.end()) {
    auto& hashes = user->second;
    hashes.erase(std::remove(hashes.begin(), hashes.end(), it->first), hashes.end());
    if (hashes.empty()) by_user_.erase(user);
  }
  entries_.erase(it);
}

std::shared_ptr<const core::Principal> SessionCache::InternLocked(core::Principal grants) {
  grants.user_id.clear();
  grants.session_id.clear();
  grants.patient_profile_id.reset();
  grants.provider_ids.clear();
  std::string key = grants.user_type + '|' + grants.patient_scopes.ToSql() + '|' +
                    core::ScopeName(grants.lead_scope) + '|' + (grants.via_api_token ? 't' : 's') +
                    (grants.mfa_satisfied ? 'm' : '-');
  for (const auto& r : grants.roles) key += '|' + r;
  key += '#';
  for (const auto& p : grants.permissions) key += '|' + p;
  auto [it, inserted] = interned_.try_emplace(std::move(key));
  if (inserted) it->second = std::make_shared<const core::Principal>(std::move(grants));
  return it->second;
}

void SessionCache::DropExpiredLocked(Clock::time_point now) {
  // A full scan, at most once a second: only when the cache is full.
  if (now - last_sweep_ < std::chrono::seconds(1)) return;
  last_sweep_ = now;
  for (auto it = entries_.begin(); it != entries_.end();) {
    const Entry& e = it->second;
    const bool idle = e.idle_timeout && now - e.last_used > *e.idle_timeout;
    auto next = std::next(it);
    if (now >= e.valid_until || idle) EraseLocked(it);
    it = next;
  }
}

}  // namespace imedic::identity
