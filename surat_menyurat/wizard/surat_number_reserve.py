from odoo import _, fields, models

from ..models.surat_const import UNIT_PICKER_DOMAIN


class SuratNumberReserve(models.TransientModel):
    """The registry clerk reserves numbers, or inserts a back-dated one."""

    _name = "surat.number.reserve"
    _inherit = ["surat.pointer.guard"]
    _description = "Reserve Letter Numbers"

    mode = fields.Selection(
        selection=[
            ("reserve", "Reserve numbers for letters not written yet"),
            ("backdate", "Insert a back-dated number"),
        ],
        required=True,
        default="reserve",
    )
    count = fields.Integer(string="How Many", default=1)
    date = fields.Date(string="Back Date")
    reason = fields.Text()
    company_id = fields.Many2one(
        comodel_name="res.company",
        string="Agency",
        required=True,
        default=lambda self: self.env.company,
    )
    numbering_per_unit = fields.Boolean(compute="_compute_numbering_per_unit")
    department_id = fields.Many2one(
        comodel_name="hr.department",
        string="Unit",
        domain=UNIT_PICKER_DOMAIN,
    )
    document_type_id = fields.Many2one(
        comodel_name="surat.document.type",
        help="Only for a document type numbered with its own counter.",
    )

    def _compute_numbering_per_unit(self):
        for wizard in self:
            wizard.numbering_per_unit = wizard.company_id.surat_number_scope == "department"

    def action_confirm(self):
        self.ensure_one()
        Claim = self.env["surat.number.reservation"]
        doc_type = self.document_type_id if self.document_type_id.own_counter else None
        department = self.department_id or None
        if self.mode == "backdate":
            claims = Claim._insert_backdated(
                self.date, self.reason, department, doc_type, self.company_id
            )
        else:
            claims = Claim._reserve(self.count, department, doc_type, self.company_id)
        return {
            "type": "ir.actions.act_window",
            "name": _("Reserved Numbers"),
            "res_model": "surat.number.reservation",
            "view_mode": "list,form",
            "domain": [("id", "in", claims.ids)],
        }
