import base64
import shutil
import unittest
from datetime import date
from email.message import EmailMessage

from odoo.tests import HttpCase, tagged

from .common import SuratCommon
from .test_mail_intake import HEADER, letter_pdf

# a word of the registered letter's scan only (not in its subject, nor anywhere else)
SCAN_WORD = "Bukitbatrem"
SCANNED_SUBJECT = "Laporan Pembangunan Jalan Desa"
MAIL_SUBJECT = "Kiriman Surat Disdik"


@tagged("post_install", "-at_install", "surat_tour")
@unittest.skipUnless(shutil.which("pdftotext"), "pdftotext reads the PDFs' text")
class TestTourClerkSearchAndIntake(SuratCommon, HttpCase):
    """Issue 10: the clerk finds a letter by a word of its scan and registers
    a letter received by e-mail, in the browser, working in Indonesian."""

    def setUp(self):
        super().setUp()
        self.company.surat_kka_required = True
        self.registrar.lang = "id_ID"
        # a registered letter whose scan text was read by the system (OCR path)
        scan = letter_pdf(
            [
                "PEMERINTAH DESA",
                "Laporan kemajuan pembangunan jalan desa",
                "Ruas %s sepanjang 2 kilometer telah diaspal." % SCAN_WORD,
            ]
        )
        self.scanned = self._register(
            subject=SCANNED_SUBJECT,
            scan_file=base64.b64encode(scan),
            scan_filename="laporan.pdf",
        )
        # sudo: the OCR cron's own step for one letter
        self.assertTrue(self.scanned.sudo()._ocr_process())
        self.assertEqual(self.scanned.ocr_state, "done")
        found = self.Letter.with_user(self.registrar).search([("fulltext", "ilike", SCAN_WORD)])
        self.assertEqual(found, self.scanned, "the word is in this letter's scan only")
        # an e-mail to the agency's address, through Odoo's mail gateway
        self.company.alias_domain_id = self.env["mail.alias.domain"].create(
            {"name": "surat.example.com"}
        )
        self.company.surat_alias_name = "surat.uji"
        self.sender = self.env["res.partner"].create(
            {"name": "Dinas Pendidikan Kabupaten Bengkalis", "email": "tu@disdik.example.go.id"}
        )
        raw = self._mail(letter_pdf(HEADER))
        gateway = self.env(context=dict(self.env.context, allowed_company_ids=None))
        gateway["mail.thread"].message_process(None, raw)
        self.draft = self.Letter.search([("subject", "=", MAIL_SUBJECT)])
        self.assertEqual(len(self.draft), 1)
        self.assertEqual(self.draft.state, "draft")
        self.assertEqual(self.draft.receipt_channel, "email")
        self.assertEqual(self.draft.header_suggestion["letter_number"], "420/DISDIK/118/2026")
        self.assertFalse(self.draft.letter_number, "suggestions wait for the clerk")

    def _mail(self, pdf):
        """A real RFC 822 message with the letter as a PDF attachment."""
        message = EmailMessage()
        message["From"] = "Tata Usaha Disdik <tu@disdik.example.go.id>"
        message["To"] = "surat.uji@surat.example.com"
        message["Subject"] = MAIL_SUBJECT
        message["Message-Id"] = "<tour-intake@disdik.example.go.id>"
        message.set_content("Dengan hormat, terlampir surat kami.")
        message.add_attachment(pdf, maintype="application", subtype="pdf", filename="surat.pdf")
        return message.as_string()

    def test_clerk_finds_by_scan_word_and_registers_mail(self):
        self.start_tour(
            "/odoo/action-surat_menyurat.surat_letter_incoming_action",
            "surat_clerk_search_and_intake",
            login=self.registrar.login,
        )
        draft = self.draft
        self.assertEqual(draft.state, "registered")
        self.assertRegex(draft.agenda_number, r"^\d+/SM/\d{4}$")
        self.assertEqual(draft.registered_by_id, self.registrar)
        # confirmed from the suggestions of the header reading
        self.assertEqual(draft.letter_number, "420/DISDIK/118/2026")
        self.assertEqual(draft.letter_date, date(2026, 3, 3))
        self.assertEqual(draft.subject, "Undangan Sosialisasi Kurikulum")
        self.assertEqual(draft.urgency, "urgent")
        self.assertEqual(draft.enclosure_count, 1)
        self.assertFalse(draft.header_suggestion)
        self.assertEqual(draft.security_level, "normal")
        # matched by e-mail address, and filled in by the clerk
        self.assertEqual(draft.partner_id, self.sender)
        self.assertEqual(draft.classification_id, self.classification)
        self.assertEqual(draft.department_id, self.dept_aptika)
        self.assertEqual(self.scanned.state, "registered", "the letter found was only opened")
