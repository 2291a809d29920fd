from odoo import fields, models

from .mail_security import _reader_partners


def _unfollow_unreadable(partners):
    """Users moved to another unit (or agency) stop following the letters and
    dispositions they may no longer read: only their own follows are checked."""
    if not partners:
        return
    env = partners.env
    follows = (
        env["mail.followers"]
        # sudo: the follows of these partners on letters, to drop the unreadable ones
        .sudo()
        .search(
            [
                ("res_model", "in", ("surat.letter", "surat.disposition")),
                ("partner_id", "in", partners.ids),
            ]
        )
    )
    for follow in follows:
        record = env[follow.res_model].browse(follow.res_id).exists()
        if record and follow.partner_id not in _reader_partners(record, follow.partner_id):
            # sudo: removing a follower who may no longer read the record
            record.sudo().message_unsubscribe(follow.partner_id.ids)


class HrEmployee(models.Model):
    _inherit = "hr.employee"

    def write(self, vals):
        # The rules read the user's units live at each search (nothing to clear);
        # a moved user only loses the follows he may no longer read.
        moved = {"department_id", "user_id", "company_id", "active"} & set(vals)
        partners = self.user_id.partner_id if moved else None
        res = super().write(vals)
        if moved:
            _unfollow_unreadable(partners | self.user_id.partner_id)
        return res

    surat_rank = fields.Char(
        string="Rank (Pangkat)",
        groups="hr.group_hr_user",
        help="Printed under the name in the signature block, e.g. Pembina Tk. I (IV/b).",
    )
    surat_nip = fields.Char(string="NIP", groups="hr.group_hr_user")
    surat_regional_head = fields.Boolean(
        string="Regional Head",
        groups="hr.group_hr_user",
        help="Bupati / Wali Kota: signs with the name only, without rank and NIP.",
    )
