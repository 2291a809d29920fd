"""A partner agency on another server (agency to agency, issue 13 item 2).

The clerk addresses the letter the usual way, choosing the correspondent: when
it is the correspondent of a partner agency, sending the letter delivers it to
that agency's server (a ``remote`` line of ``surat.letter.delivery``). Both
servers configure each other with the same shared secret; every message
between them is signed with it (``tools/agency_message.py``). Only
administrators read the secret; it is never logged nor sent.
"""

import logging

import requests

from odoo import _, api, fields, models
from odoo.exceptions import UserError

from ..tools import agency_message

_logger = logging.getLogger(__name__)

TIMEOUT = 30


class SuratPartnerAgency(models.Model):
    _name = "surat.partner.agency"
    _description = "Partner Agency (Another Server)"
    _order = "name, id"

    name = fields.Char(required=True)
    active = fields.Boolean(default=True)
    partner_id = fields.Many2one(
        comodel_name="res.partner",
        string="Correspondent",
        required=True,
        index=True,
        help="The correspondent the clerk chooses as addressee or copy: the letter is then "
        "delivered to this agency's server when it is sent, and letters from it arrive "
        "with this correspondent as sender.",
    )
    company_id = fields.Many2one(
        comodel_name="res.company",
        string="Our Agency",
        index=True,
        help="The agency of this server that corresponds with it; empty: every agency of "
        "this server.",
    )
    url = fields.Char(
        string="Server URL",
        required=True,
        help="The other server's base address, e.g. https://surat.example.go.id",
    )
    remote_code = fields.Char(
        string="Its Agency Code",
        required=True,
        index=True,
        help="The agency code of that agency on its own server.",
    )
    secret = fields.Char(
        string="Shared Secret",
        groups="base.group_system",
        copy=False,
        help="The key both servers sign their messages with (HMAC-SHA256); the same value "
        "on both sides.",
    )

    _sql_constraints = [
        (
            "partner_company_unique",
            "UNIQUE(partner_id, company_id)",
            "A correspondent is one partner agency.",
        ),
    ]

    @api.constrains("url")
    def _check_url(self):
        for partner in self:
            if not (partner.url or "").startswith(("https://", "http://")):
                raise UserError(_("The server URL starts with https:// (or http://)."))

    @api.model
    def _surat_for_partner(self, partner, company):
        """The partner agency of a correspondent for a letter of ``company``."""
        partner = partner.commercial_partner_id
        # sudo: the system matches the letter's addressee to its configuration
        found = self.sudo().search(
            [
                ("partner_id.commercial_partner_id", "=", partner.id),
                ("company_id", "in", [company.id, False]),
            ],
            order="company_id",
            limit=1,
        )
        return found

    @api.model
    def _surat_authenticate(self, body, signature, payload):
        """The partner agency whose secret signed ``body``, or an empty recordset."""
        code = payload.get("from")
        if not isinstance(code, str) or not code:
            return self.browse()
        signed = (
            # sudo: an anonymous caller's message is checked against the secrets of the
            # agencies configured with its code; nothing is returned to it
            self.sudo()
            .search([("remote_code", "=", code)])
            .filtered(lambda p: agency_message.verify(p.secret, body, signature))
        )
        # the configuration for the agency it is addressed to, else one for all agencies
        to = payload.get("to")
        return (
            signed.filtered(lambda p: p.company_id.surat_code == to)[:1]
            or signed.filtered(lambda p: not p.company_id)[:1]
            or signed[:1]
        )

    def _surat_post(self, path, payload):
        """POST a signed message to the other server; its JSON answer, or a UserError.

        The error's message is kept on the delivery line as the reason (no secret,
        no body in it); the caller retries later.
        """
        self.ensure_one()
        # sudo: the secret is read by the system to sign, never shown nor logged
        secret = self.sudo().secret
        if not secret:
            raise UserError(_("The partner agency %s has no shared secret.", self.name))
        body, headers = agency_message.pack(payload, secret)
        url = self.url.rstrip("/") + path
        try:
            response = requests.post(url, data=body, headers=headers, timeout=TIMEOUT)
        except requests.Timeout as error:
            raise UserError(
                _("The other server did not answer within %s seconds.", TIMEOUT)
            ) from error
        except requests.RequestException as error:
            _logger.info("Partner agency %s unreachable: %s", self.id, type(error).__name__)
            raise UserError(_("The other server cannot be reached.")) from error
        try:
            answer = response.json()
        except ValueError:
            answer = {}
        if response.status_code != 200 or not isinstance(answer, dict) or not answer.get("ok"):
            detail = answer.get("error") if isinstance(answer, dict) else None
            raise UserError(
                _(
                    "The other server refused the message (HTTP %(status)s)%(detail)s.",
                    status=response.status_code,
                    detail=": %s" % str(detail)[:200] if detail else "",
                )
            )
        return answer
