"""A minute of a working day under load (issue 14, "Load held"): the 60-second version
of bench/load_day.py, the benchmark whose 10-minute run docs/benchmarks.md reports.

32 simulated people (clerks registering letters with 1-5 MB scans, the head disposing,
division heads forwarding and accepting, staff reading, searching and reporting,
archivists filing), each thinking 5-15 s between actions, against the multi-process
server (prefork workers + gevent) on a copy of the test database. Locust runs in a
virtualenv of its own (bench/.venv-load), which the script creates on first use: a
machine that cannot reach PyPI then fails here with pip's message, never skips.

The bounds are generous on purpose: this test shares the 2 cores with whatever else
runs (CI, other jobs) and Locust itself, so it guards against breakage (an error, a
request type that stopped working, a fourfold slowdown, a leak), not the 500 ms goal of
the benchmark. When other jobs already load the machine beyond its cores as the run
starts (load average over nproc), the latency bounds grow in proportion, and the test
says so: there the times measure the neighbours more than the server. Logging in and
loading the views happen once per session; the 60-second version starts 3 sessions a
second (all 32 within 11 s): faster, their password hashing (PBKDF2, deliberately slow)
queued every other request behind it (8 a second: inbox lists at 1.7 s p95 in CI). Those
two get the start-up bound. A request type made fewer than MIN_SAMPLES times in the minute
has no meaningful p95 (it is its slowest request): its median is held to the bound
instead, and its slowest to the start-up bound.
"""

import json
import os
import subprocess
import sys
import time

from conftest import ROOT, TEST_DB

sys.path.insert(0, str(ROOT / "bench" / "load"))
from request_types import LOAD_VIEWS, LOGIN, REQUEST_TYPES  # noqa: E402

P95_BOUND_MS = 2000  # every working request type (the benchmark's goal is 500 ms)
STARTUP_BOUND_MS = 30000  # login and get_views, 32 sessions within 11 s
GROWTH_BOUND_MB = 300  # RSS of the server's processes, second half of the run
MIN_SAMPLES = 20  # below, a p95 is the maximum


def test_a_minute_of_a_working_day(tmp_path):
    crowding = max(1.0, os.getloadavg()[0] / (os.cpu_count() or 1))
    started = time.monotonic()
    result = subprocess.run(  # noqa: S603
        [
            sys.executable,
            str(ROOT / "bench" / "load_day.py"),
            "--run-time=60s",
            "--spawn-rate=3",
            f"--db={TEST_DB}",
            f"--out={tmp_path}",
        ],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
        env=dict(os.environ, TEST_DB=TEST_DB),
    )
    wall = time.monotonic() - started
    report = result.stdout[-6000:] + result.stderr[-3000:]
    assert (tmp_path / "results.json").exists(), report
    results = json.loads((tmp_path / "results.json").read_text())
    print(f"\n{(tmp_path / 'results.md').read_text()}\nwall time {wall:.0f} s")
    if crowding > 1:
        print(f"the machine was busy before the run: latency bounds x {crowding:.1f}")

    assert not results["failures"], "requests failed: %s" % results["failures"]
    assert not results["exceptions"], "the scenario broke: %s" % results["exceptions"]
    counts = {row["name"]: row for row in results["requests"]}
    missing = [name for name in REQUEST_TYPES if not counts.get(name, {}).get("count")]
    assert not missing, "request types not exercised in the run: %s" % missing
    slow = {}
    for name, row in counts.items():
        if name == "Aggregated":
            continue
        bound = crowding * (STARTUP_BOUND_MS if name in (LOGIN, LOAD_VIEWS) else P95_BOUND_MS)
        if row["count"] >= MIN_SAMPLES and row["p95_ms"] > bound:
            slow[name] = ("p95", row["p95_ms"])
        elif row["count"] < MIN_SAMPLES and row["median_ms"] > bound:
            slow[name] = ("median", row["median_ms"])
        elif row["max_ms"] > crowding * STARTUP_BOUND_MS:
            slow[name] = ("max", row["max_ms"])
    assert not slow, "over the bound (ms): %s" % slow
    memory = results["memory"]
    assert memory["rss_second_half_growth_mb"] <= GROWTH_BOUND_MB, memory
    assert result.returncode == 0, report
