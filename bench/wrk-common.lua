-- Shared by the scenarios: writes wrk's own numbers (latency in microseconds) to $BENCH_RESULT as JSON.
function done(summary, latency, requests)
  local e = summary.errors
  local f = assert(io.open(os.getenv("BENCH_RESULT"), "w"))
  f:write(string.format(
    '{"requests": %d, "duration_us": %d, "p50_us": %d, "p99_us": %d, "max_us": %d, ' ..
    '"connect": %d, "read": %d, "write": %d, "status": %d, "timeout": %d}',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99), latency.max,
    e.connect, e.read, e.write, e.status, e.timeout))
  f:close()
end

-- Numbers the threads, for scripts that give each thread its own slice of something.
local thread_count = 0
function setup(thread)
  thread:set("index", thread_count)
  thread_count = thread_count + 1
end

-- The pre-minted tokens in $BENCH_TOKENS, and this thread's first one: threads take interleaved slices of them.
function load_tokens()
  tokens = {}
  for line in io.lines(os.getenv("BENCH_TOKENS")) do tokens[#tokens + 1] = line end
  next_token = index + 1
  step = tonumber(os.getenv("BENCH_THREADS"))
end
