-- GET /consultations (no filter, the default page of 50) as a provider staff
-- member of the provider with the most consultations; the path comes from
-- the URL bench/run passes.
local dir = os.getenv("BENCH_FIXTURES")
wrk.headers["Authorization"] = "Bearer " .. io.open(dir .. "/staff.token"):read("*l")
