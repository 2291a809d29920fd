"""Signed messages from partner agencies on other servers (issue 13 item 2).

Public routes, but nothing is read nor created without a valid signature of a
configured partner agency (``surat.partner.agency``) and a fresh timestamp.
Refusals say nothing about why beyond "bad request" / "unauthorized": an
anonymous caller learns no agency, letter nor secret.
"""

import logging

from odoo import http
from odoo.exceptions import UserError, ValidationError
from odoo.http import request

from ..tools import agency_message

_logger = logging.getLogger(__name__)


def _answer(status, **values):
    return request.make_json_response(values, status=status)


class SuratAgency(http.Controller):
    @http.route(
        "/surat/agency/receive",
        type="http",
        auth="public",
        methods=["POST"],
        csrf=False,
        save_session=False,
    )
    def receive(self):
        return self._handle("letter", "_surat_receive_remote")

    @http.route(
        "/surat/agency/receipt",
        type="http",
        auth="public",
        methods=["POST"],
        csrf=False,
        save_session=False,
    )
    def receipt(self):
        return self._handle("receipt", "_surat_receive_receipt")

    def _handle(self, kind, method):
        httprequest = request.httprequest
        if (httprequest.content_length or 0) > agency_message.MAX_BODY:
            return _answer(413, error="too large")
        body = httprequest.get_data(cache=False)
        payload = agency_message.parse(body)
        if payload is None or payload.get("type") != kind:
            return _answer(400, error="bad request")
        signature = httprequest.headers.get(agency_message.SIGNATURE_HEADER)
        # _surat_authenticate uses sudo itself (commented there): the secrets are
        # only compared, never returned
        partner = request.env["surat.partner.agency"]._surat_authenticate(body, signature, payload)
        if not partner or not agency_message.fresh(payload):
            _logger.warning("Refused an unsigned or stale agency message on %s", kind)
            return _answer(401, error="unauthorized")
        # sudo: the partner agency signed the message; the methods create only
        # what it carries, as the receiving agency's clerk (see surat_letter_delivery.py)
        Delivery = request.env["surat.letter.delivery"].sudo()
        try:
            with request.env.cr.savepoint():
                result = getattr(Delivery, method)(partner, payload)
        except LookupError:
            return _answer(404, error="unknown agency or letter")
        except (UserError, ValidationError) as error:
            # the signed partner learns why its letter was not received
            return _answer(422, error=str(error.args[0] if error.args else error)[:300])
        except Exception:
            _logger.exception("Agency message %s from partner agency %s failed", kind, partner.id)
            return _answer(500, error="internal error")
        _logger.info("Agency message %s from partner agency %s accepted", kind, partner.id)
        return _answer(200, ok=True, **result)
