from markupsafe import escape

from odoo import api, models


class ReportDispositionSheet(models.AbstractModel):
    """The disposition sheet (Lembar Disposisi) of letters the user may read."""

    _name = "report.surat_menyurat.report_disposition_sheet"
    _description = "Disposition Sheet"

    @api.model
    def _get_report_values(self, docids, data=None):
        docs = self.env["surat.letter"].browse(docids)
        # explicit: values already in cache would otherwise skip the record rules
        docs.check_access("read")
        return {"doc_ids": docids, "doc_model": "surat.letter", "docs": docs, "sheet": self}

    @api.model
    def _dispositions(self, letter):
        """Every disposition of the letter, top-level first, cascade order."""
        ordered = self.env["surat.disposition"]

        def walk(records):
            nonlocal ordered
            for disposition in records.sorted("id"):
                ordered |= disposition
                walk(disposition.child_ids)

        walk(letter.disposition_ids.filtered(lambda d: not d.parent_id))
        return ordered

    @api.model
    def _instructions(self, letter):
        """(instruction, ticked) for the whole catalogue, as printed on the sheet."""
        catalogue = self.env["surat.disposition.instruction"].search([])
        ticked = letter.disposition_ids.filtered(lambda d: d.state != "cancelled").instruction_ids
        return [(instruction, instruction in ticked) for instruction in catalogue | ticked]

    @api.model
    def _initials(self, user):
        """Initials of a name, as the issuer's paraf on the sheet."""
        words = [w for w in (user.name or "").replace(".", " ").split() if w]
        return escape("".join(w[0].upper() for w in words[:3]))
