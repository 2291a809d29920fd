"""Claims on the outgoing letters' counters: letters' numbers, reserved numbers
(nomor cadangan) and inserted sub-numbers for back-dated letters (``15a``).

Every outgoing number claims its (key, integer, suffix) here; the unique index
on those three columns is what keeps a letter, a reservation and a back-dated
number from ever sharing a number, whatever runs at the same instant
(models/surat_numbering.py). Rows are written by the server only and never
deleted: a reserved number is used later by a letter, never lost.
"""

import logging
import string

from psycopg2 import errors as pgerrors

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from .surat_numbering import format_number, max_claimed

_logger = logging.getLogger(__name__)

MAX_RESERVE = 50
SUFFIXES = string.ascii_lowercase


class SuratNumberReservation(models.Model):
    _name = "surat.number.reservation"
    _description = "Letter Number Claim"
    _inherit = ["mail.thread"]
    _order = "register_key, register_seq desc, suffix desc"
    _rec_name = "display_number"

    register_key = fields.Char(string="Counter", required=True, readonly=True, index=True)
    register_seq = fields.Integer(string="Integer", required=True, readonly=True)
    suffix = fields.Char(readonly=True, default="", help="Letter of an inserted sub-number.")
    kind = fields.Selection(
        selection=[
            ("letter", "Letter Number"),
            ("reserved", "Reserved Number"),
            ("backdated", "Inserted Back-dated Number"),
        ],
        required=True,
        readonly=True,
    )
    state = fields.Selection(
        selection=[("available", "Available"), ("used", "Used")],
        required=True,
        readonly=True,
        default="available",
        tracking=True,
    )
    date = fields.Date(
        readonly=True,
        help="Date of the number: the day it was reserved, or the back date of "
        "an inserted number. A letter using it is dated that day.",
    )
    reason = fields.Text(readonly=True, help="Why a back-dated number was inserted.")
    letter_id = fields.Many2one(
        comodel_name="surat.letter", readonly=True, index="btree_not_null", tracking=True
    )
    department_id = fields.Many2one(comodel_name="hr.department", string="Unit", readonly=True)
    document_type_id = fields.Many2one(comodel_name="surat.document.type", readonly=True)
    company_id = fields.Many2one(
        comodel_name="res.company", string="Agency", required=True, readonly=True, index=True
    )
    display_number = fields.Char(string="Number", compute="_compute_display_number")

    _sql_constraints = [
        (
            "claim_uniq",
            "unique(register_key, register_seq, suffix)",
            "This number is already taken.",
        ),
        # a NULL suffix would escape the unique index: plain numbers have ""
        ("suffix_not_null", "CHECK(suffix IS NOT NULL)", "This number is already taken."),
    ]

    @api.depends("register_seq", "suffix")
    def _compute_display_number(self):
        for claim in self:
            claim.display_number = "%s%s" % (claim.register_seq, claim.suffix or "")

    # ------------------------------------------------------------------
    # Server side only
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su:
            raise AccessError(_("Numbers are reserved with the reservation wizard only."))
        return super().create(vals_list)

    def write(self, vals):
        if not self.env.su:
            raise AccessError(_("A reserved number cannot be changed."))
        return super().write(vals)

    def unlink(self):
        if self:
            raise UserError(_("A number is an official record: it is never deleted."))
        return super().unlink()

    # ------------------------------------------------------------------
    # Reserving
    # ------------------------------------------------------------------
    @api.model
    def _check_registrar(self):
        if not self.env["surat.letter"]._is_registrar():
            raise AccessError(_("Only the registry clerk reserves or inserts numbers."))

    @api.model
    def _counter_key(self, company, date, department=None, document_type=None):
        """The key of the counter a letter of that unit and type numbers from."""
        letter = self.env["surat.letter"].new(
            {
                "company_id": company.id,
                "department_id": department.id if department else False,
                "document_type_id": document_type.id if document_type else False,
                "direction": "outgoing",
            }
        )
        return letter._number_key(date)

    def _claim(self, vals):
        """Insert one claim in a savepoint; False when its number is taken."""
        cr = self.env.cr
        try:
            with cr.savepoint(flush=False):
                # sudo: rows are written by the reservation flow after its checks
                claim = self.sudo().create(vals)
                claim.flush_recordset()
            return claim
        except pgerrors.UniqueViolation:
            return False

    @api.model
    def _reserve(self, count, department=None, document_type=None, company=None):
        """Reserve `count` consecutive counter integers for letters not written yet."""
        self._check_registrar()
        company = company or self.env.company
        if not 0 < count <= MAX_RESERVE:
            raise ValidationError(
                _("Reserve between 1 and %(max)s numbers at a time.", max=MAX_RESERVE)
            )
        today = company._surat_now().date()
        key = self._counter_key(company, today, department, document_type)
        cr = self.env.cr
        cr.execute(
            "SELECT COALESCE(MAX(register_seq), 0) FROM surat_letter WHERE register_key = %s",
            [key],
        )
        candidate = max(cr.fetchone()[0], max_claimed(cr, key)) + 1
        claims = self.browse()
        while len(claims) < count:
            claim = self._claim(
                {
                    "register_key": key,
                    "register_seq": candidate,
                    "suffix": "",
                    "kind": "reserved",
                    "date": today,
                    "company_id": company.id,
                    "department_id": department.id if department else False,
                    "document_type_id": document_type.id if document_type else False,
                }
            )
            candidate += 1
            if claim:
                claims |= claim
        for claim in claims:
            # sudo: the log of the claim is written by the reservation flow
            claim.sudo().message_post(body=_("Reserved by %s.", self.env.user.name))
        _logger.info(
            "Numbers %s of counter %s reserved by user %s",
            claims.mapped("register_seq"),
            key,
            self.env.uid,
        )
        return claims.with_env(self.env)

    @api.model
    def _insert_backdated(self, date, reason, department=None, document_type=None, company=None):
        """An inserted sub-number (``15a``) after the last number issued on or before `date`."""
        self._check_registrar()
        company = company or self.env.company
        reason = (reason or "").strip()
        if not reason:
            raise UserError(_("Write why a back-dated number is needed."))
        today = company._surat_now().date()
        if not date or date >= today:
            raise UserError(_("A back-dated number needs a date before today."))
        if date.year != today.year:
            raise UserError(_("Numbers can only be inserted in this year's register."))
        key = self._counter_key(company, date, department, document_type)
        cr = self.env.cr
        cr.execute(
            """
            SELECT COALESCE(MAX(seq), 0) FROM (
                SELECT register_seq AS seq FROM surat_letter
                 WHERE register_key = %(key)s AND letter_date <= %(date)s
                UNION ALL
                SELECT register_seq FROM surat_number_reservation
                 WHERE register_key = %(key)s AND suffix = '' AND date <= %(date)s
            ) issued
            """,
            {"key": key, "date": date},
        )
        seq = cr.fetchone()[0]
        if not seq:
            raise UserError(
                _("No number was issued on or before %(date)s: nothing to insert after.", date=date)
            )
        for suffix in SUFFIXES:
            claim = self._claim(
                {
                    "register_key": key,
                    "register_seq": seq,
                    "suffix": suffix,
                    "kind": "backdated",
                    "date": date,
                    "reason": reason,
                    "company_id": company.id,
                    "department_id": department.id if department else False,
                    "document_type_id": document_type.id if document_type else False,
                }
            )
            if claim:
                break
        else:
            raise UserError(_("No more sub-numbers can be inserted after number %s.", seq))
        # sudo: the log of the claim is written by the reservation flow
        claim.sudo().message_post(
            body=_(
                "Back-dated number %(number)s inserted by %(user)s for %(date)s: %(reason)s",
                number="%s%s" % (seq, suffix),
                user=self.env.user.name,
                date=date,
                reason=reason,
            )
        )
        _logger.info(
            "Back-dated number %s%s of %s inserted by user %s", seq, suffix, key, self.env.uid
        )
        return claim.with_env(self.env)

    # ------------------------------------------------------------------
    # Use by a letter
    # ------------------------------------------------------------------
    def _use_for(self, letter, template, unit):
        """Number `letter` with this reserved or inserted number; returns the number."""
        self.ensure_one()
        # sudo: the claim is read and marked used by the numbering flow
        claim = self.sudo()
        if claim.state != "available" or claim.kind == "letter":
            raise UserError(_("The number %s is already used.", claim.display_number))
        if claim.company_id != letter.company_id:
            raise UserError(_("This reserved number belongs to another agency."))
        key = letter._number_key(claim.date)
        if key != claim.register_key:
            raise UserError(
                _(
                    "The reserved number %s belongs to another counter (unit, document type "
                    "or year) than this letter.",
                    claim.display_number,
                )
            )
        number = format_number(
            template,
            seq=claim.register_seq,
            kka=letter.classification_id.code,
            unit=unit,
            date=claim.date,
            security=letter.security_level,
            suffix=claim.suffix,
        )
        claim.write({"state": "used", "letter_id": letter.id})
        claim.message_post(body=_("Used by letter %s.", number))
        return number
