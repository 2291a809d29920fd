from odoo import fields, models


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
        domain="[('share', '=', False)]",
    )
    reason = fields.Text(required=True)

    def action_confirm(self):
        self.ensure_one()
        self.env["surat.letter.share"]._grant(self.letter_id, self.user_ids, self.reason)
        return {"type": "ir.actions.act_window_close"}
