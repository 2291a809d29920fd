"""Incoming-letter helpers kept apart from surat_letter.py: duplicate warning,
tracking subtypes and the disposition sheet data."""

import base64
import binascii
import hashlib
import re

from markupsafe import escape

from odoo import _, api, fields, models
from odoo.tools import SQL


class SuratLetter(models.Model):
    # surat.letter is split by flow (incoming, outgoing, confidentiality, archive)
    # so that each file stays readable; surat_letter.py holds the fields and states.
    _inherit = "surat.letter"  # pylint: disable=consider-merging-classes-inherited

    duplicate_letter_ids = fields.Many2many(
        comodel_name="surat.letter",
        string="Possible Duplicates",
        compute="_compute_duplicate_letter_ids",
        help="Letters of the same sender with the same number (spaces, dots, slashes and "
        "case ignored) and date, or with the same scan file or the same scan text.",
    )

    @api.depends(
        "partner_id", "letter_number", "letter_date", "direction", "scan_file", "ocr_state"
    )
    def _compute_duplicate_letter_ids(self):
        for letter in self:
            letter.duplicate_letter_ids = letter._find_duplicates()

    def _scan_digest(self):
        """SHA-256 of the scan: of the uploaded data while editing, else the stored one."""
        self.ensure_one()
        if isinstance(self.id, models.NewId) and self.scan_file:
            try:
                raw = base64.b64decode(self.scan_file, validate=True)
            except (binascii.Error, ValueError, TypeError):
                raw = None
            # unchanged, the web client sends the file's size, not its data
            if raw:
                return hashlib.sha256(raw).hexdigest()
        return self._origin.scan_sha256 or self.scan_sha256

    def _find_duplicates(self):
        """Incoming letters already recorded with the same sender, number and date, or the
        same scan (file hash) or scan text (hash of the normalised text).

        Searched with the user's rights: a clerk is never told that a letter he
        may not read exists.
        """
        self.ensure_one()
        if self.direction != "incoming":
            return self.browse()
        matches = []
        number = re.sub(r"[^\w]|_", "", (self.letter_number or "").lower())
        if self.partner_id and number and self.letter_date:
            matches.append(
                SQL(
                    "SELECT id FROM surat_letter WHERE partner_id = %s AND letter_date = %s "
                    "AND regexp_replace(lower(letter_number), '[^[:alnum:]]+', '', 'g') = %s",
                    self.partner_id.id,
                    self.letter_date,
                    number,
                )
            )
        digest = self._scan_digest()
        if digest:
            matches.append(SQL("SELECT id FROM surat_letter WHERE scan_sha256 = %s", digest))
        if self._origin.id:
            matches.append(
                SQL(
                    "SELECT o.letter_id FROM surat_letter_text s JOIN surat_letter_text o "
                    "ON o.ocr_hash = s.ocr_hash WHERE s.letter_id = %s "
                    "AND s.ocr_hash IS NOT NULL",
                    self._origin.id,
                )
            )
        if not matches:
            return self.browse()
        self.env["surat.letter.text"].flush_model(["ocr_hash"])
        domain = [
            ("direction", "=", "incoming"),
            ("state", "!=", "cancelled"),
            ("id", "in", SQL("(%s)", SQL(" UNION ").join(matches))),
        ]
        if self._origin.id:
            domain.append(("id", "!=", self._origin.id))
        return self.search(domain, limit=5)

    @api.onchange("partner_id", "letter_number", "letter_date", "scan_file")
    def _onchange_duplicate_warning(self):
        duplicates = self._find_duplicates()
        if duplicates:
            return {
                "warning": {
                    "title": _("Possible duplicate"),
                    "message": _(
                        "This letter may already be recorded (same sender, number and date, "
                        "or the same scan or scan text): %(letters)s.",
                        letters=", ".join(duplicates.mapped("display_name")),
                    ),
                }
            }
        return None

    def _track_subtype(self, init_values):
        self.ensure_one()
        if "state" in init_values:
            return self.env.ref("surat_menyurat.mt_letter_state")
        return super()._track_subtype(init_values)

    # ------------------------------------------------------------------
    # Disposition sheet (Lembar Disposisi)
    # ------------------------------------------------------------------
    def _sheet_dispositions(self):
        """Every disposition of the letter, top-level first, cascade order."""
        self.ensure_one()
        ordered = self.env["surat.disposition"]

        def walk(records):
            nonlocal ordered
            for disposition in records.sorted("id"):
                ordered |= disposition
                walk(disposition.child_ids)

        walk(self.disposition_ids.filtered(lambda d: not d.parent_id))
        return ordered

    def _sheet_instructions(self):
        """(instruction, ticked) for the whole catalogue, as printed on the sheet."""
        self.ensure_one()
        catalogue = self.env["surat.disposition.instruction"].search([])
        ticked = self.disposition_ids.filtered(lambda d: d.state != "cancelled").instruction_ids
        return [(instruction, instruction in ticked) for instruction in catalogue | ticked]

    def _sheet_initials(self, user):
        """Initials of a name, as the issuer's paraf on the sheet."""
        words = [w for w in (user.name or "").replace(".", " ").split() if w]
        return escape("".join(w[0].upper() for w in words[:3]))
