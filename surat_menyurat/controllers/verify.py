"""Public verification page of signed letters, reached through the QR code."""

import hashlib
import re

from babel.dates import format_date

from odoo import http
from odoo.http import request

from ..models.surat_const import CONFIDENTIAL, ID_MONTHS, SIGNED_STATES

TOKEN_RE = re.compile(r"^[A-Za-z0-9_-]{20,64}$")
MAX_UPLOAD = 50 * 1024 * 1024
# Accept-Language primary tags the page knows; anything else gets Indonesian.
PAGE_LANGS = {"id": "id_ID", "in": "id_ID", "en": "en_US"}


def _page_lang():
    """Indonesian first: English only when the browser ranks it above Indonesian.

    A language that is not installed falls back to en_US, the source language.
    """
    lang = "id_ID"
    for value, quality in request.httprequest.accept_languages:
        primary = PAGE_LANGS.get(value.replace("_", "-").split("-")[0].lower())
        if primary and quality > 0:
            lang = primary
            break
    if lang != "en_US" and not request.env["res.lang"]._get_data(code=lang).code:
        lang = "en_US"
    return lang


def _format_date(value, lang):
    """'3 Maret 2026' in Indonesian (as on the letter itself), 'March 3, 2026' in English."""
    if not value:
        return ""
    if lang == "id_ID":
        return "%d %s %d" % (value.day, ID_MONTHS[value.month - 1], value.year)
    return format_date(value, format="long", locale="en_US")


class SuratVerify(http.Controller):
    def _find_letter(self, token):
        if not token or not TOKEN_RE.match(token):
            return request.env["surat.letter"]
        # sudo: a public visitor holding the unguessable token of a signed
        # letter may learn what docs/access.md allows; nothing else is shown
        return (
            request.env["surat.letter"]
            .sudo()  # sudo: public token lookup, see above
            .search(
                [
                    ("verify_token", "=", token),
                    ("signed_attachment_id", "!=", False),
                    ("signed_date", "!=", False),
                    # a signed letter cancelled afterwards is reported as cancelled;
                    # an unsigned one that has a token is unknown here, like any token
                    ("state", "in", (*SIGNED_STATES, "cancelled")),
                ],
                limit=1,
            )
        )

    def _render(self, letter, result=None, status=200):
        lang = _page_lang()
        request.update_context(lang=lang)
        values = {
            "letter": letter,
            "result": result,
            "found": bool(letter),
            "html_lang": lang[:2],
            "title": request.env._("Document verification"),
        }
        if letter:
            values.update(
                {
                    "confidential": letter.security_level in CONFIDENTIAL,
                    "cancelled": letter.state == "cancelled",
                    "signer_name": (letter.signed_by_id.name or ""),
                    "on_behalf_name": letter.signed_on_behalf_id.name or "",
                    "date": _format_date(letter.letter_date, lang),
                    "company_name": letter.company_id.name,
                }
            )
        return request.render("surat_menyurat.verify_page", values, status=status)

    @http.route(
        "/surat/verify/<string:token>",
        type="http",
        auth="public",
        methods=["GET"],
        readonly=True,
        sitemap=False,
    )
    def verify(self, token, **kwargs):
        letter = self._find_letter(token)
        return self._render(letter, status=200 if letter else 404)

    # csrf off: the check reads the uploaded file and compares hashes, it
    # changes nothing; the QR link must work from any phone without a session.
    @http.route(
        "/surat/verify/<string:token>",
        type="http",
        auth="public",
        methods=["POST"],
        csrf=False,
        readonly=True,
        sitemap=False,
    )
    def verify_upload(self, token, pdf_file=None, **kwargs):
        letter = self._find_letter(token)
        if not letter:
            return self._render(letter, status=404)
        data = pdf_file.read(MAX_UPLOAD + 1) if pdf_file else b""
        if not data or len(data) > MAX_UPLOAD:
            return self._render(letter, result="missing")
        digest = hashlib.sha256(data).hexdigest()
        return self._render(
            letter, result="match" if digest == letter.signed_pdf_sha256 else "mismatch"
        )
