// The public catalog in memory: answers of the public catalog routes
// (provider search, provider, procedure and availability pages and lists,
// published reviews) kept per process, so that reading the catalog again
// costs no PostgreSQL work until it changes.
//
// Correctness rests on invalidation, as for the session cache:
//  - every change to providers, procedures, provider_availability and
//    reviews is announced on the channel 'imedic_catalog' (migration 0031)
//    as "<table>:<row id>:<provider id>" (or "<table>:*" for a statement
//    that changed many rows); each node's listener (db::NotifyListener)
//    hands it to Invalidate, which drops every entry computed from that
//    table as a whole (searches, lists) or from that row or provider;
//  - while the listener is not connected the cache is disabled (every
//    request is a bypass and asks the database); enabling or disabling
//    empties it, so nothing missed while it was down is ever served;
//  - an answer read while an invalidation arrived is not stored (Ticket).
// Memory is bounded in bytes (IMEDIC_CATALOG_CACHE_BYTES): the least
// recently used entries are evicted to make room.
//
// Only answers that do not depend on the caller belong here: public routes
// get no principal (http::RequestContext), so theirs never do.
#pragma once

#include <cstddef>
#include <cstdint>
#include <list>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace imedic::providers {

inline constexpr const char* kCatalogChannel = "imedic_catalog";

// What an answer was computed from: a catalog table ("providers",
// "procedures", "provider_availability", "reviews") and the row or provider
// id it is about; an empty id means any row of the table.
struct CatalogDependency {
  std::string table;
  std::string id;
};

// A stored answer: its body and the row version its ETag carries.
struct CatalogAnswer {
  std::string body;
  std::string version;
};

struct CatalogCacheStats {
  std::uint64_t hits = 0;
  std::uint64_t misses = 0;
  std::uint64_t bypasses = 0;  // asked while disabled (listener down)
  std::uint64_t stored = 0;
  std::uint64_t refused = 0;    // raced with an invalidation, or larger than a quarter of the bound
  std::uint64_t evictions = 0;  // dropped to stay within the byte bound
  std::uint64_t invalidated = 0;  // dropped by a change notification
  std::size_t entries = 0;
  std::size_t bytes = 0;
  std::size_t max_bytes = 0;
  bool enabled = false;
};

class CatalogCache {
 public:
  explicit CatalogCache(std::size_t max_bytes);
  CatalogCache(const CatalogCache&) = delete;
  CatalogCache& operator=(const CatalogCache&) = delete;

  // The stored answer for `key`, or nothing (then ask the database, with a
  // Ticket taken before). Counts a hit, a miss or (disabled) a bypass.
  std::shared_ptr<const CatalogAnswer> Find(const std::string& key);
  // Take before reading the database; pass to Store with what was read.
  std::uint64_t Ticket() const;
  // Stores an answer read under `ticket`, unless something was invalidated
  // since (or the cache was disabled, or the answer is too large).
  void Store(std::uint64_t ticket, const std::string& key, CatalogAnswer answer,
             const std::vector<CatalogDependency>& depends_on);

  // Applies one notification payload: "<table>:<row id>:<provider id>",
  // "<table>:*", or "*" (everything). A payload it cannot read empties the cache.
  void Invalidate(std::string_view payload);
  void Clear();
  // Disabled: Find finds nothing and Store stores nothing. Enabling or
  // disabling also empties the cache.
  void SetEnabled(bool enabled);

  CatalogCacheStats Stats() const;

 private:
  struct Entry {
    std::shared_ptr<const CatalogAnswer> answer;
    std::vector<std::string> tags;  // "<table>:<id>" or "<table>:*"
    std::size_t bytes = 0;
    std::list<std::string>::iterator lru;  // into lru_, newest first
  };

  void EraseLocked(std::unordered_map<std::string, Entry>::iterator it);
  void DropTagLocked(const std::string& tag);
  void ClearLocked();

  const std::size_t max_bytes_;
  mutable std::mutex mu_;
  bool enabled_ = false;
  std::uint64_t seq_ = 0;  // invalidations (and enable/disable) so far
  std::unordered_map<std::string, Entry> entries_;
  std::list<std::string> lru_;  // keys, most recently used first
  std::unordered_map<std::string, std::unordered_set<std::string>> by_tag_;  // tag → keys
  CatalogCacheStats stats_{};
};

}  // namespace imedic::providers
