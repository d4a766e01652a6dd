// The audit rows of reads, written in batches (issue 16): a read hands its
// row to the batcher and waits; one thread inserts every waiting row in one
// statement on its own connection (one commit, one WAL flush for the lot)
// and then releases the waiters. So an audited read costs PostgreSQL a plain
// SELECT plus a share of one INSERT, and still no answer leaves before its
// audit row is durable: Record returns after the commit, or fails (503).
//
// A batch is flushed as soon as it holds `max_rows` rows or its oldest row
// has waited `linger`; rows that arrive while a batch is being written go
// into the next one. The sealer (audit_chain.hpp) takes the rows like any
// other: it only needs them committed.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "db/connection.hpp"
#include "records/read_audit.hpp"

namespace imedic::privacy {

struct AuditBatchOptions {
  std::string conninfo;
  std::size_t max_rows = 256;                         // IMEDIC_AUDIT_BATCH_MAX_ROWS
  std::chrono::microseconds linger{500};              // IMEDIC_AUDIT_BATCH_LINGER_US
  std::chrono::milliseconds statement_timeout{5000};  // a stuck batch fails its reads
};

struct AuditBatchStats {
  std::uint64_t batches = 0;         // committed
  std::uint64_t rows = 0;            // committed
  std::uint64_t failed_batches = 0;  // whose reads were refused
  std::uint64_t failed_rows = 0;
};

class AuditBatcher final : public records::ReadAuditSink {
 public:
  explicit AuditBatcher(AuditBatchOptions options);
  ~AuditBatcher() override;  // Stop()
  AuditBatcher(const AuditBatcher&) = delete;
  AuditBatcher& operator=(const AuditBatcher&) = delete;

  // Writes what is queued, then ends the thread; Record fails afterwards.
  void Stop();

  core::Result<void> Record(std::vector<records::ReadAudit> rows) override;

  AuditBatchStats Stats() const;

 private:
  struct Waiter {
    std::vector<records::ReadAudit> rows;
    std::chrono::steady_clock::time_point queued_at;
    std::optional<core::Error> error;
    bool done = false;
  };

  void Run();
  core::Result<void> Write(const std::vector<Waiter*>& batch);

  AuditBatchOptions options_;
  std::optional<db::Connection> conn_;  // the writer thread's own; opened on demand

  mutable std::mutex mu_;
  std::condition_variable work_;      // the writer waits for rows
  std::condition_variable finished_;  // readers wait for their batch
  std::deque<Waiter*> queue_;
  std::size_t queued_rows_ = 0;
  bool stopping_ = false;

  std::atomic<std::uint64_t> batches_{0}, rows_{0}, failed_batches_{0}, failed_rows_{0};
  std::thread thread_;
};

}  // namespace imedic::privacy
