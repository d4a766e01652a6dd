-- POST /bookings as an administrator, without an Idempotency-Key: request n
-- books slot n % S for patient n / S (bench/fixtures.py: slot and patient ids
-- are numbered, S distinct dates), so no (patient, slot) pair repeats and no
-- patient's bookings overlap; bench/run deletes the bookings between runs.
-- The wrk threads take every k-th n, as create.lua takes every k-th token.
local dir = os.getenv("BENCH_FIXTURES")
local token = io.open(dir .. "/booker.token"):read("*l")
local plan = {}
for line in io.lines(dir .. "/book.txt") do plan[#plan + 1] = line end
local slots, patients, procedure = tonumber(plan[1]), tonumber(plan[2]), plan[3]
local threads = tonumber(os.getenv("BENCH_THREADS"))
local counter = 0
function setup(thread)
  counter = counter + 1
  thread:set("tid", counter - 1)
end
local headers = {["Authorization"] = "Bearer " .. token, ["Content-Type"] = "application/json"}
local j = 0
request = function()
  local n = j * threads + tid
  j = j + 1
  local p = math.floor(n / slots)
  -- Past the last patient: a pair already booked (409), counted as an error.
  if p >= patients then p = patients - 1 end
  local body = string.format(
    '{"availability_id":"00000000-0000-4000-a000-%012d","patient_profile_id":"00000000-0000-4000-9000-%012d",'
      .. '"procedure_id":"%s","total_cost":2500,"currency":"EUR"}', n % slots, p, procedure)
  return wrk.format("POST", "/bookings", headers, body)
end
