"""Incoming-letter helpers kept apart from surat_letter.py: duplicate warning,
tracking subtypes and the disposition sheet data."""

from markupsafe import escape

from odoo import _, api, fields, models


class SuratLetter(models.Model):
    # surat.letter is split by flow (incoming, outgoing, confidentiality, archive)
    # so that each file stays readable; surat_letter.py holds the fields and states.
    _inherit = "surat.letter"  # pylint: disable=consider-merging-classes-inherited

    duplicate_letter_ids = fields.Many2many(
        comodel_name="surat.letter",
        string="Possible Duplicates",
        compute="_compute_duplicate_letter_ids",
        help="Letters of the same sender with the same number and date.",
    )

    @api.depends("partner_id", "letter_number", "letter_date", "direction")
    def _compute_duplicate_letter_ids(self):
        for letter in self:
            letter.duplicate_letter_ids = letter._find_duplicates()

    def _find_duplicates(self):
        """Incoming letters already recorded with the same sender, number and date.

        Searched with the user's rights: a clerk is never told that a letter he
        may not read exists.
        """
        self.ensure_one()
        if not (
            self.direction == "incoming"
            and self.partner_id
            and self.letter_number
            and self.letter_date
        ):
            return self.browse()
        domain = [
            ("direction", "=", "incoming"),
            ("partner_id", "=", self.partner_id.id),
            ("letter_number", "=ilike", self.letter_number.strip()),
            ("letter_date", "=", self.letter_date),
            ("state", "!=", "cancelled"),
        ]
        if self._origin.id:
            domain.append(("id", "!=", self._origin.id))
        return self.search(domain, limit=5)

    @api.onchange("partner_id", "letter_number", "letter_date")
    def _onchange_duplicate_warning(self):
        duplicates = self._find_duplicates()
        if duplicates:
            return {
                "warning": {
                    "title": _("Possible duplicate"),
                    "message": _(
                        "A letter from %(sender)s with number %(number)s of %(date)s "
                        "is already recorded: %(letters)s.",
                        sender=self.partner_id.display_name,
                        number=self.letter_number,
                        date=self.letter_date,
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
