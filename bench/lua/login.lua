-- POST /auth/login with the benchmark administrator's password (argon2id).
local dir = os.getenv("BENCH_FIXTURES")
wrk.method = "POST"
wrk.path = "/auth/login"
wrk.headers["Content-Type"] = "application/json"
wrk.body = io.open(dir .. "/login.json"):read("*a")
