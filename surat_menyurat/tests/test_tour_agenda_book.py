import io
import shutil
import threading
import unittest
from datetime import datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from unittest.mock import patch

import openpyxl

from odoo.tests import HttpCase, tagged

from .common import SuratCommon
from .test_agenda_books import pdf_text

READABLE = ("Undangan Rapat Kearsipan", "Usulan Mutasi Pegawai Terbatas")
SECRET = "Hasil Audit Investigasi Sekretariat"
OTHER_UNIT = "Undangan Bimtek Aplikasi"
OTHER_MONTH = "Surat Bulan April"


class EmptyStylesheets(BaseHTTPRequestHandler):
    """Answers every request with an empty stylesheet."""

    def do_GET(self):
        self.send_response(200)
        self.send_header("Content-Type", "text/css")
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


@tagged("post_install", "-at_install", "surat_tour")
@unittest.skipUnless(shutil.which("pdftotext") and shutil.which("wkhtmltopdf"), "PDF tools")
class TestTourAgendaBook(SuratCommon, HttpCase):
    """Issue 11: the head's secretary prints the month's agenda book in the browser."""

    def setUp(self):
        super().setUp()
        # wkhtmltopdf fetches the report's stylesheets over HTTP; in a browser test
        # the server's single test cursor is held by the download request itself,
        # so those fetches would wait for ever: wkhtmltopdf gets them (empty) from
        # a stub instead. The PDF is still the real report, rendered by wkhtmltopdf.
        stub = ThreadingHTTPServer(("127.0.0.1", 0), EmptyStylesheets)
        threading.Thread(target=stub.serve_forever, daemon=True).start()
        self.addCleanup(stub.server_close)
        self.addCleanup(stub.shutdown)
        self.env["ir.config_parameter"].set_param(
            "report.url", "http://127.0.0.1:%s" % stub.server_port
        )
        self.secretary.groups_id |= self.env.ref("surat_menyurat.group_surat_head_secretary")
        self.secretary.lang = "id_ID"

        def received(day, month=3, **values):
            return self._register(received_date=datetime(2026, month, day, 2, 0), **values)

        # March 2026 in the secretariat (the secretary's unit and the one below it)
        self.normal = received(
            9, subject=READABLE[0], letter_number="B-1/2026", department_id=self.dept_general.id
        )
        self.restricted = received(
            10,
            subject=READABLE[1],
            letter_number="B-2/2026",
            security_level="restricted",
            department_id=self.dept_general.id,
        )
        # a secret letter he is not involved in: he must not learn it exists
        self.secret = received(
            11,
            subject=SECRET,
            letter_number="R-3/2026",
            security_level="secret",
            department_id=self.dept_secretariat.id,
        )
        received(12, subject=OTHER_UNIT, letter_number="B-4/2026")
        received(2, month=4, subject=OTHER_MONTH, department_id=self.dept_secretariat.id)
        Letter = self.Letter.with_user(self.secretary)
        self.assertFalse(Letter.search([("id", "=", self.secret.id)]))
        readable = Letter.search([("subject", "in", READABLE)])
        self.assertEqual(readable, self.normal | self.restricted)

    def test_secretary_prints_month_book(self):
        rendered, streamed = [], []
        # the registry's classes: the spies see the calls after every override
        Report, Binary = type(self.env["ir.actions.report"]), type(self.env["ir.binary"])
        render, stream = Report._render_qweb_pdf, Binary._get_stream_from

        def spy_render(report_self, report_ref, res_ids=None, data=None):
            result = render(report_self, report_ref, res_ids=res_ids, data=data)
            rendered.append((report_ref, report_self.env.uid, result[0]))
            return result

        def spy_stream(binary_self, record, field_name="raw", *args, **kwargs):
            result = stream(binary_self, record, field_name, *args, **kwargs)
            if record._name == "surat.agenda.book.wizard":
                streamed.append((binary_self.env.uid, result.read()))
            return result

        with (
            patch.object(Report, "_render_qweb_pdf", spy_render),
            patch.object(Binary, "_get_stream_from", spy_stream),
        ):
            # rendering the PDF takes seconds on a busy machine
            self.start_tour(
                "/odoo", "surat_secretary_agenda_book", login=self.secretary.login, timeout=180
            )

        wizard = self.env["surat.agenda.book.wizard"].search(
            [("create_uid", "=", self.secretary.id)]
        )
        self.assertEqual(len(wizard), 1)
        self.assertEqual(wizard.book, "incoming")
        self.assertEqual(str(wizard.date_from), "2026-03-01")
        self.assertEqual(str(wizard.date_to), "2026-03-31")
        self.assertEqual(wizard.department_id, self.dept_secretariat)

        # the PDF the browser downloaded, rendered with the secretary's rights
        self.assertEqual(len(rendered), 1, "one PDF was downloaded")
        report_ref, uid, pdf = rendered[0]
        self.assertEqual(report_ref, "surat_menyurat.report_agenda_book")
        self.assertEqual(uid, self.secretary.id)
        text = " ".join(pdf_text(pdf).split())
        self.assertIn("BUKU AGENDA SURAT MASUK", text)
        self.assertIn("Sekretariat", text)
        for subject in READABLE:
            self.assertIn(subject, text)
        for subject in (SECRET, OTHER_UNIT, OTHER_MONTH):
            self.assertNotIn(subject, text)
        self.assertNotIn("R-3/2026", text)

        # the XLSX the browser fetched: the same letters, nothing of the secret one
        self.assertEqual(len(streamed), 1, "the XLSX was fetched by the browser")
        uid, xlsx = streamed[0]
        self.assertEqual(uid, self.secretary.id)
        sheet = openpyxl.load_workbook(io.BytesIO(xlsx)).active
        rows = [row for row in sheet.iter_rows(values_only=True) if any(row)]
        cells = " ".join(str(cell) for row in rows for cell in row if cell)
        body = [row for row in rows if isinstance(row[0], int)]
        self.assertEqual(len(body), 2, rows)
        self.assertEqual({row[5] for row in body}, set(READABLE))
        for subject in (SECRET, OTHER_UNIT, OTHER_MONTH, "R-3/2026"):
            self.assertNotIn(subject, cells)

        # the secret letter is left out for the secretary only: the head's book lists it
        head_ids = wizard.with_user(self.head)._letter_ids()
        self.assertIn(self.secret.id, head_ids)
        self.assertNotIn(self.secret.id, wizard.with_user(self.secretary)._letter_ids())
