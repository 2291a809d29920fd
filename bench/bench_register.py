#!/usr/bin/env python3
"""Measure the time to register an incoming letter with a 5 MB scan.

Runs inside Odoo through the ORM (like `odoo-bin shell`) on an existing
database where surat_menyurat is installed. Each run creates a draft incoming
letter with the scan as the registry clerk and registers it (agenda number,
head's activity), then commits, as a clerk's two clicks would. The letters are
cancelled afterwards so the register stays consistent (numbers are kept).

Usage (from the Odoo source directory, or with odoo importable):

    python bench/bench_register.py -d DB [--runs 30] [--size-mb 5] \
        [--addons-path /opt/odoo/addons,/path/to/repo] [--no-commit]

Prints the median and p95 in milliseconds, and the machine.
"""

import argparse
import base64
import os
import platform
import statistics
import sys
import time


def machine():
    cpu = platform.processor()
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    ram = ""
    try:
        with open("/proc/meminfo") as f:
            kb = int(f.readline().split()[1])
            ram = "%.1f GiB" % (kb / 1024 / 1024)
    except OSError:
        pass
    return "nproc=%s, RAM=%s, CPU=%s" % (os.cpu_count(), ram, cpu)


def fake_scan(size_mb):
    """A PDF-typed file of the given size (content check sees a PDF)."""
    head = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\n"
    body = os.urandom(max(0, int(size_mb * 1024 * 1024) - len(head) - 6))
    return head + body + b"\n%%EOF"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-d", "--database", required=True)
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--size-mb", type=float, default=5)
    parser.add_argument("--addons-path", default=None)
    parser.add_argument("--login", default=None, help="registrar login (default: a registrar)")
    parser.add_argument("--no-commit", action="store_true", help="roll back instead of commit")
    args = parser.parse_args()

    import odoo
    from odoo.tools import config

    cli = ["-d", args.database, "--log-level=warn"]
    if args.addons_path:
        cli.append("--addons-path=%s" % args.addons_path)
    config.parse_config(cli)
    from odoo.modules.registry import Registry

    registry = Registry(args.database)
    scan = base64.b64encode(fake_scan(args.size_mb))
    timings = []
    created = []
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        Users = env["res.users"]
        if args.login:
            clerk = Users.search([("login", "=", args.login)], limit=1)
        else:
            group = env.ref("surat_menyurat.group_surat_registrar")
            clerk = group.users.filtered(lambda u: not u.share)[:1]
        if not clerk:
            # a database without users (no demo data): a clerk just for the benchmark
            clerk = Users.search([("login", "=", "bench_clerk")], limit=1) or Users.create(
                {
                    "name": "Benchmark Clerk",
                    "login": "bench_clerk",
                    "groups_id": [(4, env.ref("surat_menyurat.group_surat_registrar").id)],
                }
            )
            cr.commit()
        if not clerk:
            sys.exit("No registry clerk found: pass --login.")
        partner = env["res.partner"].search([], limit=1)
        Letter = env["surat.letter"].with_user(clerk).with_company(clerk.company_id)
        for i in range(args.runs):
            start = time.perf_counter()
            letter = Letter.create(
                {
                    "direction": "incoming",
                    "subject": "Benchmark %d" % i,
                    "partner_id": partner.id,
                    "letter_number": "BENCH/%d/%s" % (i, time.time()),
                    "scan_file": scan,
                    "scan_filename": "scan.pdf",
                }
            )
            letter.action_register()
            env.flush_all()
            if args.no_commit:
                cr.flush()
            else:
                cr.commit()
            timings.append((time.perf_counter() - start) * 1000)
            created.append(letter.id)
        # keep the register consistent: benchmark letters are cancelled, not deleted
        letters = env["surat.letter"].browse(created)
        letters.write({"cancel_reason": "Benchmark"})
        for letter in letters:
            letter.action_cancel()
        if args.no_commit:
            cr.rollback()
        else:
            cr.commit()

    timings.sort()
    p95 = timings[min(len(timings) - 1, int(round(0.95 * len(timings))) - 1)]
    print("runs=%d size=%.1f MB" % (len(timings), args.size_mb))
    print(
        "median=%.0f ms p95=%.0f ms min=%.0f ms max=%.0f ms"
        % (statistics.median(timings), p95, timings[0], timings[-1])
    )
    print(machine())


if __name__ == "__main__":
    main()
