from odoo import _, fields, models
from odoo.exceptions import UserError


class SuratArchiveHold(models.TransientModel):
    """Set or lift a legal hold on a file or a letter, always with a reason."""

    _name = "surat.archive.hold"
    _inherit = ["surat.pointer.guard"]
    _description = "Legal Hold"

    file_id = fields.Many2one("surat.archive.file")
    letter_id = fields.Many2one("surat.letter")
    lift = fields.Boolean()
    reason = fields.Text(required=True)

    def action_confirm(self):
        self.ensure_one()
        target = self.file_id or self.letter_id
        if not target:
            raise UserError(_("Choose the file or the letter to hold."))
        target._set_legal_hold(not self.lift, self.reason)
        return {"type": "ir.actions.act_window_close"}
