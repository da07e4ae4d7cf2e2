-- 200k distinct clients, each once: a failed lookup that is also a write (POST /invites/<unknown code>), as in a raid of
-- many accounts. Measures what the limiters keep per client, not speed. Threads take interleaved slices of the tokens.
dofile(os.getenv("BENCH_DIR") .. "/wrk-common.lua")
local thread_count = 0

function setup(thread)
  thread:set("index", thread_count)
  thread_count = thread_count + 1
end

function init(args)
  tokens = {}
  for line in io.lines(os.getenv("BENCH_TOKENS")) do tokens[#tokens + 1] = line end
  next_token = index + 1
  step = tonumber(os.getenv("BENCH_THREADS"))
end

function request()
  local token = tokens[next_token]
  if token == nil then
    next_token = index + 1 -- every client has been seen: go round again
    token = tokens[next_token]
  end
  next_token = next_token + step
  return wrk.format("POST", "/invites/nosuchcode" .. (next_token % 97), { ["Authorization"] = "Bearer " .. token })
end

function response(status, headers, body)
  -- 404 is the expected answer; wrk counts other statuses as errors only for >= 400, so nothing to do here
end
