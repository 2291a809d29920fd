#!/usr/bin/env python3
"""Full-text search at scale, and OCR throughput (issue 10, "Performance").

Not a test. Creates a database, installs surat_menyurat, fills it like
bench_security.py (letters, dispositions, users, org chart, access lists) and
gives every letter ~2 KB of scan text drawn from a Zipf-like vocabulary
(common Indonesian words and a long tail of rare ones), builds the search
vectors in one pass, ANALYZEs, then measures, for a plain user, a registry
clerk and the head of agency:

  fulltext   web_search_read as the web client calls it: the list's fields with
             the snippet, 80 rows, ranked, count_limit=10001
  plain SQL  the same search without rules: ranked page of 80 + capped count
  ilike      the same words with ILIKE on subject and scan text (SQL, no rules)
  list       the letter list itself, and its "secret only" filter, as the web
             client calls them (no search words), for every role (the goals of
             issue 10 next to the search's)

It also reports the size of the text table and of its GIN index, and reads
generated A4 pages with tesseract (one thread) for the OCR throughput.

Usage (from the repository root):

  .venv/bin/python bench/bench_fulltext.py --addons /opt/odoo/addons,$PWD \
      --db fulltext_bench [--letters 100000] [--runs 20] [--ocr-pages 6] [--keep]
"""

import argparse
import os
import random
import subprocess
import sys
import tempfile
import time
from collections import Counter

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from bench_security import fill, install_fresh, sh, timed  # noqa: E402

COMMON = """surat dinas kepala bidang kabupaten bengkalis tahun anggaran kegiatan laporan
pelaksanaan program pemerintah daerah provinsi riau nomor tanggal perihal lampiran
undangan rapat koordinasi pembangunan jalan jembatan pendidikan kesehatan masyarakat
pelayanan publik informasi komunikasi aplikasi data statistik sektoral kecamatan desa
kelurahan camat bupati sekretaris daerah badan kantor unit pelaksana teknis sehubungan
hormat bersama kami sampaikan mohon kiranya bapak ibu hadir pukul tempat ruang
pertemuan demikian atas perhatian kerja sama diucapkan terima kasih tembusan arsip
pegawai negeri sipil aparatur sipil negara jabatan fungsional struktural peraturan
menteri dalam negeri keputusan instruksi edaran pemberitahuan permohonan rekomendasi
izin usaha tanah sertifikat wakaf bantuan sosial dana desa keuangan pajak retribusi
perencanaan evaluasi monitoring pengawasan inspektorat audit temuan tindak lanjut
""".split()
# distinct paragraphs of scan text (each letter has one, plus its own tokens)
PARAGRAPHS = 20_000


def vocabulary(n_rare, seed=7):
    """Common words first (drawn most), then rare made-up words (the long tail)."""
    rnd = random.Random(seed)
    syllables = [c + v for c in "bcdghjklmnprstw" for v in "aiueo"]
    rare = set()
    while len(rare) < n_rare:
        rare.add("".join(rnd.choice(syllables) for _i in range(rnd.randint(3, 4))))
    return COMMON + sorted(rare)


def fill_text(cr, vocab, words_per_letter):
    """~2 KB of text per letter and its search vector, in one INSERT.

    20,000 paragraphs drawn from the vocabulary (power(random(), 4): the first
    words far more often, Zipf-like), one per letter, plus 10 tokens of its own
    (names, OCR noise: the long tail of words seen once).

    The vector is what the trigger builds (``surat_letter_vector``), put together
    from parts: each paragraph is parsed once (not once per letter that holds
    it) and ``to_tsvector(a || ' ' || b) = to_tsvector(a) || to_tsvector(b)``
    (positions shift by the left part's last). A sample is checked against
    ``surat_letter_vector`` at the end. The GIN index is built after the load.
    """
    t0 = time.time()
    cr.execute("CREATE TEMP TABLE bench_words (i int PRIMARY KEY, w text)")
    cr.execute(
        "INSERT INTO bench_words SELECT i, w FROM unnest(%s::text[]) WITH ORDINALITY t(w, i)",
        (vocab,),
    )
    draw = "1 + floor(power(random(), 4) * %s)::int" % len(vocab)
    # one draw per word (a draw in the join condition would be made per
    # vocabulary row: paragraphs of "surat surat surat ...")
    cr.execute(
        """CREATE TEMP TABLE bench_para AS
           SELECT p, (SELECT string_agg(w.w, ' ' ORDER BY d.g)
                        FROM (SELECT g, %s AS i FROM generate_series(1, %s) g
                               WHERE p >= 0) d
                        JOIN bench_words w ON w.i = d.i) AS t
             FROM generate_series(0, %s) p"""
        % (draw, words_per_letter, PARAGRAPHS - 1)
    )
    cr.execute(
        """ALTER TABLE bench_para ADD COLUMN stem tsvector, ADD COLUMN simple tsvector;
           UPDATE bench_para SET stem = to_tsvector('surat_id', surat_fts_words(t, false)),
                                 simple = to_tsvector('simple', surat_fts_words(t, false));
           CREATE INDEX ON bench_para (p); ANALYZE bench_para"""
    )
    # the text rows first (without the trigger that rebuilds each letter's
    # vector), then every vector in one UPDATE of the letters
    cr.execute("ALTER TABLE surat_letter_text DISABLE TRIGGER surat_letter_text_tsv")
    cr.execute(
        """
        INSERT INTO surat_letter_text (letter_id, ocr_text)
        SELECT l.id, bp.t || ' ' || tok.t
          FROM surat_letter l
          JOIN bench_para bp ON bp.p = (l.id::bigint * 7919) %% %s
          CROSS JOIN LATERAL (
              SELECT string_agg(substr(md5(random()::text), 1, 8), ' ') AS t
                FROM generate_series(1, 10) g WHERE l.id > 0) tok
        ON CONFLICT (letter_id) DO UPDATE SET ocr_text = EXCLUDED.ocr_text
        """
        % PARAGRAPHS
    )
    cr.execute("ALTER TABLE surat_letter_text ENABLE TRIGGER surat_letter_text_tsv")
    cr.execute("DROP INDEX IF EXISTS surat_letter_tsv_idx")
    cr.execute("ALTER TABLE surat_letter DISABLE TRIGGER surat_letter_fts")
    cr.execute(
        """
        UPDATE surat_letter l SET ocr_state = 'done', tsv =
               surat_fts_vector(concat_ws(' ', l.subject, l.letter_number, l.agenda_number),
                                false, 'A')
            || surat_fts_vector(concat_ws(' ', (SELECT p.name FROM res_partner p
                                                 WHERE p.id = l.partner_id), l.summary),
                                false, 'B')
            || setweight(bp.stem || to_tsvector('surat_id', surat_fts_words(tok, false))
                         || bp.simple || to_tsvector('simple', surat_fts_words(tok, false)),
                         'C')
            || surat_fts_vector((SELECT string_agg(concat_ws(' ', d.note, d.report), ' ')
                                   FROM surat_disposition d WHERE d.letter_id = l.id),
                                false, 'D')
            || setweight(array_to_tsvector(ARRAY(SELECT DISTINCT unnest(
                   surat_fts_number(l.letter_number) || surat_fts_number(l.agenda_number)))),
                   'A')
          FROM surat_letter_text t
          JOIN bench_para bp ON bp.p = (t.letter_id::bigint * 7919) %% %s
          CROSS JOIN LATERAL (SELECT substr(t.ocr_text, length(bp.t) + 2) AS tok) k
         WHERE t.letter_id = l.id
        """
        % PARAGRAPHS
    )
    cr.execute("ALTER TABLE surat_letter ENABLE TRIGGER surat_letter_fts")
    print("scan text and search vectors: %.1fs" % (time.time() - t0), flush=True)
    t0 = time.time()
    cr.execute("SET maintenance_work_mem = '1GB'")
    cr.execute("CREATE INDEX surat_letter_tsv_idx ON surat_letter USING gin (tsv)")
    print("GIN index: %.1fs" % (time.time() - t0), flush=True)
    cr.execute(
        """SELECT count(*) FILTER (WHERE l.tsv IS DISTINCT FROM surat_letter_vector(l)), count(*)
             FROM surat_letter l TABLESAMPLE BERNOULLI (0.2) REPEATABLE (1)"""
    )
    print("vectors differing from the trigger's: %s of %s sampled" % cr.fetchone(), flush=True)


def ocr_throughput(pages):
    """Seconds per A4 page (300 dpi, ~2 KB of text) read by tesseract on one thread."""
    from PIL import Image, ImageDraw, ImageFont

    font = ImageFont.truetype("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", 40)
    rnd = random.Random(3)
    env = dict(os.environ, OMP_THREAD_LIMIT="1")
    with tempfile.TemporaryDirectory() as tmp:
        paths = []
        for p in range(pages):
            image = Image.new("L", (2480, 3508), 255)
            draw = ImageDraw.Draw(image)
            for line in range(45):
                words = " ".join(rnd.choice(COMMON) for _i in range(8))
                draw.text((200, 250 + line * 68), words, fill=0, font=font)
            path = os.path.join(tmp, "p%s.png" % p)
            image.save(path, dpi=(300, 300))
            paths.append(path)
        t0 = time.time()
        for path in paths:
            subprocess.run(
                ["tesseract", path, "stdout", "-l", "ind+eng"],
                check=True,
                capture_output=True,
                env=env,
            )
        per_page = (time.time() - t0) / pages
    return per_page


def ms(x):
    if x != x:  # NaN: not measured (the lists have no SQL or ILIKE twin here)
        return ""
    return "> ILIKE timeout" if x == float("inf") else "%.0f ms" % x


def pick_roles(env):
    """Bench users for every role: (label, user id).

    A plain user of a section, a registry clerk and an archivist (plain users
    given the group: they read normal and restricted letters), the head of
    agency (the first bench user), and a division head: a plain user of a
    division, made its manager, whose unit tree holds the restricted letters
    of the division and its four sections.
    """
    cr = env.cr
    cr.execute(
        """SELECT u.id FROM res_users u
             JOIN hr_employee e ON e.user_id = u.id
             JOIN hr_department d ON d.id = e.department_id
            WHERE u.login LIKE 'bench%%' AND d.parent_path ~ '^[0-9]+/[0-9]+/[0-9]+/$'
              AND u.id NOT IN (SELECT uid FROM res_groups_users_rel r
                                 JOIN ir_model_data m ON m.res_id = r.gid
                                  AND m.model = 'res.groups'
                                  AND m.module = 'surat_menyurat'
                                  AND m.name <> 'group_surat_user')
            ORDER BY u.id LIMIT 3"""
    )
    plain, clerk, archivist = [r[0] for r in cr.fetchall()]
    env.ref("surat_menyurat.group_surat_registrar").users = [(4, clerk)]
    env.ref("surat_menyurat.group_surat_archivist").users = [(4, archivist)]
    cr.execute(
        """SELECT e.id, e.user_id, d.id FROM hr_employee e
             JOIN hr_department d ON d.id = e.department_id
             JOIN res_users u ON u.id = e.user_id
            WHERE u.login LIKE 'bench%%' AND d.parent_path ~ '^[0-9]+/[0-9]+/$'
              AND u.id NOT IN (SELECT uid FROM res_groups_users_rel r
                                 JOIN ir_model_data m ON m.res_id = r.gid
                                  AND m.model = 'res.groups'
                                  AND m.module = 'surat_menyurat'
                                  AND m.name <> 'group_surat_user')
            ORDER BY e.id LIMIT 1"""
    )
    employee, division_head, division = cr.fetchone()
    env["hr.department"].browse(division).manager_id = employee
    head = env.ref("surat_menyurat.group_surat_head").users.filtered(
        lambda u: u.login.startswith("bench")
    )[:1]
    env.flush_all()
    return [
        ("user", plain),
        ("clerk", clerk),
        ("archivist", archivist),
        ("division head", division_head),
        ("head", head.id),
    ]


def measure(args, common_word):
    sys.path.insert(0, args.odoo)
    import odoo
    from odoo import api
    from odoo.modules.registry import Registry
    from odoo.tools import SQL

    odoo.tools.config.parse_config(
        ["--addons-path=%s" % args.addons, "-d", args.db, "--log-level=warn"]
    )
    registry = Registry(args.db)
    import psycopg2.errors

    from odoo.addons.surat_menyurat.models.surat_letter_fulltext import (
        RANK_LIMIT,
        fulltext_tsquery,
        tsquery_match,
        tsquery_sql,
    )

    rows = []
    with registry.cursor() as cr:
        env = api.Environment(cr, odoo.SUPERUSER_ID, {})
        cr.execute("SELECT count(*) FROM surat_fts_hot")
        if not cr.fetchone()[0]:
            # the weekly cron's work: hot words from the statistics, every letter's bits
            t0 = time.time()
            env["surat.letter.text"]._surat_fts_hot_refresh()
            cr.commit()
            import psycopg2

            conn = psycopg2.connect(dbname=args.db)
            conn.autocommit = True
            with conn.cursor() as vcr:
                vcr.execute("VACUUM ANALYZE surat_letter")
            conn.close()
            print("hot words and letters' bits: %.1fs" % (time.time() - t0), flush=True)
        cr.execute("SELECT count(*), min(freq) FROM surat_fts_hot")
        print("hot words: %s (share >= %s)" % cr.fetchone(), flush=True)
        roles = pick_roles(env)
        cr.commit()  # the roles stay: a timed-out ILIKE rolls back
        spec = {
            "direction": {},
            "agenda_number": {},
            "received_date": {},
            "letter_number": {},
            "partner_id": {"fields": {"display_name": {}}},
            "subject": {},
            "fulltext_snippet": {},
            "security_level": {},
            "urgency": {},
            "state": {},
            "company_id": {"fields": {"display_name": {}}},
        }
        # query words by how many letters hold them (sample of 2,000 letters)
        cr.execute("SELECT ocr_text FROM surat_letter_text ORDER BY letter_id LIMIT 2000")
        df = Counter(w for (t,) in cr.fetchall() for w in set((t or "").split()))
        by_df = sorted(df.items(), key=lambda kv: (kv[1], kv[0]))  # ties: by the word
        mid_word = min(by_df, key=lambda kv: abs(kv[1] - 20))[0]  # ~1 % of letters
        rare_word = min(by_df, key=lambda kv: abs(kv[1] - 2))[0]  # ~0.1 %
        # a 4-letter prefix of ~3 % of the letters: too many matches to read
        # them all, too few for a short walk (see docs/benchmarks.md)
        cr.execute("SELECT ocr_text FROM surat_letter_text ORDER BY letter_id LIMIT 2000")
        pdf = Counter(
            p for (t,) in cr.fetchall() for p in {w[:4] for w in (t or "").split() if len(w) > 4}
        )
        narrow_prefix = min(sorted(pdf.items()), key=lambda kv: abs(kv[1] - 60))[0]
        queries = [
            ("common word", common_word),
            ("two common words", "%s %s" % (common_word, COMMON[1])),
            ("mid word", mid_word),
            ("rare word", rare_word),
            ("two words (AND)", "%s %s" % (mid_word, common_word)),
            ("prefix", mid_word[:4]),
            ("prefix of 3 %", narrow_prefix),
            ("letter number", "B - 4242"),
        ]
        if args.only:
            queries = [q for q in queries if q[0] in args.only.split(",")]

        def web(user, text):
            Letter = env["surat.letter"].with_user(user)

            def run():
                env.invalidate_all()
                Letter.web_search_read(
                    [("fulltext", "ilike", text)], spec, limit=80, count_limit=10001
                )

            return run

        def plain_sql(text, hits):
            """The web's query without rules: ranked when few match, else newest first."""
            parts = fulltext_tsquery(env, text)
            tsq, match = tsquery_sql(parts), tsquery_match(parts, SQL("l.tsv"))
            order = (
                SQL("ts_rank_cd(l.tsv, %s) DESC, l.id DESC", tsq)
                if hits <= RANK_LIMIT
                else SQL("l.received_date DESC, l.id DESC")
            )
            page = SQL(
                "SELECT id, subject, ts_headline('surat_id', surat_fts_mask(ocr_text), %s)"
                " FROM (SELECT l.id, l.subject, t.ocr_text FROM surat_letter_text t"
                " JOIN surat_letter l ON l.id = t.letter_id WHERE %s ORDER BY %s LIMIT 80) p",
                tsq,
                match,
                order,
            )
            count = SQL(
                "SELECT count(*) FROM (SELECT 1 FROM surat_letter l WHERE %s LIMIT 10001) c",
                match,
            )

            def run():
                cr.execute(page)
                cr.fetchall()
                cr.execute(count)
                cr.fetchall()

            return run

        def ilike_sql(text):
            where = " AND ".join(
                "(l.subject ILIKE %s OR t.ocr_text ILIKE %s)" for _w in text.split()
            )
            params = [p for w in text.split() for p in ("%" + w + "%",) * 2]

            def run():
                # a scan of every text when few letters match: capped (reported as "> N s")
                cr.execute("SET LOCAL statement_timeout = %s", ["%ss" % args.ilike_timeout])
                cr.execute(
                    "SELECT l.id, l.subject FROM surat_letter l JOIN surat_letter_text t"
                    " ON t.letter_id = l.id WHERE %s"
                    " ORDER BY l.received_date DESC, l.id DESC LIMIT 80" % where,
                    params,
                )
                cr.fetchall()
                cr.execute(
                    "SELECT count(*) FROM (SELECT 1 FROM surat_letter l JOIN surat_letter_text t"
                    " ON t.letter_id = l.id WHERE %s LIMIT 10001) c" % where,
                    params,
                )
                cr.fetchall()

            return run

        lists = [("list page", []), ("secret only", [("security_level", "=", "secret")])]
        if args.only:
            lists = [q for q in lists if q[0] in args.only.split(",")]
        list_spec = {k: v for k, v in spec.items() if k != "fulltext_snippet"}
        for label, domain in lists:
            for role, user in roles:
                Letter = env["surat.letter"].with_user(user)

                def run(Letter=Letter, domain=domain):
                    env.invalidate_all()
                    Letter.web_search_read(domain, list_spec, limit=80, count_limit=10001)

                o_med, o_p95 = timed(run, args.runs)
                found = Letter.search_count(domain, limit=10001)
                rows.append((label, "", found, role, o_med, o_p95) + (float("nan"),) * 4)
                print(rows[-1], flush=True)
        for label, text in queries:
            match = tsquery_match(fulltext_tsquery(env, text), SQL("tsv"))
            cr.execute(
                SQL(
                    "SELECT count(*) FROM (SELECT 1 FROM surat_letter WHERE %s LIMIT 1000000) c",
                    match,
                )
            )
            hits = cr.fetchone()[0]
            s_med, s_p95 = timed(plain_sql(text, hits), args.runs)
            try:
                i_med, i_p95 = timed(ilike_sql(text), args.ilike_runs)
            except psycopg2.errors.QueryCanceled:
                i_med = i_p95 = float("inf")
            cr.rollback()
            for role, user in roles:
                o_med, o_p95 = timed(web(env["res.users"].browse(user), text), args.runs)
                rows.append((label, text, hits, role, o_med, o_p95, s_med, s_p95, i_med, i_p95))
                print(rows[-1], flush=True)
        cr.execute(
            "SELECT pg_size_pretty(pg_total_relation_size('surat_letter_text')),"
            " pg_size_pretty(pg_relation_size('surat_letter_tsv_idx')),"
            " pg_size_pretty(pg_total_relation_size('surat_letter')),"
            " (SELECT avg(length(ocr_text)) FROM surat_letter_text)"
        )
        sizes = cr.fetchone()
        cr.rollback()
    print(
        "\n| query | hits | role | web p50 | web p95 | SQL p50 | SQL p95 | ilike p50 | ilike p95 |"
    )
    print("|---|---:|---|---:|---:|---:|---:|---:|---:|")
    for label, text, hits, role, *t in rows:
        print("| %s `%s` | %s | %s | %s |" % (label, text, hits, role, " | ".join(map(ms, t))))
    print(
        "\ntext table (with TOAST and indexes) %s, GIN index %s, letter table %s, "
        "average text %.0f chars" % sizes
    )
    return rows


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--odoo", default="/opt/odoo")
    parser.add_argument("--addons", default="/opt/odoo/addons," + os.getcwd())
    parser.add_argument("--db", default="fulltext_bench")
    parser.add_argument("--letters", type=int, default=100_000)
    parser.add_argument("--users", type=int, default=2000)
    parser.add_argument("--words", type=int, default=280, help="words of scan text per letter")
    parser.add_argument("--rare", type=int, default=50_000, help="size of the rare vocabulary")
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--ocr-pages", type=int, default=6)
    parser.add_argument("--keep", action="store_true", help="do not drop the database")
    parser.add_argument("--skip-fill", action="store_true", help="reuse an existing database")
    parser.add_argument("--ilike-runs", type=int, default=3)
    parser.add_argument("--ilike-timeout", type=int, default=30, help="seconds")
    parser.add_argument("--only", help="comma-separated query kinds to measure")
    parser.add_argument("--fill-only", action="store_true", help="fill, measure nothing")
    args = parser.parse_args()
    random.seed(42)
    vocab = vocabulary(args.rare)
    common_word = vocab[0]  # drawn most: in nearly every letter
    if args.ocr_pages:
        per_page = ocr_throughput(args.ocr_pages)
        print(
            "OCR: %.1f s per A4 page at 300 dpi, %.1f pages/min/core" % (per_page, 60 / per_page),
            flush=True,
        )
    if not args.skip_fill:
        install_fresh(args)
        import psycopg2

        conn = psycopg2.connect(dbname=args.db)
        t0 = time.time()
        with conn, conn.cursor() as cr:
            # bulk load: triggers off, the vectors are built once at the end
            cr.execute("SET session_replication_role = replica")
            fill(cr, args.letters, args.users)
            fill_text(cr, vocab, args.words)
        conn.autocommit = True
        with conn.cursor() as cr:
            cr.execute("VACUUM ANALYZE")
        conn.close()
        print("fill total: %.1fs" % (time.time() - t0), flush=True)
    if args.fill_only:
        return
    try:
        measure(args, common_word)
    finally:
        if not args.keep:
            import odoo

            odoo.sql_db.close_all()
            sh(["dropdb", "--if-exists", args.db])


if __name__ == "__main__":
    main()
