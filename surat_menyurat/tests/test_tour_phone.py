from odoo.tests import HttpCase, tagged

from .test_archive import ArchiveCommon

ACCEPT = "Laporan Ponsel Diterima"
RETURN = "Laporan Ponsel Dikembalikan"
FILE = "Surat Ponsel Berkas"


@tagged("post_install", "-at_install", "surat_tour")
class TestTourPhone(ArchiveCommon, HttpCase):
    browser_size = "375x667"
    touch_enabled = True

    def _reported(self, subject):
        disposition = self._dispose(self._register(subject=subject), self.kabid)
        kabid_view = disposition.with_user(self.kabid)
        kabid_view.report = "Sudah dilaksanakan."
        kabid_view.action_done()
        return disposition

    def test_head_accepts_and_returns(self):
        """The head accepts a report and returns another, with the big buttons of his phone."""
        accepted = self._reported(ACCEPT)
        returned = self._reported(RETURN)
        self.start_tour("/odoo", "surat_phone_head_reports", login=self.head.login)
        self.assertEqual(accepted.state, "done")
        self.assertEqual(accepted.letter_id.state, "done")
        self.assertEqual(returned.state, "in_progress")
        self.assertEqual(returned.return_note, "Lampirkan daftar hadir rapat.")
        self.assertEqual(returned.letter_id.state, "in_progress")
        self.assertTrue(
            returned.activity_ids.filtered(lambda a: a.user_id == self.kabid),
            "the recipient has the returned report on his to-do list",
        )

    def test_archivist_files_ten(self):
        """The archivist selects ten letters on his phone (long press, taps) and files them."""
        letters = self.Letter.browse()
        for number in range(10):
            letters |= self._finished(subject=FILE, letter_number="PB/%s" % number)
        self.start_tour("/odoo", "surat_phone_archivist_files_ten", login=self.archivist.login)
        files = letters.file_id
        self.assertEqual(len(files), 1, "one file holds the ten letters")
        self.assertTrue(all(letters.mapped("file_id")))
        self.assertEqual(files.classification_id, self.kka_destroy)
