"""Legal hold (penahanan arsip), one mixin for letters and archive files.

A record on hold is kept out of the archive lifecycle: no transfer, no
disposal, whatever its retention says. The archivist or the head of agency sets
and lifts it, always with a reason posted in the chatter; the hold fields are
workflow fields (surat_policy.py), moved only by ``_set_legal_hold``.
"""

from markupsafe import Markup

from odoo import fields, models
from odoo.exceptions import AccessError, UserError

ARCHIVE_GROUPS = (
    "surat_menyurat.group_surat_archivist",
    "surat_menyurat.group_surat_head",
    "surat_menyurat.group_surat_manager",
)


def is_archive_staff(env):
    """The archivist, the head of agency and module administrators run the archive."""
    return env.su or any(env.user.has_group(group) for group in ARCHIVE_GROUPS)


class SuratLegalHoldMixin(models.AbstractModel):
    """Set or lift a legal hold, with its reason (see module doc)."""

    _name = "surat.legal.hold.mixin"
    _description = "Legal Hold"
    # the hold wizard's field that points to this kind of record
    _surat_hold_wizard_field = None

    legal_hold = fields.Boolean(tracking=True, copy=False, readonly=True)
    legal_hold_reason = fields.Text(tracking=True, copy=False, readonly=True)

    def _surat_hold_label(self):
        """How the record is named in hold messages: its number, never a subject."""
        self.ensure_one()
        return self.display_name

    def _surat_check_hold_rights(self):
        if not is_archive_staff(self.env):
            raise AccessError(
                self.env._("Only the archivist or the head of agency sets a legal hold.")
            )

    def action_open_hold_wizard(self):
        self.ensure_one()
        self._surat_check_hold_rights()
        _ = self.env._
        return {
            "type": "ir.actions.act_window",
            "name": _("Lift Legal Hold") if self.legal_hold else _("Legal Hold"),
            "res_model": "surat.archive.hold",
            "view_mode": "form",
            "target": "new",
            "context": {
                "default_%s" % self._surat_hold_wizard_field: self.id,
                "default_lift": self.legal_hold,
            },
        }

    def _set_legal_hold(self, hold, reason):
        """Put the records on legal hold, or lift it, with the reason in their chatter."""
        _ = self.env._
        self._surat_check_hold_rights()
        if not (reason or "").strip():
            raise UserError(_("Give the reason for the legal hold or for lifting it."))
        self.check_access("read")
        for record in self:
            if record.legal_hold == hold:
                raise UserError(
                    _("%s is already on legal hold.", record._surat_hold_label())
                    if hold
                    else _("%s is not on legal hold.", record._surat_hold_label())
                )
        # the archivist may read these records (checked above), not always write
        # them: only the hold fields move, through the flow
        self._surat_flow_write({"legal_hold": hold, "legal_hold_reason": reason if hold else False})
        title = _("Legal hold set.") if hold else _("Legal hold lifted.")
        for record in self:
            record.message_post(body=Markup("%s<br/>%s") % (title, reason))
        self._surat_after_hold(title, reason)
        return True

    def _surat_after_hold(self, title, reason):
        """What else a hold tells (a letter's file hears of it)."""
