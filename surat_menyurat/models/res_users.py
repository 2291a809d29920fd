from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from .surat_const import USER_PICKER_CONTEXT, USER_PICKER_DOMAIN

# roles that hold the registry, the archive and the configuration: a second factor
# at login when their agency requires it (res.company.surat_mfa_required)
MFA_GROUPS = (
    "surat_menyurat.group_surat_head",
    "surat_menyurat.group_surat_registrar",
    "surat_menyurat.group_surat_archivist",
    "surat_menyurat.group_surat_manager",
    "base.group_system",
)
DELEGATION_FIELDS = ["surat_delegate_id", "surat_delegate_from", "surat_delegate_to"]


class ResUsers(models.Model):
    """Org-chart helpers: who is above or below whom (docs/architecture.md)."""

    _inherit = "res.users"

    surat_delegate_id = fields.Many2one(
        comodel_name="res.users",
        domain=USER_PICKER_DOMAIN,
        context=USER_PICKER_CONTEXT,
        string="Delegate (Plh)",
        help="Receives this user's reviews and signatures during the period.",
    )
    surat_delegate_from = fields.Date(string="Delegation From")
    surat_delegate_to = fields.Date(string="Delegation To")
    surat_department_ids = fields.Many2many(
        comodel_name="hr.department",
        string="Correspondence Units",
        compute="_compute_surat_department_ids",
        help="The units of this user's employees: record rules show restricted "
        "letters of these units and the units below them.",
    )

    @api.depends("employee_ids.department_id")
    def _compute_surat_department_ids(self):
        for user in self:
            # sudo: record rules need the user's own units, whatever HR rights he has
            user.surat_department_ids = user.sudo().employee_ids.department_id

    def _surat_employee(self, company=None):
        self.ensure_one()
        company = company or self.env.company
        # sudo: reading the org chart to decide a permission; nothing is returned
        # to the user beyond the employee record of this user in this company.
        employees = self.sudo().with_context(active_test=True).employee_ids
        return employees.filtered(lambda e: e.company_id == company)[:1]

    def _surat_department(self, company=None):
        return self._surat_employee(company).department_id

    def _surat_manager_employees(self, company=None):
        """Employees above this user, nearest first; stops at a cycle."""
        employee = self._surat_employee(company)
        chain = []
        seen = {employee.id} if employee else set()
        current = employee.parent_id
        while current and current.id not in seen:
            chain.append(current)
            seen.add(current.id)
            current = current.parent_id
        return chain

    def _surat_manager_users(self, company=None):
        """Users above this user in the org chart, nearest first."""
        return [e.user_id for e in self._surat_manager_employees(company) if e.user_id]

    def _surat_is_below(self, other, company=None):
        """True when `other`'s manager chain reaches this user's employee."""
        self.ensure_one()
        if not other or other == self:
            return False
        mine = self._surat_employee(company)
        if not mine:
            return False
        return any(e == mine for e in other._surat_manager_employees(company))

    def _surat_effective_delegate(self, on_date):
        """The delegate acting for this user on that date, if any."""
        self.ensure_one()
        # a delegation record (listed and audited) first, then the user's own fields
        delegate = self.env["surat.delegation"]._surat_delegate_of(self, on_date)
        if delegate:
            return delegate.with_env(self.env)
        user = self.sudo()  # sudo: delegation fields are not secret but not readable by all
        if (
            user.surat_delegate_id
            and (not user.surat_delegate_from or user.surat_delegate_from <= on_date)
            and (not user.surat_delegate_to or on_date <= user.surat_delegate_to)
        ):
            return user.surat_delegate_id
        return self.browse()

    # --- pickers of people: name, position and unit (surat_const.USER_PICKER_*) ---
    surat_position = fields.Char(string="Position", compute="_compute_surat_position")
    surat_unit_id = fields.Many2one(
        comodel_name="hr.department", string="Unit", compute="_compute_surat_position"
    )

    @api.depends_context("company")
    def _compute_surat_position(self):
        # the public profile every internal user may read (no private HR data), in the
        # current company: Odoo checks the context's companies against the user's own
        employees = self.env["hr.employee.public"].search(
            [("user_id", "in", self.ids), ("company_id", "=", self.env.company.id)]
        )
        by_user = {employee.user_id.id: employee for employee in employees}
        for user in self:
            employee = by_user.get(user.id)
            user.surat_position = employee.job_title if employee else False
            user.surat_unit_id = employee.department_id if employee else False

    @api.model
    def name_search(self, name="", args=None, operator="ilike", limit=100):
        """In the addon's pickers, tell apart namesakes by position and unit."""
        result = super().name_search(name, args, operator, limit)
        # the surat_picker context key only changes the labels: the users are those the
        # caller's own search returned, their position and unit the public profile he reads
        if not self.env.context.get("surat_picker") or not result:
            return result
        users = self.browse([user_id for user_id, _label in result])
        labels = {}
        for user in users:
            details = ", ".join(filter(None, [user.surat_position, user.surat_unit_id.name]))
            labels[user.id] = f"{user.display_name} — {details}" if details else None
        return [(user_id, labels.get(user_id) or label) for user_id, label in result]

    @property
    def SELF_READABLE_FIELDS(self):
        return super().SELF_READABLE_FIELDS + DELEGATION_FIELDS

    @property
    def SELF_WRITEABLE_FIELDS(self):
        return super().SELF_WRITEABLE_FIELDS + DELEGATION_FIELDS

    @api.constrains(*DELEGATION_FIELDS)
    def _check_surat_delegation(self):
        for user in self:
            if user.surat_delegate_id == user:
                raise ValidationError(_("You cannot be your own delegate."))
            if (
                user.surat_delegate_from
                and user.surat_delegate_to
                and user.surat_delegate_from > user.surat_delegate_to
            ):
                raise ValidationError(_("The delegation cannot end before it starts."))

    # --- second factor at login (auth_totp: the app; auth_totp_mail_enforce: by e-mail) ---
    def _mfa_type(self):
        """Key roles without an authenticator app get a code by e-mail at each login."""
        mfa = super()._mfa_type()
        if mfa is None and self._surat_mfa_required():
            return "totp_mail"
        return mfa

    def _surat_mfa_required(self):
        self.ensure_one()
        # sudo: decides on the user's own groups and his agency's setting, at login
        user = self.sudo()
        return user.company_id.surat_mfa_required and any(
            user.has_group(group) for group in MFA_GROUPS
        )

    # --- home screen: the users of the addon start on their letters, not in Discuss ---
    @api.model_create_multi
    def create(self, vals_list):
        users = super().create(vals_list)
        users._surat_set_home_action()
        return users

    def write(self, vals):
        res = super().write(vals)
        if any(key == "groups_id" or key.startswith(("in_group_", "sel_groups_")) for key in vals):
            self._surat_set_home_action()
        return res

    def _surat_set_home_action(self):
        """Internal users of the addon without a home action get the letters' home screen."""
        action = self.env.ref("surat_menyurat.surat_home_action", raise_if_not_found=False)
        if not action:  # while the addon's data is being loaded
            return
        users = self.filtered(
            lambda user: not user.action_id
            and not user.share
            and user.has_group("surat_menyurat.group_surat_user")
        )
        if users:
            users.write({"action_id": action.id})

    @api.model
    def _surat_set_home_action_all(self):
        """At install and upgrade: existing users of the addon without a home action."""
        group = self.env.ref("surat_menyurat.group_surat_user")
        users = self.search(
            [("groups_id", "in", group.ids), ("share", "=", False), ("action_id", "=", False)]
        )
        users._surat_set_home_action()

    # --- integration accounts (docs/api.md): the external API with API keys only ---
    def _rpc_api_keys_only(self):
        """Members of the Integration group call /jsonrpc and /xmlrpc with an API key,
        never with their password: a key lives at most as long as the administrator
        allows on that group and is revoked alone; the password only opens the web
        client, where the keys are made."""
        return super()._rpc_api_keys_only() or self.has_group(
            "surat_menyurat.group_surat_integration"
        )
