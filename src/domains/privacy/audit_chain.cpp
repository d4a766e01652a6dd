#include "domains/privacy/audit_chain.hpp"

#include <sodium.h>

#include <deque>
#include <limits>
#include <map>

#include "core/hex.hpp"
#include "db/text_array.hpp"
#include "db/transaction.hpp"
#include "db/typed_get.hpp"
#include "domains/privacy/sql/queries.hpp"

namespace imedic::privacy {

namespace {

constexpr std::string_view kChainContext = "imedic audit chain v1";
constexpr std::string_view kCanonicalTag = "IAL1";
constexpr int kVerifyBatch = 5000;

void AppendU32(std::string& out, std::uint32_t v) {
  out.push_back(static_cast<char>((v >> 24) & 0xff));
  out.push_back(static_cast<char>((v >> 16) & 0xff));
  out.push_back(static_cast<char>((v >> 8) & 0xff));
  out.push_back(static_cast<char>(v & 0xff));
}

std::string Hex(const ChainHash& h) {
  return core::ToHex(std::string_view(reinterpret_cast<const char*>(h.data()), h.size()));
}

AuditRowContent ReadContent(const db::PgResult& r, int row, int first_col) {
  AuditRowContent content;
  for (std::size_t i = 0; i < content.size(); ++i) {
    content[i] = r.GetOptional(row, first_col + static_cast<int>(i));
  }
  return content;
}

}  // namespace

std::string CanonicalAuditRow(const AuditRowContent& row) {
  std::size_t size = kCanonicalTag.size() + 4;
  for (const auto& f : row) size += 1 + (f ? 4 + f->size() : 0);
  std::string out;
  out.reserve(size);
  out.append(kCanonicalTag);
  AppendU32(out, static_cast<std::uint32_t>(row.size()));
  for (const auto& f : row) {
    if (!f) {
      out.push_back('\0');
      continue;
    }
    out.push_back('\1');
    AppendU32(out, static_cast<std::uint32_t>(f->size()));
    out.append(*f);
  }
  return out;
}

ChainHash AuditChainKey(const core::MasterKey& master) {
  ChainHash key{};
  crypto_generichash(key.data(), key.size(),
                     reinterpret_cast<const unsigned char*>(kChainContext.data()),
                     kChainContext.size(), master.key.data(), master.key.size());
  return key;
}

ChainHash AuditChainHash(const ChainHash& chain_key, const ChainHash& prev,
                         std::string_view canonical) {
  crypto_generichash_state st;
  crypto_generichash_init(&st, chain_key.data(), chain_key.size(), 32);
  crypto_generichash_update(&st, prev.data(), prev.size());
  crypto_generichash_update(&st, reinterpret_cast<const unsigned char*>(canonical.data()),
                            canonical.size());
  ChainHash out{};
  crypto_generichash_final(&st, out.data(), out.size());
  sodium_memzero(&st, sizeof st);
  return out;
}

// ---------------------------------------------------------------- sealing

core::Result<SealReport> SealPendingAudit(db::Connection& conn, const core::Keyring& keys,
                                          int max_rows) {
  SealReport report;
  if (max_rows < 1) max_rows = 1;
  db::Transaction tx(conn);
  if (auto b = tx.Begin(); !b) return core::Fail(b.error());

  auto lock = conn.Execute(sql::kAuditSealLock);
  if (!lock) return core::Fail(lock.error());
  if (lock->Get(0, 0) != "t") {
    report.busy = true;
    return report;  // rolls back
  }

  ChainHash prev{};  // all zero before the first row
  auto head = conn.Execute(sql::kAuditChainHead);
  if (!head) return core::Fail(head.error());
  if (head->rows() == 1) {
    auto head_seq = db::GetInt64(*head, 0, 0);
    auto raw = core::FromHex(head->Get(0, 1));
    if (!head_seq || !raw || raw->size() != prev.size()) {
      return core::Fail(core::Error::Internal(
          "audit seal: the chain head's hash is malformed; run `imedic audit verify`"));
    }
    report.head_seq = *head_seq;
    std::copy(raw->begin(), raw->end(), prev.begin());
    report.head_hash_hex = std::string(head->Get(0, 1));
  }

  auto pending = conn.Execute(sql::kAuditPending, db::Params{max_rows});
  if (!pending) return core::Fail(pending.error());
  const int n = pending->rows();
  if (n == 0) return report;

  const core::MasterKey& master = keys.active();
  ChainHash chain_key = AuditChainKey(master);
  std::vector<std::string> ids, seqs, hashes;
  ids.reserve(n);
  seqs.reserve(n);
  hashes.reserve(n);
  std::int64_t seq = report.head_seq;
  for (int i = 0; i < n; ++i) {
    prev = AuditChainHash(chain_key, prev, CanonicalAuditRow(ReadContent(*pending, i, 0)));
    ids.emplace_back(pending->Get(i, 0));
    seqs.push_back(std::to_string(++seq));
    hashes.push_back(Hex(prev));
  }
  sodium_memzero(chain_key.data(), chain_key.size());

  auto sealed = conn.Execute(
      sql::kAuditSealRows,
      db::Params{db::ToTextArray(ids), db::ToTextArray(seqs), db::ToTextArray(hashes), master.id});
  if (!sealed) return core::Fail(sealed.error());
  if (sealed->AffectedRows() != n) {
    return core::Fail(core::Error::Internal("audit seal: rows changed under the sealer"));
  }
  if (auto c = tx.Commit(); !c) return core::Fail(c.error());
  report.sealed = n;
  report.head_seq = seq;
  report.head_hash_hex = hashes.back();
  return report;
}

// ---------------------------------------------------------------- verifying

namespace {

struct ChainRow {
  std::int64_t seq = 0;
  std::int64_t id = 0;
  std::optional<std::string> key_id;
  std::string hash;  // raw bytes as stored (any length when forged)
  std::string canonical;
};

// Streams the chain in (chain_seq, id) order, kVerifyBatch rows at a time,
// with look-ahead. Pointers returned by Peek stay valid until that row is
// popped (a deque keeps references on growth at its ends).
class ChainCursor {
 public:
  explicit ChainCursor(db::Connection& conn) : conn_(conn) {}

  // The k-th row from the current one (k = 0: current), or null at the end.
  core::Result<const ChainRow*> Peek(std::size_t k) {
    while (buf_.size() <= k && !done_) {
      if (auto f = FetchBatch(); !f) return core::Fail(f.error());
    }
    if (buf_.size() <= k) return nullptr;
    return &buf_[k];
  }
  void Pop() { buf_.pop_front(); }

 private:
  core::Result<void> FetchBatch() {
    auto r = conn_.Execute(sql::kAuditChainBatch, db::Params{last_seq_, last_id_, kVerifyBatch});
    if (!r) return core::Fail(r.error());
    for (int i = 0; i < r->rows(); ++i) {
      ChainRow row;
      auto seq = db::GetInt64(*r, i, 0);
      auto id = db::GetInt64(*r, i, 3);
      if (!seq || !id) {
        return core::Fail(core::Error::Internal("audit verify: unreadable chain row"));
      }
      row.seq = *seq;
      row.id = *id;
      if (!r->IsNull(i, 1)) {
        if (auto raw = core::FromHex(r->Get(i, 1))) row.hash = std::move(*raw);
      }
      row.key_id = r->GetOptional(i, 2);
      row.canonical = CanonicalAuditRow(ReadContent(*r, i, 3));
      last_seq_ = row.seq;
      last_id_ = row.id;
      buf_.push_back(std::move(row));
    }
    if (r->rows() < kVerifyBatch) done_ = true;
    return {};
  }

  db::Connection& conn_;
  std::deque<ChainRow> buf_;
  bool done_ = false;
  std::int64_t last_seq_ = std::numeric_limits<std::int64_t>::min();
  std::int64_t last_id_ = std::numeric_limits<std::int64_t>::min();
};

class ChainKeys {
 public:
  explicit ChainKeys(const core::Keyring& keys) : keys_(keys) {}
  ~ChainKeys() {
    for (auto& [id, k] : derived_) sodium_memzero(k.data(), k.size());
  }
  ChainKeys(const ChainKeys&) = delete;
  ChainKeys& operator=(const ChainKeys&) = delete;

  // The chain key for a master key id, or null when the ring lacks it.
  const ChainHash* For(const std::optional<std::string>& id) {
    if (!id) return nullptr;
    auto it = derived_.find(*id);
    if (it != derived_.end()) return &it->second;
    const core::MasterKey* master = keys_.Find(*id);
    if (!master) return nullptr;
    return &derived_.emplace(*id, AuditChainKey(*master)).first->second;
  }

 private:
  const core::Keyring& keys_;
  std::map<std::string, ChainHash, std::less<>> derived_;
};

std::string Pos(const ChainRow& r) {
  return "row id " + std::to_string(r.id) + " (chain_seq " + std::to_string(r.seq) + ")";
}

}  // namespace

core::Result<VerifyReport> VerifyAuditChain(db::Connection& conn, const core::Keyring& keys) {
  VerifyReport report;
  db::Transaction tx(conn);
  if (auto b = tx.Begin("REPEATABLE READ READ ONLY"); !b) return core::Fail(b.error());

  ChainKeys chain_keys(keys);
  ChainCursor cursor(conn);
  ChainHash prev{};
  std::int64_t prev_seq = 0;
  std::optional<std::int64_t> prev_id;

  // Does `row` hash correctly as the successor of a row whose hash is `p`?
  auto fits = [&](const ChainRow& row, const ChainHash& p) {
    const ChainHash* key = chain_keys.For(row.key_id);
    if (!key || row.hash.size() != p.size()) return false;
    ChainHash h = AuditChainHash(*key, p, row.canonical);
    return sodium_memcmp(h.data(), row.hash.data(), h.size()) == 0;
  };
  auto stored = [](const ChainRow& row) {
    ChainHash h{};
    std::copy(row.hash.begin(), row.hash.end(), h.begin());  // REQUIRES: 32 bytes
    return h;
  };
  auto prev_position = [&] {
    return prev_id ? "row id " + std::to_string(*prev_id) + " (chain_seq " +
                         std::to_string(prev_seq) + ")"
                   : std::string("the start of the chain");
  };
  auto fail = [&](const ChainRow& row, const std::string& kind, const std::string& sentence) {
    report.ok = false;
    report.first_bad_id = row.id;
    report.kind = kind;
    report.problem = kind + ": " + sentence;
  };

  for (;;) {
    auto cur = cursor.Peek(0);
    if (!cur) return core::Fail(cur.error());
    if (*cur == nullptr) break;
    const ChainRow& r = **cur;
    auto nxt = cursor.Peek(1);
    if (!nxt) return core::Fail(nxt.error());
    const ChainRow* n = *nxt;

    if (r.seq <= prev_seq) {
      fail(r, "inserted",
           Pos(r) + " claims a position that is " +
               (r.seq < 1 ? std::string("not a valid chain position") : "already taken") +
               "; it was inserted");
      break;
    }
    if (chain_keys.For(r.key_id) == nullptr) {
      fail(r, "unknown key",
           Pos(r) + " was sealed with key id '" + r.key_id.value_or("") +
               "', which the keyring does not hold; load that key to verify");
      break;
    }
    if (fits(r, prev)) {
      if (r.seq == prev_seq + 1) {
        prev = stored(r);
        prev_seq = r.seq;
        prev_id = r.id;
        ++report.rows_checked;
        cursor.Pop();
        continue;
      }
      fail(r, "altered",
           Pos(r) + " matches its hash as the successor of " + prev_position() +
               " but its chain_seq was changed (expected " + std::to_string(prev_seq + 1) + ")");
      break;
    }

    // r does not fit after prev. Look at the next row to tell the cases apart.
    const bool skips = n != nullptr && fits(*n, prev);  // the chain goes around r
    const bool through = n != nullptr && r.hash.size() == prev.size() && n->seq == r.seq + 1 &&
                         fits(*n, stored(r));
    if (skips) {
      fail(r, "inserted",
           Pos(r) + " does not fit the chain, which continues from " + prev_position() +
               " to row id " + std::to_string(n->id) + "; it was inserted");
    } else if (r.seq > prev_seq + 1) {
      const std::int64_t lo = prev_seq + 1, hi = r.seq - 1;
      std::string missing = lo == hi ? "chain_seq " + std::to_string(lo) + " is"
                                     : "chain_seq " + std::to_string(lo) + ".." +
                                           std::to_string(hi) + " are";
      std::string sentence = missing + " missing: deleted between " + prev_position() + " and " +
                             Pos(r);
      if (n == nullptr) {
        sentence += " (or " + Pos(r) + ", the last row, was inserted with a made-up position)";
      }
      fail(r, "deleted", sentence);
    } else if (through) {
      fail(r, "altered",
           Pos(r) +
               " no longer matches its hash: its content was changed after sealing (or "
               "the row before it was deleted and later positions renumbered)");
    } else if (n == nullptr) {
      fail(r, "inserted",
           Pos(r) + ", the last row, does not fit the chain after " + prev_position() +
               ": it was inserted (or altered)");
    } else {
      fail(r, "altered",
           Pos(r) + " and the row after it do not fit the chain after " + prev_position() +
               ": rows were altered or inserted here");
    }
    break;
  }

  report.head_seq = prev_seq;
  if (prev_id) report.head_hash_hex = Hex(prev);

  auto unsealed = conn.Execute(sql::kAuditUnsealedStats);
  if (!unsealed) return core::Fail(unsealed.error());
  auto unsealed_count = db::GetInt64(*unsealed, 0, 0);
  auto stale_count = db::GetInt64(*unsealed, 0, 1);
  auto first_stale = db::GetOptionalInt64(*unsealed, 0, 2);
  if (!unsealed_count || !stale_count || !first_stale) {
    return core::Fail(core::Error::Internal("audit verify: unreadable unsealed statistics"));
  }
  report.unsealed = *unsealed_count;
  const std::int64_t stale = *stale_count;
  if (report.ok && stale > 0) {
    const std::int64_t first = first_stale->value_or(0);
    report.ok = false;
    report.first_bad_id = first;
    report.kind = "unsealed";
    report.problem = "unsealed: " + std::to_string(stale) +
                     " row(s) older than a minute are not sealed, the first row id " +
                     std::to_string(first) +
                     "; is the sealer running? (`imedic audit seal` seals them)";
  }
  if (auto c = tx.Commit(); !c) return core::Fail(c.error());
  return report;
}

}  // namespace imedic::privacy
