from odoo import fields, models


class HrDepartment(models.Model):
    _inherit = "hr.department"

    code = fields.Char(
        help="Short code of the unit, used as {unit} in letter numbers.",
    )

    # --- letterhead of a unit that writes its own letters (report/surat_letter_pdf.py) ---
    surat_own_letterhead = fields.Boolean(
        string="Own Letterhead",
        help="The unit writes its own letters under its own letterhead (e.g. a UPT); "
        "its sub-units use it too.",
    )
    surat_letterhead_name = fields.Char(string="Letterhead Name")
    surat_letterhead_address = fields.Char(string="Letterhead Address")
    surat_letterhead_phone = fields.Char(string="Letterhead Telephone")
    surat_letterhead_email = fields.Char(string="Letterhead E-mail")
    surat_letterhead_website = fields.Char(string="Letterhead Website")

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
