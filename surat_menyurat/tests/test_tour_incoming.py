import base64
from datetime import timedelta

from odoo.tests import HttpCase, tagged

from .common import SuratCommon

# pdf.js (the scan preview) refuses a document without pages
ONE_PAGE_PDF = base64.b64encode(
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


class SuratTourCase(SuratCommon, HttpCase):
    """Tours log in as the SuratCommon users (HttpCase accepts login as password)."""

    def _form_url(self, record):
        return "/odoo/%s/%s" % (record._name, record.id)


@tagged("post_install", "-at_install", "surat_tour")
class TestTourRegister(SuratTourCase):
    def test_clerk_registers_with_pdf(self):
        """The clerk registers a letter with its PDF scan in the browser."""
        self.start_tour(
            "/odoo/action-surat_menyurat.surat_letter_incoming_action/new",
            "surat_incoming_register_tour",
            login=self.registrar.login,
        )
        letter = self.Letter.search([("letter_number", "=", "045/DKIP/2026/77")])
        self.assertEqual(letter.state, "registered")
        self.assertTrue(letter.agenda_number)
        self.assertTrue(letter.scan_sha256)


@tagged("post_install", "-at_install", "surat_tour")
class TestTourHeadMobile(SuratTourCase):
    browser_size = "375x667"
    touch_enabled = True

    def test_head_disposes_on_phone(self):
        """On a 375x667 phone the head disposes in three taps from the letter."""
        letter = self._register(scan_file=ONE_PAGE_PDF)
        self.start_tour(
            self._form_url(letter),
            "surat_incoming_dispose_mobile_tour",
            login=self.head.login,
        )
        disposition = letter.disposition_ids
        self.assertEqual(disposition.user_id, self.kabid)
        self.assertEqual(disposition.instruction_ids.name, "To be completed")
        self.assertTrue(disposition.deadline)
        self.assertEqual(letter.state, "in_progress")


@tagged("post_install", "-at_install", "surat_tour")
class TestTourCascade(SuratTourCase):
    def test_cascade(self):
        """Kabid forwards, staff reports, kabid accepts and reports, head accepts."""
        letter = self._register()
        parent = self._dispose(letter, self.kabid)
        self.start_tour(
            self._form_url(parent),
            "surat_disposition_forward_tour",
            login=self.kabid.login,
        )
        self.assertTrue(parent.read_date)
        child = parent.child_ids
        self.assertEqual(child.user_id, self.staff_aptika)
        self.start_tour(
            self._form_url(child),
            "surat_disposition_report_tour",
            login=self.staff_aptika.login,
        )
        self.assertEqual(child.state, "reported")
        self.start_tour(
            self._form_url(child),
            "surat_disposition_accept_tour",
            login=self.kabid.login,
        )
        self.assertEqual(child.state, "done")
        self.start_tour(
            self._form_url(parent),
            "surat_disposition_report_tour",
            login=self.kabid.login,
        )
        self.assertEqual(parent.state, "reported")
        self.start_tour(
            self._form_url(parent),
            "surat_disposition_accept_tour",
            login=self.head.login,
        )
        self.assertEqual(parent.state, "done")
        self.assertEqual(letter.state, "done")


@tagged("post_install", "-at_install", "surat_tour")
class TestTourColours(SuratTourCase):
    def test_overdue_colours(self):
        """Kanban and list show overdue dispositions red and those due soon amber."""
        today = self.company._surat_now().date()
        late = self._dispose(self._register(letter_number="L/1"), self.kabid)
        soon = self._dispose(self._register(letter_number="L/2"), self.kabid)
        # sudo: put the deadlines where the test needs them (the past is refused)
        late.sudo().deadline = today - timedelta(days=1)
        soon.sudo().deadline = self.env["surat.holiday"].add_working_days(self.company, today, 1)
        self.start_tour(
            "/odoo/action-surat_menyurat.surat_disposition_action",
            "surat_disposition_colours_tour",
            login=self.kabid.login,
        )
