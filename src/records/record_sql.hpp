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
#include "records/list_query.hpp"
#include "records/resource.hpp"

namespace imedic::api {

// Who owns a table's rows, which decides the row scope of every statement.
enum class Owner {
  kPatient,        // patient_profiles itself: patient_visible(id)
  kPatientChild,   // one row per patient (patient_profile_id): patient_visible(patient_profile_id)
  kUser,           // one row per user (user_id): the user, or callers whose scope is "all"
  kProvider,       // providers: public reads; writes by admins or the provider's members
  kProviderChild,  // rows of a provider (provider_id): as kProvider
};

// What a statement's placeholders stand for, in $1, $2, … order.
enum class Arg {
  kKey,          // the path id: row id, or the owner's id for one-per-owner tables
  kNewId,        // the id of a row being created (chosen by the service: it is in the AAD)
  kCaller,       // the caller's user id
  kScope,        // the caller's scope text (see ScopeFor in record_service.cpp)
  kRole,         // the caller's audit role
  kRequestId,    // the request id
  kIp,           // the caller's address, or NULL
  kBody,         // the checked (and partly encrypted) body, as jsonb
  kChanged,      // the names of the fields written, text[]
  kWrappedKey,   // a new patient's wrapped data key
  kMasterKeyId,  // ... and its master key id
};

struct Statement {
  std::string name;
  std::string text;
  std::vector<Arg> args;
  db::Query query() const { return {name, text}; }
};

struct Binding {
  const Resource* resource = nullptr;
  Owner owner = Owner::kProvider;
  // The column the path id matches: "id", "patient_profile_id" or "user_id".
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
  // Whether anyone may read (public catalogue data).
  bool public_read = false;
  // Server-owned columns the service fills in on every write (e.g.
  // medical_histories.last_updated_by from the caller's role).
  std::vector<std::string_view> service_columns{};
  // Runs before encrypted fields of a checked body are sealed (what the
  // database cannot check once they are ciphertext), with the patient's id.
  core::Result<void> (*before_seal)(db::Connection& conn, const nlohmann::json& body,
                                    const std::string& patient_id) = nullptr;
};

// The statements of one binding. Shapes of the answers:
//   read:    (json text, gone bool, wrapped data key or NULL); no row: 404
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
std::string ListSql(const Binding& binding, const http::ListQuery& q,
                    std::string_view parent_column);

// The rows of the same list, without the cursor and unrendered (SELECT 1 …),
// for Prefer: count=exact (counted) and count=estimated (planned). Takes
// the same parameters as ListSql.
std::string MatchSql(const Binding& binding, const http::ListQuery& q,
                     std::string_view parent_column);

// json_build_object(...) of the resource's fields over `alias`; encrypted
// fields are left out when `with_encrypted` is false (list pages).
std::string RenderObject(const Resource& resource, std::string_view alias, bool with_encrypted);

// The list columns of a resource (its filterable and sortable fields).
http::ListSpec ListSpecFor(const Resource& resource, std::string default_sort);

// The column holding the patient id of a row of this owner, or "" when the
// owner is not a patient.
std::string_view PatientColumn(Owner owner);

// The SQL condition of the caller's write scope over alias `t`, with the
// placeholders it uses appended to `args` (numbered from args.size() + 1).
std::string ScopeCondition(Owner owner, std::string_view alias, std::vector<Arg>& args,
                           bool for_write);

}  // namespace imedic::api
