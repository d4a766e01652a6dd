// The audit trail's hash chain: sealing committed audit_log rows into a keyed
// BLAKE2b chain, and verifying it.
//
// Business transactions insert audit rows with the chain columns NULL (no
// extra round trip, no global lock). A sealer (a background job every 500 ms,
// or `imedic audit seal`) then walks the committed unsealed rows in id order
// and gives each the next position and a hash:
//
//   chain_seq(row) = chain_seq(previous) + 1            (the first row is 1)
//   hash(row)      = BLAKE2b-256(key = K, prev_hash || canonical(row))
//   hash_key_id    = id of the master key K derives from
//
// where prev_hash is the previous row's hash (32 zero bytes for the first
// row), K = BLAKE2b-256(key = master key, "imedic audit chain v1") is a
// subkey of the keyring's active master key, and canonical(row) is
// CanonicalAuditRow() of every non-chain column. Since each hash covers its
// predecessor's, changing, deleting or inserting a sealed row breaks the
// chain at that row, and without the key nobody can recompute it.
//
// What the chain cannot show: rows removed from its END (nothing follows them).
// The sealer logs the chain head (position and hash) once a minute and
// `imedic audit verify` prints it, so operators can keep an external record.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/error.hpp"
#include "core/keyring.hpp"
#include "db/connection.hpp"

namespace imedic::privacy {

// The columns of audit_log the chain covers, in hashing order: every column
// except the chain's own (chain_seq, hash, hash_key_id). A test checks this
// against the table, so a new column cannot escape the hash.
inline constexpr std::array<std::string_view, 12> kAuditContentColumns = {
    "id",         "occurred_at", "actor_user_id",   "actor_role",
    "action",     "table_name",  "row_id",          "subject_patient_profile_id",
    "request_id", "ip",          "changed_columns", "reason"};

// One row's content columns as text, in kAuditContentColumns order; nullopt
// is SQL NULL. Texts are PostgreSQL's output forms, except occurred_at, which
// is rendered "YYYY-MM-DDTHH:MM:SS.ffffffZ" in UTC (see audit_pending.sql).
using AuditRowContent = std::array<std::optional<std::string>, kAuditContentColumns.size()>;

using ChainHash = std::array<unsigned char, 32>;

// The unambiguous byte string hashed for a row:
//   "IAL1" || u32be(field count) || per field: 0x00 (NULL)
//                                             | 0x01 || u32be(length) || bytes
// Distinct rows always give distinct strings (NULL differs from "", and no
// field can run into the next).
std::string CanonicalAuditRow(const AuditRowContent& row);

// The chain key derived from a master key (context "imedic audit chain v1").
ChainHash AuditChainKey(const core::MasterKey& master);

// hash = BLAKE2b-256(key = chain_key, prev || canonical).
ChainHash AuditChainHash(const ChainHash& chain_key, const ChainHash& prev,
                         std::string_view canonical);

struct SealReport {
  int sealed = 0;
  bool busy = false;          // another sealer held the lock; nothing done
  std::int64_t head_seq = 0;  // the chain's last position after sealing (0: empty)
  std::string head_hash_hex;  // its hash, lower-case hex ("" when empty)
};

// Seals up to `max_rows` committed unsealed rows (oldest id first) with the
// keyring's active key, in one transaction of its own holding the sealer's
// advisory lock; when another sealer holds it, returns at once with busy set.
// REQUIRES: `conn` is not inside a transaction.
core::Result<SealReport> SealPendingAudit(db::Connection& conn, const core::Keyring& keys,
                                          int max_rows = 5000);

struct VerifyReport {
  bool ok = true;
  std::int64_t rows_checked = 0;  // sealed rows verified before any problem
  std::int64_t unsealed = 0;      // rows not sealed yet (any age)
  std::optional<std::int64_t> first_bad_id;
  // "" when ok; otherwise "<kind>: <sentence naming the row id and chain_seq>",
  // kind one of "altered", "deleted", "inserted", "unknown key", "unsealed".
  std::string problem;
  std::string kind;           // the kind alone ("" when ok)
  std::int64_t head_seq = 0;  // last verified position
  std::string head_hash_hex;  // and its hash
};

// Walks the whole chain in chain_seq order, in batches (constant memory), in
// one REPEATABLE READ READ ONLY transaction, and reports the first problem:
//  - altered:  a row's content no longer matches its hash;
//  - deleted:  a position is missing (a gap in chain_seq);
//  - inserted: a row whose hash does not fit the chain while the chain
//              continues around it, a taken or impossible position, or a
//              last row that fits nothing;
//  - unknown key: a row sealed under a key the keyring does not hold;
//  - unsealed: rows older than a minute that no sealer has taken.
// Where the evidence allows two readings (an altered row looks like one whose
// predecessor was deleted and later positions renumbered) the sentence says so.
// Seals nothing. REQUIRES: `conn` is not inside a transaction.
core::Result<VerifyReport> VerifyAuditChain(db::Connection& conn, const core::Keyring& keys);

}  // namespace imedic::privacy
