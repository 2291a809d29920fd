from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError


class SuratLetterShare(models.Model):
    """An explicit grant: someone who may read a letter lets another user read it.

    Recorded (who, whom, when, why) and revocable; an active share puts the user
    in the letter's access list. Following a letter grants nothing.
    """

    _name = "surat.letter.share"
    _description = "Letter Share"
    _order = "date desc, id desc"
    _inherit = ["surat.guard.mixin"]
    _check_company_auto = True

    letter_id = fields.Many2one(
        comodel_name="surat.letter",
        required=True,
        index=True,
        ondelete="cascade",
        check_company=True,
    )
    company_id = fields.Many2one(related="letter_id.company_id", store=True, index=True)
    user_id = fields.Many2one(
        comodel_name="res.users", string="Shared With", required=True, index=True
    )
    granted_by_id = fields.Many2one(comodel_name="res.users", required=True, readonly=True)
    date = fields.Datetime(required=True, readonly=True, default=fields.Datetime.now)
    reason = fields.Text(required=True)
    revoked = fields.Boolean(readonly=True, index=True)
    revoked_by_id = fields.Many2one(comodel_name="res.users", readonly=True)
    revoked_date = fields.Datetime(string="Revoked On", readonly=True)

    def _surat_display_depends(self):
        return ["user_id"]

    def _surat_compute_display_name(self):
        for share in self:
            share.display_name = _("Share with %(user)s", user=share.user_id.name or "")

    @api.model
    def _grant(self, letter, users, reason):
        """Record a share of `letter` with `users`, as the current user."""
        letter = letter.with_env(self.env)
        letter.check_access("read")
        # sudo: the level decides who may pass the letter on; nothing is returned
        if letter.sudo().security_level == "top_secret" and not self.env.user.has_group(
            "surat_menyurat.group_surat_head"
        ):
            raise AccessError(_("Only the head of agency shares a top-secret letter."))
        if not (reason or "").strip():
            raise UserError(_("Give the reason for sharing this letter."))
        users = users.filtered(lambda u: not u.share)
        if not users:
            raise UserError(_("Choose at least one internal user to share the letter with."))
        outside = users.filtered(lambda u: letter.company_id not in u.company_ids)
        if outside:
            raise UserError(_("A letter can only be shared with users of its agency."))
        # sudo: shares are created by the letter's readers, who have no write
        # access on this log-like model; the read access was checked above
        shares = self.sudo().create(
            [
                {
                    "letter_id": letter.id,
                    "user_id": user.id,
                    "granted_by_id": self.env.uid,
                    "reason": reason.strip(),
                }
                for user in users
            ]
        )
        letter.message_post(
            body=_("Access shared with %(users)s.", users=", ".join(users.mapped("name"))),
            subtype_xmlid="mail.mt_note",
        )
        return shares

    def action_revoke(self):
        """Revoke: the granter, the head of agency or the module manager."""
        is_head = self.env.user.has_group("surat_menyurat.group_surat_head")
        is_manager = self.env.user.has_group("surat_menyurat.group_surat_manager")
        for share in self:
            if share.revoked:
                raise UserError(_("This share is already revoked."))
            if not (self.env.su or is_head or is_manager or share.granted_by_id == self.env.user):
                raise AccessError(
                    _("Only the person who granted a share or the head of agency may revoke it.")
                )
        # revocation fields are written by the flow on behalf of the granter
        self._surat_flow_write(
            {
                "revoked": True,
                "revoked_by_id": self.env.uid,
                "revoked_date": fields.Datetime.now(),
            }
        )
        # the revoked users follow the letter no more, unless involved otherwise
        self.letter_id._surat_prune_followers()
        for share in self:
            share.letter_id.message_post(
                body=_("Access of %(user)s revoked.", user=share.user_id.name),
                subtype_xmlid="mail.mt_note",
            )
        return True
