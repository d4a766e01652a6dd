-- GET /patients/{id} as a medical clinician, over 16 of their patients.
local dir = os.getenv("BENCH_FIXTURES")
local token = io.open(dir .. "/clinician.token"):read("*l")
local ids = {}
for line in io.lines(dir .. "/patients.txt") do ids[#ids + 1] = line end
wrk.headers["Authorization"] = "Bearer " .. token
request = function()
  return wrk.format("GET", "/patients/" .. ids[math.random(#ids)])
end
