import base64
import csv
import io
from collections import Counter

from markupsafe import Markup, escape

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError

from ..tools.classification_data import parse_disposition, parse_period

REQUIRED_COLUMNS = (
    "code",
    "retention_active",
    "retention_inactive",
    "final_disposition",
)
RETENTION_COLUMNS = ("retention_active", "retention_inactive", "final_disposition")


class SuratRetentionImport(models.TransientModel):
    """Import an agency's own retention schedule (JRA) onto its classification codes.

    The file has the shape of data/jadwal_retensi_arsip_contoh.tsv (tab, semicolon or comma
    separated). Everything is validated first and shown in a report; applying writes every
    change in the same transaction, and any error means nothing is written.
    """

    _name = "surat.retention.import"
    # values of the wrong shape refused with a clear message (surat_guard.py)
    _inherit = ["surat.pointer.guard"]
    _description = "Import a Retention Schedule"

    data_file = fields.Binary(string="Schedule File", required=True)
    filename = fields.Char()
    state = fields.Selection(
        selection=[("upload", "Upload"), ("checked", "Checked")], default="upload"
    )
    report = fields.Html(readonly=True, sanitize=True)
    error_count = fields.Integer(readonly=True)
    update_count = fields.Integer(readonly=True)

    def _check_rights(self):
        if not (
            self.env.su
            or self.env.user.has_group("surat_menyurat.group_surat_archivist")
            or self.env.user.has_group("surat_menyurat.group_surat_manager")
        ):
            raise AccessError(_("Only the archivist imports a retention schedule."))

    @api.model
    def _read_rows(self, raw):
        """(rows, errors): rows as (line number, dict) from CSV/TSV bytes."""
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            return [], [_("The file is not UTF-8 text: save it as CSV (UTF-8) or TSV.")]
        first_line = text.split("\n", 1)[0]
        delimiter = "\t" if "\t" in first_line else (";" if ";" in first_line else ",")
        reader = csv.DictReader(io.StringIO(text, newline=""), delimiter=delimiter)
        header = [(name or "").strip().lower() for name in reader.fieldnames or []]
        missing = [column for column in REQUIRED_COLUMNS if column not in header]
        if missing:
            return [], [
                _(
                    "Missing column(s): %(missing)s. Expected: %(expected)s.",
                    missing=", ".join(missing),
                    expected=", ".join(REQUIRED_COLUMNS),
                )
            ]
        reader.fieldnames = header
        rows = []
        for row in reader:
            values = {key: (value or "").strip() for key, value in row.items() if key}
            if any(values.values()):
                rows.append((reader.line_num, values))
        return rows, []

    @api.model
    def _validate(self, raw):
        """Read and check every row; returns (updates, errors, skipped).

        ``updates`` maps a classification to the values to write.
        """
        rows, errors = self._read_rows(raw)
        if errors:
            return {}, errors, 0
        company = self.env.company
        classifications = {
            record.code: record
            for record in self.env["surat.classification"]
            .with_context(active_test=False)
            .search([("company_id", "=", company.id)])
        }
        counts = Counter(values.get("code", "") for _line, values in rows)
        updates = {}
        skipped = 0
        for line, values in rows:
            code = values.get("code", "")
            if not code:
                errors.append(_("Line %s: no code.", line))
                continue
            if counts[code] > 1:
                errors.append(
                    _(
                        "Line %(line)s: code %(code)s appears %(n)s times.",
                        line=line,
                        code=code,
                        n=counts[code],
                    )
                )
                continue
            if code not in classifications:
                errors.append(_("Line %(line)s: unknown code %(code)s.", line=line, code=code))
                continue
            if not any(values.get(column) for column in RETENTION_COLUMNS):
                skipped += 1  # a heading: no retention of its own
                continue
            vals = {}
            notes = []
            for column, field_name in (
                ("retention_active", "retention_active_years"),
                ("retention_inactive", "retention_inactive_years"),
            ):
                years, note = parse_period(values.get(column))
                if years is None:
                    errors.append(
                        _(
                            "Line %(line)s (%(code)s): unreadable period %(column)s %(text)r "
                            '(expected "N Tahun", optionally followed by the event).',
                            line=line,
                            code=code,
                            column=column,
                            text=values.get(column, ""),
                        )
                    )
                    continue
                vals[field_name] = years
                if note:
                    notes.append(note)
            disposition, disposition_note = parse_disposition(values.get("final_disposition"))
            if not disposition:
                errors.append(
                    _(
                        "Line %(line)s (%(code)s): unreadable final disposition %(text)r "
                        "(expected Musnah, Permanen or Dinilai Kembali).",
                        line=line,
                        code=code,
                        text=values.get("final_disposition", ""),
                    )
                )
                continue
            vals.update(
                retention_note="; ".join(notes) or False,
                final_disposition=disposition,
                final_disposition_note=disposition_note or False,
            )
            if values.get("description"):
                vals["description"] = values["description"]
            updates[classifications[code]] = vals
        return updates, errors, skipped

    def _raw(self):
        self.ensure_one()
        if not self.data_file:
            raise UserError(_("Choose the retention schedule file to import."))
        return base64.b64decode(self.data_file)

    def action_check(self):
        """Validate the file and show the report; nothing is written."""
        self._check_rights()
        updates, errors, skipped = self._validate(self._raw())
        parts = []
        if errors:
            parts.append(
                Markup("<p><strong>%s</strong></p><ul>%s</ul>")
                % (
                    _(
                        "%s error(s): nothing will be imported until they are corrected.",
                        len(errors),
                    ),
                    Markup("").join(Markup("<li>%s</li>") % error for error in errors[:200]),
                )
            )
        else:
            parts.append(
                Markup("<p>%s</p>")
                % _(
                    "No error: %(count)s code(s) will be updated, %(skipped)s heading row(s) "
                    "without retention are left as they are.",
                    count=len(updates),
                    skipped=skipped,
                )
            )
            lines = [
                Markup("<tr><td>%s</td><td>%s</td><td>%s</td><td>%s</td><td>%s</td></tr>")
                % (
                    record.code,
                    vals["retention_active_years"],
                    vals["retention_inactive_years"],
                    escape(vals["retention_note"] or ""),
                    vals["final_disposition"],
                )
                for record, vals in list(updates.items())[:200]
            ]
            parts.append(
                Markup(
                    "<table class='table table-sm'><tr><th>%s</th><th>%s</th><th>%s</th>"
                    "<th>%s</th><th>%s</th></tr>%s</table>"
                )
                % (
                    _("Code"),
                    _("Active"),
                    _("Inactive"),
                    _("Starts"),
                    _("Final"),
                    Markup("").join(lines),
                )
            )
        self.write(
            {
                "state": "checked",
                "report": Markup("").join(parts),
                "error_count": len(errors),
                "update_count": len(updates),
            }
        )
        return self._reopen()

    def action_apply(self):
        """Write every change at once; any error refuses the whole file."""
        self._check_rights()
        updates, errors, _skipped = self._validate(self._raw())
        if errors:
            raise UserError(
                _(
                    "The retention schedule has %(count)s error(s); "
                    "nothing was imported:\n%(errors)s",
                    count=len(errors),
                    errors="\n".join(errors[:20]),
                )
            )
        grouped = {}
        for record, vals in updates.items():
            key = tuple(sorted(vals.items()))
            grouped.setdefault(key, self.env["surat.classification"])
            grouped[key] |= record
        for key, records in grouped.items():
            records.write(dict(key))
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "title": _("Retention schedule imported"),
                "message": _("%s classification code(s) updated.", len(updates)),
                "type": "success",
                "next": {"type": "ir.actions.act_window_close"},
            },
        }

    def _reopen(self):
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "new",
        }
