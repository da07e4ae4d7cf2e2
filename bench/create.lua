dofile(os.getenv("BENCH_DIR") .. "/wrk-common.lua")
wrk.method = "POST"
wrk.path = "/channels/" .. os.getenv("BENCH_CHANNEL") .. "/invites"
wrk.headers["Authorization"] = "Bearer " .. os.getenv("BENCH_OWNER_TOKEN")
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"max_age": 3600, "max_uses": 10}'
