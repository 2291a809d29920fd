#!/usr/bin/env python3
"""A working day under load: 32 people on the multi-process server (issue 14, "Load held").

Run with the project's venv python, from anywhere:

    .venv/bin/python bench/load_day.py [--run-time 10m] [--users 32] [--spawn-rate 0.5] \
        [--db surat_test] [--out bench/load/results/<date>]

1. Locust gets a virtualenv of its own (``--venv``, default bench/.venv-load, created
   or updated from bench/load/requirements.txt with ``python3.11 -m venv`` and pip):
   Locust's dependencies would upgrade the project venv's setuptools.
2. The database ``--db`` (default $TEST_DB, else surat_test) is copied, with its
   filestore, into ``<db>_load`` by tools/backup.py (consistent even while a server
   runs on it), so the run never changes the test database.
3. The server is started on the copy by tests/conftest.py's ``running_server``: the
   production-like command line (prefork workers, gevent port, no cron).
4. bench/load/world.py reads the demo world's ids and puts work in every queue
   (through the web client's RPC, as the users themselves); then Locust runs
   bench/load/locustfile.py headless against the server (--csv into ``--out``), while
   the memory of the server's process tree (master, workers, gevent: RSS and PSS) and
   the machine's load average are sampled every 10 s.
5. A table per request type (count, failures, median, p95, max) and the memory
   (start, peak, end) are printed and saved as results.md and results.json.

Exit status 0 only when Locust ran and no request failed. Settings passed to the
locustfile: --think ("5,15" s), --scan-mb ("1,5"). Environment as for the black-box
tests: ODOO_CONF, ODOO_SRC/ODOO_BIN, SURAT_ADDONS_DIR, TEST_DB, PostgreSQL's libpq vars.
"""

import argparse
import csv
import datetime
import hashlib
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HERE = ROOT / "bench" / "load"
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(HERE))


def ensure_venv(venv, python):
    """Locust's venv, (re)installed when bench/load/requirements.txt changed."""
    requirements = HERE / "requirements.txt"
    want = hashlib.sha256(requirements.read_bytes()).hexdigest()[:16]
    stamp = venv / ".surat-requirements"
    locust = venv / "bin" / "locust"
    if locust.exists() and stamp.exists() and stamp.read_text().strip() == want:
        return locust
    print(f"Setting up Locust's virtualenv in {venv} ...", flush=True)
    steps = []
    if not (venv / "bin" / "python").exists():
        if not shutil.which(python):
            sys.exit(f"ERROR: {python} not found: install Python 3.11 or pass --python.")
        steps.append([python, "-m", "venv", str(venv)])
    steps.append(
        [
            str(venv / "bin" / "pip"),
            "install",
            "-q",
            "--disable-pip-version-check",
            "-r",
            str(requirements),
        ]
    )
    for cmd in steps:
        result = subprocess.run(cmd, capture_output=True, text=True, check=False)  # noqa: S603
        if result.returncode:
            sys.exit(
                "ERROR: could not set up Locust's virtualenv (%s exited with %s; is PyPI "
                "reachable?):\n%s" % (" ".join(cmd[:3]), result.returncode, result.stderr[-2000:])
            )
    stamp.write_text(want)
    return locust


def copy_database(source, target):
    """``target`` := ``source`` with its filestore, through tools/backup.py."""
    tool = [sys.executable, str(ROOT / "tools" / "backup.py")]
    subprocess.run(["dropdb", "--if-exists", "--force", target], check=True)  # noqa: S607
    with tempfile.TemporaryDirectory() as tmp:
        archive = Path(tmp) / "copy.tar"
        for args in (["backup", source, archive], ["restore", archive, target]):
            result = subprocess.run(  # noqa: S603
                [*tool, *map(str, args)], capture_output=True, text=True, check=False
            )
            if result.returncode:
                sys.exit(f"ERROR: copying {source} to {target}: {result.stderr or result.stdout}")


def drop_database(db):
    subprocess.run(["dropdb", "--if-exists", "--force", db], check=False)  # noqa: S607
    sys.path.insert(0, str(ROOT / "tools"))
    import backup  # noqa: PLC0415

    filestore = backup.data_dir(argparse.Namespace(data_dir=None)) / "filestore" / db
    shutil.rmtree(filestore, ignore_errors=True)


class Sampler(threading.Thread):
    """Every ``period`` s: RSS and PSS of the server's processes (MB), load average."""

    def __init__(self, port, period=10.0):
        super().__init__(daemon=True)
        self.marker = f"--http-port={port}".encode()
        self.period = period
        self.samples = []
        self.stopped = threading.Event()
        self.started = time.monotonic()

    def pids(self):
        found = []
        for entry in os.listdir("/proc"):
            if not entry.isdigit():
                continue
            try:
                with open(f"/proc/{entry}/cmdline", "rb") as handle:
                    if self.marker in handle.read().split(b"\0"):
                        found.append(int(entry))
            except OSError:
                continue
        return found

    @staticmethod
    def _kb(path, key):
        try:
            with open(path) as handle:
                for line in handle:
                    if line.startswith(key):
                        return int(line.split()[1])
        except OSError:
            pass
        return 0

    def sample(self, started):
        pids = self.pids()
        rss = sum(self._kb(f"/proc/{pid}/status", "VmRSS:") for pid in pids)
        pss = sum(self._kb(f"/proc/{pid}/smaps_rollup", "Pss:") for pid in pids)
        self.samples.append(
            {
                "t": round(time.monotonic() - started, 1),
                "processes": len(pids),
                "rss_mb": round(rss / 1024, 1),
                "pss_mb": round(pss / 1024, 1),
                "load1": os.getloadavg()[0],
            }
        )

    def run(self):
        while True:
            self.sample(self.started)
            if self.stopped.wait(self.period):
                self.sample(self.started)
                return


def read_stats(prefix):
    rows = []
    with open(f"{prefix}_stats.csv", newline="") as handle:
        for row in csv.DictReader(handle):
            rows.append(
                {
                    "name": row["Name"],
                    "count": int(row["Request Count"]),
                    "failures": int(row["Failure Count"]),
                    "median_ms": float(row["Median Response Time"] or 0),
                    "p95_ms": float(row["95%"] if row["95%"] != "N/A" else 0),
                    "max_ms": float(row["Max Response Time"] or 0),
                }
            )
    failures = []
    if os.path.exists(f"{prefix}_failures.csv"):
        with open(f"{prefix}_failures.csv", newline="") as handle:
            failures = [
                {"name": r["Name"], "error": r["Error"], "occurrences": int(r["Occurrences"])}
                for r in csv.DictReader(handle)
            ]
    exceptions = []
    if os.path.exists(f"{prefix}_exceptions.csv"):
        with open(f"{prefix}_exceptions.csv", newline="") as handle:
            exceptions = [
                {"count": int(r["Count"]), "message": r["Message"], "where": r["Nodes"]}
                for r in csv.DictReader(handle)
            ]
    return rows, failures, exceptions


def memory_summary(samples, t0):
    """Server memory (MB): at start-up, as Locust starts (after the seed), at the middle
    of the Locust run, its peak and at the end; ``*_second_half_growth_mb`` is end minus
    middle, the measure of "stable"."""
    run = [s for s in samples if s["t"] >= t0]
    middle = min(run, key=lambda s: abs(s["t"] - (t0 + run[-1]["t"]) / 2))
    summary = {"processes": max(s["processes"] for s in samples)}
    for kind in ("rss", "pss"):
        key = f"{kind}_mb"
        summary.update(
            {
                f"{kind}_server_start_mb": samples[0][key],
                f"{kind}_start_mb": run[0][key],
                f"{kind}_middle_mb": middle[key],
                f"{kind}_peak_mb": max(s[key] for s in run),
                f"{kind}_end_mb": run[-1][key],
                f"{kind}_second_half_growth_mb": round(run[-1][key] - middle[key], 1),
            }
        )
    return summary


def machine():
    cpu = platform.processor()
    with open("/proc/cpuinfo") as handle:
        for line in handle:
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    with open("/proc/meminfo") as handle:
        ram = int(handle.readline().split()[1]) / 1024 / 1024
    return f"nproc={os.cpu_count()}, RAM {ram:.1f} GiB, CPU {cpu}"


def markdown(results):
    lines = [
        "| request type | count | failures | median ms | p95 ms | max ms |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for row in results["requests"]:
        name = "**all requests**" if row["name"] == "Aggregated" else row["name"]
        lines.append(
            f"| {name} | {row['count']} | {row['failures']} | {row['median_ms']:.0f} "
            f"| {row['p95_ms']:.0f} | {row['max_ms']:.0f} |"
        )
    mem = results["memory"]
    lines += [
        "",
        "Server memory (master + workers + gevent, %d processes), MB:" % mem["processes"],
        "",
        "| | server start | Locust start | middle | peak | end |",
        "|---|---:|---:|---:|---:|---:|",
        *(
            "| %s | %.0f | %.0f | %.0f | %.0f | %.0f |"
            % (
                kind.upper(),
                *(
                    mem[f"{kind}_{at}_mb"]
                    for at in ("server_start", "start", "middle", "peak", "end")
                ),
            )
            for kind in ("rss", "pss")
        ),
        "",
        "Load average (1 min) during the run: mean %.1f, max %.1f." % results["load_average"],
    ]
    return "\n".join(lines) + "\n"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--run-time", default="10m")
    parser.add_argument("--users", type=int, default=32)
    # 0.5/s: the 32 arrive over about a minute, as a morning does
    parser.add_argument("--spawn-rate", type=float, default=0.5)
    parser.add_argument("--db", default=os.environ.get("TEST_DB", "surat_test"))
    parser.add_argument("--copy", help="database the run uses (default <db>_load)")
    parser.add_argument("--keep-db", action="store_true", help="keep the copy afterwards")
    parser.add_argument("--out", type=Path)
    parser.add_argument("--venv", type=Path, default=ROOT / "bench" / ".venv-load")
    parser.add_argument("--python", default="python3.11", help="to create the venv")
    parser.add_argument("--think", default="5,15", help="think time between actions, s")
    parser.add_argument("--scan-mb", default="1,5", help="scan sizes, MB")
    parser.add_argument("--sample-every", type=float, default=10.0)
    parser.add_argument("--no-seed", action="store_true", help="do not fill the queues first")
    args = parser.parse_args()
    stamp = datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%dT%H%M%SZ")
    out = args.out or HERE / "results" / stamp
    out.mkdir(parents=True, exist_ok=True)
    copy = args.copy or f"{args.db}_load"

    locust = ensure_venv(args.venv, args.python)
    import world  # noqa: PLC0415 (bench/load, on the path above)
    from conftest import ADMIN_LOGIN, ADMIN_PASSWORD, running_server  # noqa: PLC0415

    copy_database(args.db, copy)
    cmd = [
        str(locust),
        "-f",
        str(HERE / "locustfile.py"),
        "--headless",
        "--users",
        str(args.users),
        "--spawn-rate",
        str(args.spawn_rate),
        "--run-time",
        args.run_time,
        "--csv",
        str(out / "locust"),
        "--only-summary",
        "--stop-timeout",
        "30",
        "--loglevel",
        "WARNING",
    ]
    env = dict(
        os.environ,
        SURAT_LOAD_DB=copy,
        SURAT_LOAD_THINK=args.think,
        SURAT_LOAD_SCAN_MB=args.scan_mb,
    )
    started = time.monotonic()
    try:
        with running_server(copy, "load-server.log") as server:
            port = int(server.url.rsplit(":", 1)[1])
            sampler = Sampler(port, args.sample_every)
            sampler.start()
            seeding = time.monotonic()
            world.resolve_world(server.url, copy, (ADMIN_LOGIN, ADMIN_PASSWORD))
            if not args.no_seed:
                world.seed(server.url, copy)
            seed_s = time.monotonic() - seeding
            print(f"Queues seeded in {seed_s:.0f} s; Locust runs for {args.run_time}", flush=True)
            (out / "world.json").write_text(json.dumps(world.WORLD))
            env["SURAT_LOAD_WORLD"] = str(out / "world.json")
            sampler.sample(sampler.started)  # the server's memory as Locust starts
            locust_t0 = sampler.samples[-1]["t"]
            with open(out / "locust.log", "w") as log:
                rc = subprocess.run(  # noqa: S603
                    [*cmd, "--host", server.url],
                    env=env,
                    stdout=log,
                    stderr=subprocess.STDOUT,
                    check=False,
                ).returncode
            sampler.stopped.set()
            sampler.join()
    finally:
        if not args.keep_db:
            drop_database(copy)
    wall = time.monotonic() - started
    samples = sampler.samples
    with open(out / "memory.csv", "w", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(samples[0]))
        writer.writeheader()
        writer.writerows(samples)
    if not os.path.exists(out / "locust_stats.csv"):
        print((out / "locust.log").read_text()[-3000:])
        sys.exit(f"ERROR: Locust wrote no statistics (exit status {rc}); see {out}/locust.log")
    requests_, failures, exceptions = read_stats(out / "locust")
    loads = [s["load1"] for s in samples]
    results = {
        "date": stamp,
        "machine": machine(),
        "command": " ".join(
            [
                "bench/load_day.py",
                f"--run-time {args.run_time}",
                f"--users {args.users}",
                f"--spawn-rate {args.spawn_rate:g}",
                f"--think {args.think}",
                f"--scan-mb {args.scan_mb}",
            ]
        ),
        "locust_exit": rc,
        "wall_s": round(wall, 1),
        "seed_s": round(seed_s, 1),
        "requests": requests_,
        "failures": failures,
        "exceptions": exceptions,
        "memory": memory_summary(samples, locust_t0),
        "load_average": (round(sum(loads) / len(loads), 2), round(max(loads), 2)),
    }
    (out / "results.json").write_text(json.dumps(results, indent=1) + "\n")
    table = markdown(results)
    (out / "results.md").write_text(
        f"{results['date']}, {results['machine']}\n\n`{results['command']}`\n\n{table}"
    )
    print(table)
    for failure in failures:
        print(f"FAILED {failure['occurrences']}x {failure['name']}: {failure['error']}")
    print(f"Results in {out} (wall time {wall:.0f} s)")
    for exception in exceptions:
        print(f"ERROR in the scenario, {exception['count']}x: {exception['message']}")
    total = next((r for r in requests_ if r["name"] == "Aggregated"), {"failures": 1})
    sys.exit(0 if rc == 0 and total["failures"] == 0 and not exceptions else 1)


if __name__ == "__main__":
    main()
