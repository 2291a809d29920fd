#!/usr/bin/env python3
"""Measure the month's agenda book (Buku Agenda Surat Masuk) to XLSX and PDF.

Runs inside Odoo through the ORM on an existing database where surat_menyurat
is installed. Creates `--rows` registered incoming letters in one month (one
disposition on every fifth), then, as the head of agency (record rules on),
renders the book through the same code as the menu: XLSX with
`surat.letter.agenda_book_xlsx` and the wizard's A4 PDF (wkhtmltopdf). Everything
is rolled back at the end.

Usage:

    python bench/bench_oversight.py -d DB [--rows 10000] [--no-pdf] \
        [--addons-path /opt/odoo/addons,/path/to/repo]

Prints seconds, the peak Python memory during each rendering (tracemalloc),
the growth of the process' resident size, and the machine.
"""

import argparse
import os
import resource
import sys
import time
import tracemalloc
from datetime import date, datetime, timedelta

sys.path.insert(0, os.path.dirname(__file__))
from bench_register import machine  # noqa: E402


def rss_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def measure(label, func, env):
    """Time one rendering, then trace the memory of a second one (tracing slows it)."""
    before = rss_mb()
    start = time.perf_counter()
    result = func()
    elapsed = time.perf_counter() - start
    env.invalidate_all()
    tracemalloc.start()
    func()
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(
        "%-28s %7.2f s   peak Python memory %6.1f MB   max RSS +%6.1f MB   %d bytes"
        % (label, elapsed, peak / 1e6, rss_mb() - before, len(result))
    )
    return result


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-d", "--database", required=True)
    parser.add_argument("--rows", type=int, default=10000)
    parser.add_argument("--no-pdf", action="store_true")
    parser.add_argument(
        "--keep", action="store_true", help="commit the letters (reused by the next run)"
    )
    parser.add_argument("--profile", action="store_true", help="cProfile the XLSX rendering")
    parser.add_argument("--addons-path", default=None)
    args = parser.parse_args()

    import odoo
    from odoo.tools import config

    cli = ["-d", args.database, "--log-level=warn"]
    if args.addons_path:
        cli.append("--addons-path=%s" % args.addons_path)
    config.parse_config(cli)
    from odoo.modules.registry import Registry

    registry = Registry(args.database)
    print(machine())
    with registry.cursor() as cr:
        env = odoo.api.Environment(
            cr, odoo.SUPERUSER_ID, {"tracking_disable": True, "mail_create_nolog": True}
        )
        company = env.ref("base.main_company")
        head = env.ref("surat_menyurat.group_surat_head").users.filtered(
            lambda u: company in u.company_ids
        )[:1]
        partner = env["res.partner"].create({"name": "Bench Sender", "is_company": True})
        classification = env["surat.classification"].search(
            [("company_id", "in", (company.id, False))], limit=1
        )
        department = env["hr.department"].search([("company_id", "=", company.id)], limit=1)
        month = date(2025, 2, 1)
        start = time.perf_counter()
        Letter = env["surat.letter"].with_company(company)
        ids = Letter.search(
            [("note", "=", "Bench"), ("state", "=", "registered")], limit=args.rows
        ).ids
        for first in range(len(ids), args.rows, 1000):
            vals_list = [
                {
                    "direction": "incoming",
                    "subject": "Bench undangan rapat koordinasi nomor %d" % n,
                    "partner_id": partner.id,
                    "letter_number": "B-%d/BENCH/2025" % n,
                    "letter_date": month + timedelta(days=n % 28),
                    "received_date": datetime(2025, 2, 1 + n % 28, 2, 0),
                    "classification_id": classification.id,
                    "department_id": department.id,
                    "company_id": company.id,
                    "note": "Bench",
                }
                for n in range(first, min(first + 1000, args.rows))
            ]
            letters = Letter.create(vals_list)
            for letter in letters:
                letter._surat_flow_write(
                    {
                        "state": "registered",
                        "agenda_number": "%d/SM/2025" % letter.id,
                        "registered_by_id": head.id,
                    },
                    "action_register",
                )
            users = env["res.users"].search([("share", "=", False)], limit=5)
            env["surat.disposition"].create(
                [
                    {"letter_id": letter.id, "author_id": head.id, "user_id": users[i % 5].id}
                    for i, letter in enumerate(letters[::5])
                ]
            )
            ids += letters.ids
            env.flush_all()
            env.invalidate_all()
        print("%d letters ready in %.1f s" % (len(ids), time.perf_counter() - start))
        if args.keep:
            cr.commit()

        head_env = env(user=head.id, context={"allowed_company_ids": company.ids})
        if args.profile:
            import cProfile
            import pstats

            profile = cProfile.Profile()
            profile.runcall(head_env["surat.letter"].agenda_book_xlsx, "incoming", ids)
            pstats.Stats(profile).sort_stats("cumulative").print_stats(35)
            return
        measure(
            "XLSX, %d rows" % len(ids),
            lambda: head_env["surat.letter"].agenda_book_xlsx("incoming", ids),
            head_env,
        )
        if not args.no_pdf:
            wizard = head_env["surat.agenda.book.wizard"].create(
                {
                    "book": "incoming",
                    "date_from": month,
                    "date_to": date(2025, 2, 28),
                    "company_id": company.id,
                }
            )
            report = head_env["ir.actions.report"]
            measure(
                "PDF A4, %d rows" % len(ids),
                lambda: report._render_qweb_pdf(wizard._report_ref(), wizard.ids)[0],
                head_env,
            )
        cr.rollback()


if __name__ == "__main__":
    main()
