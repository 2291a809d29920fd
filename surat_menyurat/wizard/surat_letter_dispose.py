from odoo import _, api, fields, models
from odoo.exceptions import UserError

from ..models.surat_const import UNIT_PICKER_DOMAIN, USER_PICKER_CONTEXT, USER_PICKER_DOMAIN


class SuratLetterDispose(models.TransientModel):
    """Dispose a letter (head of agency) or forward a disposition (recipient).

    Creates one `surat.disposition` per recipient; departments resolve to
    their managers. "Note only" closes the letter instead.
    """

    _name = "surat.letter.dispose"
    _inherit = ["surat.pointer.guard"]
    _description = "Dispose a Letter"

    letter_id = fields.Many2one(comodel_name="surat.letter", required=True)
    parent_id = fields.Many2one(comodel_name="surat.disposition", string="Forwarding")
    note_only = fields.Boolean(
        help="For information: close the letter without disposing it.",
    )
    user_ids = fields.Many2many(
        comodel_name="res.users",
        string="Recipients",
        domain=USER_PICKER_DOMAIN,
        context=USER_PICKER_CONTEXT,
    )
    department_ids = fields.Many2many(
        comodel_name="hr.department",
        domain=UNIT_PICKER_DOMAIN,
        string="Units",
        help="Each unit's manager receives the disposition.",
    )
    instruction_ids = fields.Many2many(
        comodel_name="surat.disposition.instruction", string="Instructions"
    )
    info_user_ids = fields.Many2many(
        comodel_name="res.users",
        domain=USER_PICKER_DOMAIN,
        context=USER_PICKER_CONTEXT,
        relation="surat_letter_dispose_info_user_rel",
        string="Copies for Information",
        help="They are informed; no action or report is expected from them.",
    )
    note = fields.Text()
    deadline = fields.Date()
    subject = fields.Char(related="letter_id.subject")

    @api.model
    def default_get(self, fields_list):
        res = super().default_get(fields_list)
        letter = self.env["surat.letter"].browse(res.get("letter_id"))
        parent = self.env["surat.disposition"].browse(res.get("parent_id"))
        if "deadline" in fields_list and letter and not res.get("deadline"):
            deadline = letter._default_deadline()
            if parent.deadline and parent.deadline < deadline:
                deadline = parent.deadline
            res["deadline"] = deadline
        manager = letter.department_id.manager_id.user_id
        if (
            "department_ids" in fields_list
            and not parent
            and not res.get("department_ids")
            and manager
            and manager != self.env.user
        ):
            # the processing unit is the usual recipient: one tap less on a phone
            res["department_ids"] = [fields.Command.set(letter.department_id.ids)]
        return res

    def _recipients(self):
        users = self.user_ids
        for department in self.department_ids:
            manager = department.manager_id.user_id
            if not manager:
                raise UserError(
                    _(
                        "The unit %s has no manager with a user account.",
                        department.name,
                    )
                )
            users |= manager
        return users

    def action_confirm(self):
        self.ensure_one()
        letter = self.letter_id
        if self.note_only and self.parent_id:
            raise UserError(_("A forwarded disposition cannot be closed as noted."))
        if self.note_only and not self.info_user_ids:
            letter.action_done()
            return self._done_notification(_("The letter is closed: noted only."))
        recipients = self.env["res.users"] if self.note_only else self._recipients()
        if not recipients and not self.info_user_ids:
            raise UserError(_("Choose at least one recipient, or tick Note Only."))
        author = self.env.user
        if not self.parent_id and not letter._is_head():
            # the head's delegate (Plh) disposes in the head's name; he is
            # kept as the one who recorded it (surat_disposition_paper.py)
            heads = self.env["surat.disposition"]._surat_acting_heads(author, letter)
            author = heads[:1] or author
        vals_list = [
            {
                "letter_id": letter.id,
                "author_id": author.id,
                "parent_id": self.parent_id.id,
                "user_id": user.id,
                "instruction_ids": [fields.Command.set(self.instruction_ids.ids)],
                "note": self.note,
                "deadline": self.deadline,
            }
            for user in recipients
        ]
        vals_list += [
            {
                "letter_id": letter.id,
                "author_id": author.id,
                "parent_id": self.parent_id.id,
                "user_id": user.id,
                "note": self.note,
                "is_info_copy": True,
            }
            for user in self.info_user_ids - recipients
        ]
        self.env["surat.disposition"].create(vals_list)
        activities = letter.activity_ids.filtered(lambda a: a.user_id == self.env.user)
        if activities and not self.parent_id:
            activities.action_feedback(feedback=_("Disposed"))
        names = ", ".join((recipients | self.info_user_ids).mapped("name"))
        return self._done_notification(_("Disposition sent to %s.", names))

    def _done_notification(self, message):
        """Say what "Send" did (on a phone the closing dialog is all one sees), then close."""
        action = self.letter_id._surat_done_notification(message)
        action["params"]["next"] = {"type": "ir.actions.act_window_close"}
        return action
