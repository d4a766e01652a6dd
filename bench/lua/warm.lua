-- Warm-up before each measured create run (bench/run; not measured):
-- GET /me once with every token of create_tokens.txt, each wrk thread taking
-- every k-th token in order, as create.lua does. The fixtures wrote these
-- sessions straight into the database, so the server has never seen them; in
-- real use a patient has made requests (and the server has cached their
-- session) before creating a profile. delay() reserves a token per request
-- and parks the connection once the thread has none left; when all of the
-- thread's answers are in, it creates the file $BENCH_WARM_DONE.<thread>,
-- and bench/run stops wrk (SIGINT) once every thread has one.
local dir = os.getenv("BENCH_FIXTURES")
local counter = 0
function setup(thread)
  counter = counter + 1
  thread:set("tid", counter - 1)
end
local tokens, reserved, sent, answered = {}, 0, 0, 0
local function finished()
  io.open(os.getenv("BENCH_WARM_DONE") .. "." .. tid, "w"):close()
end
function init(args)
  local i = 0
  for line in io.lines(dir .. "/create_tokens.txt") do
    if i % tonumber(os.getenv("BENCH_THREADS")) == tid then tokens[#tokens + 1] = line end
    i = i + 1
  end
  if #tokens == 0 then finished() end
end
function delay()
  reserved = reserved + 1
  if reserved > #tokens then return 3600 * 1000 end  -- nothing left: park
  return 0
end
request = function()
  -- wrk calls request() once on the first thread before any delay(), to
  -- check the request (not sent): it must not use up a token.
  if reserved == 0 then return wrk.format("GET", "/me") end
  sent = sent + 1
  return wrk.format("GET", "/me", {["Authorization"] = "Bearer " .. tokens[sent]})
end
function response(status, headers, body)
  answered = answered + 1
  if answered == #tokens then finished() end
end
