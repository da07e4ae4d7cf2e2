-- Readers of a big member list: GET /servers/<id>/members, as the server's members see it (a page, by default).
dofile(os.getenv("BENCH_DIR") .. "/wrk-common.lua")
wrk.method = "GET"
wrk.path = "/servers/" .. os.getenv("BENCH_SERVER") .. "/members"
wrk.headers["Authorization"] = "Bearer " .. os.getenv("BENCH_READER_TOKEN")
