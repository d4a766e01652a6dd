// The handlers of the records API, shared by every resource: read, create,
// merge-patch, soft delete, restore and list, each driven by a Binding
// (records/record_sql.hpp) and its generated statements. Encrypted fields are
// sealed before a write leaves the process and opened after a read returns;
// PostgreSQL renders the JSON, the service only splices the opened fields in.
#pragma once

#include <deque>
#include <optional>
#include <string>
#include <string_view>

#include "core/keyring.hpp"
#include "db/pool.hpp"
#include "http/router.hpp"
#include "records/read_audit.hpp"
#include "records/record_sql.hpp"

namespace imedic::records {

struct BoundTable {
  Binding binding;
  RecordStatements statements;
  ListSpec list_spec;
};

class RecordService {
 public:
  // With a `read_audit` sink, single-record reads of audited bindings are
  // plain SELECTs whose audit rows the sink commits (in batches) before the
  // answer is returned; without one, each read inserts its own audit row.
  RecordService(db::Pool& pool, const core::Keyring& keys, ReadAuditSink* read_audit = nullptr)
      : pool_(pool), keys_(keys), read_audit_(read_audit) {}

  // Builds the binding's statements once; the reference stays valid for the
  // service's lifetime (routes hold it).
  const BoundTable& Bind(Binding binding, std::string default_sort = "created_at.desc");

  // `key` is the path id (or the caller's own id for /me routes).
  core::Result<http::Response> Read(const BoundTable& t, const http::RequestContext& ctx,
                                    std::string_view key) const;
  core::Result<http::Response> Create(const BoundTable& t, const http::RequestContext& ctx,
                                      std::string_view key) const;
  // Create's work on a connection the caller holds (inside its transaction)
  // with a body object the caller has: for a domain that creates a record
  // as one step of a larger write (staff registering a patient creates the
  // patient's profile through here, so its reference, data key and audit
  // are the same as on the patient's own POST). `scope` replaces the
  // caller's scope text when the domain has decided the row is in reach by
  // a rule of its own (the user it has just created); nullopt keeps it.
  core::Result<http::Response> CreateIn(db::Connection& conn, const BoundTable& t,
                                        const http::RequestContext& ctx, std::string_view key,
                                        const nlohmann::json& body,
                                        const std::optional<std::string>& scope) const;
  core::Result<http::Response> Patch(const BoundTable& t, const http::RequestContext& ctx,
                                     std::string_view key) const;
  core::Result<http::Response> Delete(const BoundTable& t, const http::RequestContext& ctx,
                                      std::string_view key) const;
  core::Result<http::Response> Restore(const BoundTable& t, const http::RequestContext& ctx,
                                       std::string_view key) const;
  // One page. `parent_column`/`parent_key` restrict to a parent's rows
  // (e.g. provider_id of /providers/{id}/procedures); `path` is the link base.
  core::Result<http::Response> List(const BoundTable& t, const http::RequestContext& ctx,
                                    std::string_view path, std::string_view parent_column = {},
                                    std::string_view parent_key = {}) const;

 private:
  db::Pool& pool_;
  const core::Keyring& keys_;
  ReadAuditSink* read_audit_;
  std::deque<BoundTable> tables_;
};

// The {"items": […], "next": link|null[, "total": n]} body of a list page.
std::string PageBody(const std::string& items_json, const std::optional<std::string>& next,
                     std::optional<long long> total);

}  // namespace imedic::records
