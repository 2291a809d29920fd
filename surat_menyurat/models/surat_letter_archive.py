from markupsafe import Markup

from odoo import _, api, models
from odoo.exceptions import AccessError, UserError

from .surat_const import FINISHED_STATES
from .surat_legal_hold_mixin import is_archive_staff


class SuratLetterFlowArchive(models.AbstractModel):
    """Filing a finished letter in an archive file, and its legal hold."""

    _name = "surat.letter.flow.archive"
    _description = "Letter: archive flow"

    @api.depends("state", "direction")
    def _compute_is_finished(self):
        for letter in self:
            letter.is_finished = letter._is_finished()

    def _is_finished(self):
        self.ensure_one()
        return self.state in FINISHED_STATES or (
            self.state == "sent" and self.direction == "outgoing"
        )

    def _archive_date(self):
        """The date a letter counts for in a file's period: its date, else its receipt."""
        self.ensure_one()
        if self.letter_date:
            return self.letter_date
        moment = self.received_date or self.create_date
        return self.company_id._surat_local(moment).date() if moment else False

    def _surat_file_into(self, target):
        """File (or move) the letters into `target` after the archive checks."""
        self._check_filing(target)
        self._surat_flow_write({"file_id": target.id})

    def _check_filing(self, target):
        """Refuse, before any change, a filing the archive rules do not allow."""
        if not self.env.su and not is_archive_staff(self.env):
            raise AccessError(_("Only the archivist files letters."))
        if target and target.closed:
            raise UserError(
                _(
                    "File %s is closed: its contents are frozen, no letter can be added.",
                    target.name,
                )
            )
        for letter in self:
            if target and letter.file_id == target:
                continue
            if not letter._is_finished():
                raise UserError(
                    _(
                        "Letter %s is not finished: only a letter that is done or cancelled "
                        "(or sent, for an outgoing letter) can be filed.",
                        letter._archive_ref(),
                    )
                )
            if letter.file_id.closed:
                raise UserError(
                    _(
                        "Letter %(letter)s is in the closed file %(file)s: its contents are "
                        "frozen, the letter cannot leave it.",
                        letter=letter._archive_ref(),
                        file=letter.file_id.name,
                    )
                )
            if target and target.company_id != letter.company_id:
                raise UserError(_("A letter is filed in a file of its own agency."))

    def _archive_ref(self):
        """A letter's name in archive messages: its numbers, never its subject."""
        self.ensure_one()
        return self.agenda_number or self.letter_number or _("letter #%s", self.id)

    def action_open_filing_wizard(self):
        """Button "File": propose the open file of the letter's classification and year."""
        if not is_archive_staff(self.env):
            raise AccessError(_("Only the archivist files letters."))
        return {
            "type": "ir.actions.act_window",
            "name": _("Move to Another File") if self[:1].file_id else _("File Letter"),
            "res_model": "surat.archive.filing",
            "view_mode": "form",
            "target": "new",
            "context": {
                "default_letter_ids": self.ids,
                "default_mode": "move" if self[:1].file_id else "file",
            },
        }

    def _surat_hold_label(self):
        return _("Letter %s", self._archive_ref())

    def _surat_after_hold(self, title, reason):
        for letter in self.filtered("file_id"):
            # sudo: posting on the file's chatter; the message names the letter by number
            letter.file_id.sudo().message_post(
                body=Markup("%s %s<br/>%s") % (letter._archive_ref(), title, reason)
            )
