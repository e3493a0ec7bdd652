"""``make bench``: Onramp at 1k, 100k and 1M young people on PostgreSQL and SQLite, side by side.

For each engine and size it reuses (or synthesises) a database for that size and seed, starts `onramp serve`
on a free port against it, signs in over HTTP, times each page, times the raw SQL baselines in process
(bench/inproc.py), and writes bench/results.json and bench/results.md (also printed) with every ratio and
whether it meets its goal. Standard library only, so it runs before anything else is installed.

    python bench/run.py [--sizes 1000,100000,1000000] [--engines postgresql,sqlite] [--seed 2019]
                        [--repeat 9] [--load-seconds 0] [--load-users 50] [--load-size N]
"""

from __future__ import annotations

import argparse
import http.cookiejar
import json
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
PYTHON = str(ROOT / ".venv" / "bin" / "python")
ONRAMP = str(ROOT / ".venv" / "bin" / "onramp")
PG_SERVER = os.environ.get("BENCH_POSTGRES", "postgres://postgres@127.0.0.1:5432")
PG_PREFIX = "onramp_bench"
SQLITE_DIR = ROOT / "var" / "bench"
PASSWORD = "bench-password-not-secret"
PAGES = {
    # name: (account, path); "record" rotates over sampled young people
    "layout": ("bench-admin", "/accessibility/"),
    "caseload": ("bench-admin", "/young-people/"),
    "caseload_coordinator": ("bench-coordinator", "/young-people/"),
    "record": ("bench-admin", "/young-people/{pk}/"),
    "programme_dashboard": ("bench-admin", "/evaluation/"),
    "funder_dashboard": ("bench-funder", "/evaluation/published/"),
}
GOAL_PAGES = ["caseload", "record", "programme_dashboard", "funder_dashboard"]


def log(text: str) -> None:
    print(f"[bench] {text}", file=sys.stderr, flush=True)


# --- databases -------------------------------------------------------------------------------------------


def _pg(database: str) -> str:
    return f"{PG_SERVER}/{database}"


def _psql(sql: str, database: str = "postgres") -> str:
    import psycopg

    with psycopg.connect(_pg(database), autocommit=True) as conn:
        cursor = conn.execute(sql)  # type: ignore[arg-type]
        return str(cursor.fetchone()[0]) if cursor.description else ""


def _pg_exists(name: str) -> bool:
    return _psql(f"SELECT COUNT(*) FROM pg_database WHERE datname = '{name}'") == "1"


def _run(args: list[str], env: dict[str, str], **kw: Any) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, env=env, check=True, text=True, cwd=ROOT, **kw)


def _env(url: str) -> dict[str, str]:
    env = os.environ.copy()
    env.update(
        DATABASE_URL=url,
        ONRAMP_DEMO_PASSWORD=PASSWORD,
        ONRAMP_TWO_FACTOR="false",
        ONRAMP_LOCKOUT_ATTEMPTS="1000",
        DEBUG="false",
    )
    return env


def database(engine: str, size: int, seed: int) -> str:
    """The URL of a database holding the synthetic programme for this size and seed, made once and reused."""
    if engine == "postgresql":
        name = f"{PG_PREFIX}_{size}_{seed}"
        if _pg_exists(name) and _pg_count(name) == size:
            return _pg(name)
        template = f"{PG_PREFIX}_template"
        if not _pg_exists(template):
            log("PostgreSQL: a template database with the reference geography (about a minute)")
            _psql(f"CREATE DATABASE {template}")
            _run([ONRAMP, "setup"], _env(_pg(template)), stdout=subprocess.DEVNULL)
            _psql("VACUUM ANALYZE", template)
        if _pg_exists(name):
            _psql(f"DROP DATABASE {name}")
        _psql(f"CREATE DATABASE {name} TEMPLATE {template}")
        url = _pg(name)
    else:
        SQLITE_DIR.mkdir(parents=True, exist_ok=True)
        path = SQLITE_DIR / f"onramp_{size}_{seed}.sqlite3"
        url = f"sqlite:///{path}"
        marker = path.with_suffix(".done")
        if path.exists() and marker.exists():
            return url
        template = SQLITE_DIR / "template.sqlite3"
        if not (template.exists() and template.with_suffix(".done").exists()):
            log("SQLite: a template database with the reference geography (about a minute)")
            _run([ONRAMP, "setup"], _env(f"sqlite:///{template}"), stdout=subprocess.DEVNULL)
            template.with_suffix(".done").touch()
        marker.unlink(missing_ok=True)
        shutil.copyfile(template, path)
    log(f"{engine}: synthesising {size:,} young people (seed {seed})")
    began = time.monotonic()
    _run([ONRAMP, "synth", "--young-people", str(size), "--seed", str(seed)], _env(url))
    log(f"{engine}: synthesised in {time.monotonic() - began:.0f}s")
    if engine == "sqlite":
        Path(url.removeprefix("sqlite:///")).with_suffix(".done").touch()
    return url


def _pg_count(name: str) -> int:
    try:
        return int(_psql("SELECT COUNT(*) FROM participants_youngperson", name))
    except Exception:
        return -1


# --- the server and HTTP ---------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Server:
    def __init__(self, url: str, workers: int = 2) -> None:
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.log = tempfile.NamedTemporaryFile(  # noqa: SIM115 - open while the server runs
            prefix="onramp-bench-serve-", suffix=".log", delete=False
        )
        self.process = subprocess.Popen(
            [ONRAMP, "serve", "--port", str(self.port), "--workers", str(workers), "--no-worker"],
            env=_env(url),
            cwd=ROOT,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )

    def __enter__(self) -> Server:
        for _ in range(240):
            try:
                with urllib.request.urlopen(self.base + "/healthz", timeout=5) as response:
                    if response.status == 200:
                        return self
            except OSError:
                time.sleep(0.5)
        self.__exit__()
        raise RuntimeError(f"onramp serve did not start; see {self.log.name}")

    def __exit__(self, *_: Any) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()


class Client:
    """A signed-in browser, as far as timing pages needs one."""

    def __init__(self, base: str, username: str) -> None:
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))
        page = self.get("/sign-in/")[1]
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        if token is None:
            raise RuntimeError("no CSRF token on the sign-in page")
        data = urllib.parse.urlencode(
            {"csrfmiddlewaretoken": token.group(1), "username": username, "password": PASSWORD}
        ).encode()
        request = urllib.request.Request(base + "/sign-in/", data=data, headers={"Referer": base + "/sign-in/"})
        with self.opener.open(request, timeout=60) as response:
            if "/sign-in/" in response.url:
                raise RuntimeError(f"could not sign in as {username}")

    def get(self, path: str, timeout: float = 900) -> tuple[float, str]:
        began = time.perf_counter()
        with self.opener.open(self.base + path, timeout=timeout) as response:
            body = response.read().decode("utf-8", "replace")
            if response.status != 200 or ("/sign-in/" in response.url and "sign-in" not in path):
                raise RuntimeError(f"{path}: {response.status} at {response.url}")
        return time.perf_counter() - began, body

    def session(self) -> str:
        return next(c.value for c in self.jar if c.name == "sessionid")


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def time_pages(base: str, record_pks: list[int], repeat: int, only: list[str] | None = None) -> dict[str, Any]:
    clients: dict[str, Client] = {}
    out = {}
    for name, (account, path) in PAGES.items():
        if only and name not in only and name != "layout":
            continue
        client = clients.get(account) or clients.setdefault(account, Client(base, account))
        paths = [path.format(pk=pk) for pk in record_pks] if "{pk}" in path else [path]
        try:
            client.get(paths[0])  # warm up: first request in a worker process
            times = [client.get(paths[i % len(paths)])[0] for i in range(repeat)]
        except OSError as error:  # a 500 from gunicorn's 30 s worker timeout, say: recorded as a failure
            out[name] = {"error": str(error), "account": account}
            log(f"  {name}: {error}")
            continue
        out[name] = {
            "median_s": statistics.median(times),
            "p95_s": percentile(times, 0.95),
            "n": len(times),
            "account": account,
        }
        log(f"  {name}: median {out[name]['median_s'] * 1000:.0f} ms")
    return out


def inproc(url: str, *args: str) -> dict[str, Any]:
    result = _run([PYTHON, str(ROOT / "bench" / "inproc.py"), *args], _env(url), capture_output=True)
    return json.loads(result.stdout.strip().splitlines()[-1])


def import_memory(url: str, small: int, large: int) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as folder:
        out = {}
        for rows in (small, large):
            path = str(Path(folder) / f"p{rows}.csv")
            inproc(url, "write-file", str(rows), path)
            out[str(rows)] = inproc(url, "import-rss", path)["peak_rss_mib"]
    return {"rows": [small, large], "peak_rss_mib": out, "ratio": out[str(large)] / out[str(small)]}


# --- the load test ---------------------------------------------------------------------------------------


def load_test(base: str, record_pks: list[int], users: int, seconds: int) -> dict[str, Any]:
    """wrk on loopback: `users` connections for `seconds`, a mixed signed-in workload (bench/load.lua)."""
    if shutil.which("wrk") is None:
        return {"skipped": "wrk is not installed (apt-get install wrk)"}
    admin = Client(base, "bench-admin")
    env = os.environ.copy()
    env.update(BENCH_SESSION=admin.session(), BENCH_RECORDS=",".join(map(str, record_pks)))
    result = subprocess.run(
        [
            "wrk",
            "-t",
            "2",
            "-c",
            str(users),
            "-d",
            f"{seconds}s",
            "--timeout",
            "30s",
            "--latency",
            "-s",
            str(ROOT / "bench" / "load.lua"),
            base,
        ],
        env=env,
        text=True,
        capture_output=True,
        check=True,
    )
    line = next(x for x in result.stdout.splitlines() if x.startswith("BENCH "))
    return json.loads(line.removeprefix("BENCH ")) | {"users": users, "seconds": seconds}


# --- results ---------------------------------------------------------------------------------------------


def verdict(ok: bool | None) -> str:
    return "n/a" if ok is None else ("PASS" if ok else "MISS")


def ratios(results: dict[str, Any]) -> list[dict[str, Any]]:
    """Every goal, per engine: the measured ratio and PASS/MISS."""
    rows = []
    for engine, sizes in results["engines"].items():
        keys = sorted(sizes, key=int)
        small, big = sizes[keys[0]], sizes[keys[-1]]
        for size in keys:
            run = sizes[size]
            h = run["headline"]
            rows.append(_row(engine, size, "headline report / raw SQL aggregate scan", h["report_s"] / h["raw_s"], 3))
            e = run["enrichment"]
            rows.append(_row(engine, size, "postcode enrichment / raw SQL UPDATE join", e["refresh_s"] / e["raw_s"], 2))
            i = run["import"]
            if "import_s" in i:
                rows.append(
                    _row(
                        engine,
                        size,
                        "import rate / raw bulk insert rate",
                        i["raw_s"] / i["import_s"],
                        0.25,
                        at_least=True,
                    )
                )
            for page in [p for p in GOAL_PAGES if p in run["pages"]]:
                if "error" in run["pages"][page]:
                    rows.append(_failed(engine, size, f"{page} median / layout page median", run["pages"][page]))
                    continue
                ratio = run["pages"][page]["median_s"] / run["pages"]["layout"]["median_s"]
                rows.append(_row(engine, size, f"{page} median / layout page median", ratio, 3))
        if len(keys) > 1:
            for page in [p for p in GOAL_PAGES if p in big["pages"] and p in small["pages"]]:
                if "error" in big["pages"][page] or "error" in small["pages"][page]:
                    rows.append(_failed(engine, f"{keys[-1]} vs {keys[0]}", f"{page} median", big["pages"][page]))
                    continue
                ratio = big["pages"][page]["median_s"] / small["pages"][page]["median_s"]
                rows.append(_row(engine, f"{keys[-1]} vs {keys[0]}", f"{page} median, largest / smallest", ratio, 1.3))
        memory = big.get("import_memory")
        if memory:
            rows.append(
                _row(
                    engine,
                    keys[-1],
                    f"import peak RSS, {memory['rows'][1]:,} / {memory['rows'][0]:,} rows",
                    memory["ratio"],
                    1.2,
                )
            )
    return rows


def _failed(engine: str, size: Any, goal: str, page: dict[str, Any]) -> dict[str, Any]:
    return {"engine": engine, "size": str(size), "measure": goal, "ratio": None, "goal": "",
            "result": f"MISS ({page.get('error', 'failed')})"}  # fmt: skip


def _row(engine: str, size: Any, goal: str, value: float, limit: float, at_least: bool = False) -> dict[str, Any]:
    ok = value >= limit if at_least else value <= limit
    return {"engine": engine, "size": str(size), "measure": goal, "ratio": round(value, 3),
            "goal": f"{'≥' if at_least else '≤'} {limit}", "result": verdict(ok)}  # fmt: skip


def markdown(results: dict[str, Any]) -> str:
    lines = [
        "# Onramp benchmark results",
        "",
        f"Run {results['started']} on {results['machine']}; seed {results['seed']}; pages timed {results['repeat']} "
        "times each over HTTP against `onramp serve` (2 gunicorn workers), after one warm-up request.",
        "",
        "| engine | size | measure | ratio | goal | result |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    lines += [
        f"| {r['engine']} | {r['size']} | {r['measure']} | {r['ratio']} | {r['goal']} | {r['result']} |"
        for r in results["ratios"]
    ]
    lines += [
        "",
        "## Times (seconds)",
        "",
        "| engine | size | measure | median | p95 |",
        "| --- | --- | --- | --- | --- |",
    ]
    for engine, sizes in results["engines"].items():
        for size in sorted(sizes, key=int):
            run = sizes[size]
            for page, t in run["pages"].items():
                if "error" in t:
                    lines.append(f"| {engine} | {size} | page {page} | failed: {t['error']} | |")
                    continue
                lines.append(f"| {engine} | {size} | page {page} | {t['median_s']:.3f} | {t['p95_s']:.3f} |")
            lines.append(f"| {engine} | {size} | headline report | {run['headline']['report_s']:.3f} | |")
            lines.append(f"| {engine} | {size} | raw aggregate scan | {run['headline']['raw_s']:.3f} | |")
            built = run.get("report") or {}
            if "refresh_s" in built:
                lines.append(
                    f"| {engine} | {size} | evaluation figures built and stored (`onramp report refresh "
                    f"--national-only`) | {built['refresh_s']:.1f} | |"
                )
            lines.append(f"| {engine} | {size} | enrichment (refresh) | {run['enrichment']['refresh_s']:.3f} | |")
            lines.append(f"| {engine} | {size} | raw UPDATE join | {run['enrichment']['raw_s']:.3f} | |")
            i = run["import"]
            if "import_s" in i:
                lines.append(f"| {engine} | {size} | import of {i['rows']:,} rows | {i['import_s']:.3f} | |")
                lines.append(f"| {engine} | {size} | raw insert of {i['rows']:,} rows | {i['raw_s']:.3f} | |")
            if run.get("synth_s") is not None:
                lines.append(
                    f"| {engine} | {size} | database ready (synthesis, or migrate and VACUUM of a cached one) "
                    f"| {run['synth_s']:.0f} | |"
                )
    load = results.get("load")
    if load:
        lines += ["", "## Load test", "", "```", json.dumps(load, indent=2), "```"]
    return "\n".join(lines) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default=os.environ.get("BENCH_SIZES", "1000,100000,1000000"))
    parser.add_argument("--engines", default=os.environ.get("BENCH_ENGINES", "postgresql,sqlite"))
    parser.add_argument("--seed", type=int, default=int(os.environ.get("BENCH_SEED", "2019")))
    parser.add_argument("--repeat", type=int, default=int(os.environ.get("BENCH_REPEAT", "9")))
    parser.add_argument("--import-rows", type=int, default=2000)
    parser.add_argument("--load-seconds", type=int, default=int(os.environ.get("BENCH_LOAD_SECONDS", "0")))
    parser.add_argument("--load-users", type=int, default=50)
    parser.add_argument("--load-engine", default="postgresql")
    parser.add_argument("--pages", default="", help="Only these pages (comma-separated names), and the layout.")
    parser.add_argument("--load-only", action="store_true", help="Only the load test (CI): no other measures.")
    parser.add_argument("--out", default=str(ROOT / "bench" / "results.json"))
    args = parser.parse_args()
    sizes = [int(s.replace("_", "")) for s in args.sizes.split(",") if s]
    engines = [e for e in args.engines.split(",") if e]
    results: dict[str, Any] = {
        "started": time.strftime("%Y-%m-%d %H:%M"),
        "machine": f"{os.cpu_count()} cores, {sys.platform}",
        "seed": args.seed,
        "repeat": args.repeat,
        "engines": {},
    }
    for engine in engines:
        for size in sizes:
            log(f"{engine}, {size:,} young people")
            began = time.monotonic()
            url = database(engine, size, args.seed)
            _run([ONRAMP, "migrate", "--no-input", "-v", "0"], _env(url))  # a cached database from older code
            if engine == "postgresql":  # as autovacuum keeps a production database (this server runs without it)
                _psql("VACUUM ANALYZE", url.rsplit("/", 1)[1])
            synth = time.monotonic() - began
            sample = inproc(url, "sample")
            run: dict[str, Any] = {"young_people": sample["young_people"], "synth_s": synth if synth > 5 else None}
            # As cron does in production (docs/scaling.md): the dashboards' national figures, built and stored.
            began = time.monotonic()
            _run([ONRAMP, "report", "refresh", "--national-only"], _env(url), stdout=subprocess.DEVNULL)
            run["report"] = {"refresh_s": time.monotonic() - began}
            log(f"  national figures built and stored in {run['report']['refresh_s']:.1f}s")
            with Server(url) as server:
                if not args.load_only:
                    run["pages"] = time_pages(
                        server.base, sample["record_pks"], args.repeat, [p for p in args.pages.split(",") if p]
                    )
                if args.load_seconds and engine == args.load_engine and size == max(sizes):
                    log(f"  load test: {args.load_users} users for {args.load_seconds}s")
                    results["load"] = load_test(server.base, sample["record_pks"], args.load_users, args.load_seconds)
                    results["load"] |= {"engine": engine, "young_people": size}
            if args.load_only:
                continue
            run["headline"] = inproc(url, "headline", "3")
            log(f"  headline {run['headline']}")
            run["import"] = inproc(url, "import", str(args.import_rows))
            log(f"  import {run['import']}")
            if size == max(sizes):
                run["import_memory"] = import_memory(url, args.import_rows, args.import_rows * 10)
                log(f"  import memory {run['import_memory']}")
            run["enrichment"] = inproc(url, "enrichment")
            log(f"  enrichment {run['enrichment']}")
            results["engines"].setdefault(engine, {})[str(size)] = run
    results["ratios"] = ratios(results) if not args.load_only else []
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, indent=2) + "\n")
    text = markdown(results)
    out.with_suffix(".md").write_text(text)
    print(text)
    failed = [r for r in results["ratios"] if r["result"].startswith("MISS")]
    load = results.get("load") or {}
    if load.get("errors"):
        log(f"the load test had {load['errors']} errors")
        return 1
    log(f"{len(failed)} goal(s) missed" if failed else "every goal met")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
