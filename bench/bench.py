#!/usr/bin/env python3
"""Drives the benchmark: service on a fresh database, seed over the API, wrk scenarios, checks, one table."""
import argparse, json, os, platform, signal, socket, subprocess, sys, threading, time, urllib.request
from concurrent.futures import ThreadPoolExecutor

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "out")
APP = os.path.join(OUT, "app", "InviteService.dll")
PORT = 5099
METRICS_PORT = 9599
ALLOC = False
BASE = f"http://127.0.0.1:{PORT}"
KEY = "benchmark-signing-key-0123456789-abcdefghijklmnop"
THREADS = 2

# (scenario, connections, minimum ratio to the floor, maximum p99 in ms, errors allowed): the targets of issue #15
TARGETS = {
    "floor": (32, None, None, True),
    "preview": (32, 0.60, 5.0, True),
    "join": (16, 0.25, 15.0, False),
    "create": (16, 0.25, 15.0, True),
    "lists": (16, None, None, True),
    "clients": (16, None, None, True),
}
MANY_CLIENTS = 200_000
LIST_MEMBERS = 3000         # the members of the list the lists scenario reads (issue #21)
LIST_NAME = "N" * 4000      # each with a 4,000-character name claim
MAX_START_S = 0.5
MAX_REST_MB = 60
MAX_RSS_MB = 150


STORE = {"provider": "sqlite", "connection": f"Data Source={os.path.join(OUT, 'bench.db')}"}


def env():
    e = dict(os.environ)
    e.update({
        "ASPNETCORE_ENVIRONMENT": "Production",
        "Urls": BASE,
        "Database__Provider": STORE["provider"],
        "ConnectionStrings__Invites": STORE["connection"],
        "Auth__SigningKey": KEY,
        "RateLimits__FailedLookupsPerWindow": "1000000",
        "RateLimits__WritesPerWindow": "1000000",
        "Housekeeping__Enabled": "false",
        "Logging__LogLevel__Default": "Warning",
    })
    if ALLOC:
        # The service's own /metrics (on an address of its own), read around each scenario for the bytes it allocated.
        # Off by default: exporting metrics costs a little of every request, which the rates would carry.
        e["Metrics__Urls"] = f"http://127.0.0.1:{METRICS_PORT}"
    return e


def http(method, path, token=None, body=None, raw=False):
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(BASE + path, data=data, method=method)
    if token:
        req.add_header("Authorization", "Bearer " + token)
    if data is not None:
        req.add_header("Content-Type", "application/json")
    with urllib.request.urlopen(req, timeout=30) as r:
        text = r.read()
        if raw:
            return text, r.headers.get("Link")
        return json.loads(text) if text else None


def tokens(sub, count=0, name=None):
    args = ["dotnet", APP, "token", "--sub", sub, "--hours", "2"] + (["--count", str(count)] if count else []) + (["--name", name] if name else [])
    return subprocess.run(args, env=env(), cwd=os.path.dirname(APP), check=True, capture_output=True, text=True).stdout


class RssSampler:
    """The highest resident memory of a process while it runs (VmRSS every 20 ms), for one scenario's own peak."""

    def __init__(self, pid):
        self.pid, self.peak, self._stop = pid, 0.0, threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self):
        while not self._stop.is_set():
            self.peak = max(self.peak, memory_mb(self.pid)["VmRSS"])
            self._stop.wait(0.02)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *_):
        self._stop.set()
        self._thread.join()


def seed_list(owner):
    """A server with LIST_MEMBERS members, each joined with a token whose name claim is LIST_NAME; answers its id and a
    member's token (a plain member reads the list)."""
    server = http("POST", "/servers", owner, {"name": "Big list"})
    http("PATCH", f"/servers/{server['id']}", owner, {"max_invites": 0})
    code = http("POST", f"/channels/{server['channels'][0]['id']}/invites", owner, {"max_age": 0, "max_uses": 0})["code"]
    members = tokens("bench-member", LIST_MEMBERS, name=LIST_NAME).split()
    with ThreadPoolExecutor(8) as pool:
        list(pool.map(lambda token: http("POST", f"/invites/{code}", token), members))
    return server["id"], members[0]


def read_all(path, token):
    """Every row of a list in pages, following the Link headers; and the bytes and number of pages that took."""
    rows, size, pages = [], 0, 0
    while path:
        body, link = http("GET", path, token, raw=True)
        rows.extend(json.loads(body))
        size, pages = size + len(body), pages + 1
        path = link[1:link.index(">")] if link else None
    return rows, size, pages


def wrk(scenario, connections, duration, extra):
    result = os.path.join(OUT, f"{scenario}.json")
    if os.path.exists(result):
        os.remove(result)
    e = dict(os.environ, BENCH_DIR=HERE, BENCH_RESULT=result, BENCH_THREADS=str(THREADS), **extra)
    subprocess.run(["wrk", "-t", str(THREADS), "-c", str(connections), "-d", f"{duration}s", "--timeout", "5s",
                    "-s", os.path.join(HERE, f"{scenario}.lua"), BASE], env=e, check=True, capture_output=True)
    with open(result) as f:
        r = json.load(f)
    r["rps"] = r["requests"] / (r["duration_us"] / 1e6)
    r["errors"] = r["connect"] + r["read"] + r["write"] + r["status"] + r["timeout"]
    return r


def trace(pid, scenario, duration):
    """Starts dotnet-trace on the service for the scenario's duration (less a second at each end, inside the load)."""
    seconds = max(1, duration - 2)
    return subprocess.Popen(["dotnet-trace", "collect", "-p", str(pid), "--profile", "dotnet-sampled-thread-time",
                             "--duration", f"00:00:00:{seconds:02d}", "-o", os.path.join(OUT, f"{STORE['provider']}-{scenario}.nettrace")],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def report(scenario):
    """The trace's top methods, by time on the stack (exclusive first)."""
    path = os.path.join(OUT, f"{STORE['provider']}-{scenario}.nettrace")
    out = subprocess.run(["dotnet-trace", "report", path, "topN", "-n", "25"], capture_output=True, text=True)
    print(f"\nprofile of {scenario} on {STORE['provider']} ({path}):\n{out.stdout}{out.stderr}")


def allocated_bytes():
    """The bytes the service's runtime has allocated so far (System.Runtime's dotnet.gc.heap.total_allocated), or None."""
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{METRICS_PORT}/metrics", timeout=5) as r:
            for line in r.read().decode().splitlines():
                if line.startswith("dotnet_gc_heap_total_allocated"):
                    return float(line.rsplit(" ", 1)[1] if "}" not in line else line.split("}")[1].split()[0])
    except Exception:
        return None
    return None


def memory_mb(pid):
    """Peak and current resident memory, and what the current one is made of, from /proc."""
    fields = {}
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            key, _, value = line.partition(":")
            if key in ("VmHWM", "VmRSS", "RssAnon", "RssFile", "RssShmem"):
                fields[key] = int(value.split()[0]) / 1024
    return fields


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--duration", type=int, default=10, help="seconds per scenario (plus a short warm-up)")
    parser.add_argument("--strict", action="store_true", help="also exit non-zero when a target is missed")
    parser.add_argument("--store", choices=["sqlite", "postgres", "both"], default="sqlite",
                        help="the store to measure; postgres starts a local throwaway server with default durability "
                             "(fsync and synchronous_commit on) unless --postgres names one; both measures SQLite, then "
                             "PostgreSQL, and prints each PostgreSQL row beside SQLite's")
    parser.add_argument("--postgres", help="a PostgreSQL connection string to measure on instead (a new schema is made in it)")
    parser.add_argument("--scenarios", default="floor,preview,join,create,lists,clients",
                        help="which scenarios to run, comma-separated (floor always runs: the others are measured against it)")
    parser.add_argument("--alloc", action="store_true",
                        help="also report the KB the service allocates per request (turns on its /metrics, which costs a little)")
    parser.add_argument("--trace", help="a scenario to profile: dotnet-trace (sampled thread time) records the service during it, "
                        "and its top methods are printed (needs the dotnet-trace tool)")
    parser.add_argument("--pg-options", default="", help="Npgsql connection string settings added for the service, e.g. 'Maximum Pool Size=16'")
    parser.add_argument("--port", type=int, default=PORT, help=f"the loopback port the service listens on (default {PORT})")
    args = parser.parse_args()
    global BASE, METRICS_PORT, ALLOC
    BASE = f"http://127.0.0.1:{args.port}"
    METRICS_PORT = args.port + 500
    ALLOC = args.alloc
    # Another service on the port (another checkout's benchmark, say) would answer the health check and be measured instead.
    with socket.socket() as probe:
        if probe.connect_ex(("127.0.0.1", args.port)) == 0:
            sys.exit(f"port {args.port} is in use; stop what listens there or pass --port")

    stores = ["sqlite", "postgres"] if args.store == "both" else [args.store]
    outcomes = {}
    for store in stores:
        outcomes[store] = measure(args, store)
    if len(stores) == 2:
        compare(outcomes["sqlite"], outcomes["postgres"])
    if not all(o["checks_ok"] for o in outcomes.values()):
        sys.exit(1)
    if args.strict and any(o["missed"] for o in outcomes.values()):
        sys.exit(3)


# PostgreSQL against SQLite, measured in the same invocation (issue #25): (scenario, minimum ratio, maximum p99 in ms)
PG_TARGETS = {"preview": (0.40, 10.0), "join": (0.30, 30.0), "create": (0.30, 30.0)}


def compare(sqlite, postgres):
    """Each PostgreSQL row with its ratio to the SQLite row of the same run, and the targets of issue #25."""
    print("\nPostgreSQL against SQLite, this run")
    print(f"{'scenario':<9} {'sqlite req/s':>13} {'postgres req/s':>15} {'ratio':>6} {'pg p99 ms':>10} {'pg errors':>10}  target")
    for scenario, r in postgres["results"].items():
        base = sqlite["results"][scenario]
        ratio = r["rps"] / base["rps"]
        goal = ""
        if scenario in PG_TARGETS:
            minimum, p99_max = PG_TARGETS[scenario]
            ok = ratio >= minimum and r["p99_us"] / 1000 <= p99_max and r["errors"] == 0
            goal = f">= {minimum:.2f}x, p99 <= {p99_max:g} ms, no errors" + (" ok" if ok else " MISSED")
        print(f"{scenario:<9} {base['rps']:>13.0f} {r['rps']:>15.0f} {ratio:>6.2f} {r['p99_us'] / 1000:>10.2f} {r['errors']:>10}  {goal}")


def measure(args, store):
    """One store's whole run: its own service and database; answers the results, whether the checks held, what was missed."""
    STORE.update(provider="sqlite", connection=f"Data Source={os.path.join(OUT, 'bench.db')}")
    pg_dir = None
    if store == "postgres":
        connection = args.postgres
        if not connection:
            pg_dir = os.path.join(OUT, "postgres")
            subprocess.run([os.path.join(HERE, "..", ".ci", "postgres"), "stop", pg_dir], check=False, capture_output=True)
            started = subprocess.run([os.path.join(HERE, "..", ".ci", "postgres"), "start", pg_dir], check=True, capture_output=True,
                                     text=True, env=dict(os.environ, PG_DURABLE="1"))
            connection = started.stdout.strip()
        schema = f"bench_{int(time.time())}"
        psql_run(connection, f"CREATE SCHEMA {schema}")
        STORE.update(provider="postgres", connection=f"{connection};Search Path={schema}" + (f";{args.pg_options}" if args.pg_options else ""))
    try:
        return run(args)
    finally:
        if pg_dir:
            subprocess.run([os.path.join(HERE, "..", ".ci", "postgres"), "stop", pg_dir], check=False, capture_output=True)


def psql_run(connection, sql):
    """Runs one statement with psql, from a Npgsql-style connection string."""
    parts = dict(p.split("=", 1) for p in connection.split(";") if "=" in p)
    key = {k.lower(): v for k, v in parts.items()}
    command = ["psql", "-h", key.get("host", "localhost"), "-p", key.get("port", "5432"), "-U", key.get("username", "postgres"),
               "-d", key.get("database", "postgres"), "-qAtc", sql]
    subprocess.run(command, check=True, capture_output=True, env=dict(os.environ, PGPASSWORD=key.get("password", "")))


def run(args):

    for suffix in ("", "-wal", "-shm"):
        path = os.path.join(OUT, "bench.db" + suffix)
        if os.path.exists(path):
            os.remove(path)

    log = open(os.path.join(OUT, "service.log"), "w")
    started = time.perf_counter()
    service = subprocess.Popen(["dotnet", APP], env=env(), cwd=os.path.dirname(APP), stdout=log, stderr=log)
    checks = []
    try:
        for _ in range(3000):
            try:
                urllib.request.urlopen(BASE + "/health/ready", timeout=1)
                break
            except Exception:
                time.sleep(0.01)
        else:
            sys.exit("the service did not start; see bench/out/service.log")
        start_s = time.perf_counter() - started
        time.sleep(2)
        rest = memory_mb(service.pid)["VmRSS"]

        owner = tokens("bench-owner").strip()
        server = http("POST", "/servers", owner, {"name": "Benchmark"})
        http("PATCH", f"/servers/{server['id']}", owner, {"max_invites": 0})
        channel = server["channels"][0]["id"]
        preview_code = http("POST", f"/channels/{channel}/invites", owner, {"max_age": 0})["code"]
        join_code = http("POST", f"/channels/{channel}/invites", owner, {"max_age": 0, "max_uses": 0})["code"]
        users = 40000 * max(1, args.duration // 10 + 1)
        token_file = os.path.join(OUT, "tokens.txt")
        with open(token_file, "w") as f:
            f.write(tokens("bench-user", users))

        wanted = set(args.scenarios.split(",")) | {"floor"}
        list_server, list_reader = seed_list(owner) if "lists" in wanted else (None, None)

        results = {}
        plan = [
            ("floor", {}),
            ("preview", {"BENCH_CODE": preview_code}),
            ("join", {"BENCH_CODE": join_code, "BENCH_TOKENS": token_file}),
            ("create", {"BENCH_CHANNEL": channel, "BENCH_OWNER_TOKEN": owner}),
            ("lists", {"BENCH_SERVER": list_server, "BENCH_READER_TOKEN": list_reader}),
            ("clients", {"BENCH_TOKENS": os.path.join(OUT, "clients.txt")}),
        ]
        if "clients" in wanted:
            with open(os.path.join(OUT, "clients.txt"), "w") as f:
                f.write(tokens("bench-client", MANY_CLIENTS))
        for scenario, extra in plan:
            if scenario not in wanted:
                continue
            connections = TARGETS[scenario][0]
            if scenario == "clients":
                # Not a speed test: long enough for every client to be seen once, then the memory they left behind.
                before = memory_mb(service.pid)["VmRSS"]
                results[scenario] = r = wrk("manyclients", connections, max(args.duration, 45), extra)
                time.sleep(1)
                r["rss_before"], r["rss_after"] = before, memory_mb(service.pid)["VmRSS"]
                r["clients"] = min(MANY_CLIENTS, r["requests"])
                continue
            if scenario != "join":  # a warm-up that does not spend join users
                wrk(scenario, connections, 2, extra)
            if scenario == "lists":
                before = memory_mb(service.pid)["VmRSS"]
                with RssSampler(service.pid) as sampler:
                    results[scenario] = r = wrk(scenario, connections, args.duration, extra)
                r["rss_before"], r["rss_peak"] = before, sampler.peak
                r["answer_bytes"] = len(http("GET", f"/servers/{list_server}/members", list_reader, raw=True)[0])
                _, r["list_bytes"], r["list_pages"] = read_all(f"/servers/{list_server}/members", list_reader)
                continue
            before_alloc = allocated_bytes()
            tracer = trace(service.pid, scenario, args.duration) if scenario == args.trace else None
            results[scenario] = wrk(scenario, connections, args.duration, extra)
            if tracer:
                tracer.wait()
                report(scenario)
            after_alloc = allocated_bytes()
            if before_alloc is not None and after_alloc is not None:
                results[scenario]["alloc_per_request"] = (after_alloc - before_alloc) / max(1, results[scenario]["requests"])
            if scenario == "join":
                # wrk stops counting at the deadline while up to one request per connection is still in flight: let those
                # finish, then read the invite and its members.
                time.sleep(1)
                uses = http("GET", f"/invites/{join_code}")["uses"]
                members = sum(1 for m in read_all(f"/servers/{server['id']}/members?limit=1000", owner)[0] if m["invite_code"] == join_code)
                succeeded = results["join"]["requests"] - results["join"]["errors"]
                checks.append((f"join: uses ({uses}) equals members who joined through the invite ({members})", uses == members))
                checks.append((f"join: uses ({uses}) are the {succeeded} joins wrk saw succeed, plus at most one in flight per connection",
                               succeeded <= uses <= succeeded + connections))

        memory = memory_mb(service.pid)
        rss = memory["VmHWM"]
    finally:
        service.send_signal(signal.SIGTERM)
        try:
            service.wait(10)
        except subprocess.TimeoutExpired:
            service.kill()

    floor = results["floor"]["rps"]
    cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), platform.processor())
    print(f"\nInviteService benchmark on {STORE['provider']}: {os.cpu_count()} cores ({cpu}), {args.duration} s per scenario, wrk -t{THREADS}, Release, loopback")
    print(f"{'scenario':<9} {'conns':>5} {'req/s':>9} {'p50 ms':>8} {'p99 ms':>8} {'errors':>7} {'x floor':>8} {'KB/req':>7}  target")
    missed = []
    clients = results.pop("clients", None)
    lists = results.get("lists")
    for scenario, r in results.items():
        connections, ratio, p99_max, errors_ok = TARGETS[scenario]
        x = r["rps"] / floor
        p99 = r["p99_us"] / 1000
        goals = []
        if ratio is not None:
            ok = x >= ratio and p99 <= p99_max and (errors_ok or r["errors"] == 0)
            goals.append(f">= {ratio:.2f}x, p99 <= {p99_max:g} ms" + ("" if errors_ok else ", no errors") + (" ok" if ok else " MISSED"))
            if not ok:
                missed.append(scenario)
        alloc = f"{r['alloc_per_request'] / 1024:.1f}" if "alloc_per_request" in r else "-"
        print(f"{scenario:<9} {connections:>5} {r['rps']:>9.0f} {r['p50_us'] / 1000:>8.2f} {p99:>8.2f} {r['errors']:>7} {x:>8.2f} {alloc:>7}  {' '.join(goals)}")
    rss_ok = rss <= MAX_RSS_MB
    print(f"peak RSS of the service: {rss:.0f} MB (target <= {MAX_RSS_MB} MB{' ok' if rss_ok else ' MISSED'}); at the end "
          f"{memory['VmRSS']:.0f} MB = {memory['RssAnon']:.0f} anonymous (GC heap, store caches) + {memory['RssFile']:.0f} mapped files "
          f"+ {memory['RssShmem']:.0f} shared (JIT code, SQLite wal-index)")
    if not rss_ok:
        missed.append("memory")
    start_ok, rest_ok = start_s <= MAX_START_S, rest <= MAX_REST_MB
    print(f"start-up, exec to /health/ready 200: {start_s:.2f} s (target <= {MAX_START_S} s{' ok' if start_ok else ' MISSED'}); "
          f"RSS at rest after start-up: {rest:.0f} MB (target <= {MAX_REST_MB} MB{' ok' if rest_ok else ' MISSED'})")
    if lists: print(f"lists: {LIST_MEMBERS} members with {len(LIST_NAME)}-character name claims, GET /servers/{{id}}/members by "
          f"{TARGETS['lists'][0]} readers ({lists['rps']:.0f} req/s): an answer of {lists['answer_bytes'] / 1024:.0f} KB "
          f"(the whole list {lists['list_bytes'] / 1024:.0f} KB in {lists['list_pages']} pages); RSS {lists['rss_before']:.0f} MB "
          f"before, {lists['rss_peak']:.0f} MB at its peak")
    if clients: print(f"many clients: {clients['clients']} distinct clients, each a failed lookup and a write ({clients['rps']:.0f} req/s): "
          f"RSS {clients['rss_before']:.0f} MB before, {clients['rss_after']:.0f} MB after")
    if not start_ok:
        missed.append("start-up")
    if not rest_ok:
        missed.append("memory at rest")
    for text, ok in checks:
        print(f"check: {text}: {'ok' if ok else 'FAILED'}")
    return {"results": results, "checks_ok": all(ok for _, ok in checks), "missed": missed}


if __name__ == "__main__":
    main()
