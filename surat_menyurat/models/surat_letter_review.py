from odoo import fields, models


class SuratLetterReview(models.Model):
    """One initial (paraf) of the review chain of an outgoing letter."""

    _name = "surat.letter.review"
    _description = "Letter Review"
    _order = "sequence, id"

    letter_id = fields.Many2one(
        comodel_name="surat.letter",
        string="Letter",
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
