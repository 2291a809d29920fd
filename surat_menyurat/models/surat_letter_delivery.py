"""One delivery of a sent letter to one receiving agency (contract.md, "Agency to agency").

The sending agency's outgoing letter (or memo) has one line per receiving
agency; each line moves ``queued`` → ``delivered`` (a draft incoming letter is
in the receiving registry) → ``registered`` (the receipt, tanda terima, came
back), or ends ``failed`` with its reason after its retries.

Only the system moves a line (``surat_policy.py``, ``DELIVERY``): nobody creates,
changes or deletes one, and the receiving agency never sees it. The transport
is a method per kind: ``_surat_deliver_local`` (same database) now; a
``remote`` transport (another server) adds ``_surat_deliver_remote`` and calls
``_surat_record_receipt`` when the other server's receipt arrives.
"""

import base64
import logging
import threading
from datetime import timedelta

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import format_datetime

from .surat_const import DELIVERY_STATES, DELIVERY_TRANSPORTS

_logger = logging.getLogger(__name__)

# waits before the next attempt; after the last one the line is failed
RETRY_DELAYS = (
    timedelta(minutes=5),
    timedelta(minutes=15),
    timedelta(hours=1),
    timedelta(hours=4),
    timedelta(hours=12),
)
MAX_ATTEMPTS = len(RETRY_DELAYS) + 1
CRON_BATCH = 20


class SuratLetterDelivery(models.Model):
    _name = "surat.letter.delivery"
    _description = "Letter Delivery"
    _inherit = ["surat.guard.mixin"]
    _order = "letter_id, id"
    _check_company_auto = True

    letter_id = fields.Many2one(
        comodel_name="surat.letter",
        required=True,
        readonly=True,
        index=True,
        ondelete="cascade",
        check_company=True,
    )
    company_id = fields.Many2one(related="letter_id.company_id", store=True, index=True)
    partner_id = fields.Many2one(
        comodel_name="res.partner",
        string="Addressee",
        readonly=True,
        help="The correspondent chosen on the letter (addressee or copy).",
    )
    is_copy = fields.Boolean(string="Copy (Tembusan)", readonly=True)
    transport = fields.Selection(
        selection=DELIVERY_TRANSPORTS, required=True, default="local", readonly=True
    )
    target_company_id = fields.Many2one(
        comodel_name="res.company",
        string="Receiving Agency",
        readonly=True,
        index=True,
        help="The agency of this server whose registry receives the letter.",
    )
    state = fields.Selection(
        selection=DELIVERY_STATES, required=True, default="queued", readonly=True, index=True
    )
    attempt_count = fields.Integer(string="Attempts", readonly=True)
    next_attempt = fields.Datetime(readonly=True)
    last_error = fields.Char(readonly=True)
    delivered_date = fields.Datetime(string="Delivered On", readonly=True)
    # the receipt (tanda terima): plain values, as another server sends them
    receipt_agenda_number = fields.Char(readonly=True)
    receipt_user = fields.Char(string="Registered By", readonly=True)
    receipt_date = fields.Datetime(string="Registered On", readonly=True)

    _sql_constraints = [
        (
            "letter_target_unique",
            "UNIQUE(letter_id, target_company_id)",
            "A letter is delivered once to each agency.",
        ),
    ]

    def _surat_display_depends(self):
        return ["target_company_id", "partner_id"]

    def _surat_compute_display_name(self):
        # no subject: the line names only where it goes
        for line in self:
            agency = line.target_company_id.sudo().name or line.partner_id.sudo().name or ""
            line.display_name = _("Delivery to %(agency)s", agency=agency)

    def _surat_flow_write(self, vals, action=None):
        res = super()._surat_flow_write(vals, action)
        if "state" in vals:
            self.letter_id._surat_refresh_delivery_state()
        return res

    # ------------------------------------------------------------------
    # Delivering
    # ------------------------------------------------------------------
    def _surat_deliver(self):
        """Try each queued line now; a failure is kept with its reason and retried.

        Run by the system (sudo) once the sender was checked, or by the cron.
        """
        for line in self:
            # one attempt at a time per line: a concurrent cron run waits here
            self.env.cr.execute(
                "SELECT state FROM surat_letter_delivery WHERE id = %s FOR UPDATE", [line.id]
            )
            line.invalidate_recordset()
            if line.state != "queued":
                continue
            transport = getattr(line, "_surat_deliver_%s" % line.transport)
            try:
                with self.env.cr.savepoint():
                    transport()
            except Exception as error:  # noqa: BLE001 - kept on the line, retried later
                if not isinstance(error, UserError):
                    _logger.exception("Delivery %s of letter %s failed", line.id, line.letter_id.id)
                line._surat_delivery_failed(error)
                continue
            line._surat_flow_write(
                {
                    "state": "delivered",
                    "delivered_date": fields.Datetime.now(),
                    "attempt_count": line.attempt_count + 1,
                    "next_attempt": False,
                    "last_error": False,
                },
                "deliver",
            )
        return True

    def _surat_deliver_remote(self):
        raise UserError(_("Delivery to another server is not available yet."))

    def _surat_deliver_local(self):
        """A draft incoming letter in the receiving agency's registry, once.

        Created as that agency's registry clerk (his rules, the letter's guard);
        the link to the original is the system's. A letter already delivered for
        this line (a retry after a crash, a second send) is not made again.
        """
        self.ensure_one()
        origin = self.letter_id
        company = self.target_company_id
        # sudo (self is sudo here): the system looks for an earlier delivery in
        # the receiving agency; nothing is returned to the caller
        Letter = self.env["surat.letter"].sudo().with_context(active_test=False)
        existing = Letter.search(
            [("origin_letter_id", "=", origin.id), ("company_id", "=", company.id)], limit=1
        )
        if existing:
            return existing
        clerk = company._surat_intake_clerk()
        if not clerk:
            raise UserError(
                _("The agency %(agency)s has no registry clerk to receive it.", agency=company.name)
            )
        pdf = origin.signed_attachment_id
        if not pdf:
            raise UserError(_("The letter has no signed PDF to deliver."))
        model = (
            self.env["surat.letter"]
            .with_user(clerk)
            .with_company(company)
            .with_context(
                allowed_company_ids=company.ids, lang=clerk.lang, mail_create_nosubscribe=True
            )
        )
        incoming = model.create(
            {
                "direction": "incoming",
                "company_id": company.id,
                "user_id": clerk.id,
                "received_date": fields.Datetime.now(),
                "receipt_channel": "agency",
                "subject": origin.subject,
                "letter_number": origin.letter_number,
                "letter_date": origin.letter_date,
                "partner_id": origin.company_id.partner_id.id,
                "addressee": self.partner_id.name,
                "security_level": origin.security_level,
                "urgency": origin.urgency,
                "enclosure_count": origin.enclosure_count,
                "enclosure_kind": origin.enclosure_kind,
                "scan_file": base64.b64encode(pdf.raw or b""),
                "scan_filename": pdf.name,
            }
        )
        # the link to the original is set by the system only (a workflow field)
        incoming._surat_flow_write({"origin_letter_id": origin.id})
        # sudo: the system's note on the new letter, in the receiving agency
        incoming.sudo().message_post(
            body=_(
                "Delivered electronically by %(agency)s (number %(number)s).",
                agency=origin.company_id.name,
                number=origin.letter_number,
            ),
            author_id=self.env.ref("base.partner_root").id,
            subtype_xmlid="mail.mt_note",
        )
        incoming._surat_notify_clerks(_("Register the letter delivered electronically"))
        # a confidential letter: the clerks who may not read it follow it no more
        incoming._surat_prune_followers()
        return incoming

    def _surat_delivery_failed(self, error):
        """Count the attempt; retry later with back-off, or give up with the reason."""
        self.ensure_one()
        attempts = self.attempt_count + 1
        give_up = attempts >= MAX_ATTEMPTS
        reason = (error.args[0] if error.args else str(error)) or type(error).__name__
        next_attempt = not give_up and fields.Datetime.now() + RETRY_DELAYS[attempts - 1]
        self._surat_flow_write(
            {
                "state": "failed" if give_up else "queued",
                "attempt_count": attempts,
                "next_attempt": next_attempt,
                "last_error": str(reason)[:500],
            },
            "deliver",
        )
        if next_attempt:
            # sudo: waking the delivery cron is the system's job
            self.env.ref("surat_menyurat.ir_cron_surat_delivery").sudo()._trigger(next_attempt)
            return
        self.letter_id._surat_delivery_note(
            _(
                "Electronic delivery to %(agency)s failed: %(reason)s",
                agency=self.target_company_id.name or self.partner_id.name,
                reason=reason,
            )
        )

    # ------------------------------------------------------------------
    # The receipt (tanda terima)
    # ------------------------------------------------------------------
    def _surat_record_receipt(self, agenda_number, user_name, date):
        """The receiving agency registered the letter: the receipt comes back here.

        Called by the system only (the receiving letter's registration, or the
        other server's signed receipt); nothing here is given by a caller.
        """
        for line in self:
            if line.state == "registered":
                continue
            line._surat_flow_write(
                {
                    "state": "registered",
                    "receipt_agenda_number": agenda_number,
                    "receipt_user": user_name,
                    "receipt_date": date,
                    "last_error": False,
                    "next_attempt": False,
                },
                "register",
            )
            tz = line.company_id.partner_id.tz or "Asia/Jakarta"
            line.letter_id._surat_delivery_note(
                _(
                    "Receipt (tanda terima) from %(agency)s: registered as agenda number "
                    "%(agenda)s by %(user)s on %(date)s.",
                    agency=line.target_company_id.name or line.partner_id.name,
                    agenda=agenda_number,
                    user=user_name,
                    date=format_datetime(line.env, date, tz=tz),
                )
            )
        return True

    # ------------------------------------------------------------------
    # Retry, by hand and by the cron
    # ------------------------------------------------------------------
    def action_retry(self):
        """Try a failed delivery again (the registry clerk or the drafter)."""
        for line in self:
            letter = line.letter_id
            letter.check_access("read")
            if line.state != "failed":
                raise UserError(_("Only a failed delivery is tried again."))
            if not (letter._is_registrar() or letter._is_drafter()):
                raise AccessError(_("Only the registry clerk or the drafter sends this letter."))
        # the caller was checked above; the lines move by the flow
        self._surat_flow_write(
            {"state": "queued", "attempt_count": 0, "next_attempt": False}, "action_retry"
        )
        # sudo: the delivery itself is the system's work (see _surat_deliver)
        self.sudo()._surat_deliver()
        return True

    @api.model
    def _cron_surat_delivery(self, batch_size=CRON_BATCH):
        """Deliver the queued lines whose next attempt is due."""
        # sudo: the cron delivers every agency's letters
        lines = self.sudo().search(
            [
                ("state", "=", "queued"),
                "|",
                ("next_attempt", "=", False),
                ("next_attempt", "<=", fields.Datetime.now()),
            ],
            order="next_attempt, id",
            limit=batch_size,
        )
        for line in lines:
            line._surat_deliver()
            if not getattr(threading.current_thread(), "testing", False):
                self.env.cr.commit()  # pylint: disable=invalid-commit
        return len(lines)
