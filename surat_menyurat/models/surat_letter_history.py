"""Letters of the agency's old agenda books (wizard/surat_history_import.py reads them).

An imported letter is an ordinary registered incoming (or sent outgoing) letter: same rules, same
security levels, readable by the same people. Only its agenda number differs:
it is the number the old book gave, kept as written, outside the live counters
(``register_key`` stays empty), so the live numbering neither moves nor counts
it. The import refuses a number the live register of its year could give; the
registration below is the last safety net should a back-dated letter reach one.
An outgoing letter of an old book (Buku Agenda Surat Keluar) keeps its letter
number the same way: as text, with no ``register_key``/``register_seq``, so the
live counters of letter numbers neither move nor count it; numbering a live
letter refuses a number an imported one already holds.
"""

import re
import string

from odoo import _, api, models
from odoo.exceptions import AccessError, UserError

from .surat_numbering import ROMAN

# what the clerk gives for an imported letter: the fields he gives any letter
HISTORY_FIELDS = frozenset(
    {
        "direction",
        "subject",
        "summary",
        "partner_id",
        "letter_number",
        "letter_date",
        "received_date",
        "classification_id",
        "security_level",
        "urgency",
        "department_id",
        "addressee",
        "note",
        "enclosure_count",
        "enclosure_kind",
        "scan_file",
        "scan_filename",
        "company_id",
        "user_id",
    }
)
HISTORY_STATES = {"incoming": ("registered", "done"), "outgoing": ("sent", "done")}
QUIET = {
    "tracking_disable": True,
    "mail_create_nolog": True,
    "mail_create_nosubscribe": True,
    "mail_notrack": True,
}


class SuratLetterFlowHistory(models.AbstractModel):
    """Creation of imported letters and the guard of the live register against them."""

    _name = "surat.letter.flow.history"
    _description = "Letter: migration of history"

    @api.model
    def _surat_history_create(self, vals_list, numbers, state="done", disposed_to=None):
        """Create letters of an old book with their original numbers.

        Incoming letters are registered with their agenda numbers; outgoing
        ones (``direction`` "outgoing", states sent or done) with their letter
        numbers. ``vals_list`` holds only what a registry clerk gives any letter
        (checked by the letter's own guard, as for a letter he records by hand);
        the workflow fields (state, number, who registered) are set here by the
        system, never taken from the caller's values.
        """
        if not self._is_registrar():
            raise AccessError(_("Only registry clerks import old agenda books."))
        directions = {vals.get("direction") for vals in vals_list}
        direction = directions.pop() if len(directions) == 1 else None
        if state not in HISTORY_STATES.get(direction, ()) or len(numbers) != len(vals_list):
            raise UserError(_("Unknown state for imported letters."))
        disposed_to = disposed_to or [False] * len(vals_list)
        for vals, number in zip(vals_list, numbers, strict=True):
            extra = set(vals) - HISTORY_FIELDS
            if direction == "outgoing":
                extra |= {"letter_number", "received_date", "addressee"} & set(vals)
            if extra or not number:
                raise UserError(
                    _("An imported letter is an incoming or outgoing letter with its number.")
                )
        # the same check as any letter the clerk creates by hand
        self._surat_guard_create(vals_list)
        if direction == "outgoing":
            system = [
                dict(vals, state=state, letter_number=number, is_imported=True)
                for vals, number in zip(vals_list, numbers, strict=True)
            ]
        else:
            system = [
                dict(
                    vals,
                    state=state,
                    agenda_number=number,
                    history_disposed_to=forwarded or False,
                    is_imported=True,
                    registered_by_id=self.env.uid,
                )
                for vals, number, forwarded in zip(vals_list, numbers, disposed_to, strict=True)
            ]
        # sudo: the clerk's own values passed the guard above; the workflow
        # fields are the system's (the book's numbers, checked by the import)
        letters = self.sudo().with_context(**QUIET).create(system)
        return letters.sudo(self.env.su)

    @api.model
    def _surat_history_live_pattern(self, company, year, template=None):
        """A regex matching every agenda number the live register gives in `year`.

        With ``template`` (a letter number format): every letter number it gives,
        whatever the unit.
        """
        unit = r".*?" if template else re.escape(company.surat_code or "")
        template = template or company.surat_agenda_template or "{seq}/SM/{yyyy}"
        values = {
            "seq": r"\d+[a-z]?",
            "yyyy": "%04d" % year,
            "mm": r"\d{2}",
            "mm_roman": "(?:%s)" % "|".join(ROMAN),
            "security": "(?:B|T|R|SR)",
            "unit": unit,
            "kka": ".*?",
        }
        parts = []
        try:
            parsed = list(string.Formatter().parse(template))
        except ValueError:
            return None
        for text, name, _spec, _conv in parsed:
            parts.append(re.escape(text))
            if name is not None:
                parts.append(values.get(name, ".*?"))
        return re.compile("^%s$" % "".join(parts), re.IGNORECASE)

    def action_register(self):
        res = super().action_register()
        for letter in self:
            # sudo: whether an imported letter (any level) already has this number
            same = self.sudo().search_count(
                [
                    ("is_imported", "=", True),
                    ("company_id", "=", letter.company_id.id),
                    ("agenda_number", "=", letter.agenda_number),
                    ("id", "!=", letter.id),
                ],
                limit=1,
            )
            if same:
                raise UserError(
                    _(
                        "The agenda number %s was already given in the old agenda book "
                        "imported into the system. Check the received date of this letter; "
                        "if it is right, ask the administrator to change the agenda number "
                        "format of the year.",
                        letter.agenda_number,
                    )
                )
        return res

    def _take_letter_number(self):
        number = super()._take_letter_number()
        # sudo: whether an imported letter (any level) already has this number
        same = self.sudo().search_count(
            [
                ("is_imported", "=", True),
                ("direction", "!=", "incoming"),
                ("company_id", "=", self.company_id.id),
                ("letter_number", "=", number),
                ("id", "!=", self.id),
            ],
            limit=1,
        )
        if same:
            raise UserError(
                _(
                    "The letter number %s was already given in the old agenda book imported "
                    "into the system: ask the administrator to change the number format.",
                    number,
                )
            )
        return number
