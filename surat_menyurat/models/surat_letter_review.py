from odoo import _, api, fields, models
from odoo.exceptions import UserError


class SuratLetterReview(models.Model):
    """One initial (paraf) of the review chain of an outgoing letter."""

    _name = "surat.letter.review"
    _description = "Letter Review"
    _order = "sequence, id"

    letter_id = fields.Many2one(
        comodel_name="surat.letter",
        required=True,
        index=True,
        ondelete="cascade",
    )
    company_id = fields.Many2one(related="letter_id.company_id", store=True)
    sequence = fields.Integer(default=10)
    user_id = fields.Many2one(comodel_name="res.users", string="Reviewer", required=True)
    state = fields.Selection(
        selection=[
            ("waiting", "Waiting"),
            ("pending", "Pending"),
            ("approved", "Approved"),
            ("rejected", "Rejected"),
        ],
        default="waiting",
        required=True,
    )
    comment = fields.Text()
    date = fields.Datetime(readonly=True)
    acted_by_id = fields.Many2one(
        comodel_name="res.users",
        string="Initialled By",
        readonly=True,
        help="Who approved or rejected: the reviewer or his delegate (Plh).",
    )

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su:
            for vals in vals_list:
                self.env["surat.letter"].browse(
                    vals.get("letter_id")
                )._check_review_chain_editable()
                if vals.get("state", "waiting") != "waiting":
                    raise UserError(_("A review starts waiting; reviewers use the buttons."))
        return super().create(vals_list)

    def write(self, vals):
        if not self.env.su and not self.env.context.get("surat_review_flow"):
            self.letter_id._check_review_chain_editable()
            if {"state", "date", "acted_by_id", "letter_id"} & set(vals):
                raise UserError(_("Reviews are approved or rejected with the letter's buttons."))
        return super().write(vals)

    def unlink(self):
        if not self.env.su:
            self.letter_id._check_review_chain_editable()
        return super().unlink()
