"""API under concurrency: the practice list and search against a bare Django view, side by side in one run.

Starts two gunicorn servers (-w2, DEBUG=0) on 127.0.0.1 — the hub over its demo data and bench/bare_app.py
(one JSON view, one database round trip) — and drives each with 16 keep-alive connections from an asyncio
client (wrk is not installed here; the client is one process on the same 2 cores, so it takes its share of
the CPU from both servers alike; gunicorn's sync workers close each connection, so every request connects).
Each phase lasts --seconds after a warm-up and cycles over:

- the bare view, with varied query strings;
- GET /api/v1/practices/ over at least 200 distinct URLs (filters × pages × page sizes × orderings);
- GET /api/v1/search/ over at least 200 distinct queries;

once anonymously and once with an API key. It prints req/s, p50 and p99 and the ratio to the bare view.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/hub_bench_load .venv/bin/python bench/api_load.py --seconds 20

The database is dropped and seeded with the demo data (`seed_demo`) unless --keep-database is given.
"""

import argparse
import asyncio
import os
import random
import secrets
import statistics
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
BIN = ROOT / ".venv" / "bin"
CONNECTIONS = 16


def hub_env(database_url: str) -> dict:
    return {
        **os.environ,
        "DATABASE_URL": database_url,
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",
        "LOG_LEVEL": "WARNING",
        "CACHE_URL": os.environ.get("CACHE_URL", "rediscache://127.0.0.1:6379/8"),
        # The load generator is one client: rate limits would answer it 429.
        "API_RATE_ANONYMOUS": "100000000/minute",
        "API_RATE_API_KEY": "100000000/minute",
    }


def with_response_cache(env: dict, on: bool) -> dict:
    return {**env, "API_RESPONSE_CACHE": "1" if on else "0"}


def manage(env: dict, *args: str) -> str:
    return subprocess.run([str(BIN / "python"), "manage.py", *args], cwd=ROOT, env=env, check=True,
                          capture_output=True, text=True).stdout


def prepare(env: dict, keep: bool) -> str:
    name = env["DATABASE_URL"].rsplit("/", 1)[1]
    if not keep:
        subprocess.run(["dropdb", "-h", "127.0.0.1", "-U", "postgres", "--if-exists", name], check=True)
        subprocess.run(["createdb", "-h", "127.0.0.1", "-U", "postgres", name], check=True)
        manage(env, "migrate", "--no-input", "-v", "0")
        manage(env, "collectstatic", "--no-input", "-v", "0")
        manage(env, "seed_demo")
    return manage(env, "create_api_key", "--org", "rustavi", "--name", "bench", "--scope", "read").strip()


def start(app: str, port: int, env: dict) -> subprocess.Popen:
    return subprocess.Popen(
        [str(BIN / "gunicorn"), app, "--bind", f"127.0.0.1:{port}", "--workers", "2", "--log-level", "warning"],
        cwd=ROOT, env=env,
    )


async def wait_until_up(port: int, path: str) -> None:
    for _ in range(300):
        try:
            status, _ = await fetch_once(port, path)
            if status == 200:
                return
        except OSError:
            pass
        await asyncio.sleep(0.1)
    raise SystemExit(f"server on {port} did not come up")


async def fetch_once(port: int, path: str) -> tuple[int, bytes]:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        status, body, _closes = await request(reader, writer, port, path, {})
        return status, body
    finally:
        writer.close()


async def request(reader, writer, port: int, path: str, headers: dict) -> tuple[int, bytes, bool]:
    """One request on an open connection: (status, body, whether the server closes the connection)."""
    lines = [f"GET {path} HTTP/1.1", f"Host: 127.0.0.1:{port}", "Connection: keep-alive"]
    lines += [f"{name}: {value}" for name, value in headers.items()]
    writer.write(("\r\n".join(lines) + "\r\n\r\n").encode())
    head = await reader.readuntil(b"\r\n\r\n")
    status = int(head.split(b" ", 2)[1])
    length = 0
    chunked = False
    closes = False
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        name = name.strip().lower()
        if name == b"content-length":
            length = int(value)
        elif name == b"transfer-encoding" and b"chunked" in value.lower():
            chunked = True
        elif name == b"connection" and b"close" in value.lower():
            closes = True
    if chunked:
        body = b""
        while True:
            size = int((await reader.readuntil(b"\r\n")).strip(), 16)
            body += await reader.readexactly(size + 2)
            if size == 0:
                break
        return status, body, closes
    return status, await reader.readexactly(length), closes


async def drive(port: int, paths: list[str], headers: dict, seconds: float) -> dict:
    latencies: list[float] = []
    statuses: dict[int, int] = {}
    deadline = time.perf_counter() + seconds
    cursor = iter(range(10**12))

    async def worker(offset: int) -> None:
        # gunicorn's sync workers close the connection after each response (as they do for wrk); then reconnect,
        # and count the connect in the request's latency.
        reader = writer = None
        try:
            while time.perf_counter() < deadline:
                path = paths[(next(cursor) + offset) % len(paths)]
                started = time.perf_counter()
                if writer is None:
                    reader, writer = await asyncio.open_connection("127.0.0.1", port)
                status, _body, closes = await request(reader, writer, port, path, headers)
                latencies.append(time.perf_counter() - started)
                statuses[status] = statuses.get(status, 0) + 1
                if closes:
                    writer.close()
                    reader = writer = None
        finally:
            if writer is not None:
                writer.close()

    started = time.perf_counter()
    await asyncio.gather(*(worker(index * 7) for index in range(CONNECTIONS)))
    return summary([(time.perf_counter() - started, latencies, statuses)])


def summary(slices: list[tuple[float, list[float], dict]]) -> dict:
    """req/s, p50 and p99 over one or more measured slices of (elapsed seconds, latencies, statuses)."""
    latencies = sorted(latency for _elapsed, part, _statuses in slices for latency in part)
    statuses: dict[int, int] = {}
    for _elapsed, _part, part in slices:
        for status, count in part.items():
            statuses[status] = statuses.get(status, 0) + count
    return {
        "rps": len(latencies) / sum(elapsed for elapsed, _part, _statuses in slices),
        "p50": statistics.median(latencies) * 1000,
        "p99": latencies[int(len(latencies) * 0.99)] * 1000,
        "requests": len(latencies),
        "statuses": statuses,
        "slices": slices,
    }


def list_urls() -> list[str]:
    filters = [{}, {"language": "en"}, {"language": "ka"}, {"status": "published"}, {"region": "kvemo-kartli"},
               {"organization": "rustavi"}, {"organization": "tbilisi"}, {"theme": "e-governance"},
               {"theme": "efficiency"}, {"updated_after": "2020-01-01T00:00:00Z"}]
    urls = []
    # The demo data holds ~140 published practices: first pages only, so every URL answers 200.
    for extra in filters:
        for page_size in range(1, 21):
            urls.append("/api/v1/practices/?" + urlencode({**extra, "page_size": page_size}))
    return sorted(set(urls))


SEARCH_WORDS = ["მუნიციპალიტეტი", "გეგმა", "ტრენინგი", "სერვისი", "ბიუჯეტი", "rustavi", "tbilisi", "ნარჩენები",
                "განათლება", "ტრანსპორტი", "ელექტრონული", "დოკუმენტბრუნვა", "გამჭვირვალობა", "მონაწილეობა",
                "service", "plan", "training", "budget", "water", "youth"]


def search_urls() -> list[str]:
    rng = random.Random(9)
    queries = set(SEARCH_WORDS)
    while len(queries) < 300:
        queries.add(" ".join(rng.sample(SEARCH_WORDS, rng.choice((1, 2, 2, 3)))))
    return ["/api/v1/search/?" + urlencode({"q": query}) for query in sorted(queries)]


def bare_urls() -> list[str]:
    return [f"/bare/?n={index}" for index in range(300)]


async def run(args) -> None:
    env = with_response_cache(hub_env(args.database_url), not args.no_response_cache)
    key = prepare(env, args.keep_database)
    hub = start("hub.wsgi:application", args.port, env)
    bare = start("bench.bare_app:application", args.port + 1, {**env, "PYTHONPATH": str(ROOT)})
    try:
        await wait_until_up(args.port, "/healthz")
        await wait_until_up(args.port + 1, "/bare/")
        lists, searches = list_urls(), search_urls()
        print(f"response cache {'off' if args.no_response_cache else 'on'}; {len(lists)} distinct list URLs, {len(searches)} distinct search queries, {CONNECTIONS} connections, "
              f"{args.seconds:.0f} s per phase after {args.warmup:.0f} s of warm-up"
              + (f", measured in {args.rounds} interleaved rounds" if args.rounds > 1 else ""))
        results = {}
        phases = [
            ("bare view", args.port + 1, bare_urls(), {}),
            ("practice list, anonymous", args.port, lists, {}),
            ("practice list, API key", args.port, lists, {"Authorization": f"Bearer {key}"}),
            ("search, anonymous", args.port, searches, {}),
            ("search, API key", args.port, searches, {"Authorization": f"Bearer {key}"}),
        ]
        if args.rounds == 1:
            for name, port, paths, headers in phases:
                await drive(port, paths, headers, args.warmup)
                results[name] = await drive(port, paths, headers, args.seconds)
        else:
            # Every phase warms up first; then each is measured in turns, so that a change in the machine's load
            # (other work on the shared cores) falls on every phase alike.
            for name, port, paths, headers in phases:
                await drive(port, paths, headers, args.warmup)
            measured: dict[str, list] = {name: [] for name, *_rest in phases}
            for _round in range(args.rounds):
                for name, port, paths, headers in phases:
                    measured[name] += (await drive(port, paths, headers, args.seconds / args.rounds))["slices"]
            results = {name: summary(slices) for name, slices in measured.items()}
        bare_rps = results["bare view"]["rps"]
        print("| phase | req/s | p50 ms | p99 ms | of bare | statuses |\n| --- | --- | --- | --- | --- | --- |")
        for name, result in results.items():
            print(f"| {name} | {result['rps']:.0f} | {result['p50']:.1f} | {result['p99']:.1f} | "
                  f"{result['rps'] / bare_rps:.0%} | {result['statuses']} |")
    finally:
        for process in (hub, bare):
            process.terminate()
            process.wait()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/hub_bench_load"))
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--warmup", type=float, default=5)
    parser.add_argument("--port", type=int, default=8781)
    parser.add_argument("--keep-database", action="store_true")
    parser.add_argument("--no-response-cache", action="store_true", help="Serve every request in full (API_RESPONSE_CACHE=0).")
    parser.add_argument("--rounds", type=int, default=1,
                        help="Measure each phase in this many slices taken in turn with the other phases (after every "
                             "phase's warm-up), so that the machine's changing load falls on all of them alike.")
    asyncio.run(run(parser.parse_args()))


if __name__ == "__main__":
    sys.exit(main())
