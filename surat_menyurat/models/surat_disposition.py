from datetime import timedelta

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from .surat_const import CONFIDENTIAL, DISPOSITION_STATES, OPEN_STATES


class SuratDisposition(models.Model):
    """One instruction of the head (or of a recipient) to one person below.

    Readable only when its letter is readable. The recipient reads, starts,
    forwards down and reports; the issuer withdraws (while unread), accepts or
    returns the report.
    """

    _name = "surat.disposition"
    _description = "Disposition"
    _inherit = [
        "surat.disposition.flow.service",
        "surat.disposition.flow.digest",
        "surat.disposition.flow.paper",
        "surat.disposition.flow.copies",
        "surat.mail.mixin",
        "mail.thread",
        "mail.activity.mixin",
        "surat.guard.mixin",
    ]
    _surat_neutral_access_error = True
    _order = "deadline asc, id desc"
    _check_company_auto = True

    letter_id = fields.Many2one(
        comodel_name="surat.letter",
        required=True,
        index=True,
        ondelete="cascade",
        check_company=True,
    )
    company_id = fields.Many2one(related="letter_id.company_id", store=True, index=True)
    parent_id = fields.Many2one(
        comodel_name="surat.disposition",
        string="Forwarded From",
        index="btree_not_null",
        ondelete="restrict",
    )
    child_ids = fields.One2many(
        comodel_name="surat.disposition",
        inverse_name="parent_id",
        string="Forwarded To",
    )
    author_id = fields.Many2one(
        comodel_name="res.users",
        string="Issued By",
        required=True,
        default=lambda self: self.env.user,
        index=True,
    )
    user_id = fields.Many2one(
        comodel_name="res.users",
        string="Recipient",
        required=True,
        index=True,
        tracking=True,
    )
    instruction_ids = fields.Many2many(
        comodel_name="surat.disposition.instruction", string="Instructions"
    )
    note = fields.Text()
    deadline = fields.Date(tracking=True, index=True)
    state = fields.Selection(
        selection=DISPOSITION_STATES,
        default="sent",
        required=True,
        index=True,
        tracking=True,
    )
    read_date = fields.Datetime(string="Read On", readonly=True)
    report = fields.Text()
    report_date = fields.Datetime(string="Reported On", readonly=True)
    return_note = fields.Text()
    is_overdue = fields.Boolean(
        string="Overdue", compute="_compute_is_overdue", search="_search_is_overdue"
    )
    deadline_status = fields.Selection(
        selection=[("ok", "On Time"), ("soon", "Due Soon"), ("overdue", "Overdue")],
        compute="_compute_is_overdue",
    )
    # Letter facts shown in lists; related fields obey the letter's rules
    # because the disposition itself is only readable when the letter is.
    subject = fields.Char(related="letter_id.subject")
    agenda_number = fields.Char(related="letter_id.agenda_number")
    security_level = fields.Selection(related="letter_id.security_level")
    urgency = fields.Selection(related="letter_id.urgency", store=True)
    is_author = fields.Boolean(compute="_compute_roles")
    is_recipient = fields.Boolean(compute="_compute_roles")
    # --- service levels (models/surat_service_level.py; system fields) ---
    done_date = fields.Datetime(string="Accepted On", readonly=True, copy=False)
    is_on_time = fields.Boolean(string="On Time", readonly=True, copy=False, index=True)
    on_time_rate = fields.Float(
        string="Finished On Time (%)", readonly=True, copy=False, aggregator="avg"
    )
    department_id = fields.Many2one(
        comodel_name="hr.department",
        string="Unit",
        readonly=True,
        copy=False,
        index=True,
        help="The recipient's unit when the disposition was issued.",
    )
    sla_dispose_hours = fields.Float(
        string="Registered to Disposed (h)", readonly=True, copy=False, aggregator="avg"
    )
    sla_read_hours = fields.Float(
        string="Sent to Read (h)", readonly=True, copy=False, aggregator="avg"
    )
    sla_report_hours = fields.Float(
        string="Read to Reported (h)", readonly=True, copy=False, aggregator="avg"
    )
    sla_accept_hours = fields.Float(
        string="Reported to Accepted (h)", readonly=True, copy=False, aggregator="avg"
    )
    sla_total_hours = fields.Float(
        string="Registered to Done (h)", readonly=True, copy=False, aggregator="avg"
    )
    sla_total_days = fields.Float(
        string="Registered to Done (days)", readonly=True, copy=False, aggregator="avg"
    )
    # --- paper dispositions (recorded on behalf of the head) ---
    recorded_by_id = fields.Many2one(
        comodel_name="res.users",
        readonly=True,
        index="btree_not_null",
        help="Who entered this disposition on behalf of its issuer: the registry clerk, "
        "the head's secretary, or the head's delegate (Plh).",
    )
    sheet_scan = fields.Binary(string="Disposition Sheet Scan", attachment=True, copy=False)
    sheet_scan_filename = fields.Char(copy=False)
    issued_label = fields.Char(string="Issued", compute="_compute_issued_label")
    # --- copies for information (tembusan) ---
    is_info_copy = fields.Boolean(
        string="For Information",
        readonly=True,
        help="A copy for information: no action or report is expected, and it never "
        "keeps the letter open.",
    )

    def _surat_display_depends(self):
        return ["letter_id", "user_id"]

    def _surat_compute_display_name(self):
        for disposition in self:
            disposition.display_name = "%s → %s" % (
                disposition.letter_id.display_name or "",
                disposition.user_id.name or "",
            )

    @api.depends_context("uid")
    @api.depends("author_id", "user_id")
    def _compute_roles(self):
        for disposition in self:
            # sudo: whether the user acts for the issuer (Plh); nothing is returned
            disposition.is_author = disposition.sudo().letter_id._acts_for(
                disposition.author_id, self.env.user
            )
            disposition.is_recipient = disposition.user_id == self.env.user

    @api.depends("author_id", "recorded_by_id")
    def _compute_issued_label(self):
        for disposition in self:
            if disposition.recorded_by_id:
                disposition.issued_label = _(
                    "Disposed by %(author)s, recorded by %(recorder)s",
                    author=disposition.author_id.name,
                    recorder=disposition.recorded_by_id.name,
                )
            else:
                disposition.issued_label = _("Disposed by %s", disposition.author_id.name)

    @api.depends("deadline", "state")
    def _compute_is_overdue(self):
        Holiday = self.env["surat.holiday"]
        # One calendar look-up per agency, not per row: a list shows 80 of them.
        limits = {}
        for disposition in self:
            company = disposition.company_id or self.env.company
            if company not in limits:
                today = company._surat_now().date()
                # "soon" = at most two working days left: before the third one
                limits[company] = (today, Holiday.add_working_days(company, today, 3))
            today, third_working_day = limits[company]
            status = "ok"
            if disposition.deadline and disposition.state in OPEN_STATES:
                if disposition.deadline < today:
                    status = "overdue"
                elif disposition.deadline < third_working_day:
                    status = "soon"
            disposition.deadline_status = status
            disposition.is_overdue = status == "overdue"

    def _search_is_overdue(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(_("Unsupported search on overdue."))
        today = self.env.company._surat_now().date()
        overdue = [("deadline", "<", today), ("state", "in", OPEN_STATES)]
        if (operator == "=") == value:
            return overdue
        return ["!", "&", *overdue]

    @api.constrains("parent_id")
    def _check_parent(self):
        if self._has_cycle():
            raise ValidationError(_("A disposition cannot be forwarded to itself."))

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------
    @api.model
    def _surat_prepare_create(self, vals_list):
        if not self.env.su:
            for vals in vals_list:
                self._check_can_dispose(vals)
                self._check_not_twice(vals)

    @api.model_create_multi
    def create(self, vals_list):
        # the recipient hears of it once, by the activity (_after_create), not also
        # by Odoo's "you have been assigned" message
        dispositions = (
            super(SuratDisposition, self.with_context(mail_auto_subscribe_no_notify=True))
            .create(vals_list)
            .with_env(self.env)
        )
        for disposition in dispositions:
            disposition._after_create()
        return dispositions

    def _check_can_dispose(self, vals):
        """Who may create a disposition, to whom (docs/architecture.md, "Flows")."""
        letter = self.env["surat.letter"].browse(vals.get("letter_id"))
        if not letter.exists():
            raise UserError(_("Choose the letter to dispose."))
        letter.check_access("read")
        user = self.env.user
        if vals.get("is_info_copy"):
            vals["deadline"] = False  # nothing is expected, so nothing is due
        author = self.env["res.users"].browse(vals.get("author_id") or user.id)
        recipient = self.env["res.users"].browse(vals.get("user_id"))
        if not recipient:
            raise UserError(_("Choose the recipient of the disposition."))
        if recipient == author:
            raise UserError(_("You cannot dispose a letter to yourself."))
        if letter.state in ("draft", "done", "cancelled") or letter.direction == "outgoing":
            raise UserError(_("This letter cannot be disposed in its current state."))
        if letter.direction == "internal" and letter.state not in (
            "sent",
            "in_progress",
        ):
            raise UserError(_("An internal memo is disposed once it has been sent."))
        company = letter.company_id
        deadline = vals.get("deadline") and fields.Date.to_date(vals["deadline"])
        today = company._surat_now().date()
        if deadline and deadline < today:
            raise ValidationError(_("The deadline cannot be in the past."))
        parent = self.browse(vals.get("parent_id"))
        if author != user:
            if parent:
                raise AccessError(_("A disposition is forwarded in your own name."))
            self._check_can_record(letter, author)
            vals["recorded_by_id"] = user.id
            self._check_sheet_scan(letter, vals)
            return
        self._check_sheet_scan(letter, vals)
        if parent:
            if parent.deadline and not deadline:
                vals["deadline"] = deadline = parent.deadline
            self._check_can_forward(parent, letter, recipient, deadline)
            return
        if letter.direction == "internal" and user in letter.recipient_user_ids:
            return
        if user.has_group("surat_menyurat.group_surat_head"):
            return
        if self._surat_acting_heads(user, letter):
            # the head's active delegate (Plh) disposes in his own name
            return
        raise AccessError(
            _(
                "Only the head of agency disposes a letter; recipients forward "
                "the dispositions they received."
            )
        )

    @api.model
    def _check_not_twice(self, vals):
        """The same disposition is not sent twice to the same person while the first one is
        still open (a slip); once reported or withdrawn, a new one may follow."""
        recipient = self.env["res.users"].browse(vals["user_id"])
        # sudo: only counts the dispositions of this letter and step that the caller
        # is issuing himself (his own forwards, or the head's dispositions)
        twice = self.sudo().search_count(
            [
                ("letter_id", "=", vals["letter_id"]),
                ("parent_id", "=", vals.get("parent_id") or False),
                ("user_id", "=", recipient.id),
                ("is_info_copy", "=", bool(vals.get("is_info_copy"))),
                ("state", "in", OPEN_STATES),
            ],
            limit=1,
        )
        if twice:
            raise UserError(_("%s has already received this disposition.", recipient.name))

    @api.model
    def _check_sheet_scan(self, letter, vals):
        if vals.get("sheet_scan"):
            letter._check_file_content(vals["sheet_scan"], vals.get("sheet_scan_filename"))

    def _check_can_forward(self, parent, letter, recipient, deadline):
        """Forwarding: own open disposition, down the chart, not later, not top secret."""
        user = self.env.user
        company = letter.company_id
        if parent.letter_id != letter:
            raise UserError(_("A forwarded disposition belongs to the same letter."))
        if parent.user_id != user:
            raise AccessError(_("You can only forward a disposition you received."))
        if parent.is_info_copy:
            raise UserError(_("A copy for information is not forwarded."))
        if parent.state not in OPEN_STATES:
            raise UserError(
                _("A disposition that is reported, done or withdrawn cannot be forwarded.")
            )
        if letter.security_level == "top_secret":
            raise UserError(_("A top-secret letter cannot be forwarded further."))
        if deadline and parent.deadline and deadline > parent.deadline:
            raise ValidationError(
                _(
                    "The deadline cannot be after the deadline you received (%s).",
                    parent.deadline,
                )
            )
        if not company.surat_forward_sideways and not user._surat_is_below(recipient, company):
            raise UserError(
                _(
                    "%s is not below you in the organisation chart: dispositions "
                    "go down the hierarchy only.",
                    recipient.name,
                )
            )

    def _after_create(self):
        self.ensure_one()
        letter = self.letter_id
        parent = self.parent_id
        if parent and parent.state in ("sent", "read"):
            # forwarding moves the parent the forwarder received
            parent._surat_flow_write(
                {
                    "state": "in_progress",
                    "read_date": parent.read_date or fields.Datetime.now(),
                },
                "action_start",
            )
        letter._update_state_from_dispositions()
        self._after_create_paper()
        if self.is_info_copy:
            self._notify_info_copy()
            return
        letter._surat_invite(self.user_id)
        summary = letter._activity_summary(_("Disposition: %(subject)s", subject=letter.subject))
        # sudo: the recipient's activity sits on the disposition, which he may read
        self.sudo().activity_schedule(
            "mail.mail_activity_data_todo",
            summary=summary,
            note=False if letter.security_level in CONFIDENTIAL else self.note,
            date_deadline=self.deadline or fields.Date.context_today(self),
            user_id=self.user_id.id,
        )
        self._post_letter_message(
            _(
                "Disposed by %(author)s to %(recipient)s.",
                author=self.author_id.name,
                recipient=self.user_id.name,
            )
        )

    def _post_letter_message(self, body):
        # sudo: a tracked step of the cascade, posted on the letter by the system
        self.letter_id.sudo().message_post(
            body=body,
            subtype_xmlid="surat_menyurat.mt_letter_disposition",
            author_id=self.env.user.partner_id.id,
        )

    def read(self, fields=None, load="_classic_read"):
        result = super().read(fields, load=load)
        if not self.env.su and (not fields or set(fields) - {"id"}):
            # a disposition carries its letter's subject, numbers and the
            # instructions on it: reading it is reading the letter
            # sudo: the letters of the dispositions the caller just read
            letters = self.sudo().browse([values["id"] for values in result]).letter_id
            letters.with_env(self.env)._surat_log_access("open")
        return result

    def _surat_roles(self):
        roles = super()._surat_roles()
        user = self.env.user
        # sudo: issuer and recipient decide the caller's roles; nothing is returned
        disposition = self.sudo()
        if disposition.author_id == user or disposition.letter_id._acts_for(
            disposition.author_id, user
        ):
            # the issuer, or his delegate (Plh) while the delegation runs
            roles.add("author")
        if disposition.user_id == user:
            roles.add("recipient")
        return roles

    def _surat_check_values(self, vals):
        if vals.get("deadline"):
            today = self.env.company._surat_now().date()
            if fields.Date.to_date(vals["deadline"]) < today:
                raise ValidationError(_("The deadline cannot be in the past."))

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def _check_recipient(self):
        if self.user_id != self.env.user:
            raise AccessError(_("Only the recipient of this disposition may do this."))

    def _check_author(self):
        # the issuer, or his delegate (Plh) while the delegation runs
        if not self.letter_id._acts_for(self.author_id):
            raise AccessError(_("Only the issuer of this disposition may do this."))

    def _set_state(self, vals, action):
        # the action checked who acts; state fields move only through the flow
        self._surat_flow_write(vals, action)
        self.letter_id._update_state_from_dispositions()

    def action_read(self):
        """Mark as read with the time; opening the form does the same."""
        self.ensure_one()
        self._check_recipient()
        if self.state == "sent":
            self._set_state({"state": "read", "read_date": fields.Datetime.now()}, "action_read")
        return True

    def action_start(self):
        self.ensure_one()
        self._check_recipient()
        if self.state == "sent":
            self.action_read()
        if self.state != "read":
            raise UserError(_("Only a read disposition can be started."))
        self._set_state({"state": "in_progress"}, "action_start")
        return True

    def action_done(self):
        """Report back to the issuer; every forwarded branch must be closed."""
        self.ensure_one()
        self._check_recipient()
        if self.state not in OPEN_STATES:
            raise UserError(_("This disposition cannot be reported in its current state."))
        if not (self.report or "").strip():
            raise UserError(_("Write your report before reporting back."))
        if any(child.state not in ("done", "cancelled") for child in self.child_ids):
            raise UserError(
                _("Every disposition you forwarded must be done before you report back.")
            )
        self._set_state(
            {
                "state": "reported",
                "read_date": self.read_date or fields.Datetime.now(),
                "report_date": fields.Datetime.now(),
            },
            "action_done",
        )
        # sudo: closes the caller's own activity
        self.activity_ids.filtered(lambda a: a.user_id == self.env.user).sudo().action_feedback(
            feedback=_("Reported")
        )
        # sudo: the issuer's activity sits on a disposition he may read
        self.sudo().activity_schedule(
            "mail.mail_activity_data_todo",
            summary=self.letter_id._activity_summary(
                _("Report to review: %(subject)s", subject=self.letter_id.subject)
            ),
            user_id=self.author_id.id,
        )
        self._post_letter_message(
            _(
                "%(recipient)s reported back to %(author)s.",
                recipient=self.user_id.name,
                author=self.author_id.name,
            )
        )
        return True

    def action_accept(self):
        self.ensure_one()
        self._check_author()
        if self.state != "reported":
            raise UserError(_("Only a reported disposition can be accepted."))
        self._set_state({"state": "done"}, "action_accept")
        # sudo: closes the caller's own activity
        self.activity_ids.filtered(lambda a: a.user_id == self.env.user).sudo().action_feedback(
            feedback=_("Accepted")
        )  # sudo: closing the issuer's own activity
        self._post_letter_message(
            _(
                "%(author)s accepted the report of %(recipient)s.",
                author=self.author_id.name,
                recipient=self.user_id.name,
            )
        )
        return True

    def action_open_return_dialog(self):
        """Return Report asks its reason in a dialog: on a phone the note tab is out of sight."""
        self.ensure_one()
        self._check_author()
        if self.state != "reported":
            raise UserError(_("Only a reported disposition can be returned."))
        view = self.env.ref("surat_menyurat.surat_disposition_view_form_return")
        return {
            "type": "ir.actions.act_window",
            "name": _("Return Report"),
            "res_model": self._name,
            "res_id": self.id,
            "views": [(view.id, "form")],
            "target": "new",
        }

    def action_return(self):
        self.ensure_one()
        self._check_author()
        if self.state != "reported":
            raise UserError(_("Only a reported disposition can be returned."))
        if not (self.return_note or "").strip():
            raise UserError(_("Write why you return the report."))
        self._set_state({"state": "in_progress"}, "action_return")
        # sudo: closes the caller's own activity
        self.activity_ids.filtered(lambda a: a.user_id == self.env.user).sudo().action_feedback(
            feedback=_("Returned")
        )
        # sudo: the recipient's activity sits on a disposition he may read
        self.sudo().activity_schedule(
            "mail.mail_activity_data_todo",
            summary=self.letter_id._activity_summary(_("Report returned")),
            note=False if self.security_level in CONFIDENTIAL else self.return_note,
            user_id=self.user_id.id,
        )
        self._post_letter_message(_("%s returned the report.", self.author_id.name))
        return True

    def action_cancel(self):
        """Withdraw an unread disposition."""
        self.ensure_one()
        self._check_author()
        if self.state != "sent":
            raise UserError(_("A disposition can only be withdrawn while it is unread."))
        self._set_state({"state": "cancelled"}, "action_cancel")
        self.sudo().activity_ids.unlink()  # sudo: the withdrawn recipient's activity
        self._post_letter_message(
            _(
                "%(author)s withdrew the disposition to %(recipient)s.",
                author=self.author_id.name,
                recipient=self.user_id.name,
            )
        )
        return True

    def action_forward(self):
        """Open the disposition wizard to forward this disposition down."""
        self.ensure_one()
        self._check_recipient()
        return {
            "type": "ir.actions.act_window",
            "name": _("Forward"),
            "res_model": "surat.letter.dispose",
            "view_mode": "form",
            "target": "new",
            "context": {
                "default_letter_id": self.letter_id.id,
                "default_parent_id": self.id,
            },
        }

    @api.model
    def _cron_remind_overdue(self):
        """Daily: remind what is due soon, escalate what is overdue."""
        today = self.env.company._surat_now().date()
        due = self.search(
            [
                ("state", "in", OPEN_STATES),
                ("deadline", "!=", False),
                ("deadline", "<=", today + timedelta(days=4)),
            ]
        )
        todo = self.env.ref("mail.mail_activity_data_todo")
        for disposition in due:
            letter = disposition.letter_id
            overdue = disposition.deadline < today
            if overdue:
                target = self._surat_escalation_target(disposition)
                summary = letter._activity_summary(
                    _("Overdue disposition: %(subject)s", subject=letter.subject)
                )
            else:
                target = disposition.user_id
                summary = letter._activity_summary(
                    _("Disposition due on %(date)s", date=disposition.deadline)
                )
            already = disposition.activity_ids.filtered(
                lambda a, t=target, s=summary: a.user_id == t and a.summary == s
            )
            if not already:
                disposition.activity_schedule(
                    activity_type_id=todo.id,
                    summary=summary,
                    user_id=target.id,
                    date_deadline=today,
                )
                if overdue:
                    # the message names people, not the letter: it is safe on
                    # every level, and reaches the target by his preference
                    disposition.message_post(
                        body=_(
                            "Overdue since %(date)s: %(recipient)s has not reported yet; "
                            "%(target)s is informed.",
                            date=disposition.deadline,
                            recipient=disposition.user_id.name,
                            target=target.name,
                        ),
                        partner_ids=target.partner_id.ids,
                        subtype_xmlid="mail.mt_comment",
                    )

    def _track_subtype(self, init_values):
        self.ensure_one()
        if "state" in init_values:
            return self.env.ref("surat_menyurat.mt_disposition_state")
        return super()._track_subtype(init_values)

    @api.model
    def _surat_escalation_target(self, disposition):
        """Who hears of an overdue disposition (docs/access.md).

        The recipient's nearest manager who may read the letter; on secret and
        top-secret letters, and when no such manager exists, the issuer, who
        is involved.
        """
        letter = disposition.letter_id
        if letter.security_level in CONFIDENTIAL:
            return disposition.author_id
        for manager in disposition.user_id._surat_manager_users(letter.company_id):
            if manager != disposition.user_id and letter.with_user(manager).has_access("read"):
                return manager
        return disposition.author_id

    # Stored copy of the letter's level: the rules test it on the disposition
    # itself, so the inbox query never joins the million letters.
    security_level = fields.Selection(related="letter_id.security_level", store=True, index=True)
    surat_access_uid = fields.Integer(
        string="Readable By (user id)",
        compute="_compute_surat_access_uid",
        search="_search_surat_access_uid",
        help="Search-only: dispositions of the letters the user may read. "
        "The one domain of the record rules.",
    )

    @api.depends_context("uid")
    @api.depends("letter_id.access_user_ids", "letter_id.access_department_ids", "security_level")
    def _compute_surat_access_uid(self):
        letters = self.letter_id
        # same decision as the letter's, made on the letters of these dispositions
        for disposition in self:
            disposition.surat_access_uid = 0
        if not letters:
            return
        readable = {letter.id for letter in letters if letter.surat_access_uid == self.env.uid}
        for disposition in self:
            if disposition.letter_id.id in readable:
                disposition.surat_access_uid = self.env.uid

    def _search_surat_access_uid(self, operator, value):
        if operator != "=" or not isinstance(value, int) or isinstance(value, bool):
            raise UserError(_("Unsupported search on the disposition access list."))
        return self.env["surat.letter"]._surat_readable_domain(value, "letter_id")
