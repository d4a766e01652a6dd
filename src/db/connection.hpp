// RAII over libpq: a connection, a result, and the mapping of PostgreSQL
// errors (by SQLSTATE and constraint name, never message text) onto the
// project's error codes.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_set>

#include <libpq-fe.h>

#include "core/error.hpp"
#include "db/params.hpp"
#include "db/query.hpp"

namespace imedic::db {

// One result set. Values are read as text (libpq's default format).
class PgResult {
 public:
  PgResult() = default;
  explicit PgResult(PGresult* r) : res_(r, &PQclear) {}

  int rows() const { return res_ ? PQntuples(res_.get()) : 0; }
  int cols() const { return res_ ? PQnfields(res_.get()) : 0; }
  bool IsNull(int row, int col) const { return PQgetisnull(res_.get(), row, col) != 0; }
  // REQUIRES: row < rows(), col < cols(). A NULL reads as "".
  std::string_view Get(int row, int col) const {
    return {PQgetvalue(res_.get(), row, col),
            static_cast<std::size_t>(PQgetlength(res_.get(), row, col))};
  }
  std::optional<std::string> GetOptional(int row, int col) const {
    if (IsNull(row, col)) return std::nullopt;
    return std::string(Get(row, col));
  }
  // Column index by name, or -1.
  int Column(const char* name) const { return PQfnumber(res_.get(), name); }
  // Number of rows a command touched (INSERT/UPDATE/DELETE), 0 if none.
  long AffectedRows() const;
  PGresult* raw() const { return res_.get(); }

 private:
  std::unique_ptr<PGresult, decltype(&PQclear)> res_{nullptr, &PQclear};
};

class Connection {
 public:
  // Connects; a failure is kUnavailable (the database is away or refused us).
  static core::Result<Connection> Open(const std::string& conninfo);

  Connection(Connection&&) noexcept = default;
  Connection& operator=(Connection&&) noexcept = default;

  // Runs SQL text with no parameters (simple protocol; may hold several
  // statements, as migrations do). Never use it with caller-supplied data.
  core::Result<PgResult> Exec(std::string_view sql);
  // Runs SQL text with bound parameters (extended protocol, unnamed statement).
  core::Result<PgResult> ExecParams(std::string_view sql, const Params& params);
  // Runs a named statement, preparing it on this connection on first use.
  core::Result<PgResult> Execute(const Query& query, const Params& params = Params{});

  // COPY … FROM STDIN: Begin, Put any number of chunks, End.
  core::Result<void> CopyBegin(std::string_view copy_sql);
  core::Result<void> CopyPut(std::string_view data);
  core::Result<void> CopyEnd();

  // True once the server connection is lost; the pool then discards it.
  bool IsBroken() const { return !conn_ || PQstatus(conn_.get()) != CONNECTION_OK; }
  PGconn* raw() const { return conn_.get(); }

 private:
  explicit Connection(PGconn* c) : conn_(c, &PQfinish) {}
  core::Result<PgResult> Check(PGresult* r, std::string_view what);

  std::unique_ptr<PGconn, decltype(&PQfinish)> conn_{nullptr, &PQfinish};
  std::unordered_set<std::string_view> prepared_;  // names point into Query constants
};

// Maps a failed PGresult (or a lost connection) onto an Error.
core::Error ErrorFromResult(const PGresult* r, PGconn* conn, std::string_view what);

}  // namespace imedic::db
