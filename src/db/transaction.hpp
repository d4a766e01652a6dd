// A transaction that rolls back unless committed.
#pragma once

#include "core/error.hpp"
#include "db/connection.hpp"

namespace imedic::db {

class Transaction {
 public:
  explicit Transaction(Connection& conn) : conn_(conn) {}
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  ~Transaction();

  core::Result<void> Begin(const char* isolation = "READ COMMITTED");
  core::Result<void> Commit();

 private:
  Connection& conn_;
  bool open_ = false;
};

}  // namespace imedic::db
