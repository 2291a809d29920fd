import base64

from odoo import api, models


class SuratLetterFlowAgenda(models.AbstractModel):
    """The agenda books of letters (report/surat_agenda_book.py holds the layout)."""

    _name = "surat.letter.flow.agenda"
    _description = "Letter Agenda Books"

    @api.model
    def agenda_book_xlsx(self, book, ids):
        """contract.md, "Agenda books": the book as base64 XLSX.

        One row per letter of `ids` (per disposition of them for the disposition
        book) the caller may read; the others are left out, never masked.
        """
        report = self.env["report.surat_menyurat.report_agenda_book"]
        return base64.b64encode(report._book_xlsx(book, ids)).decode()
