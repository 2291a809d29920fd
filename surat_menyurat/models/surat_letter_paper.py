"""The registered letter's entry to record a disposition written on paper."""

from odoo import _, models
from odoo.exceptions import AccessError, UserError

from .surat_disposition_paper import RECORDER_GROUPS


class SuratLetterFlowPaper(models.AbstractModel):
    _name = "surat.letter.flow.paper"
    _description = "Paper Dispositions of a Letter"

    def action_open_paper_disposition_wizard(self):
        """Open "Record Paper Disposition" for the registry clerk or the head's secretary."""
        self.ensure_one()
        self.check_access("read")
        if not any(self.env.user.has_group(xmlid) for xmlid in RECORDER_GROUPS):
            raise AccessError(
                _("Only a registry clerk or the head's secretary records a paper disposition.")
            )
        if self.direction != "incoming" or self.state not in ("registered", "in_progress"):
            raise UserError(_("This letter cannot be disposed in its current state."))
        return {
            "type": "ir.actions.act_window",
            "name": _("Record Paper Disposition"),
            "res_model": "surat.disposition.paper",
            "view_mode": "form",
            "target": "new",
            "context": {"default_letter_id": self.id},
        }
