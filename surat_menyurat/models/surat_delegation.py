"""Delegation (Plh/Plt) for a period: listed, audited, and it ends.

While a delegation runs, the delegate acts for the principal: he reviews and
signs what waits for him (``res.users._surat_effective_delegate``), disposes
in his name (the disposition keeps ``author_id`` = the principal and
``recorded_by_id`` = the delegate, ``surat_disposition_paper.py``), and reads
the letters waiting for the principal: those with an open to-do of the
principal or an open disposition to him (``_surat_waiting_subquery``, read
by the letters' access search at each search). Nothing of this is stored, so
it ends with the delegation; what the delegate acted on stays readable
because his dispositions put him in the letter's stored access list.
"""

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, ValidationError
from odoo.tools import SQL

from .surat_const import OPEN_STATES, USER_PICKER_CONTEXT, USER_PICKER_DOMAIN

DELEGATION_STATES = [
    ("planned", "Planned"),
    ("running", "Running"),
    ("ended", "Ended"),
    ("cancelled", "Ended Early"),
]


class SuratDelegation(models.Model):
    _name = "surat.delegation"
    _description = "Delegation (Plh/Plt)"
    _inherit = ["mail.thread"]
    _order = "date_from desc, id desc"
    _check_company_auto = True

    principal_id = fields.Many2one(
        comodel_name="res.users",
        domain=USER_PICKER_DOMAIN,
        context=USER_PICKER_CONTEXT,
        string="Official Replaced",
        required=True,
        default=lambda self: self.env.user,
        index=True,
        tracking=True,
    )
    delegate_id = fields.Many2one(
        comodel_name="res.users",
        domain=USER_PICKER_DOMAIN,
        context=USER_PICKER_CONTEXT,
        string="Delegate (Plh/Plt)",
        required=True,
        index=True,
        tracking=True,
    )
    date_from = fields.Date(
        string="From", required=True, default=fields.Date.context_today, tracking=True
    )
    date_to = fields.Date(string="Until", required=True, tracking=True)
    reason = fields.Text(required=True, tracking=True)
    active = fields.Boolean(default=True, tracking=True)
    state = fields.Selection(selection=DELEGATION_STATES, compute="_compute_state")
    company_id = fields.Many2one(
        comodel_name="res.company",
        string="Agency",
        required=True,
        default=lambda self: self.env.company,
        index=True,
    )

    @api.depends("principal_id", "delegate_id", "date_from", "date_to")
    def _compute_display_name(self):
        for delegation in self:
            delegation.display_name = _(
                "%(delegate)s for %(principal)s",
                delegate=delegation.delegate_id.name or "",
                principal=delegation.principal_id.name or "",
            )

    @api.depends("date_from", "date_to", "active")
    @api.depends_context("uid")
    def _compute_state(self):
        for delegation in self:
            today = delegation.company_id._surat_now().date()
            if not delegation.active:
                delegation.state = "cancelled"
            elif delegation.date_from and delegation.date_from > today:
                delegation.state = "planned"
            elif delegation.date_to and delegation.date_to < today:
                delegation.state = "ended"
            else:
                delegation.state = "running"

    @api.constrains("principal_id", "delegate_id", "date_from", "date_to", "active")
    def _check_period(self):
        for delegation in self:
            if delegation.principal_id == delegation.delegate_id:
                raise ValidationError(_("You cannot be your own delegate."))
            if delegation.date_from > delegation.date_to:
                raise ValidationError(_("The delegation cannot end before it starts."))
            if not delegation.active:
                continue
            overlap = self.search_count(
                [
                    ("id", "!=", delegation.id),
                    ("principal_id", "=", delegation.principal_id.id),
                    ("company_id", "=", delegation.company_id.id),
                    ("date_from", "<=", delegation.date_to),
                    ("date_to", ">=", delegation.date_from),
                ]
            )
            if overlap:
                raise ValidationError(
                    _(
                        "%s already has a delegate during part of this period.",
                        delegation.principal_id.name,
                    )
                )

    # ------------------------------------------------------------------
    # Who may create and change a delegation: the administrator, or the
    # principal for himself (never the delegate, never from the context)
    # ------------------------------------------------------------------
    def _check_may_manage(self, principals):
        if self.env.su or self.env.user.has_group("surat_menyurat.group_surat_manager"):
            return
        if principals != self.env.user:
            raise AccessError(
                _("A delegation is set by the official replaced or by the administrator.")
            )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            principal = self.env["res.users"].browse(vals.get("principal_id") or self.env.uid)
            self._check_may_manage(principal)
        delegations = super().create(vals_list)
        self._surat_access_changed()
        return delegations

    def write(self, vals):
        self._check_may_manage(self.principal_id)
        if "principal_id" in vals:
            self._check_may_manage(self.env["res.users"].browse(vals["principal_id"]))
        res = super().write(vals)
        self._surat_access_changed()
        return res

    def _surat_access_changed(self):
        """Who reads what changed: forget the access computed in this transaction."""
        self.env["surat.letter"].invalidate_model(["surat_access_uid"])
        self.env["surat.disposition"].invalidate_model(["surat_access_uid"])

    def action_end(self):
        """End the delegation now (the principal is back early)."""
        self.write({"active": False})
        for delegation in self:
            delegation.message_post(body=_("Delegation ended early."))
        return True

    # ------------------------------------------------------------------
    # Used by the access search and the flows
    # ------------------------------------------------------------------
    @api.model
    def _surat_principals(self, user_id, on_date):
        """Users whose delegation to `user_id` runs on that date."""
        # sudo: the running delegations of this user decide his access; only
        # the principals' ids are used
        return (
            self.sudo()  # sudo: running delegations of this user, see above
            .search(
                [
                    ("delegate_id", "=", user_id),
                    ("date_from", "<=", on_date),
                    ("date_to", ">=", on_date),
                ]
            )
            .principal_id
        )

    @api.model
    def _surat_delegate_of(self, principal, on_date):
        # sudo: who replaces `principal` that day; only that user is returned
        return (
            self.sudo()  # sudo: who replaces the principal, see above
            .search(
                [
                    ("principal_id", "=", principal.id),
                    ("date_from", "<=", on_date),
                    ("date_to", ">=", on_date),
                ],
                limit=1,
            )
            .delegate_id
        )

    @api.model
    def _surat_waiting_subquery(self, uid):
        """Letters waiting for the principals `uid` replaces today, or None.

        Waiting: the principal has an open to-do on the letter, or an open
        disposition addressed to him.
        """
        today = self.env.company._surat_now().date()
        principals = self._surat_principals(uid, today)
        if not principals:
            return None
        self.env["mail.activity"].flush_model(["res_model", "res_id", "user_id"])
        self.env["surat.disposition"].flush_model(["letter_id", "user_id", "state"])
        return SQL(
            """
            SELECT ma.res_id FROM mail_activity ma
             WHERE ma.res_model = 'surat.letter' AND ma.user_id IN %(principals)s
            UNION
            SELECT d.letter_id FROM surat_disposition d
             WHERE d.user_id IN %(principals)s AND d.state IN %(open)s
            """,
            principals=tuple(principals.ids),
            open=tuple(OPEN_STATES),
        )
