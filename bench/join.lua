-- Each request joins as a user of its own: threads take interleaved slices of the pre-minted tokens.
dofile(os.getenv("BENCH_DIR") .. "/wrk-common.lua")
local threads = {}
local thread_count = 0

function setup(thread)
  thread:set("index", thread_count)
  thread_count = thread_count + 1
  table.insert(threads, thread)
end

function init(args)
  tokens = {}
  for line in io.lines(os.getenv("BENCH_TOKENS")) do tokens[#tokens + 1] = line end
  next_token = index + 1
  step = tonumber(os.getenv("BENCH_THREADS"))
  path = "/invites/" .. os.getenv("BENCH_CODE")
end

function request()
  local token = tokens[next_token]
  if token == nil then token = tokens[1] end -- out of users: a repeat join, counted as an error
  next_token = next_token + step
  return wrk.format("POST", path, { ["Authorization"] = "Bearer " .. token })
end
