"""Receipts waiting to go back to another server (agency to agency, issue 13 item 2).

When the clerk registers a letter received from another server, its receipt
(tanda terima) is sent back signed. The sender may be down at that moment, so
the receipt is kept here and retried with the deliveries' back-off by the
delivery cron: the receiver holds the only fact to send (its registration),
so it is the one to push it; a polling sender would have to ask about every
delivered letter, forever, for receipts that may never come.
"""

import json
import logging

from odoo import _, api, fields, models

from .surat_retry_mixin import CRON_BATCH

_logger = logging.getLogger(__name__)

RECEIPT_PATH = "/surat/agency/receipt"


class SuratAgencyOutbox(models.Model):
    _name = "surat.agency.outbox"
    _description = "Receipt to Another Server"
    _inherit = ["surat.retry.mixin"]
    _order = "id"

    partner_agency_id = fields.Many2one(
        comodel_name="surat.partner.agency", required=True, readonly=True, ondelete="cascade"
    )
    letter_id = fields.Many2one(
        comodel_name="surat.letter", readonly=True, index=True, ondelete="set null"
    )
    payload = fields.Text(readonly=True, help="The receipt as sent (JSON, not signed yet).")
    state = fields.Selection(
        selection=[("queued", "Queued"), ("sent", "Sent"), ("failed", "Failed")],
        required=True,
        default="queued",
        readonly=True,
        index=True,
    )

    @api.model
    def _surat_queue(self, partner_agency, letter, payload):
        """Keep a receipt and try to send it now (the system's, after its own checks)."""
        # sudo: the outbox is the system's; nobody else creates entries
        entry = self.sudo().create(
            {
                "partner_agency_id": partner_agency.id,
                "letter_id": letter.id,
                "payload": json.dumps(payload),
            }
        )
        entry._surat_send()
        return entry

    def _surat_send(self):
        for entry in self.filtered(lambda e: e.state == "queued"):
            try:
                entry.partner_agency_id._surat_post(RECEIPT_PATH, json.loads(entry.payload))
            except Exception as error:  # noqa: BLE001 - kept with its reason, retried
                vals, reason = entry._surat_failed_values(error)
                entry.write(vals)
                if vals["state"] == "failed":
                    entry.letter_id._surat_delivery_note(
                        _(
                            "The receipt could not be sent back to %(agency)s: %(reason)s",
                            agency=entry.partner_agency_id.name,
                            reason=entry.last_error,
                        )
                    )
                continue
            entry.write(
                {
                    "state": "sent",
                    "attempt_count": entry.attempt_count + 1,
                    "next_attempt": False,
                    "last_error": False,
                }
            )
        return True

    @api.model
    def _cron_surat_outbox(self, batch_size=CRON_BATCH):
        """Send the receipts whose next attempt is due."""
        return self._surat_run_due("_surat_send", batch_size)
