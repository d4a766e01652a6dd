// Runs a piece of work in one transaction on a pooled connection: the
// shape every multi-statement write of the domains takes.
#pragma once

#include <utility>

#include "core/error.hpp"
#include "db/connection.hpp"
#include "db/pool.hpp"
#include "db/transaction.hpp"

namespace imedic::db {

// `fn(Connection&)` returns a core::Result; its failure rolls the
// transaction back, its success is committed (READ COMMITTED).
template <typename Fn>
auto InTransaction(Pool& pool, Fn&& fn) -> decltype(fn(std::declval<Connection&>())) {
  auto conn = pool.Acquire();
  if (!conn) return core::Fail(conn.error());
  Transaction tx(**conn);
  if (auto begun = tx.Begin(); !begun) return core::Fail(begun.error());
  auto result = std::forward<Fn>(fn)(**conn);
  if (!result) return result;
  if (auto committed = tx.Commit(); !committed) return core::Fail(committed.error());
  return result;
}

}  // namespace imedic::db
