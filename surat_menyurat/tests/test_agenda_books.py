import base64
import io
import subprocess
import tempfile
from datetime import date, datetime
from unittest.mock import patch

import openpyxl

from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import SuratCommon

INCOMING_HEADER = [
    "No",
    "Nomor Agenda",
    "Tanggal Diterima",
    "Pengirim",
    "Nomor dan Tanggal Surat",
    "Perihal",
    "Klasifikasi",
    "Sifat",
    "Didisposisikan kepada",
    "Keterangan",
]


def pdf_text(pdf):
    with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
        handle.write(pdf)
        handle.flush()
        return subprocess.run(
            ["pdftotext", "-layout", handle.name, "-"], capture_output=True, check=True, text=True
        ).stdout


def pdf_page_size(pdf):
    with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
        handle.write(pdf)
        handle.flush()
        info = subprocess.run(
            ["pdfinfo", handle.name], capture_output=True, check=True, text=True
        ).stdout
    line = next(row for row in info.splitlines() if row.startswith("Page size"))
    width, height = line.split(":")[1].split("pts")[0].split("x")
    return round(float(width)), round(float(height))


@tagged("post_install", "-at_install", "surat_agenda_books")
class TestAgendaBooks(SuratCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.normal = cls._register(
            received_date=datetime(2026, 3, 10, 2, 0),
            letter_date=date(2026, 3, 9),
            subject="Undangan Rakor Statistik",
        )
        cls.secret = cls._register(
            received_date=datetime(2026, 3, 11, 2, 0),
            letter_number="R-01/2026",
            security_level="secret",
            subject="Hasil Audit Investigasi Rahasia",
        )
        cls.april = cls._register(
            received_date=datetime(2026, 4, 2, 2, 0),
            letter_number="B-77/2026",
            subject="Surat Bulan April",
        )
        cls.disposition = cls._dispose(cls.normal, cls.kabid, note="Hadiri")

    def _xlsx(self, user, book, ids):
        data = self.Letter.with_user(user).agenda_book_xlsx(book, ids)
        sheet = openpyxl.load_workbook(io.BytesIO(base64.b64decode(data))).active
        rows = [list(row) for row in sheet.iter_rows(values_only=True)]
        return rows[3], [row for row in rows[4:] if any(row)]

    def _wizard(self, user, **values):
        vals = {"book": "incoming", "date_from": date(2026, 3, 1), "date_to": date(2026, 3, 31)}
        vals.update(values)
        return self.env["surat.agenda.book.wizard"].with_user(user).create(vals)

    def _pdf(self, wizard):
        report = self.env["ir.actions.report"].with_user(wizard.env.user)
        report = report.with_context(force_report_rendering=True)
        pdf, _kind = report._render_qweb_pdf(wizard._report_ref(), wizard.ids)
        return pdf

    def test_incoming_book_columns_and_rows(self):
        """Indonesian columns; one row per letter with the disposition's recipient."""
        ids = (self.normal | self.secret).ids
        header, rows = self._xlsx(self.head, "incoming", ids)
        self.assertEqual(header, INCOMING_HEADER)
        self.assertEqual([row[0] for row in rows], [1, 2])
        first = rows[0]
        self.assertEqual(first[1], self.normal.agenda_number)
        self.assertEqual(first[2], "10-03-2026")
        self.assertEqual(first[3], self.partner_sender.name)
        self.assertEqual(first[4], "005/DKI/2026/118 / 09-03-2026")
        self.assertEqual(first[5], "Undangan Rakor Statistik")
        self.assertEqual(first[6], self.classification.code)
        self.assertEqual(first[7], "Biasa")
        self.assertEqual(first[8], "Kabid Aptika")
        self.assertEqual(rows[1][7], "Rahasia")

    def test_unreadable_letter_left_out(self):
        """A letter the reader may not read is not in his book, not even masked."""
        header, rows = self._xlsx(self.staff, "incoming", (self.normal | self.secret).ids)
        self.assertEqual(len(rows), 1)
        self.assertEqual(rows[0][1], self.normal.agenda_number)
        text = repr(rows)
        self.assertNotIn("Audit", text)
        self.assertNotIn(self.secret.agenda_number, text)
        wizard = self._wizard(self.staff)
        text = pdf_text(self._pdf(wizard))
        self.assertIn("Undangan Rakor Statistik", text)
        self.assertNotIn("Audit", text)
        self.assertNotIn(self.secret.agenda_number, text)

    def test_other_books(self):
        """Dispositions one row each; the dispatch book has the receiver's signature column."""
        header, rows = self._xlsx(self.head, "disposition", (self.normal | self.secret).ids)
        self.assertEqual(header[:3], ["No", "Nomor Agenda", "Perihal"])
        self.assertEqual(len(rows), 1)
        self.assertEqual(rows[0][4:6], ["Kepala Dinas", "Kabid Aptika"])
        self.assertEqual(rows[0][9], "Terkirim")
        outgoing = self.Letter.with_user(self.staff).create(
            {
                "direction": "outgoing",
                "subject": "Balasan Undangan",
                "partner_id": self.partner_sender.id,
                "department_id": self.dept_egov.id,
            }
        )
        # the number, date and dispatch as the send flow leaves them
        outgoing._surat_flow_write(
            {
                "letter_number": "000.1/12/UJI/2026",
                "letter_date": date(2026, 3, 12),
                "dispatch_date": date(2026, 3, 13),
                "dispatch_channel": "post",
                "dispatch_receipt": "RR123",
            }
        )
        header, rows = self._xlsx(self.head, "dispatch", (outgoing | self.normal).ids)
        self.assertIn("Tanda Tangan Penerima", header)
        self.assertIn("Nama Penerima", header)
        self.assertEqual(len(rows), 1, "an incoming letter is not in the dispatch book")
        self.assertEqual(
            rows[0][1:4], ["13-03-2026", "000.1/12/UJI/2026 / 12-03-2026", self.partner_sender.name]
        )
        self.assertEqual(rows[0][5], "Pos (RR123)")
        header, rows = self._xlsx(self.head, "outgoing", outgoing.ids)
        self.assertEqual(header[1], "Nomor Surat")
        self.assertEqual(rows[0][1], "000.1/12/UJI/2026")
        header, rows = self._xlsx(self.head, "memo", outgoing.ids)
        self.assertEqual(header[1], "Nomor Nota Dinas")
        self.assertEqual(rows, [])
        with self.assertRaises(UserError):
            self.Letter.with_user(self.head).agenda_book_xlsx("secret_book", outgoing.ids)
        with self.assertRaises(UserError):
            self.Letter.with_user(self.head).agenda_book_xlsx("incoming", "1,2")

    def test_wizard_period_xlsx_and_pdf(self):
        """The month's book: letters of the period only; A4 and F4 landscape PDF."""
        wizard = self._wizard(self.head)
        self.assertEqual(set(wizard._letter_ids()), {self.normal.id, self.secret.id})
        wizard.action_xlsx()
        sheet = openpyxl.load_workbook(io.BytesIO(base64.b64decode(wizard.file_data))).active
        self.assertEqual(sheet["A1"].value, "BUKU AGENDA SURAT MASUK")
        self.assertIn("01-03-2026 s.d. 31-03-2026", sheet["A2"].value)
        self.assertEqual(sheet.max_row, 6)
        pdf = self._pdf(wizard)
        text = pdf_text(pdf)
        self.assertIn("BUKU AGENDA SURAT MASUK", text)
        self.assertIn("Nomor Agenda", text)
        self.assertIn(self.normal.agenda_number, text)
        self.assertIn("Hasil Audit Investigasi", text)
        self.assertNotIn("Surat Bulan April", text)
        self.assertEqual(pdf_page_size(pdf), (842, 595))  # A4 landscape
        wizard.paper = "f4"
        width, height = pdf_page_size(self._pdf(wizard))  # 330 x 215 mm = 935 x 609 pt
        self.assertLessEqual(abs(width - 935), 3)
        self.assertLessEqual(abs(height - 609), 4)
        wizard.department_id = self.dept_secretariat
        self.assertEqual(wizard._letter_ids(), [])
        self.assertIn("Nihil", pdf_text(self._pdf(wizard)))

    def test_pdf_rendered_in_chunks(self):
        """Chunks of rows are rendered apart and merged: one title, numbering goes on."""
        wizard = self._wizard(self.head)
        with patch("odoo.addons.surat_menyurat.report.surat_agenda_book.CHUNK", 1):
            text = pdf_text(self._pdf(wizard))
        self.assertEqual(text.count("BUKU AGENDA SURAT MASUK"), 1)
        self.assertEqual(text.count("Nomor Agenda"), 2, "each chunk has its column heads")
        self.assertIn(self.normal.agenda_number, text)
        self.assertIn(self.secret.agenda_number, text)
        self.assertRegex(text, r"(?m)^\s*2\s+%s" % self.secret.agenda_number.replace("/", "/"))

    def test_monthly_recap(self):
        """Received, disposed, finished and late per unit and classification."""
        wizard = self._wizard(self.head, book="recap")
        lines, totals = (
            self.env["report.surat_menyurat.report_monthly_recap"]
            .with_user(self.head)
            ._recap_lines(wizard._letter_ids())
        )
        self.assertEqual(totals, [2, 1, 0, 0])
        self.assertEqual(lines[0][0], self.dept_aptika.name)
        text = pdf_text(self._pdf(wizard))
        self.assertIn("REKAPITULASI", text)
        self.assertIn(self.dept_aptika.name, text)
        staff_lines, staff_totals = (
            self.env["report.surat_menyurat.report_monthly_recap"]
            .with_user(self.staff)
            ._recap_lines(self._wizard(self.staff, book="recap")._letter_ids())
        )
        self.assertEqual(staff_totals, [1, 1, 0, 0], "the secret letter is not counted")
