from markupsafe import Markup

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import clean_context

from ..models.surat_legal_hold_mixin import is_archive_staff


class SuratArchiveFiling(models.TransientModel):
    """File finished letters, or move filed letters to another file with a reason.

    Filing proposes the open file of the letters' classification and year, or a new one.
    """

    _name = "surat.archive.filing"
    _inherit = ["surat.pointer.guard"]
    _description = "File Letters in an Archive File"

    mode = fields.Selection(
        selection=[("file", "File"), ("move", "Move")], default="file", required=True
    )
    letter_ids = fields.Many2many("surat.letter", string="Letters", required=True)
    create_new = fields.Boolean(string="Create a New File")
    file_id = fields.Many2one(
        "surat.archive.file",
        domain="[('closed', '=', False), ('state', '=', 'active')]",
    )
    classification_id = fields.Many2one("surat.classification")
    year = fields.Integer()
    description = fields.Text(string="Description of the New File")
    location_id = fields.Many2one("surat.archive.location")
    reason = fields.Text()

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        letters = self.env["surat.letter"].browse(
            (values.get("letter_ids") or [[6, 0, []]])[0][2]
            if values.get("letter_ids") and isinstance(values["letter_ids"][0], list | tuple)
            else values.get("letter_ids") or []
        )
        if not letters:
            return values
        first = letters[0]
        classification = first.classification_id
        year = (first._archive_date() or fields.Date.today()).year
        values.update(classification_id=classification.id, year=year)
        if classification and values.get("mode", "file") == "file":
            proposed = self._proposed_file(classification, year, first.company_id)
            if proposed:
                values["file_id"] = proposed.id
            else:
                values["create_new"] = True
                values["description"] = classification.name
        return values

    @api.model
    def _proposed_file(self, classification, year, company):
        return self.env["surat.archive.file"].search(
            [
                ("classification_id", "=", classification.id),
                ("year", "=", year),
                ("closed", "=", False),
                ("state", "=", "active"),
                ("company_id", "=", company.id),
            ],
            order="id desc",
            limit=1,
        )

    def action_confirm(self):
        self.ensure_one()
        if not is_archive_staff(self.env):
            raise AccessError(_("Only the archivist files letters."))
        letters = self.letter_ids
        letters.check_access("read")
        if self.mode == "move":
            if not (self.reason or "").strip():
                raise UserError(_("Give the reason for moving the letters to another file."))
            unfiled = letters.filtered(lambda lt: not lt.file_id)
            if unfiled:
                raise UserError(
                    _(
                        "Letter %s is not filed yet: file it first.",
                        unfiled[0]._archive_ref(),
                    )
                )
        if not self.create_new and not self.file_id:
            raise UserError(_("Choose the file, or create a new one."))
        if self.create_new and not self.classification_id:
            raise UserError(_("A new file needs a classification."))
        target = self.file_id
        # check everything before creating anything
        letters._check_filing(target)
        if self.create_new:
            # clean_context: the wizard's default_letter_ids must not fill the new file
            target = (
                self.env["surat.archive.file"]
                .with_context(clean_context(self.env.context))
                .create(
                    {
                        "classification_id": self.classification_id.id,
                        "year": self.year or fields.Date.today().year,
                        "description": self.description or self.classification_id.name,
                        "location_id": self.location_id.id,
                        "company_id": letters[0].company_id.id,
                    }
                )
            )
        moves = [(letter, letter.file_id) for letter in letters if letter.file_id != target]
        # the archivist may read these letters (checked above) but has no write
        # rule on them; only file_id moves, through the filing flow
        letters._surat_file_into(target)
        reason = (self.reason or "").strip()
        for letter, source in moves:
            ref = letter._archive_ref()
            if source:
                body = Markup("%s<br/>%s") % (
                    _(
                        "Moved from file %(origin)s to file %(target)s.",
                        origin=source.name,
                        target=target.name,
                    ),
                    reason,
                )
                source.message_post(
                    body=Markup("%s<br/>%s")
                    % (
                        _(
                            "Letter %(letter)s moved to file %(target)s.",
                            letter=ref,
                            target=target.name,
                        ),
                        reason,
                    )
                )
                target.message_post(
                    body=Markup("%s<br/>%s")
                    % (
                        _(
                            "Letter %(letter)s moved here from file %(origin)s.",
                            letter=ref,
                            origin=source.name,
                        ),
                        reason,
                    )
                )
            else:
                body = _("Filed in file %s.", target.name)
                target.message_post(body=_("Letter %s filed.", ref))
            letter.message_post(body=body)
        return {
            "type": "ir.actions.act_window",
            "res_model": "surat.archive.file",
            "res_id": target.id,
            "view_mode": "form",
            "target": "current",
        }
