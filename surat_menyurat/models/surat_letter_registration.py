"""Registration rules of the agency (company settings) and the draft's checklist.

What the agency requires before an incoming letter is registered: the
classification code (KKA) when it says so, and the scan except for the
security levels it lets register from the envelope. The same list blocks
``action_register`` and is shown on the draft, so the clerk sees it first.
"""

from odoo import _, api, models

from .surat_const import SECURITY_LEVELS


class SuratLetterFlowRegistration(models.AbstractModel):
    _name = "surat.letter.flow.registration"
    _description = "Registration Rules"

    def _surat_registration_missing(self):
        """What is missing before this incoming letter can be registered."""
        self.ensure_one()
        company = self.company_id or self.env.company
        missing = []
        if not self.scan_file and not company._surat_scanless_allowed(self.security_level):
            level = dict(SECURITY_LEVELS).get(self.security_level, self.security_level)
            missing.append(
                _("the scan of the letter (%s letters are not registered without it)", level)
            )
        if company.surat_kka_required and not self.classification_id:
            missing.append(_("the classification code (KKA)"))
        return missing

    @api.depends(
        "direction",
        "state",
        "scan_file",
        "classification_id",
        "security_level",
        "company_id.surat_kka_required",
        "company_id.surat_scan_required",
    )
    def _compute_registration_missing(self):
        for letter in self:
            missing = []
            if letter.direction == "incoming" and letter.state == "draft":
                missing = letter._surat_registration_missing()
            letter.registration_missing = "\n".join("• %s" % item for item in missing) or False
