-- Appended to an endpoint's script by bench/run (targets phase): paces wrk.
-- Every wrk thread sends its share of BENCH_RATE requests per second on a
-- fixed schedule, one slot every BENCH_THREADS / BENCH_RATE seconds; delay()
-- reserves the thread's next slot for the connection asking and returns the
-- milliseconds until it (CLOCK_MONOTONIC, through LuaJIT's ffi). Behind
-- schedule (every connection was busy when a slot came), it returns 0: the
-- late requests go out at once and the schedule keeps its pace, so the rate
-- offered over the run stays BENCH_RATE as long as the connections allow.
-- wrk times a request from when it is written, after the delay: latencies
-- are service times (no coordinated-omission correction, as wrk2 would do).
-- Defines only delay() and locals; the endpoint's request()/init() stay.
do
  local ffi = require("ffi")
  pcall(ffi.cdef, [[
    typedef struct { long tv_sec; long tv_nsec; } bench_timespec;
    int clock_gettime(int clk_id, bench_timespec *tp);
  ]])
  local CLOCK_MONOTONIC = 1
  local ts = ffi.new("bench_timespec")
  local function now_ms()
    ffi.C.clock_gettime(CLOCK_MONOTONIC, ts)
    return tonumber(ts.tv_sec) * 1000 + tonumber(ts.tv_nsec) / 1e6
  end
  local rate = tonumber(os.getenv("BENCH_RATE") or "")
  local nthreads = tonumber(os.getenv("BENCH_THREADS") or "")
  assert(rate and rate > 0, "paced.lua: BENCH_RATE (requests/s over all threads) is not set")
  assert(nthreads and nthreads > 0, "paced.lua: BENCH_THREADS is not set")
  local interval = nthreads * 1000 / rate  -- ms between two slots of this thread
  local next_slot = nil
  delay = function()
    local now = now_ms()
    if next_slot == nil then next_slot = now end
    local slot = next_slot
    next_slot = next_slot + interval
    if slot <= now then return 0 end
    return slot - now  -- wrk truncates to whole ms; the schedule itself does not drift
  end
end
