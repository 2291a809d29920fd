from odoo import api, fields, models


class HrEmployee(models.Model):
    _inherit = "hr.employee"

    @api.model_create_multi
    def create(self, vals_list):
        employees = super().create(vals_list)
        # Record rules read the user's department: their cached domains are stale.
        self.env.registry.clear_cache()
        return employees

    def write(self, vals):
        res = super().write(vals)
        if {"department_id", "user_id", "parent_id", "company_id", "active"} & set(vals):
            self.env.registry.clear_cache()
        return res

    def unlink(self):
        res = super().unlink()
        self.env.registry.clear_cache()
        return res

    surat_rank = fields.Char(
        string="Rank (Pangkat)",
        groups="hr.group_hr_user",
        help="Printed under the name in the signature block, e.g. Pembina Tk. I (IV/b).",
    )
    surat_nip = fields.Char(string="NIP", groups="hr.group_hr_user")
