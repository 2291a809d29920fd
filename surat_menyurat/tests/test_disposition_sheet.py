import os
import subprocess
import tempfile
from unittest.mock import patch

from odoo.exceptions import AccessError
from odoo.tests import HttpCase, tagged

from .common import SuratCommon


@tagged("post_install", "-at_install", "surat_disposition_sheet")
class TestDispositionSheet(SuratCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.letter = cls._register(subject="Permohonan data statistik sektoral")
        cls.instruction = cls.env.ref("surat_menyurat.instruction_diselesaikan")
        cls.parent = cls._dispose(
            cls.letter,
            cls.kabid,
            instruction_ids=[(6, 0, cls.instruction.ids)],
            note="Segera koordinasikan",
        )
        cls.child = cls._dispose(
            cls.letter,
            cls.kasi,
            author=cls.kabid,
            parent=cls.parent,
            note="Siapkan data",
        )
        cls.report = cls.env.ref("surat_menyurat.action_report_disposition_sheet")

    def test_html_lists_every_disposition(self):
        """The sheet shows the letter, ticked instructions, every disposition."""
        html, _kind = (
            self.env["ir.actions.report"]
            .with_user(self.head)
            ._render_qweb_html(self.report, self.letter.ids)
        )
        html = html.decode()
        self.assertIn(self.letter.agenda_number, html)
        self.assertIn("Dengan hormat harap", html)
        self.assertNotIn("[x]", html)
        # each level's block shows that level's instructions and notes
        head_block, division_block = html.split("Disposition of the division heads")
        self.assertIn("Disposition of the head of agency", head_block)
        self.assertEqual(head_block.count("surat-box surat-ticked"), 1)
        self.assertIn("Segera koordinasikan", head_block)
        self.assertNotIn("Siapkan data", head_block)
        self.assertIn("Siapkan data", division_block)
        self.assertNotIn("surat-box surat-ticked", division_block)
        self.assertIn(self.instruction.name, html)
        for text in (
            "Kabid Aptika",
            "Kasi E-Gov",
            "Segera koordinasikan",
            "Siapkan data",
            self.letter.letter_number,
            self.partner_sender.name,
        ):
            self.assertIn(text, html)

    def test_unreadable_letter_not_printed(self):
        """Someone who may not read a secret letter cannot print its sheet."""
        secret = self._register(security_level="secret", letter_number="R/1")
        self.env.invalidate_all()
        with self.assertRaises(AccessError):
            self.env["ir.actions.report"].with_user(self.staff_general)._render_qweb_html(
                self.report, secret.ids
            )


@tagged("post_install", "-at_install", "surat_disposition_sheet")
class TestDispositionSheetPdf(SuratCommon, HttpCase):
    """A real PDF: wkhtmltopdf fetches the report styles from the test server."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.letter = cls._register(subject="Permohonan data statistik sektoral")
        cls.instruction = cls.env.ref("surat_menyurat.instruction_diselesaikan")
        cls._dispose(cls.letter, cls.kabid, instruction_ids=[(6, 0, cls.instruction.ids)])
        cls.report = cls.env.ref("surat_menyurat.action_report_disposition_sheet")

    def test_real_pdf(self):
        """A real half-folio PDF with the agenda number and instructions."""
        # wkhtmltopdf fetches the styles from this server; Debian's build also
        # complains on stderr (a logged warning) when XDG_RUNTIME_DIR is unset
        self.env["ir.config_parameter"].sudo().set_param("report.url", self.base_url())
        with (
            tempfile.TemporaryDirectory(prefix="surat-xdg-") as runtime,
            patch.dict(os.environ, {"XDG_RUNTIME_DIR": runtime}),
        ):
            pdf, kind = (
                self.env["ir.actions.report"]
                .with_user(self.head)
                .with_context(force_report_rendering=True)
                ._render_qweb_pdf(self.report, self.letter.ids)
            )
        self.assertEqual(kind, "pdf")
        self.assertTrue(pdf.startswith(b"%PDF"))
        with tempfile.NamedTemporaryFile(suffix=".pdf") as f:
            f.write(pdf)
            f.flush()
            text = subprocess.run(
                ["pdftotext", "-layout", f.name, "-"], capture_output=True, check=True
            ).stdout.decode()
            size = subprocess.run(["pdfinfo", f.name], capture_output=True, check=True).stdout
        self.assertIn(self.letter.agenda_number, text)
        self.assertIn(self.instruction.name, text)
        self.assertIn("LEMBAR DISPOSISI", text)
        # 165 x 215 mm is about 468 x 609 pt
        self.assertRegex(size.decode(), r"Page size:\s+46\d(\.\d+)? x 6[01]\d")
