-- Appended to every wrk script by bench/run: one machine-readable line with
-- the count, the duration and the latency percentiles (microseconds), p99.9
-- included, which wrk --latency does not print.
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "WRKRESULT requests=%d duration_us=%d p50_us=%d p99_us=%d p999_us=%d status=%d connect=%d read=%d write=%d timeout=%d\n",
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
    latency:percentile(99.9), e.status, e.connect, e.read, e.write, e.timeout))
end
