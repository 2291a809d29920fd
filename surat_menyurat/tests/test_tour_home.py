from datetime import timedelta

from odoo.tests import HttpCase, tagged

from .common import SuratCommon

SUBJECT = "Laporan Beranda Terlambat"


@tagged("post_install", "-at_install", "surat_tour")
class TestTourHomePhone(SuratCommon, HttpCase):
    browser_size = "375x667"
    touch_enabled = True

    def test_head_taps_overdue(self):
        """On a 375x667 phone the head lands on his home screen and reaches the late one."""
        letter = self._register(subject=SUBJECT)
        late = self._dispose(letter, self.kabid)
        # sudo: put the deadline in the past (the form refuses a past deadline)
        late.sudo().deadline = self.company._surat_now().date() - timedelta(days=1)
        self._dispose(self._register(letter_number="B/2"), self.secretary)
        self.start_tour("/odoo", "surat_home_head_overdue", login=self.head.login)

    def test_home_in_indonesian(self):
        """A user working in Indonesian reads the home screen in Indonesian (JS and server)."""
        self.env["res.lang"]._activate_lang("id_ID")
        self.head.lang = "id_ID"
        self.start_tour("/odoo", "surat_home_indonesian", login=self.head.login)
