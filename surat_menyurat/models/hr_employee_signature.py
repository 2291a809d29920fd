from odoo import fields, models


class HrEmployee(models.Model):
    """Rank and NIP printed in the signature block of a letter."""

    _inherit = "hr.employee"

    surat_rank = fields.Char(
        string="Rank (Pangkat)",
        groups="hr.group_hr_user",
        help="Printed under the name in the signature block, "
        "e.g. Pembina Tk. I (IV/b).",
    )
    surat_nip = fields.Char(string="NIP", groups="hr.group_hr_user")
