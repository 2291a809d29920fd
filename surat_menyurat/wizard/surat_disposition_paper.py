from odoo import _, api, fields, models
from odoo.exceptions import UserError

from ..models.surat_const import USER_PICKER_CONTEXT, USER_PICKER_DOMAIN


class SuratDispositionPaper(models.TransientModel):
    """Record a disposition the head wrote by hand on the printed sheet.

    The registry clerk (or the head's secretary) copies the recipients,
    instructions, note and deadline, and attaches the scan of the annotated
    sheet; the dispositions are issued in the head's name and carry the clerk
    in ``recorded_by_id`` (the disposition's own create checks who may).
    """

    _name = "surat.disposition.paper"
    _inherit = ["surat.letter.dispose"]
    _description = "Record a Paper Disposition"

    author_id = fields.Many2one(
        comodel_name="res.users",
        domain=USER_PICKER_DOMAIN,
        context=USER_PICKER_CONTEXT,
        string="Disposed By",
        required=True,
        help="The head of agency, or his delegate (Plh), who wrote the disposition.",
    )
    info_user_ids = fields.Many2many(
        comodel_name="res.users",
        domain=USER_PICKER_DOMAIN,
        context=USER_PICKER_CONTEXT,
        relation="surat_disposition_paper_info_user_rel",
        string="Copies for Information",
    )
    sheet_scan = fields.Binary(string="Disposition Sheet Scan", required=True)
    sheet_scan_filename = fields.Char()

    @api.model
    def default_get(self, fields_list):
        res = super().default_get(fields_list)
        letter = self.env["surat.letter"].browse(res.get("letter_id"))
        if "author_id" in fields_list and letter and not res.get("author_id"):
            res["author_id"] = letter._head_users(letter.company_id)[:1].id
        if "department_ids" in fields_list:
            # the dispose wizard proposes the unit to its user; here the sheet decides
            res["department_ids"] = [fields.Command.clear()]
        return res

    def action_confirm(self):
        self.ensure_one()
        if self.note_only or self.parent_id:
            raise UserError(_("A paper disposition names its recipients."))
        recipients = self._recipients()
        if not recipients and not self.info_user_ids:
            raise UserError(_("Choose at least one recipient."))
        copies = self.info_user_ids - recipients
        self.env["surat.disposition"].create(
            [
                {
                    "letter_id": self.letter_id.id,
                    "author_id": self.author_id.id,
                    "user_id": user.id,
                    "note": self.note,
                    "is_info_copy": True,
                    "sheet_scan": self.sheet_scan,
                    "sheet_scan_filename": self.sheet_scan_filename,
                }
                for user in copies
            ]
            + [
                {
                    "letter_id": self.letter_id.id,
                    "author_id": self.author_id.id,
                    "user_id": user.id,
                    "instruction_ids": [fields.Command.set(self.instruction_ids.ids)],
                    "note": self.note,
                    "deadline": self.deadline,
                    "sheet_scan": self.sheet_scan,
                    "sheet_scan_filename": self.sheet_scan_filename,
                }
                for user in recipients
            ]
        )
        return {"type": "ir.actions.act_window_close"}
