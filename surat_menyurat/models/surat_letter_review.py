from odoo import api, fields, models

from .surat_const import USER_PICKER_CONTEXT, USER_PICKER_DOMAIN


class SuratLetterReview(models.Model):
    """One initial (paraf) of the review chain of an outgoing letter."""

    _name = "surat.letter.review"
    _description = "Letter Review"
    _order = "sequence, id"
    _inherit = ["surat.guard.mixin"]

    letter_id = fields.Many2one(
        comodel_name="surat.letter",
        required=True,
        index=True,
        ondelete="cascade",
    )
    company_id = fields.Many2one(related="letter_id.company_id", store=True)
    sequence = fields.Integer(default=10)
    user_id = fields.Many2one(
        comodel_name="res.users",
        string="Reviewer",
        required=True,
        domain=USER_PICKER_DOMAIN,
        context=USER_PICKER_CONTEXT,
    )
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

    def _surat_display_depends(self):
        return ["letter_id", "user_id"]

    def _surat_compute_display_name(self):
        for review in self:
            review.display_name = "%s: %s" % (
                review.letter_id.display_name or "",
                review.user_id.name or "",
            )

    @api.constrains("user_id", "sequence", "letter_id")
    def _check_surat_chain(self):
        self.letter_id._check_review_chain_rules()

    @api.model
    def _surat_prepare_create(self, vals_list):
        if not self.env.su:
            for vals in vals_list:
                self.env["surat.letter"].browse(
                    vals.get("letter_id")
                )._check_review_chain_editable()

    def _surat_roles(self):
        roles = super()._surat_roles()
        # sudo: the letter's state and drafter decide; nothing is returned
        letter = self.letter_id.sudo()
        if letter.state == "draft" and self.env.user in (letter.user_id | letter.create_uid):
            roles.add("drafter")
        return roles
