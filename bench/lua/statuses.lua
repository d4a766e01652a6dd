-- Appended last to a wrk script by bench/run (targets phase): counts the
-- answers by HTTP status and the 429/503 answers that came without a
-- Retry-After header, per thread, and adds them up in done() (the thread
-- objects kept from setup()) into one machine-readable line:
--   WRKSTATUS answers=N s2xx=N s429=N s503=N sother=N ra_missing=N other=CODE:N,...
-- It wraps the setup(), response() and done() defined before it (create.lua's
-- setup, report.lua's done), so theirs still run first.
do
  local threads = {}
  local prev_setup, prev_response, prev_done = setup, response, done
  bench_statuses = {}    -- per thread state: status -> answers
  bench_ra_missing = 0   -- per thread state: 429/503 without Retry-After
  setup = function(thread)
    if prev_setup then prev_setup(thread) end
    threads[#threads + 1] = thread
  end
  response = function(status, headers, body)
    if prev_response then prev_response(status, headers, body) end
    bench_statuses[status] = (bench_statuses[status] or 0) + 1
    if status == 429 or status == 503 then
      local found = false
      for name, value in pairs(headers) do
        if string.lower(name) == "retry-after" and value ~= "" then found = true; break end
      end
      if not found then bench_ra_missing = bench_ra_missing + 1 end
    end
  end
  done = function(summary, latency, requests)
    if prev_done then prev_done(summary, latency, requests) end
    local counts, missing = {}, 0
    for _, t in ipairs(threads) do
      for status, n in pairs(t:get("bench_statuses") or {}) do
        counts[status] = (counts[status] or 0) + n
      end
      missing = missing + (t:get("bench_ra_missing") or 0)
    end
    local answers, s2xx, s429, s503, sother, other = 0, 0, 0, 0, 0, {}
    local codes = {}
    for status in pairs(counts) do codes[#codes + 1] = status end
    table.sort(codes)
    for _, status in ipairs(codes) do
      local n = counts[status]
      answers = answers + n
      if status >= 200 and status < 300 then s2xx = s2xx + n
      elseif status == 429 then s429 = s429 + n
      elseif status == 503 then s503 = s503 + n
      else
        sother = sother + n
        other[#other + 1] = status .. ":" .. n
      end
    end
    io.write(string.format("WRKSTATUS answers=%d s2xx=%d s429=%d s503=%d sother=%d ra_missing=%d other=%s\n",
      answers, s2xx, s429, s503, sother, missing, #other > 0 and table.concat(other, ",") or "-"))
  end
end
