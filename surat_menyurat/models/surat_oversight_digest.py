"""The weekly digest of the head of agency and the agency secretary.

What is overdue per unit and the oldest waiting items, by e-mail and in the
inbox. Nothing confidential travels: no subject of any letter (mail leaves the
agency's control), only counts, agenda numbers, names of people and units,
dates. Each reader gets the figures of what he may read (his record rules).
"""

from markupsafe import Markup, escape

from odoo import _, api, models

from .surat_const import OPEN_STATES

OLDEST = 10


class SuratDispositionFlowDigest(models.AbstractModel):
    _name = "surat.disposition.flow.digest"
    _description = "Disposition Weekly Digest"

    @api.model
    def _surat_digest_users(self, company):
        """The heads of agency and the secretary (manager of the Sekretariat)."""
        heads = self.env["surat.letter"]._head_users(company)
        secretariats = (
            self.env["hr.department"]
            # sudo: reading the org chart to find whom to send the digest to
            .sudo()
            .search([("company_id", "in", (company.id, False)), ("name", "=ilike", "sekretariat%")])
        )
        secretaries = secretariats.manager_id.user_id
        return (heads | secretaries).filtered(
            lambda u: u.active and not u.share and company in u.company_ids
        )

    @api.model
    def _surat_digest_values(self, company):
        """Figures for the current user: what he may read, numbers only."""
        Holiday = self.env["surat.holiday"]
        today = company._surat_now().date()
        overdue = [
            ("company_id", "=", company.id),
            ("state", "in", OPEN_STATES),
            ("deadline", "<", today),
        ]
        units = [
            (department.name or _("No unit"), count, oldest)
            for department, count, oldest in self._read_group(
                overdue, ["department_id"], ["__count", "deadline:min"]
            )
        ]
        units.sort(key=lambda unit: (-unit[1], unit[0]))
        items = [
            (
                d.letter_id.agenda_number or d.letter_id.letter_number or "-",
                d.user_id.name,
                d.department_id.name or "",
                d.deadline,
                Holiday.working_days_between(company, d.deadline, today),
            )
            for d in self.search(overdue, order="deadline asc, id asc", limit=OLDEST)
        ]
        waiting = [
            (
                letter.agenda_number or "-",
                company._surat_local(letter.received_date).date(),
                Holiday.working_days_between(
                    company, company._surat_local(letter.received_date).date(), today
                ),
            )
            for letter in self.env["surat.letter"].search(
                [
                    ("company_id", "=", company.id),
                    ("direction", "=", "incoming"),
                    ("state", "=", "registered"),
                    ("received_date", "!=", False),
                ],
                order="received_date asc, id asc",
                limit=OLDEST,
            )
        ]
        return {"units": units, "items": items, "waiting": waiting, "today": today}

    @api.model
    def _surat_digest_body(self, company, values):
        def table(headers, rows):
            head = Markup("").join(Markup("<th>%s</th>") % h for h in headers)
            body = Markup("").join(
                Markup("<tr>%s</tr>")
                % Markup("").join(Markup("<td>%s</td>") % escape(cell) for cell in row)
                for row in rows
            )
            return Markup('<table border="1" cellpadding="3"><tr>%s</tr>%s</table>') % (head, body)

        parts = [
            Markup("<p>%s</p>")
            % _(
                "Weekly digest of %(agency)s, %(date)s. Subjects are left out on "
                "purpose: open the letters in the application.",
                agency=company.name,
                date=values["today"],
            ),
            Markup("<p><b>%s</b></p>") % _("Overdue dispositions per unit"),
        ]
        if values["units"]:
            parts.append(table([_("Unit"), _("Overdue"), _("Oldest deadline")], values["units"]))
        else:
            parts.append(Markup("<p>%s</p>") % _("No overdue disposition."))
        if values["items"]:
            parts.append(Markup("<p><b>%s</b></p>") % _("Oldest overdue dispositions"))
            parts.append(
                table(
                    [
                        _("Agenda Number"),
                        _("Recipient"),
                        _("Unit"),
                        _("Deadline"),
                        _("Working days late"),
                    ],
                    values["items"],
                )
            )
        if values["waiting"]:
            parts.append(Markup("<p><b>%s</b></p>") % _("Letters waiting to be disposed"))
            parts.append(
                table(
                    [_("Agenda Number"), _("Received"), _("Working days waiting")],
                    values["waiting"],
                )
            )
        return Markup("").join(parts)

    @api.model
    def _cron_surat_weekly_digest(self):
        """Weekly: the digest to the heads and the secretary of every agency."""
        for company in self.env["res.company"].search([]):
            for user in self._surat_digest_users(company):
                self._surat_send_digest(company, user)

    @api.model
    def _surat_send_digest(self, company, user):
        env = self.with_user(user).with_context(lang=user.lang, allowed_company_ids=company.ids).env
        values = env["surat.disposition"]._surat_digest_values(company)
        body = env["surat.disposition"]._surat_digest_body(company, values)
        overdue = sum(count for _name, count, _oldest in values["units"])
        subject = env._("Letters: weekly digest, %(count)s overdue dispositions", count=overdue)
        if user.email:
            # sudo: the system sends the digest it built with the reader's own rights
            self.env["mail.mail"].sudo().create(
                {
                    "subject": subject,
                    "body_html": body,
                    "email_to": user.email_formatted,
                    "auto_delete": True,
                }
            )
        if user.notification_type == "inbox":
            # sudo: an in-app notification to the reader, on no document
            self.env["mail.thread"].sudo().message_notify(
                partner_ids=user.partner_id.ids,
                subject=subject,
                body=body,
                subtype_xmlid="mail.mt_note",
                email_layout_xmlid="mail.mail_notification_light",
            )
