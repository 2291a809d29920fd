"""Full-text search of letters: contract.md "Search", issue 10 items 2, 6 and 7."""

import base64
from datetime import date, datetime
from unittest.mock import patch

from odoo.tests import Form, tagged

from odoo.addons.mail.tests.common import mail_new_test_user
from odoo.addons.surat_menyurat.models import surat_letter_fulltext
from odoo.addons.surat_menyurat.models.surat_letter_ocr import text_hash

from .common import SuratCommon


@tagged("post_install", "-at_install")
class TestFulltext(SuratCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.land = cls._register(
            subject="Permohonan Sertifikat Tanah Wakaf",
            letter_number="005/DKI/2026/118",
        )
        cls._set_text(
            cls.land,
            "Dengan hormat, bersama ini kami sampaikan berkas jembatan Selatpanjang "
            "yang dikirimkan oleh warga. NIK pemohon 3201234567890001 tercatat.",
        )
        cls.secret = cls._register(
            subject="Penyelidikan internal",
            letter_number="R-77/INSP/2026",
            security_level="secret",
        )
        cls._set_text(cls.secret, "Temuan audit jembatan Selatpanjang, sangat rahasia.")
        # a clerk who did not register these letters: not involved in the secret one
        cls.registrar2 = mail_new_test_user(
            cls.env,
            login="t_registrar2",
            name="Agendaris Dua",
            groups="surat_menyurat.group_surat_registrar",
            company_id=cls.company.id,
            company_ids=[(6, 0, cls.company.ids)],
        )
        cls.other = cls._register(
            subject="Undangan rapat koordinasi jembatan", letter_number="090/12/2026"
        )

    @classmethod
    def _set_text(cls, letter, text):
        """What the OCR cron stores (the system's own write)."""
        row = cls.env["surat.letter.text"].search([("letter_id", "=", letter.id)])
        row.write({"ocr_text": text, "ocr_hash": text_hash(text)})
        letter._surat_flow_write({"ocr_state": "done"})

    def _find(self, query, user=None):
        Letter = self.Letter.with_user(user or self.staff)
        return Letter.search([("fulltext", "ilike", query), ("company_id", "=", self.company.id)])

    def test_word_only_in_the_scan(self):
        self.assertEqual(self._find("Selatpanjang"), self.land)
        self.assertEqual(self._find("selatpanjang", self.head), self.land | self.secret)

    def test_prefix_and_every_word(self):
        self.assertEqual(self._find("sertif"), self.land)
        self.assertEqual(self._find("SERTIF wakaf"), self.land)
        self.assertEqual(self._find("jembatan"), self.land | self.other)
        self.assertEqual(self._find("jembatan undangan"), self.other)
        self.assertFalse(self._find("sertifikat undangan"))
        # stemming: "kirim" finds "dikirimkan"; a stop word alone finds nothing
        self.assertEqual(self._find("kirim"), self.land)
        self.assertFalse(self._find("yang"))
        self.assertEqual(self._find("jembatan yang dan"), self.land | self.other)
        # the operator "=" means the same
        Letter = self.Letter.with_user(self.staff)
        self.assertEqual(Letter.search([("fulltext", "=", "sertif wakaf")]), self.land)

    def test_number_ignores_spaces_case_and_separators(self):
        for query in ("005/DKI/2026/118", "005 / dki / 2026 / 118", "005.dki.2026.118", "005/dki"):
            self.assertEqual(self._find(query), self.land, query)
        # every part of the agenda number is a word too (AND of prefixes)
        self.assertIn(self.land, self._find(self.land.agenda_number.replace("/", " / ")))
        self.assertFalse(self._find("005/DKI/2026/119"))

    def test_disposition_notes_and_reports(self):
        disposition = self._dispose(self.other, self.kabid, note="Koordinasikan dengan Bappeda")
        self.assertEqual(self._find("bappeda", self.head), self.other)
        disposition.with_user(self.kabid).write({"report": "Sudah dihadiri oleh Kasi Statistik"})
        self.assertEqual(self._find("statistik hadir", self.head), self.other)

    def _snippet(self, letter, user, terms):
        """The snippet column of the web client's list, searched for `terms`."""
        result = self.Letter.with_user(user).web_search_read(
            [("id", "=", letter.id), ("fulltext", "ilike", terms)],
            {"fulltext_snippet": {}},
            limit=80,
        )
        return result["records"][0]["fulltext_snippet"] if result["records"] else False

    def test_letter_changes_are_searchable_at_once(self):
        self.other.with_user(self.registrar).write({"summary": "Pembahasan anggaran drainase"})
        self.assertEqual(self._find("drainase"), self.other)
        self.partner_sender.name = "Balai Wilayah Sungai Sumatera III"
        self.assertEqual(len(self._find("sumatera balai")), 2)

    def test_never_a_letter_the_user_cannot_read(self):
        """Search, count, the web client's list call and the snippet all skip it."""
        for user in (self.staff, self.registrar2, self.archivist, self.kabid):
            Letter = self.Letter.with_user(user)
            self.assertFalse(Letter.search([("fulltext", "ilike", "temuan")]))
            self.assertEqual(Letter.search_count([("fulltext", "ilike", "temuan")]), 0)
            result = Letter.web_search_read(
                [("fulltext", "ilike", "temuan audit")],
                {"subject": {}, "fulltext_snippet": {}},
                limit=80,
                count_limit=10001,
            )
            self.assertEqual(result["length"], 0)
            self.assertFalse(result["records"])
            # the snippet, asked for by id, is empty for who cannot read the letter
            snippets = self.secret.with_user(user)._fulltext_snippets("temuan")
            self.assertFalse(snippets.get(self.secret.id))
            self.assertFalse(self.secret.with_user(user).sudo().ocr_text)
        head = self.Letter.with_user(self.head)
        self.assertEqual(head.search([("fulltext", "ilike", "temuan")]), self.secret)
        self.assertIn("<mark>Temuan</mark>", self._snippet(self.secret, self.head, "temuan"))

    def test_ranked_by_relevance_unless_ordered(self):
        """The subject weighs more than the scan text; an explicit order is kept."""
        Letter = self.Letter.with_user(self.staff)
        domain = [("fulltext", "ilike", "jembatan"), ("company_id", "=", self.company.id)]
        self.assertEqual(Letter.search(domain).ids, [self.other.id, self.land.id])
        ordered = Letter.search(domain, order="id asc")
        self.assertEqual(ordered.ids, sorted(ordered.ids))
        result = Letter.web_search_read(domain, {"subject": {}}, limit=1, count_limit=10001)
        self.assertEqual(result["records"][0]["id"], self.other.id)
        self.assertEqual(result["length"], 2)
        # a query broader than RANK_LIMIT letters lists the newest first
        self.other.received_date = datetime(2026, 1, 2, 3, 0)
        self.land.received_date = datetime(2026, 1, 3, 3, 0)
        with patch.object(surat_letter_fulltext, "RANK_LIMIT", 1):
            self.assertEqual(Letter.search(domain).ids, [self.land.id, self.other.id])

    def test_list_call_in_one_pass_same_as_search_and_count(self):
        """The list call reads the readable matches once: its page, order and
        capped count are those of a search and a count, for every role."""
        extra = [
            self._register(subject="Jembatan %s" % i, letter_number="J/%s/2026" % i)
            for i in range(4)
        ]
        self._set_text(extra[0], "jembatan jembatan jembatan Selatpanjang")
        users = (self.staff, self.registrar2, self.archivist, self.kabid, self.head)
        for user in users:
            Letter = self.Letter.with_user(user)
            for query, order in (("jembatan", None), ("jemb", "id asc"), ("temuan", None)):
                domain = [("fulltext", "ilike", query), ("company_id", "=", self.company.id)]
                for offset, limit, count_limit in ((0, 80, 10001), (0, 2, 3), (2, 2, 10001)):
                    result = self.assertListCall(
                        Letter, domain, offset, limit, count_limit, order=order
                    )
                    if user != self.head:
                        self.assertNotIn(self.secret.id, [r["id"] for r in result["records"]])
        # without a count limit, Odoo's own path: the same answer
        staff = self.Letter.with_user(self.staff)
        domain = [("fulltext", "ilike", "jembatan"), ("company_id", "=", self.company.id)]
        expected = staff.web_search_read(domain, {"subject": {}}, limit=80, count_limit=10001)
        self.assertEqual(staff.web_search_read(domain, {"subject": {}}, limit=80), expected)
        # by relevance: the letter whose text repeats the word comes before the others
        staff = self.Letter.with_user(self.staff)
        domain = [("fulltext", "ilike", "selatpanjang"), ("company_id", "=", self.company.id)]
        result = staff.web_search_read(domain, {"subject": {}}, limit=80, count_limit=10001)
        self.assertEqual([r["id"] for r in result["records"]], staff.search(domain).ids)
        self.assertEqual({r["id"] for r in result["records"]}, {self.land.id, extra[0].id})

    def _check_pages(self, domain):
        """Each role's pages and counts are those of a search and a count."""
        for user in (self.staff, self.registrar2, self.head):
            Letter = self.Letter.with_user(user)
            expected = Letter.search(domain, order="received_date desc, id desc")
            self.assertEqual(self.secret in expected, user == self.head)
            self.assertEqual(len(expected), 5 if user == self.head else 4)
            # a small count limit: past it the letters are walked; a large one:
            # every readable match is read
            for offset, limit, count_limit in (
                (0, 2, 3),
                (1, 2, 3),
                (0, 1, 2),
                (2, 2, 10001),
                (0, 80, 10001),
            ):
                found = self.assertListCall(Letter, domain, offset, limit, count_limit)
                # newest first: more readable matches than RANK_LIMIT
                self.assertEqual(
                    [r["id"] for r in found["records"]], expected.ids[offset : offset + limit]
                )

    def test_many_matches_walked_in_the_list_order(self):
        """When more than ID_LIMIT letters match, the count stops at its cap and
        the page is walked in the list's order: the page and count of a search
        and a count, for each role; by relevance when few are readable."""
        word = "zuriatbengkalis"
        letters = [
            self._register(subject="Surat %s" % i, received_date=datetime(2026, 3, i + 1, 3, 0))
            for i in range(4)
        ]
        for i, letter in enumerate(letters):
            # by relevance the oldest would come first
            self._set_text(letter, " ".join([word] * (4 - i)))
        self._set_text(self.secret, " ".join([word] * 6))
        domain = [("fulltext", "ilike", word[:6])]
        # matches past ID_LIMIT, or a query PostgreSQL expects broad (PROBE_LIMIT)
        for limits in ({"ID_LIMIT": 1}, {"PROBE_LIMIT": 0}):
            with (
                patch.object(surat_letter_fulltext, "RANK_LIMIT", 1),
                patch.multiple(surat_letter_fulltext, **limits),
            ):
                self._check_pages(domain)
        # an order of the user's: the matches sorted, not walked
        with (
            patch.object(surat_letter_fulltext, "RANK_LIMIT", 1),
            patch.object(surat_letter_fulltext, "ID_LIMIT", 1),
        ):
            for user in (self.staff, self.head):
                Letter = self.Letter.with_user(user)
                for offset, limit, count_limit in ((0, 2, 3), (1, 2, 3)):
                    self.assertListCall(
                        Letter, domain, offset, limit, count_limit, order="subject desc"
                    )
        # many match, few readable: by relevance, among what the user may read
        with (
            patch.object(surat_letter_fulltext, "RANK_LIMIT", 4),
            patch.object(surat_letter_fulltext, "ID_LIMIT", 1),
        ):
            staff = self.Letter.with_user(self.staff)
            found = staff.web_search_read(domain, {}, limit=80, count_limit=10001)
            self.assertEqual([r["id"] for r in found["records"]], [x.id for x in letters])
            self.assertEqual(found["length"], 4)
            head = self.Letter.with_user(self.head)
            found = head.web_search_read(domain, {}, limit=80, count_limit=10001)
            self.assertEqual([r["id"] for r in found["records"]][0], self.secret.id)
        ranked = self.Letter.with_user(self.staff).search(domain)
        self.assertEqual(ranked.ids, [letter.id for letter in letters])

    def test_vectors_moved_from_the_text_rows(self):
        """A database of an earlier version kept the vectors on the text rows:
        the update moves them to the letters, and searching goes on."""
        cr = self.env.cr
        self.env.flush_all()
        cr.execute("ALTER TABLE surat_letter_text ADD COLUMN tsv tsvector")
        cr.execute(
            "UPDATE surat_letter_text t SET tsv = l.tsv"
            " FROM surat_letter l WHERE l.id = t.letter_id"
        )
        cr.execute("ALTER TABLE surat_letter DROP COLUMN tsv CASCADE")
        self.env["surat.letter.text"]._surat_fts_setup()
        cr.execute(
            "SELECT 1 FROM information_schema.columns"
            " WHERE table_name = 'surat_letter_text' AND column_name = 'tsv'"
        )
        self.assertFalse(cr.fetchall())
        self.assertEqual(self._find("selatpanjang"), self.land)
        self.assertEqual(self._find("selatpanjang", self.head), self.land | self.secret)
        # the triggers follow the letter again
        self.other.subject = "Undangan rapat koordinasi irigasi"
        self.assertEqual(self._find("irigasi"), self.other)

    def test_snippet_highlights_and_masks_nik(self):
        snippet = self._snippet(self.land, self.registrar, "jembatan")
        self.assertIn("<mark>jembatan</mark>", snippet)
        snippet = self._snippet(self.land, self.registrar, "tercatat")
        self.assertIn("****************", snippet)
        self.assertNotIn("3201234567890001", snippet)
        # the letter's text is escaped: only the highlight is markup
        snippet = surat_letter_fulltext.make_snippet("a <b>x</b> jembatan <script>", ["jembatan"])
        self.assertEqual(snippet, "a &lt;b&gt;x&lt;/b&gt; <mark>jembatan</mark> &lt;script&gt;")
        # no search, no snippet
        self.assertFalse(self.land.with_user(self.registrar).fulltext_snippet)

    def test_nik_searchable_only_when_the_agency_allows(self):
        self.assertFalse(self._find("3201234567890001"))
        self.company.surat_fulltext_nik = True
        self.assertEqual(self._find("3201234567890001"), self.land)
        snippet = self._snippet(self.land, self.registrar, "3201234567890001")
        self.assertNotIn("3201234567890001", snippet or "")

    def test_duplicates_by_number_scan_and_text(self):
        """Normalised number, same scan file, or same scan text: the warning lists it."""
        form = Form(self.Letter.with_user(self.registrar))
        form.partner_id = self.partner_sender
        form.subject = "Permohonan"
        form.letter_date = date(2026, 1, 5)
        self.land.with_user(self.registrar).write({"letter_date": date(2026, 1, 5)})
        with self.assertLogs("odoo.tests.form.onchange", level="WARNING"):
            form.letter_number = "005 / dki . 2026 . 118"
        self.assertIn(self.land, form.duplicate_letter_ids)
        # the same file under another number
        scan = b"%PDF-1.4\n% a distinct scan for this test\n%%EOF\n"
        first = self._register(
            letter_number="A/1",
            scan_file=base64.b64encode(scan),
            received_date=datetime(2026, 2, 1, 3, 0),
        )
        draft = self.Letter.with_user(self.registrar).new(
            {
                "direction": "incoming",
                "subject": "x",
                "letter_number": "B/2",
                "scan_file": base64.b64encode(scan),
            }
        )
        self.assertIn(first, draft._find_duplicates())
        # the same text under another file (e.g. scanned twice)
        text = "Surat pemberitahuan pemadaman listrik di wilayah Kecamatan Mandau pekan depan"
        twin = self._register(letter_number="C/3", subject="Pemadaman")
        self._set_text(twin, text)
        self._set_text(self.other, text.upper() + "  ")
        self.assertIn(self.other, twin.with_user(self.registrar)._find_duplicates())
        # never a duplicate the clerk may not read
        self._set_text(self.secret, text)
        self.assertIn(self.secret, twin.with_user(self.head)._find_duplicates())
        self.assertNotIn(self.secret, twin.with_user(self.registrar2)._find_duplicates())

    def test_hot_words_same_results_never_unreadable(self):
        """A query of hot words (checked by the letters' bits) finds, counts and
        lists exactly what the index finds, and never a letter the user may not read."""
        queries = ["jembatan", "jemb", "jembatan selatpanjang", "selatpanjang sertifikat"]
        users = (self.staff, self.registrar2, self.archivist, self.kabid, self.head)

        def results():
            out = {}
            for user in users:
                Letter = self.Letter.with_user(user)
                for query in queries:
                    domain = [("fulltext", "ilike", query), ("company_id", "=", self.company.id)]
                    found = Letter.web_search_read(domain, {"subject": {}}, limit=80)
                    out[user.login, query] = (
                        Letter.search(domain, order="id").ids,
                        Letter.search_count(domain),
                        found["length"],
                        [r["id"] for r in found["records"]],
                    )
            return out

        narrow = results()
        Text = self.env["surat.letter.text"]
        Text._surat_fts_hot_refresh({"jembatan": 0.9, "selatpanjang": 0.9, "sertifikat": 0.9})
        staff = self.Letter.with_user(self.staff)
        query = staff._search([("fulltext", "ilike", "jembatan selatpanjang")])
        self.assertIn("surat_fts_hot", query.select().code)
        self.assertEqual(results(), narrow)
        self.env.flush_all()
        self.env.cr.execute("SELECT surat_fts_hot FROM surat_letter WHERE id = %s", [self.land.id])
        self.assertEqual(self.env.cr.fetchone()[0], 0b111)
        self.assertEqual(staff.search([("fulltext", "ilike", "jembatan selatpanjang")]), self.land)
        self.assertNotIn(self.secret, staff.search([("fulltext", "ilike", "jembatan")]))
        # as the web client joins its filters ('&'), and under an OR (the index's path)
        both = ["&", ("fulltext", "ilike", "jembatan"), ("id", "!=", self.other.id)]
        self.assertEqual(staff.search(both), self.land)
        either = ["|", ("fulltext", "ilike", "jembatan"), ("id", "=", self.secret.id)]
        self.assertEqual(staff.search(either), self.land | self.other)
        # the bits follow the text: a letter no longer holding the word is not found
        self._set_text(self.land, "Berkas tanah wakaf")
        self.assertEqual(self._find("jembatan"), self.other)
        self.assertEqual(self._find("jembatan", self.head), self.secret | self.other)
        # a word not hot (or too rare together) keeps the index's own path
        query = staff._search([("fulltext", "ilike", "wakaf")])
        self.assertNotIn("surat_fts_hot", query.select().code)
        Text._surat_fts_hot_refresh({})
        self.assertEqual(self._find("jembatan"), self.other)
