#include "core/metrics.hpp"

#include <array>
#include <atomic>
#include <charconv>
#include <cmath>
#include <map>
#include <memory>
#include <mutex>
#include <shared_mutex>

namespace imedic::core::metrics {
namespace {

// Seconds. From a cached read (~0.3 ms) to a stuck statement (10 s); the
// same bounds for requests, statements and pool waits so they compare.
constexpr std::array<double, 14> kBuckets = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05,
                                             0.1,    0.25,  0.5,    1,     2.5,  5,     10};

struct Histogram {
  std::array<std::atomic<std::uint64_t>, kBuckets.size()> buckets{};  // not cumulative
  std::atomic<std::uint64_t> count{0};
  std::atomic<double> sum{0};

  void Observe(double seconds) {
    for (std::size_t i = 0; i < kBuckets.size(); ++i) {
      if (seconds <= kBuckets[i]) {
        buckets[i].fetch_add(1, std::memory_order_relaxed);
        break;
      }
    }
    count.fetch_add(1, std::memory_order_relaxed);
    sum.fetch_add(seconds, std::memory_order_relaxed);
  }
};

struct Counter {
  std::atomic<std::uint64_t> value{0};
};

struct JobState {
  std::atomic<double> last_run{0};
  std::atomic<double> last_success{0};
  std::atomic<double> last_duration{0};
  std::atomic<std::uint64_t> ok{0};
  std::atomic<std::uint64_t> failed{0};
};

// Cells by their label values, joined with '\x1f' (no label value holds it:
// they are route patterns, statement and job names, methods, statuses).
// Cells are never removed, so a reference stays valid after the lock.
template <class Cell>
class Family {
 public:
  Cell& At(const std::string& key) {
    {
      std::shared_lock lock(mu_);
      if (auto it = cells_.find(key); it != cells_.end()) return *it->second;
    }
    std::unique_lock lock(mu_);
    auto& slot = cells_[key];
    if (!slot) slot = std::make_unique<Cell>();
    return *slot;
  }
  template <class Fn>
  void ForEach(Fn&& fn) {
    std::shared_lock lock(mu_);
    for (const auto& [key, cell] : cells_) fn(key, *cell);
  }
  void Clear() {
    std::unique_lock lock(mu_);
    cells_.clear();
  }

 private:
  std::shared_mutex mu_;
  std::map<std::string, std::unique_ptr<Cell>> cells_;
};

struct Registry {
  Family<Counter> requests;             // method, route, status
  Family<Histogram> request_durations;  // method, route
  Family<Histogram> statements;         // statement
  Family<JobState> jobs;                // job
  Histogram pool_wait;
  Counter pool_timeouts;
  Counter shed;
  Counter embedded_restarts;
  std::atomic<std::int64_t> in_flight{0};
};

Registry& Get() {
  static Registry registry;
  return registry;
}

constexpr char kSep = '\x1f';

std::string Key(std::string_view a, std::string_view b) {
  std::string key;
  key.reserve(a.size() + b.size() + 1);
  key.append(a).push_back(kSep);
  key.append(b);
  return key;
}

// The key's parts back, in order.
std::vector<std::string_view> Split(std::string_view key) {
  std::vector<std::string_view> parts;
  for (;;) {
    auto at = key.find(kSep);
    parts.push_back(key.substr(0, at));
    if (at == std::string_view::npos) return parts;
    key.remove_prefix(at + 1);
  }
}

void AppendNumber(std::string& out, double value) {
  if (std::isnan(value)) {
    out += "NaN";
  } else if (std::isinf(value)) {
    out += value > 0 ? "+Inf" : "-Inf";
  } else {
    char buf[32];
    auto [end, ec] = std::to_chars(buf, buf + sizeof buf, value);
    out.append(buf, ec == std::errc() ? end : buf);
  }
}

// Label values escape backslash, double quote and line feed.
void AppendLabelValue(std::string& out, std::string_view value) {
  for (char c : value) {
    if (c == '\\') {
      out += "\\\\";
    } else if (c == '"') {
      out += "\\\"";
    } else if (c == '\n') {
      out += "\\n";
    } else {
      out += c;
    }
  }
}

void WriteHistogram(std::string& out, std::string_view name, std::vector<Label> labels,
                    const Histogram& h) {
  const std::string bucket = std::string(name) + "_bucket";
  std::uint64_t cumulative = 0;
  labels.push_back({"le", ""});
  char le[32];
  for (std::size_t i = 0; i < kBuckets.size(); ++i) {
    cumulative += h.buckets[i].load(std::memory_order_relaxed);
    // Fixed notation ("0.0005", not "5e-04"): the bounds read as written.
    auto [end, ec] = std::to_chars(le, le + sizeof le, kBuckets[i], std::chars_format::fixed);
    labels.back().value = std::string_view(le, ec == std::errc() ? end : le);
    WriteSample(out, bucket, labels, static_cast<double>(cumulative));
  }
  // +Inf is the count itself, so the two always agree within one scrape.
  const auto count = h.count.load(std::memory_order_relaxed);
  labels.back().value = "+Inf";
  WriteSample(out, bucket, labels, static_cast<double>(std::max(count, cumulative)));
  labels.pop_back();
  WriteSample(out, std::string(name) + "_sum", labels, h.sum.load(std::memory_order_relaxed));
  WriteSample(out, std::string(name) + "_count", labels,
              static_cast<double>(std::max(count, cumulative)));
}

}  // namespace

void ObserveRequest(std::string_view method, std::string_view route, int status, double seconds) {
  auto& r = Get();
  std::string key = Key(method, route.empty() ? "unmatched" : route);
  r.request_durations.At(key).Observe(seconds);
  key.push_back(kSep);
  key += std::to_string(status);
  r.requests.At(key).value.fetch_add(1, std::memory_order_relaxed);
}

void RequestStarted() { Get().in_flight.fetch_add(1, std::memory_order_relaxed); }
void RequestFinished() { Get().in_flight.fetch_sub(1, std::memory_order_relaxed); }

void CountShed() { Get().shed.value.fetch_add(1, std::memory_order_relaxed); }

void CountEmbeddedRestart() {
  Get().embedded_restarts.value.fetch_add(1, std::memory_order_relaxed);
}

void ObserveStatement(std::string_view name, double seconds) {
  Get().statements.At(std::string(name)).Observe(seconds);
}

void ObservePoolWait(double seconds, bool acquired) {
  auto& r = Get();
  r.pool_wait.Observe(seconds);
  if (!acquired) r.pool_timeouts.value.fetch_add(1, std::memory_order_relaxed);
}

void ObserveJobRun(std::string_view job, double ended_unix, double seconds, bool ok) {
  auto& state = Get().jobs.At(std::string(job));
  state.last_run.store(ended_unix, std::memory_order_relaxed);
  state.last_duration.store(seconds, std::memory_order_relaxed);
  if (ok) {
    state.last_success.store(ended_unix, std::memory_order_relaxed);
    state.ok.fetch_add(1, std::memory_order_relaxed);
  } else {
    state.failed.fetch_add(1, std::memory_order_relaxed);
  }
}

void WriteFamily(std::string& out, std::string_view name, std::string_view type,
                 std::string_view help) {
  out.append("# HELP ").append(name).append(" ").append(help).append("\n");
  out.append("# TYPE ").append(name).append(" ").append(type).append("\n");
}

void WriteSample(std::string& out, std::string_view name, const std::vector<Label>& labels,
                 double value) {
  out += name;
  if (!labels.empty()) {
    out += '{';
    for (std::size_t i = 0; i < labels.size(); ++i) {
      if (i > 0) out += ',';
      out.append(labels[i].name).append("=\"");
      AppendLabelValue(out, labels[i].value);
      out += '"';
    }
    out += '}';
  }
  out += ' ';
  AppendNumber(out, value);
  out += '\n';
}

void WriteRegistry(std::string& out) {
  auto& r = Get();
  WriteFamily(out, "imedic_http_requests_total", "counter",
              "Requests answered, by method, route pattern and status.");
  r.requests.ForEach([&](const std::string& key, const Counter& c) {
    auto parts = Split(key);
    WriteSample(out, "imedic_http_requests_total",
                {{"method", parts[0]}, {"route", parts[1]}, {"status", parts[2]}},
                static_cast<double>(c.value.load(std::memory_order_relaxed)));
  });
  WriteFamily(out, "imedic_http_request_duration_seconds", "histogram",
              "Time from a request's dispatch to its answer, by method and route pattern.");
  r.request_durations.ForEach([&](const std::string& key, const Histogram& h) {
    auto parts = Split(key);
    WriteHistogram(out, "imedic_http_request_duration_seconds",
                   {{"method", parts[0]}, {"route", parts[1]}}, h);
  });
  WriteFamily(out, "imedic_http_requests_in_flight", "gauge", "Requests being handled now.");
  WriteSample(out, "imedic_http_requests_in_flight", {},
              static_cast<double>(r.in_flight.load(std::memory_order_relaxed)));
  WriteFamily(out, "imedic_http_requests_shed_total", "counter",
              "Requests refused at once with 503 because the server was saturated.");
  WriteSample(out, "imedic_http_requests_shed_total", {},
              static_cast<double>(r.shed.value.load(std::memory_order_relaxed)));
  WriteFamily(out, "imedic_embedded_postgres_restarts_total", "counter",
              "Times this serve found its embedded PostgreSQL dead and started it again.");
  WriteSample(out, "imedic_embedded_postgres_restarts_total", {},
              static_cast<double>(r.embedded_restarts.value.load(std::memory_order_relaxed)));
  WriteFamily(out, "imedic_db_statement_duration_seconds", "histogram",
              "Execution time of each named statement, one round trip each.");
  r.statements.ForEach([&](const std::string& key, const Histogram& h) {
    WriteHistogram(out, "imedic_db_statement_duration_seconds", {{"statement", key}}, h);
  });
  WriteFamily(out, "imedic_db_pool_wait_seconds", "histogram",
              "Time spent waiting for a pool connection.");
  WriteHistogram(out, "imedic_db_pool_wait_seconds", {}, r.pool_wait);
  WriteFamily(out, "imedic_db_pool_acquire_failures_total", "counter",
              "Acquire calls that got no connection (timeout or database away; answered 503).");
  WriteSample(out, "imedic_db_pool_acquire_failures_total", {},
              static_cast<double>(r.pool_timeouts.value.load(std::memory_order_relaxed)));

  WriteFamily(out, "imedic_job_last_run_timestamp_seconds", "gauge",
              "When each background job last finished a run (Unix time).");
  r.jobs.ForEach([&](const std::string& job, const JobState& s) {
    WriteSample(out, "imedic_job_last_run_timestamp_seconds", {{"job", job}},
                s.last_run.load(std::memory_order_relaxed));
  });
  WriteFamily(out, "imedic_job_last_success_timestamp_seconds", "gauge",
              "When each background job last completed a run without failing (Unix time).");
  r.jobs.ForEach([&](const std::string& job, const JobState& s) {
    WriteSample(out, "imedic_job_last_success_timestamp_seconds", {{"job", job}},
                s.last_success.load(std::memory_order_relaxed));
  });
  WriteFamily(out, "imedic_job_last_duration_seconds", "gauge",
              "How long each background job's last run took.");
  r.jobs.ForEach([&](const std::string& job, const JobState& s) {
    WriteSample(out, "imedic_job_last_duration_seconds", {{"job", job}},
                s.last_duration.load(std::memory_order_relaxed));
  });
  WriteFamily(out, "imedic_job_runs_total", "counter", "Runs of each background job, by result.");
  r.jobs.ForEach([&](const std::string& job, const JobState& s) {
    WriteSample(out, "imedic_job_runs_total", {{"job", job}, {"result", "ok"}},
                static_cast<double>(s.ok.load(std::memory_order_relaxed)));
    WriteSample(out, "imedic_job_runs_total", {{"job", job}, {"result", "failed"}},
                static_cast<double>(s.failed.load(std::memory_order_relaxed)));
  });
}

void ResetForTesting() {
  auto& r = Get();
  r.requests.Clear();
  r.request_durations.Clear();
  r.statements.Clear();
  r.jobs.Clear();
  for (auto& b : r.pool_wait.buckets) b.store(0);
  r.pool_wait.count.store(0);
  r.pool_wait.sum.store(0);
  r.pool_timeouts.value.store(0);
  r.shed.value.store(0);
  r.embedded_restarts.value.store(0);
  r.in_flight.store(0);
}

}  // namespace imedic::core::metrics
