#include "db/connection.hpp"

#include <chrono>
#include <cstdlib>
#include <cstring>
#include <vector>

#include "core/metrics.hpp"

namespace imedic::db {

namespace {

// SQLSTATE classes and codes we map (PostgreSQL Appendix A).
bool StartsWith(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}

core::ErrorCode CodeForSqlState(std::string_view state, bool* retryable) {
  *retryable = false;
  if (state == "23505" || state == "23P01") return core::ErrorCode::kConflict;  // unique, exclusion
  if (state == "40001" || state == "40P01") {  // serialization failure, deadlock
    *retryable = true;
    return core::ErrorCode::kConflict;
  }
  if (StartsWith(state, "23") || StartsWith(state, "22")) return core::ErrorCode::kInvalidInput;
  if (StartsWith(state, "08") || StartsWith(state, "57P") || state == "53300")
    return core::ErrorCode::kUnavailable;  // connection gone, admin shutdown, too many clients
  if (state == "57014") return core::ErrorCode::kUnavailable;  // statement timeout / cancel
  return core::ErrorCode::kInternal;
}

std::string PublicMessageFor(core::ErrorCode code) {
  switch (code) {
    case core::ErrorCode::kConflict: return "the request conflicts with existing data";
    case core::ErrorCode::kInvalidInput: return "the request violates a data constraint";
    case core::ErrorCode::kUnavailable: return "the service is temporarily unavailable";
    default: return "internal error";
  }
}

}  // namespace

long PgResult::AffectedRows() const {
  if (!res_) return 0;
  const char* n = PQcmdTuples(res_.get());
  return (n && *n) ? std::strtol(n, nullptr, 10) : 0;
}

core::Error ErrorFromResult(const PGresult* r, PGconn* conn, std::string_view what) {
  core::Error err;
  const char* state = r ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : nullptr;
  if (state == nullptr || (conn && PQstatus(conn) != CONNECTION_OK)) {
    // No SQLSTATE: the connection itself failed (server gone, socket closed).
    err.code = core::ErrorCode::kUnavailable;
    err.public_message = PublicMessageFor(err.code);
    err.internal_detail = std::string(what) + ": connection lost";
    return err;
  }
  err.code = CodeForSqlState(state, &err.retryable);
  err.public_message = PublicMessageFor(err.code);
  if (const char* c = PQresultErrorField(r, PG_DIAG_CONSTRAINT_NAME)) err.constraint = c;
  // The primary message can quote values (e.g. "Key (email)=(x)"): keep only
  // the SQLSTATE, the constraint and the statement name for logs.
  err.internal_detail = std::string(what) + ": sqlstate " + state;
  if (!err.constraint.empty()) err.internal_detail += " constraint " + err.constraint;
  return err;
}

core::Result<Connection> Connection::Open(const std::string& conninfo) {
  PGconn* raw = PQconnectdb(conninfo.c_str());
  Connection c(raw);
  if (raw == nullptr || PQstatus(raw) != CONNECTION_OK) {
    return core::Fail(core::Error::Unavailable("connect failed"));
  }
  // Server notices can quote values; they never go to our output.
  PQsetNoticeProcessor(
      raw, [](void*, const char*) {}, nullptr);
  return c;
}

core::Result<PgResult> Connection::Check(PGresult* r, std::string_view what) {
  PgResult res(r);
  ExecStatusType st = r ? PQresultStatus(r) : PGRES_FATAL_ERROR;
  if (st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK || st == PGRES_COPY_IN ||
      st == PGRES_EMPTY_QUERY) {
    return res;
  }
  return core::Fail(ErrorFromResult(r, conn_.get(), what));
}

core::Result<PgResult> Connection::Exec(std::string_view sql) {
  if (IsBroken()) return core::Fail(core::Error::Unavailable("connection broken"));
  std::string text(sql);
  return Check(PQexec(conn_.get(), text.c_str()), "exec");
}

namespace {
struct RawParams {
  std::vector<const char*> values;
  explicit RawParams(const Params& p) {
    values.reserve(p.size());
    for (const auto& v : p.values()) values.push_back(v ? v->c_str() : nullptr);
  }
};
}  // namespace

core::Result<PgResult> Connection::ExecParams(std::string_view sql, const Params& params) {
  if (IsBroken()) return core::Fail(core::Error::Unavailable("connection broken"));
  std::string text(sql);
  RawParams raw(params);
  return Check(PQexecParams(conn_.get(), text.c_str(), static_cast<int>(raw.values.size()), nullptr,
                            raw.values.data(), nullptr, nullptr, 0),
               "exec_params");
}

core::Result<PgResult> Connection::Execute(const Query& query, const Params& params) {
  if (IsBroken()) return core::Fail(core::Error::Unavailable("connection broken"));
  std::string name(query.name);
  if (!prepared_.contains(query.name)) {
    std::string text(query.text);
    auto prep = Check(PQprepare(conn_.get(), name.c_str(), text.c_str(), 0, nullptr), query.name);
    if (!prep) return core::Fail(prep.error());
    prepared_.insert(query.name);
  }
  RawParams raw(params);
  const auto started = std::chrono::steady_clock::now();
  PGresult* result = PQexecPrepared(conn_.get(), name.c_str(), static_cast<int>(raw.values.size()),
                                    raw.values.data(), nullptr, nullptr, 0);
  core::metrics::ObserveStatement(
      query.name,
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
  return Check(result, query.name);
}

core::Result<void> Connection::CopyBegin(std::string_view copy_sql) {
  if (IsBroken()) return core::Fail(core::Error::Unavailable("connection broken"));
  std::string text(copy_sql);
  PGresult* r = PQexec(conn_.get(), text.c_str());
  if (PQresultStatus(r) != PGRES_COPY_IN) {
    core::Error e = ErrorFromResult(r, conn_.get(), "copy_begin");
    PQclear(r);
    return core::Fail(e);
  }
  PQclear(r);
  return {};
}

core::Result<void> Connection::CopyPut(std::string_view data) {
  if (PQputCopyData(conn_.get(), data.data(), static_cast<int>(data.size())) != 1) {
    return core::Fail(core::Error::Unavailable("copy_put failed"));
  }
  return {};
}

core::Result<void> Connection::CopyEnd() {
  if (PQputCopyEnd(conn_.get(), nullptr) != 1) {
    return core::Fail(core::Error::Unavailable("copy_end failed"));
  }
  // Drain results until libpq reports none left; the first failure wins.
  core::Result<void> out{};
  while (PGresult* r = PQgetResult(conn_.get())) {
    if (PQresultStatus(r) != PGRES_COMMAND_OK && out) {
      out = core::Fail(ErrorFromResult(r, conn_.get(), "copy_end"));
    }
    PQclear(r);
  }
  return out;
}

}  // namespace imedic::db
