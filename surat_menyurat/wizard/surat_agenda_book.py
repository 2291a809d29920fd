import base64
from datetime import datetime, time, timedelta

import pytz

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError

from ..models.surat_const import UNIT_PICKER_DOMAIN

BOOK_NAMES = {
    "incoming": "Buku Agenda Surat Masuk",
    "outgoing": "Buku Agenda Surat Keluar",
    "dispatch": "Buku Ekspedisi",
    "disposition": "Register Disposisi",
    "memo": "Register Nota Dinas",
    "recap": "Rekapitulasi Bulanan",
}


class SuratAgendaBookWizard(models.TransientModel):
    """Choose a book, a period and a unit; get the XLSX or the PDF.

    The letters are searched with the user's rights: the book never shows
    (nor counts) a letter he may not read.
    """

    _name = "surat.agenda.book.wizard"
    # values of the wrong shape refused with a clear message (surat_guard.py)
    _inherit = ["surat.pointer.guard"]
    _description = "Agenda Book"

    @api.model
    def _default_date_from(self):
        return self.env.company._surat_now().date().replace(day=1)

    @api.model
    def _default_date_to(self):
        first = self._default_date_from()
        return (first + timedelta(days=32)).replace(day=1) - timedelta(days=1)

    book = fields.Selection(
        selection=[
            ("incoming", "Incoming Letters (Buku Agenda Surat Masuk)"),
            ("outgoing", "Outgoing Letters (Buku Agenda Surat Keluar)"),
            ("dispatch", "Dispatch Book (Buku Ekspedisi)"),
            ("disposition", "Register of Dispositions"),
            ("memo", "Register of Memos (Nota Dinas)"),
            ("recap", "Monthly Recap"),
        ],
        required=True,
        default="incoming",
    )
    date_from = fields.Date(string="From", required=True, default=_default_date_from)
    date_to = fields.Date(string="To", required=True, default=_default_date_to)
    company_id = fields.Many2one(
        comodel_name="res.company",
        string="Agency",
        required=True,
        default=lambda self: self.env.company,
    )
    department_id = fields.Many2one(
        comodel_name="hr.department",
        domain=UNIT_PICKER_DOMAIN,
        string="Unit",
        help="Only the letters of this unit and the units below it. Empty: every unit.",
    )
    paper = fields.Selection(
        selection=[("a4", "A4 Landscape"), ("f4", "F4 (Folio) Landscape")],
        required=True,
        default="a4",
    )
    file_data = fields.Binary(string="File", readonly=True, attachment=False)
    file_name = fields.Char(readonly=True)

    @api.constrains("date_from", "date_to")
    def _check_period(self):
        for wizard in self:
            if wizard.date_from > wizard.date_to:
                raise ValidationError(_("The period ends before it starts."))

    # ------------------------------------------------------------------
    # What is listed
    # ------------------------------------------------------------------
    def _utc_bounds(self):
        """The period as naive UTC datetimes, by the agency's days."""
        tz = self.company_id._surat_tz()

        def utc(day):
            local = tz.localize(datetime.combine(day, time()))
            return local.astimezone(pytz.utc).replace(tzinfo=None)

        return utc(self.date_from), utc(self.date_to + timedelta(days=1))

    def _letter_domain(self):
        self.ensure_one()
        start, end = self._utc_bounds()
        dates = {
            "incoming": [
                ("state", "!=", "draft"),
                ("received_date", ">=", start),
                ("received_date", "<", end),
            ],
            "recap": [
                ("direction", "=", "incoming"),
                ("state", "!=", "draft"),
                ("received_date", ">=", start),
                ("received_date", "<", end),
            ],
            "outgoing": [
                ("letter_number", "!=", False),
                ("letter_date", ">=", self.date_from),
                ("letter_date", "<=", self.date_to),
            ],
            "memo": [
                ("letter_number", "!=", False),
                ("letter_date", ">=", self.date_from),
                ("letter_date", "<=", self.date_to),
            ],
            "dispatch": [
                ("dispatch_date", ">=", self.date_from),
                ("dispatch_date", "<=", self.date_to),
            ],
        }
        domain = [("company_id", "=", self.company_id.id), *dates.get(self.book, [])]
        if self.department_id and self.book != "disposition":
            domain.append(("department_id", "child_of", self.department_id.id))
        return domain

    def _disposition_domain(self):
        """The register of dispositions lists those issued in the period."""
        self.ensure_one()
        if self.book != "disposition":
            return []
        start, end = self._utc_bounds()
        domain = [("create_date", ">=", start), ("create_date", "<", end)]
        if self.department_id:
            domain.append(("department_id", "child_of", self.department_id.id))
        return domain

    def _letter_ids(self):
        """Ids of the letters of the book, searched under the record rules."""
        self.ensure_one()
        if self.book == "disposition":
            dispositions = self.env["surat.disposition"].search(
                [("company_id", "=", self.company_id.id), *self._disposition_domain()]
            )
            return dispositions.letter_id.ids
        return self.env["surat.letter"].search(self._letter_domain()).ids

    def _subtitle(self):
        self.ensure_one()
        parts = [
            self.company_id.name,
            "Periode %s s.d. %s"
            % (self.date_from.strftime("%d-%m-%Y"), self.date_to.strftime("%d-%m-%Y")),
        ]
        if self.department_id:
            parts.append("Unit: %s" % self.department_id.name)
        return " — ".join(parts)

    def _file_name(self, extension):
        return "%s %s.%s" % (BOOK_NAMES[self.book], self.date_from.strftime("%Y-%m"), extension)

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def action_xlsx(self):
        self.ensure_one()
        if self.book == "recap":
            raise UserError(_("The monthly recap is printed as PDF."))
        data = self.env["report.surat_menyurat.report_agenda_book"]._book_xlsx(
            self.book,
            self._letter_ids(),
            subtitle=self._subtitle(),
            disposition_domain=self._disposition_domain(),
        )
        self.write({"file_data": base64.b64encode(data), "file_name": self._file_name("xlsx")})
        return {
            "type": "ir.actions.act_url",
            "url": "/web/content?model=%s&id=%s&field=file_data&filename_field=file_name"
            "&download=true" % (self._name, self.id),
            "target": "self",
        }

    def _report_ref(self):
        if self.book == "recap":
            return "surat_menyurat.action_report_monthly_recap"
        if self.paper == "f4":
            return "surat_menyurat.action_report_agenda_book_f4"
        return "surat_menyurat.action_report_agenda_book"

    def action_pdf(self):
        self.ensure_one()
        return self.env.ref(self._report_ref()).report_action(self)
