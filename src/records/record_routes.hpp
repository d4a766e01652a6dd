// Route rows for the records engine's handlers: the generic read, create,
// change, delete and restore of one record kind under a path with {id}, and
// the /me twin that finds the record from the caller instead of the path.
// The domains name the paths, permissions and the caller's own key; the
// engine knows none of them.
#pragma once

#include <string>

#include "db/pool.hpp"
#include "http/router.hpp"
#include "records/record_service.hpp"

namespace imedic::records {

enum class Op { kRead, kCreate, kPatch, kDelete, kRestore };

// The key of a /me route: the caller's own record for `op`, or an error
// (e.g. 404 when the caller has none yet).
using OwnKey = core::Result<std::string> (*)(const http::RequestContext& ctx, Op op);

struct RecordRoutes {
  std::string base;  // "/patients/{id}/medical-history"
  http::RowKind row = http::RowKind::kNone;
  std::string read_permission;
  std::string write_permission;
  std::string restore_permission;
  std::string noun;  // "medical history"
  // False when rows are created only through the /me route.
  bool create_by_id = true;
  // The /me twin (read, create, change); none when empty.
  std::string me_path{};
  OwnKey own_key = nullptr;
  // The permission of every /me route when set (e.g. any signed-in user);
  // else the read and write permissions.
  std::string me_permission{};
  // What a successful `op` does to what bearer tokens stand for (e.g. a
  // patient profile is part of its patient's principal); none when null.
  http::AccessChange (*access_change)(Op op) = nullptr;
};

// Adds the routes of `spec` for the bound table `t`.
void AddRecordRoutes(http::Router& router, const RecordService& records, const BoundTable& t,
                     const RecordRoutes& spec);

// Runs a read whose first cell is the JSON answer; no row is a 404.
core::Result<http::Response> ReadOne(db::Pool& pool, const db::Query& query,
                                     const db::Params& params);

}  // namespace imedic::records
