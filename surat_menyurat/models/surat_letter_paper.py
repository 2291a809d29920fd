"""The registered letter's entry to record a disposition written on paper."""

from odoo import _, api, models
from odoo.exceptions import AccessError, UserError

from .surat_disposition_paper import RECORDER_GROUPS


class SuratLetterFlowPaper(models.AbstractModel):
    _name = "surat.letter.flow.paper"
    _description = "Paper Dispositions of a Letter"

    @api.depends_context("uid")
    def _compute_is_head_delegate(self):
        Disposition = self.env["surat.disposition"]
        user = self.env.user
        for letter in self:
            letter.is_head_delegate = bool(
                not user.has_group("surat_menyurat.group_surat_head")
                and letter.company_id
                and Disposition._surat_acting_heads(user, letter)
            )

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
