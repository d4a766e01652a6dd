// The SQL of the records API, generated once at start-up from a resource
// definition and how its rows are owned. Column names come only from the
// definitions in the code; every value is a bound parameter. Each statement
// does its whole job in one round trip: row scope, the write, the audit row
// (a data-modifying CTE) and the JSON rendering of the answer.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "db/connection.hpp"
#include "db/query.hpp"
#include "records/hooks.hpp"
#include "records/list_query.hpp"
#include "records/resource.hpp"

namespace imedic::records {

struct Statement {
  std::string name;
  std::string text;
  std::vector<Arg> args;
  db::Query query() const { return {name, text}; }
};

struct Binding {
  const Resource* resource = nullptr;
  // The owning domain's rules: row scope, create guard, subject (hooks.hpp).
  const RowOwner* owner = nullptr;
  // How every write (and each audited read) is recorded.
  AuditSql audit = nullptr;
  // The keys of encrypted fields; required when the resource has any.
  const FieldKeys* keys = nullptr;
  // The column the path id matches: "id", or the owner's column for
  // one-per-owner tables.
  std::string_view key_column = "id";
  // Conditions over the new row `b` (the record as it would be after the
  // create or patch, parent id included) that must hold, e.g.
  // "b.end_time > b.start_time", each with the field and message of the 422
  // answer when it does not.
  struct RowCheck {
    std::string_view sql{};
    std::string_view field{};
    std::string_view message{};
  };
  std::vector<RowCheck> row_checks{};
  // Whether reads are audited (high-sensitivity data).
  bool audit_reads = false;
  // Whether the read statement leaves its audit row to a ReadAuditSink
  // (records/read_audit.hpp) instead of inserting it itself. Set by
  // RecordService::Bind when it has a sink; lists still audit in-statement.
  bool defer_read_audit = false;
  // Whether anyone may read (public catalogue data).
  bool public_read = false;
  // Server-owned columns the service fills in on every write from the
  // caller (fill_service_columns), e.g. who changed a record last.
  std::vector<std::string_view> service_columns{};
  void (*fill_service_columns)(const core::Principal* caller, nlohmann::json& body) = nullptr;
  // Server-owned columns a create sets from SQL, e.g. a human reference
  // from a sequence: {column, expression}.
  struct CreateValue {
    std::string_view column{};
    std::string_view sql{};
  };
  std::vector<CreateValue> create_values{};
  // One more step of a create, after the row `ins` is inserted: "name AS
  // (statement)", e.g. making the caller a member of what they created.
  std::string (*after_create)(std::vector<Arg>& args) = nullptr;
  // Runs before encrypted fields of a checked body are sealed (what the
  // database cannot check once they are ciphertext), with the subject's id.
  core::Result<void> (*before_seal)(db::Connection& conn, const nlohmann::json& body,
                                    const std::string& subject_id) = nullptr;
};

// The statements of one binding. Shapes of the answers:
//   read:    (json text, gone bool, wrapped data key or NULL, row version
//            [, row id, subject id text when the read audit is deferred]); no row: 404
//   create:  (json text, state 'ok' | 'missing' (owner not there or not in
//            scope: 404) | 'invalid:<n>' (row check n failed, 1-based))
//   patch:   (json text, state 'ok'|'gone'|'invalid:<n>', wrapped key); no row: 404
//   delete:  (rows in scope, rows changed)
//   restore: (rows in scope, rows changed, json text, wrapped data key or NULL)
//   write_key: (row id, patient id, wrapped data key or NULL) — what a write
//            of encrypted fields must know first; no row: 404
struct RecordStatements {
  Statement read, create, patch, remove, restore, write_key;
};

RecordStatements BuildStatements(const Binding& binding);

// The placeholders a list statement starts with (the scope, the audit facts,
// and the parent id when `by_parent`); the list's own filter values follow.
std::vector<Arg> ListArgs(const Binding& binding, bool by_parent);

// One page of a list: (json text, sort key values as text…) per row, at
// most q.limit + 1 rows. `parent_column` (e.g. "provider_id") restricts to
// the path id when not empty. Audited bindings audit the rows shown.
std::string ListSql(const Binding& binding, const ListQuery& q, std::string_view parent_column);

// The rows of the same list, without the cursor and unrendered (SELECT 1 …),
// for Prefer: count=exact (counted) and count=estimated (planned). Takes
// the same parameters as ListSql.
std::string MatchSql(const Binding& binding, const ListQuery& q, std::string_view parent_column);

// json_build_object(...) of the resource's fields over `alias`; encrypted
// fields are left out when `with_encrypted` is false (list pages).
std::string RenderObject(const Resource& resource, std::string_view alias, bool with_encrypted);

// The list columns of a resource (its filterable and sortable fields).
ListSpec ListSpecFor(const Resource& resource, std::string default_sort);

}  // namespace imedic::records
