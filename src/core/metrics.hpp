// Process-wide measurements, exposed by GET /metrics in the Prometheus text
// format (version 0.0.4).
//
// One registry per process, because what it measures is per process (one
// node): the HTTP dispatcher, the pool, the statements and the jobs record
// into it without being handed an object, and the metrics route writes it.
// Recording is cheap on the hot path: a lookup under a shared lock (the
// label sets are few and fixed after warm-up: route patterns, statement
// names) and relaxed atomic increments.
//
// Labels carry route patterns, statement and job names, statuses: never a
// path, a query, an id or personal data.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace imedic::core::metrics {

// One answered request: the route pattern ("" when none matched), its
// status and the handling time.
void ObserveRequest(std::string_view method, std::string_view route, int status, double seconds);

// Requests being handled right now (the dispatcher brackets each one).
void RequestStarted();
void RequestFinished();

// A request refused at once because the server was saturated (503).
void CountShed();

// The embedded PostgreSQL found dead and started again (db/cluster_watchdog).
void CountEmbeddedRestart();

// One execution of a named (prepared) statement.
void ObserveStatement(std::string_view name, double seconds);

// Time a caller waited for a pool connection, and whether it got one.
void ObservePoolWait(double seconds, bool acquired);

// A background job's run: when it ended (Unix seconds), how long it took
// and whether it completed (a throw is a failure).
void ObserveJobRun(std::string_view job, double ended_unix, double seconds, bool ok);

// Writes the families above in the text format.
void WriteRegistry(std::string& out);

// Helpers for families computed at scrape time (pool, caches, backlogs).
struct Label {
  std::string_view name;
  std::string_view value;
};
// "# HELP" and "# TYPE" lines of a family.
void WriteFamily(std::string& out, std::string_view name, std::string_view type,
                 std::string_view help);
// One sample line: name{labels} value.
void WriteSample(std::string& out, std::string_view name, const std::vector<Label>& labels,
                 double value);

// Clears every recorded value (tests only).
void ResetForTesting();

}  // namespace imedic::core::metrics
