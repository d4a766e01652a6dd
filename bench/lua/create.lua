-- POST /me/patient-profile: each request signs in as another patient who has
-- no profile yet (one token per request; bench/run deletes the profiles
-- between runs). The wrk threads take every k-th token.
local dir = os.getenv("BENCH_FIXTURES")
local body = io.open(dir .. "/body.json"):read("*a")
local counter = 0
function setup(thread)
  counter = counter + 1
  thread:set("tid", counter - 1)
end
local tokens, next_token = nil, 1
function init(args)
  tokens = {}
  local i = 0
  for line in io.lines(dir .. "/create_tokens.txt") do
    if i % tonumber(os.getenv("BENCH_THREADS")) == tid then tokens[#tokens + 1] = line end
    i = i + 1
  end
end
request = function()
  local t = tokens[next_token] or tokens[#tokens]  -- past the end: a 4xx, counted as an error
  next_token = next_token + 1
  return wrk.format("POST", "/me/patient-profile",
    {["Authorization"] = "Bearer " .. t, ["Content-Type"] = "application/json"}, body)
end
