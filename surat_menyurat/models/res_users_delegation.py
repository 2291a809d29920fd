from odoo import _, api, models
from odoo.exceptions import ValidationError

DELEGATION_FIELDS = ["surat_delegate_id", "surat_delegate_from", "surat_delegate_to"]


class ResUsers(models.Model):
    """Each user names his own delegate (Plh) in his preferences."""

    _inherit = "res.users"

    @property
    def SELF_READABLE_FIELDS(self):
        return super().SELF_READABLE_FIELDS + DELEGATION_FIELDS

    @property
    def SELF_WRITEABLE_FIELDS(self):
        return super().SELF_WRITEABLE_FIELDS + DELEGATION_FIELDS

    @api.constrains(*DELEGATION_FIELDS)
    def _check_surat_delegation(self):
        for user in self:
            if user.surat_delegate_id == user:
                raise ValidationError(_("You cannot be your own delegate."))
            if (
                user.surat_delegate_from
                and user.surat_delegate_to
                and user.surat_delegate_from > user.surat_delegate_to
            ):
                raise ValidationError(_("The delegation cannot end before it starts."))
