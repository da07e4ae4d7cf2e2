-- 200k distinct clients, each once: a failed lookup that is also a write (POST /invites/<unknown code>), as in a raid of
-- many accounts. Measures what the limiters keep per client, not speed. Threads take interleaved slices of the tokens.
dofile(os.getenv("BENCH_DIR") .. "/wrk-common.lua")
function init(args)
  load_tokens()
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
