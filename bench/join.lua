-- Each request joins as a user of its own: threads take interleaved slices of the pre-minted tokens.
dofile(os.getenv("BENCH_DIR") .. "/wrk-common.lua")
function init(args)
  load_tokens()
  path = "/invites/" .. os.getenv("BENCH_CODE")
end

function request()
  local token = tokens[next_token]
  if token == nil then token = tokens[1] end -- out of users: a repeat join, counted as an error
  next_token = next_token + step
  return wrk.format("POST", path, { ["Authorization"] = "Bearer " .. token })
end
