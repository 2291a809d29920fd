"""Letter number templates and gap-free yearly counters.

A counter is the integer `register_seq` of a letter, unique per `register_key`
(company, scope, year). Taking a number writes the candidate into the letter
under that unique index inside a savepoint: a concurrent writer of the same
value waits on the index entry, then gets a unique violation and takes the
next value (as account.move does in sequence_mixin). Nobody sees a lock error.
"""

import string

from psycopg2 import errors as pgerrors

from odoo import _
from odoo.exceptions import UserError

TOKENS = {"kka", "seq", "unit", "yyyy", "mm", "mm_roman", "security"}
ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"]
SECURITY_CODES = {"normal": "B", "restricted": "T", "secret": "R", "top_secret": "SR"}


def _lang_context(env):
    # odoo's _() reads a local variable named `context` to pick the language;
    # these functions have no `self`, so they give it one (no warning logged)
    return {"lang": (env.lang if env else None) or "en_US"}


def template_tokens(template, env=None):
    """Tokens used by a template; raises UserError on a malformed one."""
    context = _lang_context(env)  # noqa: F841
    try:
        parsed = list(string.Formatter().parse(template or ""))
    except ValueError as e:
        raise UserError(
            _(
                "The number format %(template)s is malformed: %(error)s",
                template=template,
                error=e,
            )
        ) from e
    return {name for _text, name, _spec, _conv in parsed if name is not None}


def check_template(template, env=None):
    """Refuse unknown tokens and templates without {seq}."""
    context = _lang_context(env)  # noqa: F841
    tokens = template_tokens(template, env)
    unknown = tokens - TOKENS
    if unknown:
        raise UserError(
            _(
                "Unknown token %(tokens)s in the number format %(template)s. "
                "Allowed: {kka} {seq} {unit} {yyyy} {mm} {mm_roman} {security}.",
                tokens=", ".join("{%s}" % t for t in sorted(unknown)),
                template=template,
            )
        )
    if "seq" not in tokens:
        raise UserError(_("The number format %s must contain {seq}.", template))
    try:
        format_number(template, seq=1, kka="X", unit="X", date=None, security="normal")
    except (ValueError, KeyError, IndexError) as e:
        raise UserError(
            _(
                "The number format %(template)s is malformed: %(error)s",
                template=template,
                error=e,
            )
        ) from e


class SubNumber(int):
    """A counter integer with an inserted sub-number's suffix: ``15a``.

    Formats like the integer (``{seq:03d}`` gives ``015a``) followed by the suffix.
    """

    def __new__(cls, value, suffix=""):
        number = super().__new__(cls, value)
        number.suffix = suffix or ""
        return number

    def __format__(self, spec):
        return format(int(self), spec) + self.suffix


def format_number(template, seq, kka, unit, date, security, suffix=""):
    values = {
        "seq": SubNumber(seq, suffix) if suffix else seq,
        "kka": kka or "",
        "unit": unit or "",
        "yyyy": "%04d" % date.year if date else "2000",
        "mm": "%02d" % date.month if date else "01",
        "mm_roman": ROMAN[date.month - 1] if date else "I",
        "security": SECURITY_CODES.get(security, "B"),
    }
    return template.format(**values)


def take_number(record, key, claim=None):
    """Give `record` the next integer of counter `key`; returns it.

    The caller's transaction holds the index entry until it ends, so a second
    registration of the same key waits for it instead of failing. With
    ``claim`` (outgoing numbers: the number's date), the integer is also claimed in the table of
    number claims, whose unique index on (key, integer, suffix) it shares with
    reserved and inserted numbers (``surat.number.reservation``): a letter
    and a reservation never get the same integer, even at the same instant.
    """
    record.ensure_one()
    record.flush_recordset()
    cr = record.env.cr
    cr.execute(
        "SELECT COALESCE(MAX(register_seq), 0) FROM surat_letter WHERE register_key = %s",
        [key],
    )
    candidate = cr.fetchone()[0] + 1
    if claim:
        candidate = max(candidate, max_claimed(cr, key) + 1)
    while True:
        try:
            with cr.savepoint(flush=False):
                cr.execute(
                    "UPDATE surat_letter SET register_key = %s, register_seq = %s WHERE id = %s",
                    [key, candidate, record.id],
                    log_exceptions=False,
                )
                if claim:
                    insert_claim(cr, key, candidate, record, claim)
            break
        except pgerrors.UniqueViolation:
            candidate += 1
    record.invalidate_recordset(["register_key", "register_seq"])
    return candidate


def max_claimed(cr, key):
    cr.execute(
        "SELECT COALESCE(MAX(register_seq), 0) FROM surat_number_reservation "
        "WHERE register_key = %s",
        [key],
    )
    return cr.fetchone()[0]


def insert_claim(cr, key, seq, letter, date):
    """Claim (key, integer) for a letter; raises UniqueViolation when it is taken."""
    cr.execute(
        """
        INSERT INTO surat_number_reservation
            (register_key, register_seq, suffix, kind, state, letter_id, company_id,
             date, create_uid, write_uid, create_date, write_date)
        VALUES (%s, %s, '', 'letter', 'used', %s, %s, %s, %s, %s,
                now() at time zone 'UTC', now() at time zone 'UTC')
        """,
        [key, seq, letter.id, letter.company_id.id, date, letter.env.uid, letter.env.uid],
        log_exceptions=False,
    )
