from odoo import fields, models

from ..models.surat_const import USER_PICKER_CONTEXT, USER_PICKER_DOMAIN


class SuratLetterShareWizard(models.TransientModel):
    """Share a letter one may read with other users of the agency, with a reason."""

    _name = "surat.letter.share.wizard"
    _inherit = ["surat.pointer.guard"]
    _description = "Share a Letter"

    letter_id = fields.Many2one(comodel_name="surat.letter", required=True)
    user_ids = fields.Many2many(
        comodel_name="res.users",
        string="Share With",
        required=True,
        domain=USER_PICKER_DOMAIN,
        context=USER_PICKER_CONTEXT,
    )
    reason = fields.Text(required=True)

    def action_confirm(self):
        self.ensure_one()
        self.env["surat.letter.share"]._grant(self.letter_id, self.user_ids, self.reason)
        return {"type": "ir.actions.act_window_close"}
