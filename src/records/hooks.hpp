// How the domains' rules reach the records engine. The engine knows no table,
// column or role of a domain: whatever it must know about who owns a row,
// how a write is audited and how an encrypted field is keyed, it asks a hook
// that the owning domain declares on the binding (records/record_sql.hpp).
//
// SQL hooks return text to splice into a generated statement. They never
// splice a value: they take placeholders ("$n") from Placeholder(), which
// numbers each argument on first use, and the service binds the values.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"
#include "core/keyring.hpp"
#include "core/principal.hpp"
#include "db/connection.hpp"

namespace imedic::records {

// What a statement's placeholders stand for, in $1, $2, … order.
enum class Arg {
  kKey,          // the path id: row id, or the owner's id for one-per-owner tables
  kNewId,        // the id of a row being created (chosen by the service: it is in the AAD)
  kCaller,       // the caller's user id
  kScope,        // the caller's scope text (RowOwner::scope_text)
  kRole,         // the caller's audit role
  kRequestId,    // the request id
  kIp,           // the caller's address, or NULL
  kBody,         // the checked (and partly encrypted) body, as jsonb
  kChanged,      // the names of the fields written, text[]
  kWrappedKey,   // a new data subject's wrapped data key
  kMasterKeyId,  // ... and its master key id
  kIfMatch,      // the row versions an If-Match accepts, comma-separated, or NULL (no condition)
};

// "$n" for an argument, adding it to `args` on first use.
std::string Placeholder(std::vector<Arg>& args, Arg a);

// Who owns a table's rows, which decides the row scope of every statement.
// Declared by the domain that owns the table.
struct RowOwner {
  // The condition that row `alias` is within the caller's scope ($caller,
  // $scope): to read it, or (for_write) to change it.
  std::string (*scope_condition)(std::vector<Arg>& args, std::string_view alias,
                                 bool for_write) = nullptr;
  // The condition a create must meet: the owner the path id ($key) names
  // exists, is live and is within the caller's scope.
  std::string (*create_guard)(std::vector<Arg>& args) = nullptr;
  // The text bound to $scope for a caller.
  std::string (*scope_text)(const core::Principal& caller, bool write) = nullptr;
  // The column a create sets from the path id, or "" (the path id is then
  // only checked, e.g. a new provider).
  std::string_view parent_column{};
  // The column naming the person a row is about (the audit trail's subject
  // and the owner of the data key of encrypted fields), or "". "id" when the
  // rows are the subjects themselves.
  std::string_view subject_column{};
  // The subject `subject` (an SQL expression of its id) when it is live and
  // the caller may change it, as "<id text>, <wrapped key or NULL> FROM …
  // WHERE …": what a write of encrypted fields must know first. Needed by
  // owners of encrypted rows.
  std::string (*subject_key)(std::vector<Arg>& args, std::string_view subject) = nullptr;
};

// One audit row per row of a statement's changed (or read) rows.
struct AuditRows {
  std::string_view action;       // "read", "create", "update", "delete", "restore"
  std::string_view table;        // the resource's table
  std::string_view from;         // the alias of the rows, with an `id` column
  std::string subject;           // SQL expression of each row's subject, or NULL
  bool with_changes = false;     // record $changed, the names of the fields written
  std::string_view from_clause;  // what to select from when not `from` itself
};

// The statement (an INSERT … SELECT …) that records `rows` in the audit trail.
using AuditSql = std::string (*)(std::vector<Arg>& args, const AuditRows& rows);

// Encrypted fields: each subject has a data key, and each value is sealed
// with it in an envelope bound to its table, column and row.
struct FieldKeys {
  // SQL expression of the wrapped data key of `subject`, or NULL.
  std::string (*wrapped_key_sql)(std::string_view subject) = nullptr;
  // A statement storing the data key ($wrapped_key, $master_key_id) of each
  // new subject of `inserted`, for creates of the subjects themselves.
  std::string (*store_new_key_sql)(std::vector<Arg>& args, std::string_view inserted) = nullptr;

  struct NewKey {
    core::MasterKey key;
    std::string wrapped;
    std::string master_key_id;
  };
  // A fresh data key for a new subject, and its wrapping.
  NewKey (*new_key)(const core::Keyring& master, std::string_view subject) = nullptr;
  // Opens a wrapped key read along with a row.
  core::Result<core::MasterKey> (*unwrap)(const core::Keyring& master, std::string_view wrapped,
                                          std::string_view subject) = nullptr;
  // The subject's key, created on first use.
  core::Result<core::MasterKey> (*get_or_create)(const core::Keyring& master, db::Connection& conn,
                                                 const std::string& subject) = nullptr;
  // Seals and opens one value; `place` is "<table>.<column>".
  std::string (*seal)(const core::MasterKey& key, std::string_view plain, std::string_view place,
                      std::string_view row_id) = nullptr;
  core::Result<std::string> (*open)(const core::MasterKey& key, std::string_view envelope,
                                    std::string_view place, std::string_view row_id) = nullptr;
  // Whether a stored value has the shape of an envelope.
  bool (*looks_sealed)(std::string_view value) = nullptr;
};

}  // namespace imedic::records
