"""One delivery of a sent letter to one receiving agency (contract.md, "Agency to agency").

The sending agency's outgoing letter (or memo) has one line per receiving
agency; each line moves ``queued`` → ``delivered`` (a draft incoming letter is
in the receiving registry) → ``registered`` (the receipt, tanda terima, came
back), or ends ``failed`` with its reason after its retries.

Only the system moves a line (``surat_policy.py``, ``DELIVERY``): nobody creates,
changes or deletes one, and the receiving agency never sees it. The transport
is a method per kind: ``_surat_deliver_local`` (same database) and
``_surat_deliver_remote`` (a signed message to a partner agency's server,
``surat.partner.agency``), whose receipt comes back signed too
(``_surat_receive_receipt``, controllers/agency.py).
"""

import base64
import logging

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import format_datetime

from .surat_const import DELIVERY_STATES, DELIVERY_TRANSPORTS, SECURITY_LEVELS, URGENCY_LEVELS
from .surat_retry_mixin import CRON_BATCH

_logger = logging.getLogger(__name__)


class SuratLetterDelivery(models.Model):
    _name = "surat.letter.delivery"
    _description = "Letter Delivery"
    _inherit = ["surat.guard.mixin", "surat.retry.mixin"]
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
    partner_agency_id = fields.Many2one(
        comodel_name="surat.partner.agency",
        readonly=True,
        index="btree_not_null",
        help="The agency on another server that receives it (remote delivery).",
    )
    state = fields.Selection(
        selection=DELIVERY_STATES, required=True, default="queued", readonly=True, index=True
    )
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
        (
            "letter_partner_agency_unique",
            "UNIQUE(letter_id, partner_agency_id)",
            "A letter is delivered once to each agency.",
        ),
    ]

    def _surat_display_depends(self):
        return ["target_company_id", "partner_id"]

    def _surat_compute_display_name(self):
        # no subject: the line names only where it goes
        for line in self:
            # sudo: only the receiving agency's name, which the sender chose as addressee
            line_sudo = line.sudo()
            agency = (
                line_sudo.target_company_id.name
                or line_sudo.partner_agency_id.name
                or line_sudo.partner_id.name
                or ""
            )
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
        """The letter, signed, to the partner agency's server (controllers/agency.py).

        The other server answers the id of its draft; it is idempotent on the
        message (this server, letter, line), so a retry after a lost answer makes
        no second letter there.
        """
        self.ensure_one()
        letter = self.letter_id
        partner = self.partner_agency_id
        pdf = letter.signed_attachment_id
        if not pdf:
            raise UserError(_("The letter has no signed PDF to deliver."))
        if not letter.company_id.surat_code:
            raise UserError(
                _(
                    "Set the agency code of %s first: the other server knows it by it.",
                    letter.company_id.name,
                )
            )
        # sudo: the server's own identity, part of the message id
        server = self.env["ir.config_parameter"].sudo().get_param("database.uuid")
        payload = {
            "type": "letter",
            "message_id": "%s:%s:%s" % (server, letter.id, self.id),
            "from": letter.company_id.surat_code,
            "to": partner.remote_code,
            "letter_id": letter.id,
            "sender_agency": letter.company_id.name,
            "letter_number": letter.letter_number,
            "letter_date": fields.Date.to_string(letter.letter_date),
            "subject": letter.subject,
            "security_level": letter.security_level,
            "urgency": letter.urgency,
            "enclosure_count": letter.enclosure_count,
            "addressee": self.partner_id.name,
            "pdf_name": pdf.name,
            "pdf": base64.b64encode(pdf.raw or b"").decode(),
        }
        partner._surat_post("/surat/agency/receive", payload)
        return True

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
        pdf = origin.signed_attachment_id
        if not pdf:
            raise UserError(_("The letter has no signed PDF to deliver."))
        return self._surat_create_incoming(
            company,
            {
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
            },
            {"origin_letter_id": origin.id},
            _(
                "Delivered electronically by %(agency)s (number %(number)s).",
                agency=origin.company_id.name,
                number=origin.letter_number,
            ),
        )

    @api.model
    def _surat_create_incoming(self, company, vals, system_vals, note):
        """The draft incoming letter in ``company``'s registry, made by its clerk.

        ``vals`` go through the clerk's create (the upload check of the scan, the
        guard); ``system_vals`` (the link to the original) are the system's.
        """
        clerk = company._surat_intake_clerk()
        if not clerk:
            raise UserError(
                _("The agency %(agency)s has no registry clerk to receive it.", agency=company.name)
            )
        model = (
            self.env["surat.letter"]
            .with_user(clerk)
            .with_company(company)
            .with_context(
                allowed_company_ids=company.ids, lang=clerk.lang, mail_create_nosubscribe=True
            )
        )
        incoming = model.create(
            dict(
                vals,
                direction="incoming",
                company_id=company.id,
                user_id=clerk.id,
                received_date=fields.Datetime.now(),
                receipt_channel="agency",
            )
        )
        # the link to the original is set by the system only (a workflow field)
        incoming._surat_flow_write(system_vals)
        # sudo: the system's note on the new letter, in the receiving agency
        incoming.sudo().message_post(
            body=note,
            author_id=self.env.ref("base.partner_root").id,
            subtype_xmlid="mail.mt_note",
        )
        incoming._surat_notify_clerks(_("Register the letter delivered electronically"))
        # a confidential letter: the clerks who may not read it follow it no more
        incoming._surat_prune_followers()
        return incoming

    # ------------------------------------------------------------------
    # Another server's signed messages (controllers/agency.py); the caller
    # checked the signature: ``partner`` is the partner agency that signed
    # ------------------------------------------------------------------
    @api.model
    def _surat_receive_remote(self, partner, payload):
        """A letter from a partner agency: its draft here, once per letter.

        Raises LookupError for an agency unknown here, UserError for a letter
        that cannot be received (its reason is answered to the signed sender).
        """
        company = self._surat_receiving_company(partner, payload.get("to"))
        letter_id = payload.get("letter_id")
        if not isinstance(letter_id, int) or isinstance(letter_id, bool):
            raise UserError(_("The message names no letter."))
        reference = "%s / %s / %s" % (partner.url, partner.remote_code, letter_id)
        # the same letter twice is one letter, even when both arrive at once
        self.env.cr.execute(
            "SELECT pg_advisory_xact_lock(hashtext(%s))", ["surat.agency:%s" % reference]
        )
        # sudo: the system looks for the letter already received from this message
        Letter = self.env["surat.letter"].sudo().with_context(active_test=False)
        existing = Letter.search(
            [("origin_reference", "=", reference), ("company_id", "=", company.id)], limit=1
        )
        if existing:
            return {"letter_id": existing.id, "duplicate": True}
        security = payload.get("security_level")
        urgency = payload.get("urgency")
        if security not in dict(SECURITY_LEVELS) or urgency not in dict(URGENCY_LEVELS):
            raise UserError(_("The message's security level or urgency is unknown."))
        try:
            pdf = base64.b64decode(payload.get("pdf") or "", validate=True)
            letter_date = fields.Date.to_date(payload.get("letter_date"))
            enclosures = max(int(payload.get("enclosure_count") or 0), 0)
        except (ValueError, TypeError) as error:
            raise UserError(_("The message's PDF or date cannot be read.")) from error
        number = str(payload.get("letter_number") or "")[:100]
        incoming = self._surat_create_incoming(
            company,
            {
                "subject": str(payload.get("subject") or "")[:500],
                "letter_number": number,
                "letter_date": letter_date,
                "partner_id": partner.partner_id.id,
                "addressee": str(payload.get("addressee") or "")[:200],
                "security_level": security,
                "urgency": urgency,
                "enclosure_count": enclosures,
                "scan_file": base64.b64encode(pdf),
                "scan_filename": str(payload.get("pdf_name") or "surat.pdf")[:200],
            },
            {"origin_reference": reference},
            _(
                "Delivered electronically by %(agency)s from another server (number %(number)s).",
                agency=partner.name,
                number=number,
            ),
        )
        return {"letter_id": incoming.id}

    @api.model
    def _surat_receiving_company(self, partner, code):
        """This server's agency named by the message (and allowed for ``partner``)."""
        # sudo: the agencies of this server, found by the code the sender signed
        companies = self.env["res.company"].sudo().search([("surat_code", "=", code or "")])
        if partner.company_id:
            companies = companies & partner.company_id
        if not code or len(companies) != 1:
            raise LookupError(code)
        return companies

    @api.model
    def _surat_receive_receipt(self, partner, payload):
        """The partner agency registered our letter: the receipt onto its line."""
        company = self._surat_receiving_company(partner, payload.get("to"))
        # sudo: only the line of this letter to the agency that signed is found
        line = self.sudo().search(
            [
                ("transport", "=", "remote"),
                ("partner_agency_id", "=", partner.id),
                ("letter_id", "=", payload.get("letter_id") or 0),
                ("company_id", "=", company.id),
            ],
            limit=1,
        )
        if not line:
            raise LookupError(payload.get("letter_id"))
        try:
            date = fields.Datetime.to_datetime(payload.get("registered_on"))
        except (ValueError, TypeError) as error:
            raise UserError(_("The message's PDF or date cannot be read.")) from error
        line._surat_record_receipt(
            str(payload.get("agenda_number") or "")[:100],
            str(payload.get("registered_by") or "")[:200],
            date or fields.Datetime.now(),
        )
        return {}

    def _surat_delivery_failed(self, error):
        """Count the attempt; retry later with back-off, or give up with the reason."""
        vals, reason = self._surat_failed_values(error)
        self._surat_flow_write(vals, "deliver")
        if vals["state"] != "failed":
            return
        self.letter_id._surat_delivery_note(
            _(
                "Electronic delivery to %(agency)s failed: %(reason)s",
                agency=self.target_company_id.name
                or self.partner_agency_id.name
                or self.partner_id.name,
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
                    agency=line.target_company_id.name
                    or line.partner_agency_id.name
                    or line.partner_id.name,
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
        """Deliver the queued lines whose next attempt is due, then send the receipts
        owed to other servers (they wait with the same back-off)."""
        sent = self._surat_run_due("_surat_deliver", batch_size)
        return sent + self.env["surat.agency.outbox"]._cron_surat_outbox(batch_size)
