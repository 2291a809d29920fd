from odoo import _, models
from odoo.exceptions import UserError

IMMUTABLE_FIELDS = {
    "datas",
    "raw",
    "db_datas",
    "store_fname",
    "res_model",
    "res_id",
    "res_field",
    "checksum",
    "url",
    "type",
}


class IrAttachment(models.Model):
    """The signed original of a letter is never changed nor deleted."""

    _inherit = "ir.attachment"

    def _surat_signed_originals(self):
        if not self.ids:
            return self.browse()
        # sudo: only checks whether these files are signed originals
        letters = (
            self.env["surat.letter"]
            .sudo()
            .search([("signed_attachment_id", "in", self.ids)])
        )
        return letters.signed_attachment_id & self

    def write(self, vals):
        if IMMUTABLE_FIELDS & set(vals) and self._surat_signed_originals():
            raise UserError(_("The signed original of a letter cannot be changed."))
        return super().write(vals)

    def unlink(self):
        if self._surat_signed_originals():
            raise UserError(_("The signed original of a letter cannot be deleted."))
        return super().unlink()
