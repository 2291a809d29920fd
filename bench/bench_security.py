#!/usr/bin/env python3
"""Confidentiality at scale: letters under the record rules at 1,000,000 rows.

Not a test. Creates a database, installs surat_menyurat, fills it with bulk SQL
(1,000,000 letters, 1,000,000 dispositions, 2,000 users with employees in a
41-unit org chart, the access lists the rules read), ANALYZEs, then measures as
a normal user through the ORM (record rules applied) and the same query in
plain SQL without rules, printing median and p95 of each:

  list page      search_read of 80 rows + capped count (web client: limit 10001)
  secret only    the "secret only" filter, 80 rows + capped count
  subject        subject ilike search, 80 rows
  inbox          "my open dispositions", 80 rows

Goals: list page p95 <= 150 ms, secret only <= 50 ms, inbox <= 30 ms.

Usage (from the repository root, PostgreSQL reachable as the current role):

  .venv/bin/python bench/bench_security.py \
      --odoo /opt/odoo --addons /opt/odoo/addons,$PWD --db security_bench \
      [--letters 1000000] [--users 2000] [--runs 30] [--keep]

The database is dropped at the end unless --keep is given (it is ~3 GB).
"""

import argparse
import os
import random
import statistics
import subprocess
import sys
import time


def sh(cmd):
    print("+", " ".join(cmd), flush=True)
    subprocess.run(cmd, check=True)


def fill(cr, n_letters, n_users):
    """Bulk SQL: org chart, users with employees, letters, dispositions, access lists."""

    def xmlid(module, name):
        cr.execute(
            "SELECT res_id FROM ir_model_data WHERE module=%s AND name=%s",
            (module, name),
        )
        return cr.fetchone()[0]

    company = 1
    g_base = xmlid("base", "group_user")
    g_user = xmlid("surat_menyurat", "group_surat_user")
    g_head = xmlid("surat_menyurat", "group_surat_head")
    t0 = time.time()
    # Org chart: root, 8 divisions, 4 sections each (41 units)
    cr.execute(
        """INSERT INTO hr_department (name, company_id, active, complete_name)
                  VALUES ('{"en_US": "Kepala Dinas"}', %s, true, 'Kepala Dinas') RETURNING id""",
        (company,),
    )
    root = cr.fetchone()[0]
    cr.execute("UPDATE hr_department SET parent_path = %s WHERE id = %s", ("%s/" % root, root))
    units = [root]
    for d in range(8):
        cr.execute(
            """INSERT INTO hr_department (name, company_id, active, parent_id, complete_name)
                      VALUES (%s, %s, true, %s, %s) RETURNING id""",
            ('{"en_US": "Bidang %s"}' % d, company, root, "Bidang %s" % d),
        )
        div = cr.fetchone()[0]
        cr.execute(
            "UPDATE hr_department SET parent_path = %s WHERE id = %s",
            ("%s/%s/" % (root, div), div),
        )
        units.append(div)
        for s in range(4):
            cr.execute(
                """INSERT INTO hr_department (name, company_id, active, parent_id,
                          complete_name) VALUES (%s, %s, true, %s, %s) RETURNING id""",
                (
                    '{"en_US": "Seksi %s.%s"}' % (d, s),
                    company,
                    div,
                    "Seksi %s.%s" % (d, s),
                ),
            )
            sec = cr.fetchone()[0]
            cr.execute(
                "UPDATE hr_department SET parent_path = %s WHERE id = %s",
                ("%s/%s/%s/" % (root, div, sec), sec),
            )
            units.append(sec)
    cr.execute("CREATE TEMP TABLE bench_units AS SELECT unnest(%s::int[]) AS id", (units,))
    # Users, partners, resources, employees
    cr.execute("SELECT COALESCE(max(id), 0) FROM res_users")
    cr.execute(
        """
        CREATE TEMP TABLE bench_u AS
        SELECT g AS n, nextval('res_partner_id_seq') AS partner_id,
               nextval('res_users_id_seq') AS user_id,
               nextval('resource_resource_id_seq') AS resource_id,
               (%s::int[])[1 + (g %% %s)] AS department_id
          FROM generate_series(1, %s) g""",
        (units, len(units), n_users),
    )
    cr.execute(
        """
        INSERT INTO res_partner (id, name, complete_name, active, company_id, type, email)
        SELECT partner_id, 'Pegawai ' || n, 'Pegawai ' || n, true, %s, 'contact',
               'bench' || n || '@example.com' FROM bench_u""",
        (company,),
    )
    cr.execute(
        """
        INSERT INTO res_users (id, login, partner_id, company_id, active, share,
                               notification_type)
        SELECT user_id, 'bench' || n, partner_id, %s, true, false, 'inbox' FROM bench_u""",
        (company,),
    )
    cr.execute(
        """INSERT INTO res_company_users_rel (cid, user_id)
                  SELECT %s, user_id FROM bench_u""",
        (company,),
    )
    cr.execute(
        """INSERT INTO res_groups_users_rel (gid, uid)
                  SELECT g, user_id FROM bench_u, unnest(ARRAY[%s, %s]) g""",
        (g_base, g_user),
    )
    # the first bench user is the head of agency
    cr.execute(
        "INSERT INTO res_groups_users_rel (gid, uid) SELECT %s, user_id FROM bench_u WHERE n = 1",
        (g_head,),
    )
    cr.execute(
        """
        INSERT INTO resource_resource (id, name, resource_type, tz, time_efficiency, active,
                                       company_id, user_id)
        SELECT resource_id, 'Pegawai ' || n, 'user', 'Asia/Jakarta', 100, true, %s, user_id
          FROM bench_u""",
        (company,),
    )
    cr.execute(
        """
        INSERT INTO hr_employee (resource_id, company_id, department_id, user_id, active,
                                 employee_type, marital, distance_home_work_unit,
                                 work_contact_id)
        SELECT resource_id, %s, department_id, user_id, true, 'employee', 'single',
               'kilometers', partner_id FROM bench_u""",
        (company,),
    )
    cr.execute("SELECT array_agg(user_id ORDER BY n) FROM bench_u")
    user_ids = cr.fetchone()[0]
    print("org chart and %s users: %.1fs" % (n_users, time.time() - t0), flush=True)

    # Letters: 70% normal, 20% restricted, 7% secret, 3% top secret
    t0 = time.time()
    cr.execute("SELECT COALESCE(max(id), 0) FROM surat_letter")
    base = cr.fetchone()[0]
    cr.execute(
        """
        INSERT INTO surat_letter (id, direction, state, subject, security_level, urgency,
                                  company_id, department_id, user_id, create_uid,
                                  registered_by_id, received_date, letter_date,
                                  agenda_number, letter_number, delivery_state,
                                  create_date, write_date)
        SELECT %(base)s + g, 'incoming',
               (ARRAY['registered', 'in_progress', 'done'])[1 + g %% 3],
               'Surat perihal ' || md5(g::text),
               CASE WHEN r < 0.70 THEN 'normal' WHEN r < 0.90 THEN 'restricted'
                    WHEN r < 0.97 THEN 'secret' ELSE 'top_secret' END,
               'normal', %(company)s,
               (%(units)s::int[])[1 + (g * 7) %% %(nunits)s],
               (%(users)s::int[])[1 + (g * 13) %% %(nusers)s],
               (%(users)s::int[])[1 + (g * 17) %% %(nusers)s],
               (%(users)s::int[])[1 + (g * 17) %% %(nusers)s],
               now() - (g * interval '30 seconds'),
               (now() - (g * interval '30 seconds'))::date,
               g || '/SM/2026', 'B-' || g, 'none', now(), now()
          FROM (SELECT g, random() AS r FROM generate_series(1, %(n)s) g) s
    """,
        dict(
            base=base,
            company=company,
            units=units,
            nunits=len(units),
            users=user_ids,
            nusers=len(user_ids),
            n=n_letters,
        ),
    )
    cr.execute("SELECT setval('surat_letter_id_seq', (SELECT max(id) FROM surat_letter))")
    print("%s letters: %.1fs" % (n_letters, time.time() - t0), flush=True)

    # One disposition per letter, from the head to a user
    t0 = time.time()
    cr.execute(
        """
        INSERT INTO surat_disposition (letter_id, company_id, security_level, author_id,
                                       user_id, state, deadline, create_date, write_date)
        SELECT l.id, l.company_id, l.security_level, %(head)s,
               (%(users)s::int[])[1 + (l.id * 31) %% %(nusers)s],
               (ARRAY['sent', 'read', 'in_progress', 'reported', 'done', 'done'])[1 + l.id %% 6],
               (l.received_date + interval '5 days')::date, l.received_date, l.received_date
          FROM surat_letter l WHERE l.id > %(base)s
    """,
        dict(head=user_ids[0], users=user_ids, nusers=len(user_ids), base=base),
    )
    print("%s dispositions: %.1fs" % (n_letters, time.time() - t0), flush=True)

    # Access lists, as _compute_access_user_ids / _compute_access_department_ids keep them
    t0 = time.time()
    cr.execute(
        """
        INSERT INTO surat_letter_access_user_rel (letter_id, user_id)
        SELECT DISTINCT letter_id, user_id FROM (
            SELECT id AS letter_id, create_uid AS user_id FROM surat_letter WHERE id > %(b)s
            UNION ALL SELECT id, user_id FROM surat_letter WHERE id > %(b)s
            UNION ALL SELECT id, registered_by_id FROM surat_letter WHERE id > %(b)s
            UNION ALL SELECT letter_id, user_id FROM surat_disposition WHERE letter_id > %(b)s
            UNION ALL SELECT letter_id, author_id FROM surat_disposition WHERE letter_id > %(b)s
        ) x WHERE user_id IS NOT NULL
    """,
        dict(b=base),
    )
    cr.execute(
        """
        INSERT INTO surat_letter_access_department_rel (letter_id, department_id)
        SELECT l.id, p::int
          FROM surat_letter l
          JOIN hr_department d ON d.id = l.department_id,
               unnest(string_to_array(rtrim(d.parent_path, '/'), '/')) p
         WHERE l.id > %(b)s AND l.security_level = 'restricted'
    """,
        dict(b=base),
    )
    print("access lists: %.1fs" % (time.time() - t0), flush=True)
    return user_ids, units


def install_fresh(args):
    """A new database with the addon installed, no demo data."""
    sh(["dropdb", "--if-exists", args.db])
    t0 = time.time()
    sh(
        [
            sys.executable,
            os.path.join(args.odoo, "odoo-bin"),
            "--addons-path=" + args.addons,
            "-d",
            args.db,
            "-i",
            "surat_menyurat",
            "--without-demo=all",
            "--stop-after-init",
            "--log-level=warn",
            "--data-dir=/tmp/odoo-" + args.db,
        ]
    )
    print("install: %.1fs" % (time.time() - t0), flush=True)


def fill_and_measure(args, measure, complete=None):
    """Install, fill in bulk (then `complete(cr)`), VACUUM, measure; drop unless --keep."""
    if not args.skip_fill:
        install_fresh(args)
        import psycopg2

        conn = psycopg2.connect(dbname=args.db)
        t0 = time.time()
        with conn, conn.cursor() as cr:
            fill(cr, args.letters, args.users)
            if complete:
                complete(cr)
        conn.autocommit = True
        t1 = time.time()
        with conn.cursor() as cr:
            cr.execute("VACUUM ANALYZE")
        print("VACUUM ANALYZE: %.1fs" % (time.time() - t1), flush=True)
        conn.close()
        print("fill total: %.1fs" % (time.time() - t0), flush=True)
    try:
        measure(args)
    finally:
        if not args.keep:
            import odoo

            odoo.sql_db.close_all()
            sh(["dropdb", "--if-exists", args.db])


def timed(fn, runs):
    fn()  # warm-up
    samples = []
    for _i in range(runs):
        t0 = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - t0) * 1000)
    samples.sort()
    p95 = samples[min(len(samples) - 1, int(round(0.95 * len(samples))) - 1)]
    return statistics.median(samples), p95


def measure(args):
    sys.path.insert(0, args.odoo)
    import odoo
    from odoo import api
    from odoo.modules.registry import Registry

    odoo.tools.config.parse_config(
        [
            "--addons-path=%s" % args.addons,
            "-d",
            args.db,
            "--log-level=warn",
        ]
    )
    registry = Registry(args.db)
    results = []
    with registry.cursor() as cr:
        env = api.Environment(cr, odoo.SUPERUSER_ID, {})
        # a plain user of a section (neither head nor staff), with dispositions
        cr.execute("""
            SELECT u.id FROM res_users u JOIN hr_employee e ON e.user_id = u.id
              JOIN hr_department d ON d.id = e.department_id
             WHERE u.login LIKE 'bench%%' AND d.parent_path LIKE '%%/%%/%%/'
               AND u.id NOT IN (SELECT uid FROM res_groups_users_rel r
                                JOIN ir_model_data m ON m.res_id = r.gid
                                 AND m.model = 'res.groups' AND m.module = 'surat_menyurat'
                                 AND m.name <> 'group_surat_user')
             ORDER BY u.id LIMIT 1""")
        uid = cr.fetchone()[0]
        user = env["res.users"].browse(uid)
        Letter = env["surat.letter"].with_user(user)
        Disposition = env["surat.disposition"].with_user(user)
        fields_list = [
            "agenda_number",
            "subject",
            "received_date",
            "security_level",
            "state",
            "department_id",
            "user_id",
        ]
        needle = "ab12"

        def orm(model, domain):
            def run():
                model.env.invalidate_all()
                model.search_read(
                    domain,
                    fields_list
                    if model._name == "surat.letter"
                    else ["letter_id", "deadline", "state"],
                    limit=80,
                )
                model.search_count(domain, limit=10001)

            return run

        def sql(query, params):
            def run():
                cr.execute(query, params)
                cr.fetchall()

            return run

        list_sql = (
            "SELECT id, agenda_number, subject, received_date, security_level, state, "
            "department_id, user_id FROM surat_letter WHERE company_id = 1 "
            "%s ORDER BY received_date DESC, id DESC LIMIT 80"
        )
        count_sql = (
            "SELECT count(*) FROM (SELECT 1 FROM surat_letter"
            " WHERE company_id = 1 %s LIMIT 10001) t"
        )

        def sql_page(where, params=()):
            def run():
                cr.execute(list_sql % where, params)
                cr.fetchall()
                cr.execute(count_sql % where, params)
                cr.fetchall()

            return run

        cases = [
            ("list page (80 + count)", orm(Letter, []), sql_page("")),
            (
                "secret only",
                orm(Letter, [("security_level", "=", "secret")]),
                sql_page("AND security_level = 'secret'"),
            ),
            (
                "subject ilike",
                orm(Letter, [("subject", "ilike", needle)]),
                sql_page("AND subject ILIKE %s", ("%" + needle + "%",)),
            ),
            (
                "inbox: my open dispositions",
                orm(
                    Disposition,
                    [
                        ("user_id", "=", uid),
                        ("state", "in", ["sent", "read", "in_progress"]),
                    ],
                ),
                sql(
                    "SELECT id, letter_id, deadline, state FROM surat_disposition "
                    "WHERE user_id = %s "
                    "AND state IN ('sent', 'read', 'in_progress') "
                    "ORDER BY deadline, id DESC LIMIT 80",
                    (uid,),
                ),
            ),
        ]
        print("\nmeasuring as user %s (%s), %s runs each" % (user.login, uid, args.runs))
        for name, orm_fn, sql_fn in cases:
            o_med, o_p95 = timed(orm_fn, args.runs)
            s_med, s_p95 = timed(sql_fn, args.runs)
            results.append((name, o_med, o_p95, s_med, s_p95))
        cr.execute(
            "EXPLAIN ANALYZE "
            + Letter._search(
                [("security_level", "=", "secret")],
                limit=80,
                order="received_date desc, id desc",
            )
            .select()
            .code,
            Letter._search(
                [("security_level", "=", "secret")],
                limit=80,
                order="received_date desc, id desc",
            )
            .select()
            .params,
        )
        plan = "\n".join(r[0] for r in cr.fetchall())
        cr.rollback()
    print(
        "\n%-30s %12s %12s %12s %12s" % ("query", "ORM median", "ORM p95", "SQL median", "SQL p95")
    )
    for name, o_med, o_p95, s_med, s_p95 in results:
        print("%-30s %9.1f ms %9.1f ms %9.1f ms %9.1f ms" % (name, o_med, o_p95, s_med, s_p95))
    print("\nplan of 'secret only' under the rules:\n" + plan)
    return results


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--odoo", default="/opt/odoo")
    parser.add_argument("--addons", default="/opt/odoo/addons," + os.getcwd())
    parser.add_argument("--db", default="security_bench")
    parser.add_argument("--letters", type=int, default=1_000_000)
    parser.add_argument("--users", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--keep", action="store_true", help="do not drop the database")
    parser.add_argument("--skip-fill", action="store_true", help="reuse an existing database")
    args = parser.parse_args()
    random.seed(42)
    fill_and_measure(args, measure)


if __name__ == "__main__":
    main()
