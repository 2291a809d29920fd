from odoo import fields, models


class HrDepartment(models.Model):
    _inherit = "hr.department"

    code = fields.Char(
        help="Short code of the unit, used as {unit} in letter numbers.",
    )

    _sql_constraints = [
        (
            "surat_code_company_uniq",
            "unique(code, company_id)",
            "A unit code must be unique in its agency.",
        ),
    ]

    def write(self, vals):
        res = super().write(vals)
        if "parent_id" in vals:
            # Restricted letters are visible from the processing unit upwards:
            # moving a unit changes who sees them.
            letters = (
                # sudo: recompute only, nothing is returned
                self.env["surat.letter"].sudo().search([("department_id", "child_of", self.ids)])
            )  # sudo: internal recompute of the access list, nothing is returned
            letters._compute_access_department_ids()
        return res
