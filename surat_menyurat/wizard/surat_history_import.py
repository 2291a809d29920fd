"""Import the agency's old agenda books (Buku Agenda Surat Masuk / Keluar) from spreadsheets.

Steps: upload (XLSX or CSV, optionally a zip of scans) → mapping (the columns
guessed from their headings, editable) → dry run (every row's problems, nothing
written) → import.

All or nothing: the import checks the whole file again, inside one database
transaction, and creates the letters in chunks within that same transaction:
any problem or error rolls every letter back. Two imports of one agency at once:
each first touches the agency's row, so the second waits for the first, then
fails to serialize and is retried by Odoo with a fresh snapshot, in which the
first one's letters are duplicates.

Progress: written through a second cursor, committed at once (the form or
another tab sees it) while the import's transaction stays open. That
transaction never writes the wizard (the row changed under its snapshot would
not serialize); the result is written after its commit (``postcommit``).
"""

import base64
import logging
from collections import Counter, defaultdict
from datetime import datetime, time

import pytz
from markupsafe import Markup

from odoo import _, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools.mimetypes import guess_mimetype

from ..models.surat_const import ID_SECURITY
from ..models.surat_letter_intake import SCAN_TYPES
from ..tools import agenda_history as book

_logger = logging.getLogger(__name__)

TARGETS = [
    ("row_no", "Row Number (not imported)"),
    ("agenda_number", "Agenda Number"),
    ("received_date", "Received Date"),
    ("sender", "Sender"),
    ("letter_number", "Letter Number"),
    ("letter_date", "Letter Date"),
    ("number_and_date", "Letter Number and Date"),
    ("subject", "Subject"),
    ("summary", "Summary"),
    ("classification", "Classification Code"),
    ("security", "Security Level (Sifat)"),
    ("urgency", "Urgency"),
    ("addressee", "Addressed To"),
    ("disposed_to", "Disposed To"),
    ("department", "Processing Unit"),
    ("note", "Notes"),
    ("enclosure", "Enclosures (Lampiran)"),
    ("scan", "Scan File Name"),
]
MANDATORY = ("agenda_number", "received_date", "sender", "subject")
MANDATORY_OUTGOING = ("letter_number", "letter_date", "addressee", "subject")
LEVELS = {
    "biasa": "normal",
    "terbuka": "normal",
    "biasa terbuka": "normal",
    "terbatas": "restricted",
    "rahasia": "secret",
    "sangat rahasia": "top_secret",
}
URGENCIES = {
    "biasa": "normal",
    "penting": "important",
    "segera": "urgent",
    "amat segera": "very_urgent",
    "sangat segera": "very_urgent",
    "kilat": "very_urgent",
}
CHUNK = 500
# the zip of scans: beyond these it is refused whole
ZIP_MAX_ENTRIES = 20000
ZIP_MAX_TOTAL = 4 * 1024**3
ZIP_MAX_RATIO = 200
# a workbook is a zip too: its sheets may not unpack beyond this
XLSX_MAX_TOTAL = 512 * 1024**2
XLSX_MAX_RATIO = 500  # sheets are repetitive XML
# letters created at once: fewer when their scans weigh more than this
CHUNK_SCAN_BYTES = 64 * 1024**2


class SuratHistoryImportColumn(models.TransientModel):
    _name = "surat.history.import.column"
    # values of the wrong shape refused with a clear message (surat_guard.py)
    _inherit = ["surat.pointer.guard"]
    _description = "Column of an Old Agenda Book"
    _order = "column_index"

    wizard_id = fields.Many2one(
        comodel_name="surat.history.import", required=True, ondelete="cascade"
    )
    column_index = fields.Integer(readonly=True)
    heading = fields.Char(readonly=True)
    sample = fields.Char(string="First Value", readonly=True)
    target = fields.Selection(selection=TARGETS, string="Import As")


class SuratHistoryImport(models.TransientModel):
    _name = "surat.history.import"
    # values of the wrong shape refused with a clear message (surat_guard.py)
    _inherit = ["surat.pointer.guard"]
    _description = "Import Old Agenda Books"

    data_file = fields.Binary(string="Agenda Book", required=True)
    filename = fields.Char()
    scan_zip = fields.Binary(string="Scans (zip)")
    scan_zip_filename = fields.Char()
    book_type = fields.Selection(
        selection=[
            ("incoming", "Incoming Letters (Buku Agenda Surat Masuk)"),
            ("outgoing", "Outgoing Letters (Buku Agenda Surat Keluar)"),
        ],
        string="Agenda Book of",
        default="incoming",
        required=True,
    )
    state = fields.Selection(
        selection=[
            ("upload", "Upload"),
            ("mapping", "Columns"),
            ("checked", "Checked"),
            ("done", "Imported"),
        ],
        default="upload",
    )
    import_state = fields.Selection(
        selection=[
            ("done", "Done (closed, not in the head's inbox)"),
            ("registered", "Registered (still to dispose)"),
            ("sent", "Sent (outgoing letters, still open)"),
        ],
        string="Import Letters As",
        default="done",
        required=True,
    )
    sheet_name = fields.Char(string="Sheet", readonly=True)
    column_ids = fields.One2many(
        comodel_name="surat.history.import.column", inverse_name="wizard_id", string="Columns"
    )
    report = fields.Html(readonly=True, sanitize=True)
    problem_data = fields.Json(readonly=True)
    problem_count = fields.Integer(string="Rows with Problems", readonly=True)
    row_count = fields.Integer(string="Rows", readonly=True)
    scan_count = fields.Integer(string="Scans Matched", readonly=True)
    progress = fields.Float(readonly=True)
    created_count = fields.Integer(string="Letters Created", readonly=True)

    # ------------------------------------------------------------------
    # Rights and files
    # ------------------------------------------------------------------
    def _check_rights(self):
        if not self.env["surat.letter"]._is_registrar():
            raise AccessError(_("Only registry clerks import old agenda books."))

    def _zip_error(self, code, what):
        messages = {
            "zip": _("%s is not a readable zip file.", what),
            "entries": _("%s holds too many files.", what),
            "path": _("%s holds a path that leaves its folder (refused).", what),
            "link": _("%s holds a link (refused).", what),
            "encrypted": _("%s holds an encrypted file (refused).", what),
            "entry_size": _("%s holds a file beyond the size limit.", what),
            "total_size": _("%s unpacks beyond the size limit.", what),
            "ratio": _("%s is compressed beyond reason (a zip bomb?): refused.", what),
        }
        return UserError(messages.get(code, messages["zip"]))

    def _read_table(self):
        """(sheet, headings, rows) of the uploaded book."""
        self.ensure_one()
        if not self.data_file:
            raise UserError(_("Choose the agenda book to import (XLSX or CSV)."))
        raw = base64.b64decode(self.data_file)
        is_xlsx = raw[:2] == b"PK"
        if is_xlsx:
            try:
                book.check_zip(raw, ZIP_MAX_ENTRIES, XLSX_MAX_TOTAL, XLSX_MAX_TOTAL, XLSX_MAX_RATIO)
            except ValueError as error:
                raise self._zip_error(error.args[0], self.filename or _("The workbook")) from None
        elif b"\0" in raw[:4096]:
            raise UserError(_("The agenda book must be an XLSX workbook or a CSV file."))
        try:
            return book.read_table(raw, is_xlsx, self.book_type)
        except ValueError as error:
            if error.args[0] == "xlsx":
                raise UserError(_("The workbook cannot be read: save it again as XLSX.")) from None
            raise UserError(
                _(
                    "No heading row found: the book needs headings such as No. Agenda, "
                    "Tanggal Terima, Asal Surat, Perihal."
                )
            ) from None

    def _scan_archive(self):
        """(archive, {key: [entries]}) of the zip of scans, checked whole."""
        self.ensure_one()
        if not self.scan_zip:
            return None, {}
        raw = base64.b64decode(self.scan_zip)
        company = self.env.company
        max_entry = (company.surat_max_file_mb or 25) * 1024 * 1024
        try:
            archive, infos = book.check_zip(
                raw, ZIP_MAX_ENTRIES, ZIP_MAX_TOTAL, max_entry, ZIP_MAX_RATIO
            )
        except ValueError as error:
            what = self.scan_zip_filename or _("The zip of scans")
            if error.args[0] == "entry_size":
                raise UserError(
                    _(
                        "%(zip)s holds a file larger than %(max)s MB.",
                        zip=what,
                        max=company.surat_max_file_mb or 25,
                    )
                ) from None
            raise self._zip_error(error.args[0], what) from None
        files = defaultdict(list)
        for info in infos:
            name = info.filename.replace("\\", "/").rsplit("/", 1)[-1]
            if not name or name.startswith(".") or info.filename.startswith("__MACOSX/"):
                continue
            stem = name.rsplit(".", 1)[0] if "." in name else name
            files[book.normalize_key(stem)].append(info)
            files[book.normalize_key(name)].append(info)
        return archive, files

    # ------------------------------------------------------------------
    # Steps
    # ------------------------------------------------------------------
    def action_read_columns(self):
        """Read the headings and guess what each column holds."""
        self._check_rights()
        sheet, headings, rows = self._read_table()
        guessed = book.guess_columns(headings, self.book_type)
        first = rows[0][1] if rows else []
        self.column_ids = [fields.Command.clear()] + [
            fields.Command.create(
                {
                    "column_index": index,
                    "heading": heading or _("(column %s)", index + 1),
                    "sample": book.cell_text(first[index] if index < len(first) else "")[:80],
                    "target": guessed.get(index, False),
                }
            )
            for index, heading in enumerate(headings)
        ]
        self.write({"state": "mapping", "sheet_name": sheet, "row_count": len(rows)})
        return self._reopen()

    def action_back(self):
        self.write({"state": "mapping", "report": False, "problem_data": False})
        return self._reopen()

    def action_dry_run(self):
        """Check every row; nothing is written to the register."""
        self._check_rights()
        self._check_import_state()
        result = self._validate()
        self.write(
            {
                "state": "checked",
                "report": self._report_html(result),
                "problem_data": {
                    "rows": {str(line): problems for line, problems in result["problems"].items()}
                },
                "problem_count": len(result["problems"]),
                "row_count": len(result["rows"]),
                "scan_count": sum(1 for row in result["rows"] if row["scan"]),
            }
        )
        return self._reopen()

    def action_import(self):
        """Create every letter of the book, or none (see the module doc)."""
        self.ensure_one()
        self._check_rights()
        company = self.env.company
        # one import per agency at a time (see the module doc); no trigger watches write_date
        self.env.cr.execute(
            "UPDATE res_company SET write_date = write_date WHERE id = %s", [company.id]
        )
        result = self._validate()
        if result["problems"]:
            raise UserError(
                _(
                    "%(count)s row(s) of the agenda book have problems: nothing was imported. "
                    "Run the check, correct the rows and try again.",
                    count=len(result["problems"]),
                )
            )
        rows = result["rows"]
        if not rows:
            raise UserError(_("The agenda book has no rows to import."))
        self._check_import_state()
        self._set_partners(rows)
        archive = result["archive"]
        Letter = self.env["surat.letter"]
        created = 0
        for chunk in self._chunks(rows):
            vals_list = []
            for row in chunk:
                vals = dict(row["vals"])
                if row["scan"]:
                    info = row["scan"]
                    vals["scan_file"] = base64.b64encode(book.read_entry(archive, info))
                    vals["scan_filename"] = info.filename.replace("\\", "/").rsplit("/", 1)[-1]
                vals_list.append(vals)
            Letter._surat_history_create(
                vals_list,
                [row["number"] for row in chunk],
                state=self.import_state,
                disposed_to=[row["disposed_to"] for row in chunk],
            )
            created += len(chunk)
            self.env.flush_all()
            self.env.invalidate_all()
            self._progress(created, len(rows))
        _logger.info("Imported %s letters of an old agenda book into %s", created, company.name)
        self.env.cr.postcommit.add(self._write_result_after_commit(created))
        return self._reopen()

    def _check_import_state(self):
        if self.import_state == "sent" and self.book_type != "outgoing":
            raise UserError(_("Incoming letters are imported as registered or done."))
        if self.import_state == "registered" and self.book_type == "outgoing":
            raise UserError(_("Outgoing letters are imported as sent or done."))

    def action_open_letters(self):
        return {
            "type": "ir.actions.act_window",
            "name": _("Imported Letters"),
            "res_model": "surat.letter",
            "view_mode": "list,form",
            "domain": [("is_imported", "=", True), ("company_id", "=", self.env.company.id)],
            "context": {"search_default_filter_imported": 1},
        }

    def _chunks(self, rows):
        """Rows a chunk at a time: CHUNK rows, or fewer whose scans fill memory."""
        chunk, weight = [], 0
        for row in rows:
            chunk.append(row)
            weight += row["scan"].file_size if row["scan"] else 0
            if len(chunk) >= CHUNK or weight >= CHUNK_SCAN_BYTES:
                yield chunk
                chunk, weight = [], 0
        if chunk:
            yield chunk

    def _write_result_after_commit(self, created):
        wizard_id = self.id

        def write_result():
            with self.env.registry.cursor() as cr:
                cr.execute(
                    "UPDATE surat_history_import SET state = 'done', created_count = %s, "
                    "progress = 100 WHERE id = %s",
                    [created, wizard_id],
                )

        return write_result

    def _progress(self, done, total):
        """Commit the progress in a cursor of its own (the import's stays open)."""
        percent = 100.0 * done / total if total else 100.0
        try:
            with self.env.registry.cursor() as cr:
                cr.execute("SET LOCAL lock_timeout = '2s'")
                cr.execute(
                    "UPDATE surat_history_import SET progress = %s WHERE id = %s",
                    [percent, self.id],
                )
        except Exception:  # noqa: BLE001 (progress is a courtesy: the import goes on)
            _logger.debug("Progress of the agenda book import not written", exc_info=True)

    def _reopen(self):
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "new",
            "name": _("Import Old Agenda Books"),
        }

    # ------------------------------------------------------------------
    # The check of every row
    # ------------------------------------------------------------------
    def _mapping(self):
        mapping = {}
        for column in self.column_ids:
            if not column.target or column.target == "row_no":
                continue
            if column.target in mapping:
                raise UserError(
                    _("Two columns are imported as %s: choose one.", self._label(column.target))
                )
            mapping[column.target] = column.column_index
        mandatory = MANDATORY_OUTGOING if self.book_type == "outgoing" else MANDATORY
        missing = [t for t in mandatory if t not in mapping]
        if missing:
            raise UserError(
                _("Choose the column of: %s.", ", ".join(self._label(t) for t in missing))
            )
        return mapping

    def _label(self, target):
        """The target's label in the user's language."""
        field = self.env["surat.history.import.column"]._fields["target"]
        return dict(field._description_selection(self.env)).get(target, target)

    def _catalogues(self, company):
        """What the rows are checked against: codes, units, senders, the register."""
        env = self.env
        classifications = {
            c.code.strip().lower(): c.id
            for c in env["surat.classification"]
            .with_context(active_test=False)
            .search([("company_id", "=", company.id)])
            if c.code
        }
        departments = {}
        for dept in env["hr.department"].search([("company_id", "in", [company.id, False])]):
            departments[(dept.name or "").strip().lower()] = dept.id
            if dept.code:
                departments[dept.code.strip().lower()] = dept.id
        tz = company._surat_tz().zone
        cr = env.cr
        # the register as a whole, confidential letters included: only whether a
        # number is taken is learnt, and the file itself gives that number
        cr.execute(
            """
            SELECT l.agenda_number,
                   EXTRACT(year FROM (l.received_date AT TIME ZONE 'UTC') AT TIME ZONE %s),
                   lower(p.name), l.letter_number, l.letter_date
              FROM surat_letter l LEFT JOIN res_partner p ON p.id = l.partner_id
             WHERE l.company_id = %s AND l.direction = 'incoming' AND l.state != 'draft'
            """,
            [tz, company.id],
        )
        agendas, senders = set(), set()
        for agenda, year, sender, number, letter_date in cr.fetchall():
            if agenda:
                agendas.add((agenda.strip().lower(), int(year or 0)))
            if number:
                senders.add((sender or "", book.normalize_key(number), letter_date))
        cr.execute(
            "SELECT DISTINCT register_key FROM surat_letter WHERE register_key LIKE %s",
            ["SM/%s/%%" % company.id],
        )
        live_years = {int(key.rsplit("/", 1)[1]) for (key,) in cr.fetchall()}
        return classifications, departments, agendas, senders, live_years

    def _partners(self, names):
        """Sender contacts by name; missing ones are created at import time."""
        found = {}
        Partner = self.env["res.partner"]
        for name in names:
            pattern = name.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
            partner = Partner.search([("name", "=ilike", pattern)], limit=1)
            if partner:
                found[name.lower()] = partner.id
        return found

    def _validate(self):
        """Read and check every row: {rows, problems, archive, ...}; writes nothing."""
        self.ensure_one()
        if self.book_type == "outgoing":
            return self._validate_outgoing()
        mapping = self._mapping()
        _sheet, _headings, table = self._read_table()
        archive, scans = self._scan_archive()
        company = self.env.company
        tz = company._surat_tz()
        now = datetime.utcnow()
        this_year = company._surat_now().year
        classifications, departments, agendas, senders, live_years = self._catalogues(company)
        Letter = self.env["surat.letter"]
        patterns = {}
        problems = defaultdict(list)
        rows = []

        cell, text = self._row_reader(mapping)

        for line, cells in table:
            issues = problems[line]
            vals = {"direction": "incoming", "company_id": company.id, "user_id": self.env.uid}
            number = text(cells, "agenda_number")
            for target in MANDATORY:
                if target != "received_date" and not text(cells, target):
                    issues.append(["missing", _("%s is empty.", self._label(target))])
            received = day = None
            raw_received = cell(cells, "received_date")
            if not book.cell_text(raw_received):
                issues.append(["missing", _("Received Date is empty.")])
            else:
                try:
                    day, moment = book.parse_date(raw_received)
                    local = tz.localize(datetime.combine(day, moment or time()))
                    received = local.astimezone(pytz.utc).replace(tzinfo=None)
                    if received > now:
                        issues.append(["date", _("The received date is in the future.")])
                except ValueError:
                    issues.append(
                        ["date", _("Unreadable received date: %s.", book.cell_text(raw_received))]
                    )
            letter_number, letter_date = text(cells, "letter_number"), None
            if "number_and_date" in mapping:
                combined, letter_date = book.split_number_and_date(text(cells, "number_and_date"))
                letter_number = letter_number or combined
            raw_date = cell(cells, "letter_date")
            if book.cell_text(raw_date):
                try:
                    letter_date = book.parse_date(raw_date)[0]
                except ValueError:
                    issues.append(
                        ["date", _("Unreadable letter date: %s.", book.cell_text(raw_date))]
                    )
            if letter_date and day and letter_date > day:
                issues.append(["date", _("The letter is dated after it was received.")])
            self._check_values(text, cells, vals, issues, classifications, departments)
            year = day.year if day else None
            if number and year:
                key = (number.lower(), year)
                if key in agendas:
                    issues.append(
                        [
                            "duplicate",
                            _("Agenda number %s of that year is already in the register.", number),
                        ]
                    )
                if year not in patterns:
                    patterns[year] = Letter._surat_history_live_pattern(company, year)
                live = patterns[year]
                if (
                    key not in agendas  # a number already in the register is a duplicate
                    and live
                    and live.match(number)
                    and (year >= this_year or year in live_years)
                ):
                    issues.append(
                        [
                            "collision",
                            _(
                                "Agenda number %(number)s has the form of the live register of "
                                "%(year)s, which gives it too: import only books kept before "
                                "the system, or renumber them.",
                                number=number,
                                year=year,
                            ),
                        ]
                    )
            sender = text(cells, "sender")
            if sender and letter_number:
                sender_key = (sender.lower(), book.normalize_key(letter_number), letter_date)
                if sender_key in senders:
                    issues.append(
                        [
                            "duplicate",
                            _(
                                "A letter %(number)s from this sender is already in the register.",
                                number=letter_number,
                            ),
                        ]
                    )
            else:
                sender_key = None
            wanted = text(cells, "scan")
            keys = [wanted] if wanted else [number, letter_number]
            scan = self._find_scan(archive, scans, keys, bool(wanted), issues)
            vals.update(
                subject=text(cells, "subject"),
                summary=text(cells, "summary") or False,
                letter_number=letter_number or False,
                letter_date=letter_date or False,
                received_date=received,
                addressee=text(cells, "addressee") or False,
                note=text(cells, "note") or False,
            )
            rows.append(
                {
                    "line": line,
                    "vals": vals,
                    "sender": sender,
                    "number": number,
                    "key": (number.lower(), year) if number and year else None,
                    "sender_key": sender_key,
                    "disposed_to": text(cells, "disposed_to") or False,
                    "scan": scan,
                }
            )
        self._check_duplicates_in_file(
            rows,
            problems,
            [
                ("key", _("Agenda number %(number)s appears again on row(s) %(lines)s.")),
                (
                    "sender_key",
                    _("The same letter (sender, number, date) appears again on row(s) %(lines)s."),
                ),
            ],
        )
        return self._validation_result(rows, problems, archive, scans)

    def _outgoing_register(self, company):
        """The outgoing register: ({(number key, date)}, live years, number patterns)."""
        cr = self.env.cr
        # every outgoing letter and memo of the agency, confidential ones included:
        # only whether a number of a date is taken is learnt (the file gives it)
        cr.execute(
            "SELECT letter_number, letter_date FROM surat_letter WHERE company_id = %s "
            "AND direction != 'incoming' AND letter_number IS NOT NULL",
            [company.id],
        )
        taken = {(book.normalize_key(number), day) for number, day in cr.fetchall()}
        pattern = "SK/%s/%%" % company.id
        cr.execute(
            "SELECT register_key FROM surat_letter WHERE register_key LIKE %s UNION "
            "SELECT register_key FROM surat_number_reservation WHERE register_key LIKE %s",
            [pattern, pattern],
        )
        live_years = {int(key.split("/")[3]) for (key,) in cr.fetchall()}
        types = (
            self.env["surat.document.type"]
            .with_context(active_test=False)
            .search([("company_id", "in", [company.id, False])])
        )
        templates = {company.surat_number_template or "{kka}/{seq}/{unit}/{yyyy}"}
        templates.update(filter(None, types.mapped("number_template")))
        return taken, live_years, templates

    def _validate_outgoing(self):
        """_validate for the outgoing book: numbers and dates instead of agenda numbers."""
        mapping = self._mapping()
        _sheet, _headings, table = self._read_table()
        archive, scans = self._scan_archive()
        company = self.env.company
        today = company._surat_now().date()
        classifications, departments = self._catalogues(company)[:2]
        taken, live_years, templates = self._outgoing_register(company)
        Letter = self.env["surat.letter"]
        patterns = {}
        problems = defaultdict(list)
        rows = []

        cell, text = self._row_reader(mapping)

        for line, cells in table:
            issues = problems[line]
            vals = {"direction": "outgoing", "company_id": company.id, "user_id": self.env.uid}
            number, letter_date = text(cells, "letter_number"), None
            if "number_and_date" in mapping:
                combined, letter_date = book.split_number_and_date(text(cells, "number_and_date"))
                number = number or combined
            for target in ("addressee", "subject"):
                if not text(cells, target):
                    issues.append(["missing", _("%s is empty.", self._label(target))])
            if not number:
                issues.append(["missing", _("%s is empty.", self._label("letter_number"))])
            raw_date = cell(cells, "letter_date")
            if book.cell_text(raw_date):
                try:
                    letter_date = book.parse_date(raw_date)[0]
                except ValueError:
                    issues.append(
                        ["date", _("Unreadable letter date: %s.", book.cell_text(raw_date))]
                    )
            elif not letter_date:
                issues.append(["missing", _("%s is empty.", self._label("letter_date"))])
            if letter_date and letter_date > today:
                issues.append(["date", _("The letter date is in the future.")])
            self._check_values(text, cells, vals, issues, classifications, departments)
            count, kind = book.parse_enclosure(cell(cells, "enclosure"))
            key = (book.normalize_key(number), letter_date) if number and letter_date else None
            if key and key in taken:
                issues.append(
                    [
                        "duplicate",
                        _("Letter number %s of that date is already in the register.", number),
                    ]
                )
            elif key:
                year = letter_date.year
                if year not in patterns:
                    patterns[year] = [
                        Letter._surat_history_live_pattern(company, year, template)
                        for template in templates
                    ]
                live = (year >= today.year or year in live_years) and any(
                    p and p.match(number) for p in patterns[year]
                )
                if live:
                    issues.append(
                        [
                            "collision",
                            _(
                                "Letter number %(number)s has the form of the live letter "
                                "numbers of %(year)s, which may give it too: import only books "
                                "kept before the system, or renumber them.",
                                number=number,
                                year=year,
                            ),
                        ]
                    )
            wanted = text(cells, "scan")
            scan = self._find_scan(archive, scans, [wanted or number], bool(wanted), issues)
            vals.update(
                subject=text(cells, "subject"),
                summary=text(cells, "summary") or False,
                letter_date=letter_date or False,
                note=text(cells, "note") or False,
                enclosure_count=count,
                enclosure_kind=kind or False,
            )
            rows.append(
                {
                    "line": line,
                    "vals": vals,
                    "sender": text(cells, "addressee"),
                    "number": number,
                    "key": key,
                    "disposed_to": False,
                    "scan": scan,
                }
            )
        self._check_duplicates_in_file(
            rows,
            problems,
            [
                (
                    "key",
                    _("Letter number %(number)s of that date appears again on row(s) %(lines)s."),
                )
            ],
        )
        return self._validation_result(rows, problems, archive, scans)

    def _check_values(self, text, cells, vals, issues, classifications, departments):
        """Classification, security level, urgency and unit of a row (both books)."""
        code = text(cells, "classification")
        if code:
            key = code.strip().lower()
            if key not in classifications:
                key = key.split()[0] if key.split()[0] in classifications else None
            if key:
                vals["classification_id"] = classifications[key]
            else:
                issues.append(["classification", _("Unknown classification code: %s.", code)])
        level_text = book.normalize_heading(text(cells, "security"))
        if level_text:
            if level_text in LEVELS:
                vals["security_level"] = LEVELS[level_text]
            elif level_text in URGENCIES:
                vals["urgency"] = URGENCIES[level_text]
            else:
                issues.append(
                    [
                        "value",
                        _(
                            "Unknown security level (Sifat): %(value)s. Expected: %(list)s.",
                            value=text(cells, "security"),
                            list=", ".join(ID_SECURITY.values()),
                        ),
                    ]
                )
        urgency_text = book.normalize_heading(text(cells, "urgency"))
        if urgency_text:
            if urgency_text in URGENCIES:
                vals["urgency"] = URGENCIES[urgency_text]
            else:
                issues.append(["value", _("Unknown urgency: %s.", text(cells, "urgency"))])
        unit = text(cells, "department")
        if unit:
            if unit.lower() in departments:
                vals["department_id"] = departments[unit.lower()]
            else:
                issues.append(["value", _("Unknown processing unit: %s.", unit)])

    def _find_scan(self, archive, scans, keys, named, issues):
        """The zip entry of a row's scan (by its file name column, else its numbers)."""
        scan = None
        if not archive:
            return None
        for key in filter(None, map(book.normalize_key, keys)):
            infos = scans.get(key, [])
            if len({info.filename for info in infos}) > 1:
                issues.append(["scan", _("Several scans match %s.", key)])
                break
            if infos:
                scan = infos[0]
                break
        if named and not scan:
            issues.append(["scan", _("Scan %s is not in the zip.", keys[0])])
        if scan:
            reason = self._scan_refusal(archive, scan)
            if reason:
                issues.append(["scan", reason])
        return scan

    @staticmethod
    def _row_reader(mapping):
        """``cell(cells, target)`` and ``text(cells, target)`` of a row, by the mapping."""

        def cell(cells, target):
            index = mapping.get(target)
            return cells[index] if index is not None and index < len(cells) else None

        def text(cells, target):
            return book.cell_text(cell(cells, target))

        return cell, text

    @staticmethod
    def _validation_result(rows, problems, archive, scans):
        """What _validate returns: the rows, the rows' problems, the scans no row took."""
        problems = {line: issues for line, issues in problems.items() if issues}
        used = {row["scan"].filename for row in rows if row["scan"]}
        unmatched = sorted({info.filename for infos in scans.values() for info in infos} - used)
        return {"rows": rows, "problems": problems, "archive": archive, "unmatched": unmatched}

    def _check_duplicates_in_file(self, rows, problems, checks):
        """A row whose key (``checks``: (row key, message)) another row of the file has."""
        for field, message in checks:
            lines = defaultdict(list)
            for row in rows:
                if row[field]:
                    lines[row[field]].append(row["line"])
            counts = Counter({key: len(found) for key, found in lines.items()})
            for row in rows:
                if row[field] and counts[row[field]] > 1:
                    others = [str(n) for n in lines[row[field]] if n != row["line"]]
                    problems[row["line"]].append(
                        [
                            "duplicate",
                            message % {"number": row["number"], "lines": ", ".join(others)},
                        ]
                    )

    def _scan_refusal(self, archive, info):
        """Why a scan of the zip cannot be a letter's scan (the upload rules), or None."""
        name = info.filename.rsplit("/", 1)[-1]
        try:
            raw = book.read_entry(archive, info)
        except ValueError:
            what = self.scan_zip_filename or _("The zip of scans")
            raise self._zip_error("ratio", what) from None
        Letter = self.env["surat.letter"]
        reason = Letter._surat_file_refusal(self.env.company, raw, name)
        if not reason and guess_mimetype(raw) not in SCAN_TYPES:
            reason = _("%(name)s is not a scan (PDF or image).", name=name)
        return reason

    def _set_partners(self, rows):
        """Give each row its sender contact; unknown senders become contacts."""
        names = {row["sender"] for row in rows if row["sender"]}
        partners = self._partners(names)
        missing = sorted({n for n in names if n.lower() not in partners}, key=str.lower)
        if missing:
            # sudo: a registry clerk records senders as contacts (name only)
            # when he registers their letters; clerks have no contact rights
            new = (
                self.env["res.partner"]
                # sudo: contacts by name only, for the letters being imported (see above)
                .sudo()
                .create([{"name": name, "is_company": True} for name in missing])
            )
            partners.update({p.name.lower(): p.id for p in new})
        for row in rows:
            row["vals"]["partner_id"] = partners[row["sender"].lower()]

    # ------------------------------------------------------------------
    # The report of the dry run
    # ------------------------------------------------------------------
    def _report_html(self, result):
        problems = result["problems"]
        rows = result["rows"]
        parts = []
        if problems:
            parts.append(
                Markup("<p><strong>%s</strong></p>")
                % _(
                    "%(bad)s of %(count)s row(s) have problems: nothing will be imported "
                    "until they are corrected.",
                    bad=len(problems),
                    count=len(rows),
                )
            )
            lines = [
                Markup("<tr><td>%s</td><td>%s</td></tr>")
                % (line, "; ".join(message for _kind, message in issues))
                for line, issues in sorted(problems.items())[:1000]
            ]
            parts.append(
                Markup("<table class='table table-sm'><tr><th>%s</th><th>%s</th></tr>%s</table>")
                % (_("Row"), _("Problems"), Markup("").join(lines))
            )
        else:
            parts.append(
                Markup("<p>%s</p>")
                % _(
                    "No problem: %(count)s letter(s) will be imported with their agenda "
                    "numbers, %(scans)s with their scan.",
                    count=len(rows),
                    scans=sum(1 for row in rows if row["scan"]),
                )
                if self.book_type != "outgoing"
                else _(
                    "No problem: %(count)s outgoing letter(s) will be imported with their "
                    "letter numbers, %(scans)s with their archive copy.",
                    count=len(rows),
                    scans=sum(1 for row in rows if row["scan"]),
                )
            )
        if result["unmatched"]:
            parts.append(
                Markup("<p>%s</p>")
                % _(
                    "Files of the zip matched to no row (not imported): %s",
                    ", ".join(result["unmatched"][:50]),
                )
            )
        return Markup("").join(parts)
