#!/usr/bin/env python3
"""Home screen at scale: surat_home_data() as head, division head and staff.

Not a test. Builds the database of bench_security.py (install, bulk SQL fill:
letters, one disposition per letter, 2,000 users in a 41-unit org chart, the
access lists), then completes what the home screen reads: each disposition's
unit (the recipient's, as the service levels store it) and a manager for every
unit (the first user of the unit). Measures, through the ORM and under the
record rules (``with_user``), the server time of one ``surat_home_data()``
call, as the head of agency, a division head and a plain member of a section,
printing median and p95 and the counters.

Goal (issue 11): p95 <= 300 ms at 1,000,000 letters and 1,000,000 dispositions.

Usage (from the repository root, PostgreSQL reachable as the current role):

  .venv/bin/python bench/bench_home.py \
      --odoo /opt/odoo --addons /opt/odoo/addons,$PWD --db home_bench \
      [--letters 1000000] [--users 2000] [--runs 30] [--keep] [--skip-fill]

The database is dropped at the end unless --keep is given.
"""

import argparse
import os
import sys
import time

sys.path.insert(0, os.path.dirname(__file__))
from bench_security import fill_and_measure, timed  # noqa: E402


def complete(cr):
    """What the home screen reads beyond bench_security's fill."""
    t0 = time.time()
    cr.execute(
        """
        UPDATE surat_disposition d SET department_id = e.department_id
          FROM hr_employee e
         WHERE e.user_id = d.user_id AND d.department_id IS NULL
    """
    )
    # the first employee of every unit heads it
    cr.execute(
        """
        UPDATE hr_department d SET manager_id = m.id
          FROM (SELECT DISTINCT ON (department_id) id, department_id
                  FROM hr_employee WHERE department_id IS NOT NULL
                 ORDER BY department_id, id) m
         WHERE m.department_id = d.id AND d.manager_id IS NULL
    """
    )
    print("units of dispositions, managers: %.1fs" % (time.time() - t0), flush=True)


def pick_users(cr):
    """The head (first bench user), a division head, a plain member of a section."""
    cr.execute("SELECT id FROM res_users WHERE login = 'bench1'")
    head = cr.fetchone()[0]
    cr.execute(
        """
        SELECT e.user_id FROM hr_department d JOIN hr_employee e ON e.id = d.manager_id
         WHERE d.parent_path ~ '^[0-9]+/[0-9]+/$' AND e.user_id <> %s
         ORDER BY d.id LIMIT 1""",
        (head,),
    )
    division_head = cr.fetchone()[0]
    cr.execute(
        """
        SELECT e.user_id FROM hr_employee e JOIN hr_department d ON d.id = e.department_id
         WHERE d.parent_path ~ '^[0-9]+/[0-9]+/[0-9]+/$' AND e.id <> d.manager_id
           AND e.user_id IN (SELECT id FROM res_users WHERE login LIKE 'bench%%')
         ORDER BY e.id LIMIT 1"""
    )
    staff = cr.fetchone()[0]
    return [("head of agency", head), ("division head", division_head), ("staff", staff)]


def measure(args):
    sys.path.insert(0, args.odoo)
    import odoo
    from odoo import api
    from odoo.modules.registry import Registry

    odoo.tools.config.parse_config(
        ["--addons-path=%s" % args.addons, "-d", args.db, "--log-level=warn"]
    )
    registry = Registry(args.db)
    results = []
    with registry.cursor() as cr:
        env = api.Environment(cr, odoo.SUPERUSER_ID, {})
        cr.execute("SELECT count(*) FROM surat_letter")
        letters = cr.fetchone()[0]
        cr.execute("SELECT count(*) FROM surat_disposition")
        dispositions = cr.fetchone()[0]
        print("\n%s letters, %s dispositions, %s runs each" % (letters, dispositions, args.runs))
        for role, uid in pick_users(cr):
            Letter = env["surat.letter"].with_user(uid)

            def run(Letter=Letter):
                Letter.env.invalidate_all()
                return Letter.surat_home_data()

            median, p95 = timed(run, args.runs)
            data = run()
            counts = ", ".join(
                "%s %s%s" % (tile["key"], tile["count"], "+" if tile.get("more") else "")
                for section in data["sections"]
                for tile in section["tiles"]
            )
            rows = sum(len(s["table"]["rows"]) for s in data["sections"] if s.get("table"))
            results.append((role, uid, median, p95, counts, rows))
        cr.rollback()
    print("\n%-16s %8s %12s %12s  counters" % ("role", "user", "median", "p95"))
    for role, uid, median, p95, counts, rows in results:
        table = "; unit table %s rows" % rows if rows else ""
        print("%-16s %8s %9.1f ms %9.1f ms  %s%s" % (role, uid, median, p95, counts, table))
    return results


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--odoo", default="/opt/odoo")
    parser.add_argument("--addons", default="/opt/odoo/addons," + os.getcwd())
    parser.add_argument("--db", default="home_bench")
    parser.add_argument("--letters", type=int, default=1_000_000)
    parser.add_argument("--users", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--keep", action="store_true", help="do not drop the database")
    parser.add_argument("--skip-fill", action="store_true", help="reuse an existing database")
    args = parser.parse_args()
    fill_and_measure(args, measure, complete)


if __name__ == "__main__":
    main()
