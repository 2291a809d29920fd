"""Hand the agency's letters over to SRIKANDI or any other system.

One workbook in the layout of the agenda books (report/surat_agenda_book.py):
incoming, outgoing, memos and dispositions, one sheet each; the incoming sheet
reads back into the import of old agenda books. Optionally a zip with the
workbook and the scans, each named after its agenda (or letter) number, which
the import matches again. Only the letters the user may read are listed, and
the export is logged for confidential ones, as for any agenda book.
"""

import base64
import io
import zipfile
from datetime import datetime, time, timedelta

import pytz

from odoo import _, fields, models
from odoo.exceptions import AccessError, ValidationError

from ..tools.agenda_history import normalize_key

BOOKS = ("incoming", "outgoing", "memo", "disposition")


class SuratHistoryExport(models.TransientModel):
    _name = "surat.history.export"
    # values of the wrong shape refused with a clear message (surat_guard.py)
    _inherit = ["surat.pointer.guard"]
    _description = "Export Letters for Another System"

    date_from = fields.Date(string="From", help="Empty: from the first letter.")
    date_to = fields.Date(string="To", help="Empty: up to today.")
    include_scans = fields.Boolean(
        string="With the Scans",
        help="A zip holding the workbook and the scans, named after the agenda numbers.",
    )
    file_data = fields.Binary(string="File", readonly=True, attachment=False)
    file_name = fields.Char(readonly=True)

    def _check_rights(self):
        user = self.env.user
        if not (
            self.env.su
            or user.has_group("surat_menyurat.group_surat_registrar")
            or user.has_group("surat_menyurat.group_surat_head")
            or user.has_group("surat_menyurat.group_surat_manager")
        ):
            raise AccessError(_("Only the registry, the head and the administrator export."))
        if self.date_from and self.date_to and self.date_from > self.date_to:
            raise ValidationError(_("The period ends before it starts."))

    def _utc(self, day):
        local = self.env.company._surat_tz().localize(datetime.combine(day, time()))
        return local.astimezone(pytz.utc).replace(tzinfo=None)

    def _letters(self):
        """The agency's letters of the period, searched under the user's rights."""
        company = self.env.company
        incoming = [("direction", "=", "incoming"), ("state", "!=", "draft")]
        others = [("direction", "!=", "incoming"), ("letter_number", "!=", False)]
        if self.date_from:
            incoming.append(("received_date", ">=", self._utc(self.date_from)))
            others.append(("letter_date", ">=", self.date_from))
        if self.date_to:
            incoming.append(("received_date", "<", self._utc(self.date_to + timedelta(days=1))))
            others.append(("letter_date", "<=", self.date_to))
        return self.env["surat.letter"].search(
            [("company_id", "=", company.id), "|", *_and(incoming), *_and(others)]
        )

    def action_export(self):
        self.ensure_one()
        self._check_rights()
        letters = self._letters()
        report = self.env["report.surat_menyurat.report_agenda_book"]
        workbook = report._books_xlsx(
            [(name, letters.ids, None) for name in BOOKS], subtitle=self.env.company.name
        )
        stamp = fields.Date.context_today(self).strftime("%Y-%m-%d")
        name = "Ekspor Surat %s" % stamp
        data, file_name = workbook, "%s.xlsx" % name
        if self.include_scans:
            data, file_name = self._zip(letters, workbook, name), "%s.zip" % name
        self.write({"file_data": base64.b64encode(data), "file_name": file_name})
        return {
            "type": "ir.actions.act_url",
            "url": "/web/content?model=%s&id=%s&field=file_data&filename_field=file_name"
            "&download=true" % (self._name, self.id),
            "target": "self",
        }

    def _zip(self, letters, workbook, name):
        output = io.BytesIO()
        taken = set()
        with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.writestr("%s.xlsx" % name, workbook)
            with_scan = letters.filtered("scan_sha256")
            with_scan._surat_log_access("download")
            for letter in with_scan:
                attachment = letter._scan_attachment()
                key = normalize_key(letter.agenda_number or letter.letter_number) or str(letter.id)
                if key in taken:
                    key = "%s-%s" % (key, letter.id)
                taken.add(key)
                extension = (letter.scan_filename or "scan.pdf").rsplit(".", 1)[-1].lower()
                archive.writestr("scans/%s.%s" % (key, extension), attachment.raw or b"")
        return output.getvalue()


def _and(domain):
    """A list of leaves as one prefix-notation term (for an OR of two lists)."""
    return ["&"] * (len(domain) - 1) + domain
