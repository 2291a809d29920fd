from odoo import fields, models


class SuratIntakeLog(models.Model):
    """What came in by e-mail or scanner batch: the letter it became, or why not.

    Written by the system only (no access right grants create or write); read by
    the registry clerks and the module administrators of the agency.
    """

    _name = "surat.intake.log"
    _description = "Letter Intake Log"
    _order = "id desc"

    company_id = fields.Many2one(
        comodel_name="res.company", string="Agency", required=True, readonly=True, index=True
    )
    source = fields.Selection(
        selection=[("email", "E-mail"), ("upload", "Scanner Batch")],
        required=True,
        readonly=True,
    )
    state = fields.Selection(
        selection=[("accepted", "Accepted"), ("refused", "Refused")],
        required=True,
        readonly=True,
    )
    reason = fields.Text(readonly=True)
    sender = fields.Char(readonly=True)
    subject = fields.Char(readonly=True)
    filename = fields.Char(string="Files", readonly=True)
    letter_id = fields.Many2one(comodel_name="surat.letter", readonly=True, ondelete="set null")
    create_date = fields.Datetime(string="Received On", readonly=True)
