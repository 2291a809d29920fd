from markupsafe import escape

from odoo import _, api, models


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
    def _levels(self, letter):
        """The sheet's blocks, one per level of the cascade (head, division, section...).

        Each block lists its issuers with their own dispositions: an official
        document, where every level's instructions and notes are its own.
        """
        by_depth = {}
        for disposition in self._dispositions(letter):
            depth, parent = 1, disposition.parent_id
            while parent:
                depth, parent = depth + 1, parent.parent_id
            by_depth.setdefault(depth, self.env["surat.disposition"])
            by_depth[depth] |= disposition
        titles = {
            1: _("Disposition of the head of agency"),
            2: _("Disposition of the division heads"),
        }
        levels = []
        for depth in sorted(by_depth):
            dispositions = by_depth[depth]
            issuers = [
                (author, dispositions.filtered(lambda d, a=author: d.author_id == a))
                for author in dispositions.author_id
            ]
            title = titles.get(depth, _("Disposition of the section heads"))
            levels.append((title, issuers))
        return levels

    @api.model
    def _instructions(self, dispositions):
        """(instruction, ticked) for the catalogue, ticked by these dispositions only."""
        catalogue = self.env["surat.disposition.instruction"].search([])
        ticked = dispositions.filtered(lambda d: d.state != "cancelled").instruction_ids
        return [(instruction, instruction in ticked) for instruction in catalogue | ticked]

    @api.model
    def _initials(self, user):
        """Initials of a name, as the issuer's paraf on the sheet."""
        words = [w for w in (user.name or "").replace(".", " ").split() if w]
        return escape("".join(w[0].upper() for w in words[:3]))
