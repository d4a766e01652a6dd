#include "domains/privacy/audit_batcher.hpp"

#include "core/log.hpp"
#include "db/text_array.hpp"
#include "domains/privacy/sql/queries.hpp"

namespace imedic::privacy {

namespace {

core::Error NotWritten(std::string detail) {
  core::Error e(core::ErrorCode::kUnavailable,
                "the audit trail could not record this read; try again");
  e.internal_detail = std::move(detail);
  return e;
}

// One text[] per audit_log column, in the statement's order; "" for NULL.
db::Params Columns(const std::vector<records::ReadAudit*>& rows) {
  std::vector<std::string> actor, role, table, row_id, subject, request_id, ip;
  for (auto* v : {&actor, &role, &table, &row_id, &subject, &request_id, &ip}) {
    v->reserve(rows.size());
  }
  for (const records::ReadAudit* r : rows) {
    actor.push_back(r->actor_user_id);
    role.push_back(r->actor_role);
    table.push_back(r->table_name);
    row_id.push_back(r->row_id);
    subject.push_back(r->subject_patient_profile_id.value_or(""));
    request_id.push_back(r->request_id);
    ip.push_back(r->ip.value_or(""));
  }
  return db::Params{db::ToTextArray(actor),  db::ToTextArray(role),    db::ToTextArray(table),
                    db::ToTextArray(row_id), db::ToTextArray(subject), db::ToTextArray(request_id),
                    db::ToTextArray(ip)};
}

}  // namespace

AuditBatcher::AuditBatcher(AuditBatchOptions options) : options_(std::move(options)) {
  if (options_.max_rows == 0) options_.max_rows = 1;
  thread_ = std::thread([this] { Run(); });
}

AuditBatcher::~AuditBatcher() { Stop(); }

void AuditBatcher::Stop() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  work_.notify_all();
  if (thread_.joinable()) thread_.join();
}

core::Result<void> AuditBatcher::Record(std::vector<records::ReadAudit> rows) {
  if (rows.empty()) return {};
  Waiter me;
  me.rows = std::move(rows);
  me.queued_at = std::chrono::steady_clock::now();
  std::unique_lock lock(mu_);
  if (stopping_) return core::Fail(NotWritten("the audit batcher has stopped"));
  queue_.push_back(&me);
  queued_rows_ += me.rows.size();
  // The writer sleeps through a batch's linger unless it fills up.
  if (queue_.size() == 1 || queued_rows_ >= options_.max_rows) work_.notify_one();
  finished_.wait(lock, [&] { return me.done; });
  if (me.error) return core::Fail(std::move(*me.error));
  return {};
}

AuditBatchStats AuditBatcher::Stats() const {
  return {.batches = batches_.load(std::memory_order_relaxed),
          .rows = rows_.load(std::memory_order_relaxed),
          .failed_batches = failed_batches_.load(std::memory_order_relaxed),
          .failed_rows = failed_rows_.load(std::memory_order_relaxed)};
}

void AuditBatcher::Run() {
  std::unique_lock lock(mu_);
  for (;;) {
    work_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
    if (queue_.empty()) return;  // stopping, and nothing left to write
    // Linger from the oldest row's arrival, so rows that queued while the
    // previous batch was written do not wait twice.
    const auto due = queue_.front()->queued_at + options_.linger;
    work_.wait_until(lock, due, [&] { return stopping_ || queued_rows_ >= options_.max_rows; });
    // Whole waiters, up to max_rows (at least one, however many rows it has).
    std::vector<Waiter*> batch;
    std::size_t n = 0;
    while (!queue_.empty() &&
           (batch.empty() || n + queue_.front()->rows.size() <= options_.max_rows)) {
      n += queue_.front()->rows.size();
      batch.push_back(queue_.front());
      queue_.pop_front();
    }
    queued_rows_ -= n;
    lock.unlock();
    auto written = Write(batch);
    if (written) {
      batches_.fetch_add(1, std::memory_order_relaxed);
      rows_.fetch_add(n, std::memory_order_relaxed);
    } else {
      failed_batches_.fetch_add(1, std::memory_order_relaxed);
      failed_rows_.fetch_add(n, std::memory_order_relaxed);
      // The detail names the PostgreSQL failure; the rows hold only ids.
      core::log::Warn("audit_batch_failed")
          .Int("rows", static_cast<std::int64_t>(n))
          .Str("error", written.error().internal_detail)
          .Emit();
    }
    lock.lock();
    for (Waiter* w : batch) {
      if (!written) w->error = NotWritten(written.error().internal_detail);
      w->done = true;
    }
    finished_.notify_all();
  }
}

core::Result<void> AuditBatcher::Write(const std::vector<Waiter*>& batch) {
  if (!conn_ || conn_->IsBroken()) {
    conn_.reset();
    auto opened = db::Connection::Open(options_.conninfo);
    if (!opened) return core::Fail(opened.error());
    const std::string timeout = "SET statement_timeout = " +
                                std::to_string(options_.statement_timeout.count());
    if (auto set = opened->Exec(timeout); !set) return core::Fail(set.error());
    conn_ = std::move(*opened);
  }
  std::vector<records::ReadAudit*> rows;
  for (Waiter* w : batch) {
    for (records::ReadAudit& r : w->rows) rows.push_back(&r);
  }
  // Autocommit: the statement is its own transaction, so its success is the
  // commit every waiter needs.
  auto r = conn_->Execute(sql::kAuditReadBatch, Columns(rows));
  if (!r) {
    if (conn_->IsBroken()) conn_.reset();
    return core::Fail(r.error());
  }
  return {};
}

}  // namespace imedic::privacy
