import base64
import io
import logging
import time as timer
import zipfile
from datetime import date, datetime, time, timedelta

import openpyxl

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from ..models.surat_const import ID_MONTHS
from ..tools import agenda_history
from .common import PDF_BYTES, SuratCommon

_logger = logging.getLogger(__name__)

# the headings of a real register, in its own order, with a title above
HEAD = [
    "No",
    "Tgl. Terima",
    "No. Agenda",
    "Asal Surat",
    "Nomor Surat",
    "Tanggal Surat",
    "Perihal",
    "Kode",
    "Sifat",
    "Diteruskan kepada",
    "Keterangan",
]
SENDERS = ["Dinas Pendidikan Kabupaten %s" % i for i in range(20)]
BAD = {11, 22, 33, 44, 55, 66, 77, 88, 99, 100, 111, 122, 133, 144, 155, 166, 177, 178, 199, 211}


def book_row(i, bad=False):
    """Row i of a 2019 register; `bad` spoils the rows of BAD."""
    day = date(2019, 1, 1) + timedelta(days=i % 360)
    received = [
        "%d %s %d" % (day.day, ID_MONTHS[day.month - 1], day.year),  # 3 Maret 2019
        day.strftime("%d-%m-%Y"),  # 03-03-2019
        "%d/%d/%s" % (day.day, day.month, str(day.year)[2:]),  # 3/3/19
        datetime.combine(day, time(9, 30)),  # an Excel date
    ][i % 4]
    row = [
        i,
        received,
        "%d/SM/2019" % i,
        SENDERS[i % 20],
        "%03d/DISDIK/%d/2019" % (i, i % 12 + 1),
        day - timedelta(days=2),
        "Perihal surat nomor %d" % i,
        "000.1.1",
        ["Biasa", "Terbatas", "Rahasia", "Segera"][i % 4],
        "Sekretaris",
        "",
    ]
    if not bad or i not in BAD:
        return row
    spoil = {
        11: (1, "31-02-2019"),
        22: (1, ""),
        33: (6, ""),
        44: (3, ""),
        55: (2, ""),
        66: (7, "999.99.9"),
        77: (8, "Super Rahasia"),
        88: (5, day + timedelta(days=5)),
        100: (2, "99/SM/2019"),
        111: (2, "9999/SM/2019"),
        122: (1, "3 Maret 2099"),
        133: (1, "kemarin"),
        144: (5, "13-13-2019"),
        155: (7, "ABC"),
        166: (1, "3 Maret 2026"),
        211: (1, "03/03/2019 25:99"),
    }
    if i in spoil:
        column, value = spoil[i]
        row[column] = value
    if i == 166:
        row[2] = "5/SM/2026"  # the live register of 2026 gives that number
    if i == 178:  # the same letter as row 177, under another agenda number
        row[3:6] = book_row(177)[3:6]
    if i == 199:
        row[3] = row[6] = ""
    return row


def xlsx(rows, head=None):
    head = head or HEAD
    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet("Agenda 2019")
    sheet.append(["BUKU AGENDA SURAT MASUK TAHUN 2019"])
    sheet.append([])
    sheet.append(head)
    sheet.append(list(range(1, len(head) + 1)))  # the column numbers under the headings
    for row in rows:
        sheet.append(row)
    output = io.BytesIO()
    workbook.save(output)
    return base64.b64encode(output.getvalue())


def zipped(files):
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return base64.b64encode(output.getvalue())


@tagged("post_install", "-at_install", "surat_history")
class TestHistoryImport(SuratCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Wizard = cls.env["surat.history.import"].with_user(cls.registrar)

    def _wizard(self, data, **values):
        wizard = self.Wizard.create(dict({"data_file": data, "filename": "agenda.xlsx"}, **values))
        wizard.action_read_columns()
        return wizard

    def _problem_lines(self, wizard):
        return {int(line) for line in (wizard.problem_data or {}).get("rows", {})}

    def _imported(self):
        return self.Letter.search_count(
            [("is_imported", "=", True), ("company_id", "=", self.company.id)]
        )

    def test_parse_indonesian_dates(self):
        """The dates of real registers, and the combined number-and-date column."""
        parse = agenda_history.parse_date
        self.assertEqual(parse("3 Maret 2026")[0], date(2026, 3, 3))
        self.assertEqual(parse("Selasa, 3 Maret 2026")[0], date(2026, 3, 3))
        self.assertEqual(parse("03-03-2026")[0], date(2026, 3, 3))
        self.assertEqual(parse("3/3/26")[0], date(2026, 3, 3))
        self.assertEqual(parse("12 Nopember 2019")[0], date(2019, 11, 12))
        self.assertEqual(parse(46084)[0], date(2026, 3, 3))  # Excel serial date
        self.assertEqual(parse("03.03.2026 10.15")[1], time(10, 15))
        for bad in ("31-02-2026", "kemarin", "3 Maretan 2026", 12):
            with self.assertRaises(ValueError):
                parse(bad)
        self.assertEqual(
            agenda_history.split_number_and_date("005/DKI/2026/118 / 09-03-2026"),
            ("005/DKI/2026/118", date(2026, 3, 9)),
        )

    def test_5000_rows_bad_then_fixed(self):
        """The dry run lists exactly the 20 bad rows; the import creates nothing until
        they are fixed, then all 5,000 with their agenda numbers; the live counter
        neither moves nor collides."""
        # an earlier import holds 9999/SM/2019
        earlier = self.Letter.with_user(self.registrar)._surat_history_create(
            [
                self._history_vals(subject="Dari impor sebelumnya"),
            ],
            ["9999/SM/2019"],
        )
        live_before = self._register(subject="Surat hidup sebelum impor")
        self.assertEqual(live_before.agenda_number, "1/SM/%s" % date.today().year)

        rows = [book_row(i, bad=True) for i in range(1, 5001)]
        wizard = self._wizard(xlsx(rows))
        targets = {c.heading: c.target for c in wizard.column_ids}
        self.assertEqual(targets["No. Agenda"], "agenda_number")
        self.assertEqual(targets["Tgl. Terima"], "received_date")
        self.assertEqual(targets["Asal Surat"], "sender")
        self.assertEqual(targets["Kode"], "classification")
        self.assertEqual(targets["Diteruskan kepada"], "disposed_to")
        self.assertEqual(wizard.row_count, 5000)  # the column-number row is skipped
        started = timer.perf_counter()
        wizard.action_dry_run()
        checked = timer.perf_counter() - started
        # rows of the sheet: title, blank, headings, column numbers, then row i at i + 4
        self.assertEqual(self._problem_lines(wizard), {i + 4 for i in BAD})
        self.assertEqual(wizard.problem_count, 20)
        kinds = {
            int(line): {kind for kind, _message in issues}
            for line, issues in wizard.problem_data["rows"].items()
        }
        self.assertEqual(kinds[11 + 4], {"date"})
        self.assertEqual(kinds[66 + 4], {"classification"})
        self.assertEqual(kinds[100 + 4], {"duplicate"})
        self.assertEqual(kinds[111 + 4], {"duplicate"})
        self.assertEqual(kinds[166 + 4], {"collision"})
        self.assertIn("999.99.9", wizard.report)
        with self.assertRaises(UserError):
            wizard.action_import()
        self.assertEqual(self._imported(), 1)

        fixed = [book_row(i) for i in range(1, 5001)]
        wizard = self._wizard(xlsx(fixed))
        if not self.registry.in_test_mode():
            # the progress cursor then shares this test's transaction, as a
            # second cursor shares the committed wizard in production
            self.registry.enter_test_mode(self.env.cr)
            self.addCleanup(self.registry.leave_test_mode)
        started = timer.perf_counter()
        wizard.action_import()
        elapsed = timer.perf_counter() - started
        wizard.invalidate_recordset()
        self.assertEqual(wizard.progress, 100.0)  # committed by the progress cursor
        self.assertEqual(wizard.state, "mapping")  # the import's transaction leaves it alone
        self.env.cr.postcommit.run()  # what the commit of the request runs
        wizard.invalidate_recordset()
        _logger.info(
            "history import: dry run of 5,000 rows %.1f s, check and import %.1f s",
            checked,
            elapsed,
        )
        self.assertLess(elapsed, 90)
        self.assertEqual(wizard.state, "done")
        self.assertEqual(wizard.created_count, 5000)
        self.assertEqual(wizard.progress, 100.0)
        letters = (
            self.Letter.search([("is_imported", "=", True), ("company_id", "=", self.company.id)])
            - earlier
        )
        self.assertEqual(len(letters), 5000)
        self.assertEqual(
            set(letters.mapped("agenda_number")), {"%d/SM/2019" % i for i in range(1, 5001)}
        )
        self.assertEqual(set(letters.mapped("state")), {"done"})
        self.assertFalse(any(letters.mapped("register_key")))
        one = letters.filtered(lambda lt: lt.agenda_number == "2/SM/2019")
        self.assertEqual(one.letter_number, "002/DISDIK/3/2019")
        self.assertEqual(one.letter_date, date(2019, 1, 1))
        self.assertEqual(one.security_level, "secret")  # Sifat: Rahasia
        self.assertEqual(one.registered_by_id, self.registrar)
        self.assertEqual(one.partner_id.name, SENDERS[2])
        self.assertEqual(one.classification_id, self.classification)
        self.assertEqual(one.history_disposed_to, "Sekretaris")
        self.assertEqual(self.company._surat_local(one.received_date).date(), date(2019, 1, 3))
        urgent = letters.filtered(lambda lt: lt.agenda_number == "3/SM/2019")  # an Excel date
        self.assertEqual(self.company._surat_local(urgent.received_date).date(), date(2019, 1, 4))
        self.assertEqual(urgent.urgency, "urgent")  # Sifat: Segera
        # the live register goes on from where it was
        live_after = self._register(subject="Surat hidup sesudah impor")
        self.assertEqual(live_after.agenda_number, "2/SM/%s" % date.today().year)
        # imported letters follow the rules: a secret one stays with those involved
        self.assertFalse(self.Letter.with_user(self.staff).search_count([("id", "=", one.id)]))
        self.assertTrue(self.Letter.with_user(self.head).search_count([("id", "=", one.id)]))
        # and their workflow fields stay the system's
        with self.assertRaises(AccessError):
            one.with_user(self.registrar).write({"agenda_number": "1/X"})
        # the same book a second time: every row is a duplicate
        again = self._wizard(xlsx(fixed[:50]))
        again.action_dry_run()
        self.assertEqual(again.problem_count, 50)

    def _history_vals(self, **values):
        vals = {
            "direction": "incoming",
            "subject": "Surat lama",
            "partner_id": self.partner_sender.id,
            "received_date": datetime(2019, 5, 2, 3, 0),
            "company_id": self.company.id,
        }
        vals.update(values)
        return vals

    def test_scans_from_zip(self):
        """Scans are matched by agenda number or by the file name column, checked like
        any upload; files matched to nothing are reported."""
        rows = [book_row(i) for i in (1, 2, 3)]
        scans = {
            "1-SM-2019.pdf": PDF_BYTES,
            "folder/2_SM_2019.PDF": PDF_BYTES,
            "lain.pdf": PDF_BYTES,
        }
        wizard = self._wizard(xlsx(rows), scan_zip=zipped(scans), scan_zip_filename="scan.zip")
        wizard.action_dry_run()
        self.assertEqual(wizard.problem_count, 0, wizard.report)
        self.assertEqual(wizard.scan_count, 2)
        self.assertIn("lain.pdf", wizard.report)
        wizard.action_import()
        letters = self.Letter.search(
            [("is_imported", "=", True), ("company_id", "=", self.company.id)],
            order="agenda_number",
        )
        self.assertEqual(letters.mapped("agenda_number"), ["1/SM/2019", "2/SM/2019", "3/SM/2019"])
        self.assertTrue(letters[0].scan_file and letters[0].scan_sha256)
        self.assertEqual(letters[1].scan_filename, "2_SM_2019.PDF")
        self.assertFalse(letters[2].scan_file)

        # a file that is not a scan, named as one, is the row's problem
        rows = [book_row(i) for i in (4, 5)]
        wizard = self._wizard(
            xlsx(rows),
            scan_zip=zipped({"4-SM-2019.pdf": b"MZ\x90\x00 not a pdf at all"}),
        )
        wizard.action_dry_run()
        self.assertEqual(self._problem_lines(wizard), {5})
        self.assertEqual(wizard.problem_data["rows"]["5"][0][0], "scan")

    def test_hostile_zip_refused(self):
        """Path traversal, a zip bomb, an encrypted-looking or broken zip: refused whole,
        nothing created."""
        rows = [book_row(1)]
        traversal = zipped({"../../etc/1-SM-2019.pdf": PDF_BYTES})
        bomb = zipped({"1-SM-2019.pdf": b"%PDF-1.4\n" + b"\0" * (20 * 1024 * 1024)})
        for archive in (traversal, bomb, base64.b64encode(b"PK\x03\x04 broken")):
            wizard = self._wizard(xlsx(rows), scan_zip=archive)
            with self.assertRaises(UserError):
                wizard.action_dry_run()
            with self.assertRaises(UserError):
                wizard.action_import()
        self.assertEqual(self._imported(), 0)
        # a workbook that is a zip bomb is refused before it is opened
        with self.assertRaises(UserError):
            self._wizard(bomb)

    def test_csv_latin1_semicolon_any_order(self):
        """A CSV saved by a spreadsheet in Latin-1 with ';', headings in another order."""
        lines = [
            "Perihal;Hal lain;No. Agenda;Tanggal Diterima;Pengirim;Nomor dan Tanggal Surat;Ket",
            "Undangan Rapat Koperasi;;12/SM/2018;5 Desember 2018;Koperasi Karyawan « Maju »;"
            "KOP/12/2018 / 3 Desember 2018;dibawa kurir",
        ]
        raw = "\r\n".join(lines).encode("latin-1")
        wizard = self._wizard(base64.b64encode(raw), filename="agenda.csv")
        targets = {c.heading: c.target for c in wizard.column_ids}
        self.assertEqual(targets["Perihal"], "subject")
        self.assertFalse(targets["Hal lain"])  # the first "subject" column wins
        self.assertEqual(targets["Nomor dan Tanggal Surat"], "number_and_date")
        wizard.action_dry_run()
        self.assertEqual(wizard.problem_count, 0, wizard.report)
        wizard.action_import()
        letter = self.Letter.search(
            [("agenda_number", "=", "12/SM/2018"), ("company_id", "=", self.company.id)]
        )
        self.assertEqual(letter.partner_id.name, "Koperasi Karyawan « Maju »")
        self.assertEqual(letter.letter_number, "KOP/12/2018")
        self.assertEqual(letter.letter_date, date(2018, 12, 3))
        self.assertEqual(letter.note, "dibawa kurir")
        self.assertEqual(letter.state, "done")

    def test_mapping_is_editable(self):
        """The clerk corrects a guess; two columns for one meaning are refused."""
        wizard = self._wizard(xlsx([book_row(1)]))
        note = wizard.column_ids.filtered(lambda c: c.heading == "Keterangan")
        subject = wizard.column_ids.filtered(lambda c: c.heading == "Perihal")
        note.target = "subject"
        with self.assertRaises(UserError):
            wizard.action_dry_run()
        subject.target = False
        wizard.action_dry_run()
        self.assertEqual(self._problem_lines(wizard), {5})  # Keterangan is empty
        self.assertIn("Subject is empty", wizard.report)

    def test_only_registry_clerks_import(self):
        data = xlsx([book_row(1)])
        for user in (self.manager, self.head, self.staff):
            wizard = (
                self.env["surat.history.import"]
                .with_user(self.registrar)
                .create({"data_file": data})
            )
            with self.assertRaises(AccessError):
                wizard.with_user(user).action_read_columns()
            with self.assertRaises(AccessError):
                self.Letter.with_user(user)._surat_history_create(
                    [self._history_vals()], ["1/SM/2019"]
                )
        # the clerk cannot slip a workflow field in through the values
        with self.assertRaises(UserError):
            self.Letter.with_user(self.registrar)._surat_history_create(
                [self._history_vals(state="draft")], ["1/SM/2019"]
            )

    def test_live_registration_never_reuses_an_imported_number(self):
        """A letter received back in an imported year cannot take an imported number."""
        self.Letter.with_user(self.registrar)._surat_history_create(
            [self._history_vals()], ["1/SM/2019"]
        )
        letter = self.Letter.with_user(self.registrar).create(
            self._incoming_vals(received_date=datetime(2019, 6, 1, 3, 0), letter_date=False)
        )
        with self.assertRaises(UserError):
            letter.action_register()

    def test_export_round_trip(self):
        """Export the letters and dispositions, re-import the book: only duplicates."""
        normal = self._register(subject='=HYPERLINK("http://x")', letter_date=date(2026, 3, 2))
        self._dispose(normal, self.kabid, note="Hadiri")
        self._register(subject="Surat rahasia", security_level="secret", letter_number="R-1")
        self.Letter.with_user(self.registrar)._surat_history_create(
            [self._history_vals(subject="Surat lama", letter_number="LAMA/1")],
            ["77/SM/2019"],
            disposed_to=["Kabid Aptika"],
        )
        export = self.env["surat.history.export"].with_user(self.registrar).create({})
        export.action_export()
        workbook = openpyxl.load_workbook(io.BytesIO(base64.b64decode(export.file_data)))
        self.assertEqual(
            workbook.sheetnames,
            [
                "Buku Agenda Surat Masuk",
                "Buku Agenda Surat Keluar",
                "Register Nota Dinas",
                "Register Disposisi",
            ],
        )
        incoming = list(workbook["Buku Agenda Surat Masuk"].iter_rows(values_only=True))
        self.assertIn('=HYPERLINK("http://x")', [row[5] for row in incoming])  # text, no formula
        self.assertEqual(
            {
                cell.data_type
                for row in workbook["Buku Agenda Surat Masuk"].iter_rows()
                for cell in row
            }
            - {"s", "n"},
            set(),
        )
        disposition_rows = [r for r in workbook["Register Disposisi"].iter_rows(values_only=True)]
        self.assertIn("Kabid Aptika", disposition_rows[4])
        wizard = self._wizard(export.file_data)
        self.assertEqual(wizard.sheet_name, "Buku Agenda Surat Masuk")
        self.assertEqual(wizard.row_count, 3)
        wizard.action_dry_run()
        self.assertEqual(wizard.problem_count, 3, wizard.report)
        kinds = {kind for issues in wizard.problem_data["rows"].values() for kind, _m in issues}
        self.assertEqual(kinds, {"duplicate"})
        # a handover is the registry's, the head's or the administrator's
        with self.assertRaises(AccessError):
            self.env["surat.history.export"].with_user(self.kabid).create({})
        head_export = (
            self.env["surat.history.export"].with_user(self.head).create({"include_scans": True})
        )
        head_export.action_export()
        archive = zipfile.ZipFile(io.BytesIO(base64.b64decode(head_export.file_data)))
        names = archive.namelist()
        self.assertIn("scans/%s.pdf" % agenda_history.normalize_key(normal.agenda_number), names)


# an outgoing book (Buku Agenda Surat Keluar): its own headings, in its own order
OUT_HEAD = [
    "No",
    "Tanggal",
    "Nomor Surat",
    "Kepada / Tujuan",
    "Perihal / Hal",
    "Klasifikasi / Kode",
    "Sifat",
    "Lampiran",
    "Keterangan",
    "Pengolah / Unit",
]
OUT_BAD = {11, 22, 40, 41, 60, 75}


@tagged("post_install", "-at_install", "surat_history")
class TestHistoryImportOutgoing(SuratCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Wizard = cls.env["surat.history.import"].with_user(cls.registrar)

    _wizard = TestHistoryImport._wizard
    _problem_lines = TestHistoryImport._problem_lines
    _imported = TestHistoryImport._imported

    def out_row(self, i, bad=False):
        """Row i of a 2019 outgoing book; `bad` spoils the rows of OUT_BAD."""
        day = date(2019, 1, 1) + timedelta(days=i % 360)
        row = [
            i,
            ["%d %s %d" % (day.day, ID_MONTHS[day.month - 1], day.year), day][i % 2],
            "000.1.1/%d/UJI/2019" % i,
            SENDERS[i % 20],
            "Surat keluar nomor %d" % i,
            "000.1.1",
            ["Biasa", "Terbatas", "Rahasia", "Segera"][i % 4],
            ["1 (satu) berkas", "-", ""][i % 3],
            "",
            self.dept_aptika.name,
        ]
        if not bad or i not in OUT_BAD:
            return row
        if i == 11:
            row[1] = "31-02-2019"
        elif i == 22:
            row[5] = "999.99.9"
        elif i == 41:  # the same number and date as row 40
            row[1:3] = self.out_row(40)[1:3]
        elif i == 60:  # already in the register
            row[1:3] = [date(2019, 5, 2), "LAMA/KELUAR/1"]
        elif i == 75:  # the form the live numbering gives this year
            row[1:3] = [date(date.today().year, 1, 1), "000.1.1/5/UJI/%s" % date.today().year]
        return row

    def _outgoing_wizard(self, data, **values):
        return self._wizard(data, book_type="outgoing", **values)

    def _signed_live(self):
        """A live outgoing letter, drafted, approved and signed."""
        letter = self.Letter.with_user(self.staff).create(
            {
                "direction": "outgoing",
                "subject": "Surat keluar hidup",
                "partner_id": self.partner_sender.id,
                "document_type_id": self.env.ref("surat_menyurat.document_type_letter").id,
                "classification_id": self.classification.id,
                "body": "<p>Dengan hormat.</p>",
            }
        )
        letter.action_submit()
        while letter.state == "in_review":
            letter.with_user(letter.current_reviewer_id).action_approve()
        letter.with_user(letter.signer_id).action_sign()
        return letter

    def _outgoing_vals(self, **values):
        vals = {
            "direction": "outgoing",
            "subject": "Surat keluar lama",
            "partner_id": self.partner_sender.id,
            "letter_date": date(2019, 5, 2),
            "company_id": self.company.id,
        }
        vals.update(values)
        return vals

    def test_outgoing_book_bad_then_fixed(self):
        """The dry run lists exactly the 6 bad rows; nothing is created until they are
        fixed, then every letter with its own number, outside the live counter."""
        year = date.today().year
        self.Letter.with_user(self.registrar)._surat_history_create(
            [self._outgoing_vals()], ["LAMA/KELUAR/1"], state="sent"
        )
        before = self._signed_live()
        self.assertEqual(before.letter_number, "000.1.1/1/UJI/%s" % year)
        wizard = self._outgoing_wizard(
            xlsx([self.out_row(i, bad=True) for i in range(1, 301)], OUT_HEAD)
        )
        targets = {c.heading: c.target for c in wizard.column_ids}
        self.assertEqual(targets["Tanggal"], "letter_date")
        self.assertEqual(targets["Kepada / Tujuan"], "addressee")
        self.assertEqual(targets["Lampiran"], "enclosure")
        self.assertEqual(targets["Pengolah / Unit"], "department")
        wizard.action_dry_run()
        self.assertEqual(self._problem_lines(wizard), {i + 4 for i in OUT_BAD}, wizard.report)
        kinds = {
            int(line) - 4: {kind for kind, _message in issues}
            for line, issues in wizard.problem_data["rows"].items()
        }
        self.assertEqual(kinds[11], {"date"})
        self.assertEqual(kinds[22], {"classification"})
        self.assertEqual(kinds[40], {"duplicate"})
        self.assertEqual(kinds[60], {"duplicate"})
        self.assertEqual(kinds[75], {"collision"})
        with self.assertRaises(UserError):
            wizard.action_import()
        self.assertEqual(self._imported(), 1)
        # an incoming state is no state of an outgoing letter
        wizard.import_state = "registered"
        with self.assertRaises(UserError):
            wizard.action_dry_run()

        wizard = self._outgoing_wizard(
            xlsx([self.out_row(i) for i in range(1, 301)], OUT_HEAD), import_state="sent"
        )
        wizard.action_dry_run()
        self.assertEqual(wizard.problem_count, 0, wizard.report)
        wizard.action_import()
        letters = self.Letter.search(
            [
                ("is_imported", "=", True),
                ("company_id", "=", self.company.id),
                ("letter_number", "like", "%/UJI/2019"),
            ]
        )
        self.assertEqual(
            set(letters.mapped("letter_number")), {"000.1.1/%d/UJI/2019" % i for i in range(1, 301)}
        )
        self.assertEqual(set(letters.mapped("direction")), {"outgoing"})
        self.assertEqual(set(letters.mapped("state")), {"sent"})
        self.assertFalse(any(letters.mapped("register_key")) or any(letters.mapped("register_seq")))
        one = letters.filtered(lambda lt: lt.letter_number == "000.1.1/3/UJI/2019")
        self.assertEqual(one.letter_date, date(2019, 1, 4))
        self.assertEqual(one.partner_id.name, SENDERS[3])
        self.assertEqual(one.urgency, "urgent")  # Sifat: Segera
        self.assertEqual(one.department_id, self.dept_aptika)
        self.assertEqual(
            letters.filtered(lambda lt: lt.letter_number.startswith("000.1.1/2/")).security_level,
            "secret",
        )
        self.assertEqual(one.enclosure_count, 1)
        self.assertEqual(one.enclosure_kind, "berkas")
        # the live counter goes on from where it was
        after = self._signed_live()
        self.assertEqual(after.letter_number, "000.1.1/2/UJI/%s" % year)
        # normal letters under the rules: a secret one stays with those involved
        secret = letters.filtered(lambda lt: lt.security_level == "secret")[:1]
        self.assertFalse(self.Letter.with_user(self.staff).search_count([("id", "=", secret.id)]))
        with self.assertRaises(AccessError):
            one.with_user(self.registrar).write({"letter_number": "1/X"})
        # no workflow field through the values, no incoming state
        for vals, state in (
            (self._outgoing_vals(letter_number="X/1"), "sent"),
            (self._outgoing_vals(signed_attachment_id=1), "sent"),
            (self._outgoing_vals(), "registered"),
        ):
            with self.assertRaises(UserError):  # AccessError is one too
                self.Letter.with_user(self.registrar)._surat_history_create(
                    [vals], ["X/2"], state=state
                )

    def test_outgoing_scans_and_round_trip(self):
        """Archive copies matched by letter number; the export reads back as duplicates."""
        live = self._signed_live()
        rows = [self.out_row(i) for i in (1, 2, 3)]
        scans = {"000-1-1-1-UJI-2019.pdf": PDF_BYTES, "arsip/000_1_1_2_UJI_2019.PDF": PDF_BYTES}
        wizard = self._outgoing_wizard(xlsx(rows, OUT_HEAD), scan_zip=zipped(scans))
        wizard.action_dry_run()
        self.assertEqual(wizard.problem_count, 0, wizard.report)
        self.assertEqual(wizard.scan_count, 2)
        wizard.action_import()
        letters = self.Letter.search(
            [("is_imported", "=", True), ("company_id", "=", self.company.id)],
            order="letter_number",
        )
        self.assertEqual(len(letters), 3)
        self.assertTrue(letters[0].scan_file and letters[0].scan_sha256)
        self.assertEqual(letters[1].scan_filename, "000_1_1_2_UJI_2019.PDF")
        self.assertFalse(letters[2].scan_file)

        export = self.env["surat.history.export"].with_user(self.registrar).create({})
        export.action_export()
        wizard = self._outgoing_wizard(export.file_data)
        self.assertEqual(wizard.sheet_name, "Buku Agenda Surat Keluar")
        self.assertEqual(wizard.row_count, 4)
        wizard.action_dry_run()
        self.assertEqual(wizard.problem_count, 4, wizard.report)
        kinds = {kind for issues in wizard.problem_data["rows"].values() for kind, _m in issues}
        self.assertEqual(kinds, {"duplicate"})
        self.assertIn(live.letter_number, wizard.report)

    def test_live_numbering_never_reuses_an_imported_number(self):
        """Should a book letter hold the number the live counter gives next, signing
        refuses it rather than give it twice."""
        number = "000.1.1/1/UJI/%s" % date.today().year
        self.Letter.with_user(self.registrar)._surat_history_create(
            [self._outgoing_vals()], [number], state="done"
        )
        with self.assertRaises(UserError):
            self._signed_live()
