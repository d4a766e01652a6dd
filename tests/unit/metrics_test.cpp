// The Prometheus text written by core/metrics: families, cumulative
// buckets, label escaping, and job outcomes.
#include "core/metrics.hpp"

#include <gtest/gtest.h>

#include <string>

#include "jobs/periodic_jobs.hpp"

namespace imedic::core::metrics {
namespace {

bool Has(const std::string& text, const std::string& line) {
  return text.find(line + "\n") != std::string::npos;
}

class MetricsTest : public ::testing::Test {
 protected:
  void SetUp() override { ResetForTesting(); }
  void TearDown() override { ResetForTesting(); }
};

TEST_F(MetricsTest, RequestsAreCountedByRouteAndStatusWithCumulativeBuckets) {
  ObserveRequest("GET", "/bookings/{id}", 200, 0.0007);
  ObserveRequest("GET", "/bookings/{id}", 200, 0.003);
  ObserveRequest("GET", "/bookings/{id}", 404, 20.0);  // beyond the last bucket
  ObserveRequest("GET", "", 404, 0.0001);
  std::string text;
  WriteRegistry(text);
  EXPECT_TRUE(Has(text, "# TYPE imedic_http_requests_total counter")) << text;
  EXPECT_TRUE(Has(
      text, R"(imedic_http_requests_total{method="GET",route="/bookings/{id}",status="200"} 2)"));
  EXPECT_TRUE(Has(
      text, R"(imedic_http_requests_total{method="GET",route="/bookings/{id}",status="404"} 1)"));
  EXPECT_TRUE(
      Has(text, R"(imedic_http_requests_total{method="GET",route="unmatched",status="404"} 1)"));
  const std::string b =
      R"(imedic_http_request_duration_seconds_bucket{method="GET",route="/bookings/{id}",)";
  EXPECT_TRUE(Has(text, b + R"(le="0.0005"} 0)")) << text;
  EXPECT_TRUE(Has(text, b + R"(le="0.001"} 1)"));
  EXPECT_TRUE(Has(text, b + R"(le="0.005"} 2)"));
  EXPECT_TRUE(Has(text, b + R"(le="10"} 2)"));
  EXPECT_TRUE(Has(text, b + R"(le="+Inf"} 3)"));
  EXPECT_TRUE(
      Has(text,
          R"(imedic_http_request_duration_seconds_count{method="GET",route="/bookings/{id}"} 3)"));
}

TEST_F(MetricsTest, LabelValuesAreEscaped) {
  ObserveStatement("odd\"name\\with\nbreak", 0.001);
  std::string text;
  WriteRegistry(text);
  EXPECT_NE(text.find(R"(statement="odd\"name\\with\nbreak")"), std::string::npos) << text;
}

TEST_F(MetricsTest, InFlightShedAndPoolWaits) {
  RequestStarted();
  RequestStarted();
  RequestFinished();
  CountShed();
  ObservePoolWait(0.002, true);
  ObservePoolWait(2.0, false);
  std::string text;
  WriteRegistry(text);
  EXPECT_TRUE(Has(text, "imedic_http_requests_in_flight 1")) << text;
  EXPECT_TRUE(Has(text, "imedic_http_requests_shed_total 1"));
  EXPECT_TRUE(Has(text, "imedic_db_pool_wait_seconds_count 2"));
  EXPECT_TRUE(Has(text, R"(imedic_db_pool_wait_seconds_bucket{le="0.0025"} 1)"));
  EXPECT_TRUE(Has(text, "imedic_db_pool_acquire_failures_total 1"));
  RequestFinished();
}

// PeriodicJobs reports each run: ok, failed by ReportRunFailed, failed by a
// throw; the last success stays at the last good run.
TEST_F(MetricsTest, JobRunsByResult) {
  int turn = 0;
  jobs::PeriodicJobs jobs;
  jobs.Add("flaky", std::chrono::milliseconds(1), [&turn] {
    ++turn;
    if (turn == 2) jobs::ReportRunFailed();
    if (turn == 3) throw std::runtime_error("boom");
  });
  jobs.Start();
  for (int i = 0; i < 500 && turn < 4; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  jobs.Stop();
  ASSERT_GE(turn, 4);
  std::string text;
  WriteRegistry(text);
  EXPECT_TRUE(Has(text, R"(imedic_job_runs_total{job="flaky",result="failed"} 2)")) << text;
  EXPECT_NE(text.find(R"(imedic_job_last_success_timestamp_seconds{job="flaky"} 1)"),
            std::string::npos);  // a Unix time of this century starts with 1
}

}  // namespace
}  // namespace imedic::core::metrics
