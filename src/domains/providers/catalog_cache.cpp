#include "domains/providers/catalog_cache.hpp"

#include <utility>

namespace imedic::providers {

namespace {

// What an entry costs beyond its strings: the map node, the list node, the
// shared answer and the tag index (measured roughly; the bound is a budget,
// not an allocator count).
constexpr std::size_t kEntryOverhead = 256;

std::string Tag(std::string_view table, std::string_view id) {
  std::string tag(table);
  tag += ':';
  tag += id.empty() ? std::string_view("*") : id;
  return tag;
}

}  // namespace

CatalogCache::CatalogCache(std::size_t max_bytes) : max_bytes_(max_bytes) {
  stats_.max_bytes = max_bytes;
}

std::shared_ptr<const CatalogAnswer> CatalogCache::Find(const std::string& key) {
  std::lock_guard lock(mu_);
  if (!enabled_) {
    ++stats_.bypasses;
    return nullptr;
  }
  auto it = entries_.find(key);
  if (it == entries_.end()) {
    ++stats_.misses;
    return nullptr;
  }
  ++stats_.hits;
  lru_.splice(lru_.begin(), lru_, it->second.lru);
  return it->second.answer;
}

std::uint64_t CatalogCache::Ticket() const {
  std::lock_guard lock(mu_);
  return seq_;
}

void CatalogCache::Store(std::uint64_t ticket, const std::string& key, CatalogAnswer answer,
                         const std::vector<CatalogDependency>& depends_on) {
  std::vector<std::string> tags;
  tags.reserve(depends_on.size());
  std::size_t bytes = kEntryOverhead + 2 * key.size() + answer.body.size() + answer.version.size();
  for (const auto& d : depends_on) {
    tags.push_back(Tag(d.table, d.id));
    bytes += 2 * tags.back().size() + key.size();
  }
  std::lock_guard lock(mu_);
  // An invalidation since the read may have been about what was read; one
  // answer larger than a quarter of the bound would evict too much.
  if (!enabled_ || ticket != seq_ || bytes > max_bytes_ / 4) {
    ++stats_.refused;
    return;
  }
  if (auto old = entries_.find(key); old != entries_.end()) EraseLocked(old);
  while (stats_.bytes + bytes > max_bytes_ && !lru_.empty()) {
    EraseLocked(entries_.find(lru_.back()));
    ++stats_.evictions;
  }
  lru_.push_front(key);
  for (const auto& t : tags) by_tag_[t].insert(key);
  entries_.emplace(key, Entry{std::make_shared<const CatalogAnswer>(std::move(answer)),
                              std::move(tags), bytes, lru_.begin()});
  stats_.bytes += bytes;
  ++stats_.stored;
}

void CatalogCache::EraseLocked(std::unordered_map<std::string, Entry>::iterator it) {
  for (const auto& t : it->second.tags) {
    auto tagged = by_tag_.find(t);
    if (tagged == by_tag_.end()) continue;
    tagged->second.erase(it->first);
    if (tagged->second.empty()) by_tag_.erase(tagged);
  }
  stats_.bytes -= it->second.bytes;
  lru_.erase(it->second.lru);
  entries_.erase(it);
}

void CatalogCache::DropTagLocked(const std::string& tag) {
  auto tagged = by_tag_.find(tag);
  if (tagged == by_tag_.end()) return;
  // EraseLocked edits the set: take the keys first.
  const std::vector<std::string> keys(tagged->second.begin(), tagged->second.end());
  for (const auto& key : keys) {
    if (auto it = entries_.find(key); it != entries_.end()) {
      EraseLocked(it);
      ++stats_.invalidated;
    }
  }
}

void CatalogCache::Invalidate(std::string_view payload) {
  std::lock_guard lock(mu_);
  ++seq_;
  const auto first = payload.find(':');
  if (payload == "*" || first == std::string_view::npos || first == 0) {
    stats_.invalidated += entries_.size();
    ClearLocked();
    return;
  }
  const std::string_view table = payload.substr(0, first);
  std::string_view rest = payload.substr(first + 1);
  // Every answer about the table as a whole (searches, lists) …
  DropTagLocked(Tag(table, ""));
  if (rest == "*") {
    // … and, for a change to many rows, every answer about any of them.
    const std::string prefix = std::string(table) + ":";
    std::vector<std::string> tags;
    for (const auto& [tag, keys] : by_tag_) {
      if (tag.starts_with(prefix)) tags.push_back(tag);
    }
    for (const auto& tag : tags) DropTagLocked(tag);
    return;
  }
  // … and those about the row itself or about its provider.
  while (!rest.empty()) {
    const auto end = rest.find(':');
    const std::string_view id = rest.substr(0, end);
    if (!id.empty()) DropTagLocked(Tag(table, id));
    if (end == std::string_view::npos) break;
    rest.remove_prefix(end + 1);
  }
}

void CatalogCache::ClearLocked() {
  entries_.clear();
  lru_.clear();
  by_tag_.clear();
  stats_.bytes = 0;
}

void CatalogCache::Clear() {
  std::lock_guard lock(mu_);
  ++seq_;
  ClearLocked();
}

void CatalogCache::SetEnabled(bool enabled) {
  std::lock_guard lock(mu_);
  enabled_ = enabled;
  ++seq_;
  ClearLocked();
}

CatalogCacheStats CatalogCache::Stats() const {
  std::lock_guard lock(mu_);
  CatalogCacheStats s = stats_;
  s.entries = entries_.size();
  s.enabled = enabled_;
  return s;
}

}  // namespace imedic::providers
