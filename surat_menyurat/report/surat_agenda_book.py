"""The agenda books (Buku Agenda): one code for the XLSX and the PDF.

A book lists only what its reader may read: the letters are searched under
the record rules, so a letter he may not read is left out, never masked (he
must not learn it exists). Rows are built a chunk at a time, with the cache
emptied between chunks, so a month of 10,000 letters stays in bounded memory.
The headings are Indonesian whatever the reader's language: these are the
agency's official registers (Permendagri 1/2023).
"""

import io

import xlsxwriter

from odoo import _, api, models
from odoo.exceptions import UserError
from odoo.tools import split_every
from odoo.tools.pdf import PdfFileWriter, PdfReader

from ..models.surat_const import ID_SECURITY

CHUNK = 1000

BOOKS = {
    "incoming": {
        "title": "BUKU AGENDA SURAT MASUK",
        "columns": [
            ("No", 5),
            ("Nomor Agenda", 16),
            ("Tanggal Diterima", 12),
            ("Pengirim", 28),
            ("Nomor dan Tanggal Surat", 24),
            ("Perihal", 40),
            ("Klasifikasi", 11),
            ("Sifat", 11),
            ("Didisposisikan kepada", 26),
            ("Keterangan", 20),
        ],
    },
    "outgoing": {
        "title": "BUKU AGENDA SURAT KELUAR",
        "columns": [
            ("No", 5),
            ("Nomor Surat", 24),
            ("Tanggal Surat", 12),
            ("Kepada", 28),
            ("Perihal", 40),
            ("Klasifikasi", 11),
            ("Sifat", 11),
            ("Penandatangan", 22),
            ("Unit Pengolah", 20),
            ("Keterangan", 20),
        ],
    },
    "dispatch": {
        "title": "BUKU EKSPEDISI",
        "columns": [
            ("No", 5),
            ("Tanggal Kirim", 12),
            ("Nomor dan Tanggal Surat", 24),
            ("Kepada", 28),
            ("Perihal", 36),
            ("Cara Kirim", 14),
            ("Nama Penerima", 20),
            ("Tanda Tangan Penerima", 20),
            ("Keterangan", 16),
        ],
    },
    "disposition": {
        "title": "REGISTER DISPOSISI",
        "columns": [
            ("No", 5),
            ("Nomor Agenda", 16),
            ("Perihal", 36),
            ("Sifat", 11),
            ("Dari", 20),
            ("Kepada", 20),
            ("Tanggal Disposisi", 12),
            ("Batas Waktu", 12),
            ("Tanggal Laporan", 12),
            ("Status", 12),
            ("Keterangan", 24),
        ],
    },
    "memo": {
        "title": "REGISTER NOTA DINAS",
        "columns": [
            ("No", 5),
            ("Nomor Nota Dinas", 24),
            ("Tanggal", 12),
            ("Dari", 24),
            ("Kepada", 28),
            ("Perihal", 40),
            ("Klasifikasi", 11),
            ("Sifat", 11),
            ("Keterangan", 20),
        ],
    },
}
# which letters each book lists, and in which order
BOOK_LETTERS = {
    "incoming": ([("direction", "=", "incoming")], "received_date, register_seq, id"),
    "outgoing": ([("direction", "=", "outgoing")], "letter_date, letter_number, id"),
    "dispatch": ([("direction", "=", "outgoing")], "dispatch_date, letter_number, id"),
    "disposition": ([], "received_date, id"),
    "memo": ([("direction", "=", "internal")], "letter_date, letter_number, id"),
}
ID_CHANNEL = {
    "email": "Surel",
    "post": "Pos",
    "courier": "Kurir",
    "hand": "Diantar langsung",
    "srikandi": "SRIKANDI",
    "agency": "Elektronik antar-instansi",
}
ID_DISPOSITION_STATE = {
    "sent": "Terkirim",
    "read": "Dibaca",
    "in_progress": "Diproses",
    "reported": "Dilaporkan",
    "done": "Selesai",
    "cancelled": "Ditarik",
}


class ReportAgendaBook(models.AbstractModel):
    _name = "report.surat_menyurat.report_agenda_book"
    _description = "Agenda Book"

    # ------------------------------------------------------------------
    # What a book lists
    # ------------------------------------------------------------------
    @api.model
    def _check_book(self, book):
        if not isinstance(book, str) or book not in BOOKS:
            raise UserError(_("Unknown agenda book: %s.", book))

    @api.model
    def _readable_letters(self, book, ids):
        """The letters of `ids` the caller may read, in the book's order."""
        domain, order = BOOK_LETTERS[book]
        if isinstance(ids, int):
            ids = [ids]
        if not isinstance(ids, list | tuple):
            raise UserError(_("Give the letters of the book as a list of ids."))
        ids = [i for i in ids if isinstance(i, int) and not isinstance(i, bool)]
        return self.env["surat.letter"].search([("id", "in", ids), *domain], order=order)

    @api.model
    def _records(self, book, ids, disposition_domain=None):
        """The records one row each: letters, or the dispositions of the letters."""
        letters = self._readable_letters(book, ids)
        if book != "disposition":
            return letters
        return self.env["surat.disposition"].search(
            [("letter_id", "in", letters.ids), *(disposition_domain or [])],
            order="create_date, id",
        )

    @api.model
    def _iter_rows(self, book, records, log_action):
        """Rows of cell texts, a chunk at a time; confidential letters are logged."""
        number = 0
        model = records._name
        for chunk_ids in split_every(CHUNK, records.ids):
            chunk = self.env[model].browse(chunk_ids)
            letters = chunk if model == "surat.letter" else chunk.letter_id
            letters._surat_log_access(log_action)
            rows = []
            for record in chunk:
                number += 1
                rows.append([number, *getattr(self, "_row_%s" % book)(record)])
            yield rows
            self.env.invalidate_all()

    # ------------------------------------------------------------------
    # One row per book
    # ------------------------------------------------------------------
    @api.model
    def _date(self, value):
        return value.strftime("%d-%m-%Y") if value else ""

    @api.model
    def _local_date(self, letter, value):
        return self._date(letter.company_id._surat_local(value).date()) if value else ""

    @api.model
    def _number_and_date(self, letter):
        return " / ".join(filter(None, [letter.letter_number, self._date(letter.letter_date)]))

    @api.model
    def _row_incoming(self, letter):
        top = letter.disposition_ids.filtered(lambda d: not d.parent_id and d.state != "cancelled")
        return [
            letter.agenda_number or "",
            self._local_date(letter, letter.received_date),
            letter.partner_id.name or "",
            self._number_and_date(letter),
            letter.subject or "",
            letter.classification_id.code or "",
            ID_SECURITY.get(letter.security_level, ""),
            ", ".join(top.user_id.mapped("name")) or letter.history_disposed_to or "",
            letter.note or "",
        ]

    @api.model
    def _row_outgoing(self, letter):
        return [
            letter.letter_number or "",
            self._date(letter.letter_date),
            letter.partner_id.name or letter.addressee or "",
            letter.subject or "",
            letter.classification_id.code or "",
            ID_SECURITY.get(letter.security_level, ""),
            (letter.signed_by_id or letter.signer_id).name or "",
            letter.department_id.name or "",
            letter.note or "",
        ]

    @api.model
    def _row_dispatch(self, letter):
        channel = ID_CHANNEL.get(letter.dispatch_channel, "")
        if letter.dispatch_receipt:
            channel = "%s (%s)" % (channel, letter.dispatch_receipt)
        return [
            self._date(letter.dispatch_date),
            self._number_and_date(letter),
            letter.partner_id.name or letter.addressee or "",
            letter.subject or "",
            channel,
            "",  # the receiver writes his name
            "",  # and signs
            letter.note or "",
        ]

    @api.model
    def _row_disposition(self, disposition):
        letter = disposition.letter_id
        return [
            letter.agenda_number or letter.letter_number or "",
            letter.subject or "",
            ID_SECURITY.get(letter.security_level, ""),
            disposition.author_id.name or "",
            disposition.user_id.name or "",
            self._local_date(letter, disposition.create_date),
            self._date(disposition.deadline),
            self._local_date(letter, disposition.report_date),
            ID_DISPOSITION_STATE.get(disposition.state, ""),
            ", ".join(
                filter(None, [*disposition.instruction_ids.mapped("name"), disposition.note])
            ),
        ]

    @api.model
    def _row_memo(self, letter):
        return [
            letter.letter_number or "",
            self._date(letter.letter_date),
            (letter.signed_by_id or letter.signer_id or letter.user_id).name or "",
            ", ".join(letter.recipient_user_ids.mapped("name")),
            letter.subject or "",
            letter.classification_id.code or "",
            ID_SECURITY.get(letter.security_level, ""),
            letter.note or "",
        ]

    # ------------------------------------------------------------------
    # XLSX
    # ------------------------------------------------------------------
    @api.model
    def _book_xlsx(self, book, ids, subtitle=None, disposition_domain=None):
        """The book as XLSX bytes (xlsxwriter streams rows to disk: constant memory)."""
        return self._books_xlsx([(book, ids, disposition_domain)], subtitle)

    @api.model
    def _books_xlsx(self, books, subtitle=None):
        """Several books, one sheet each, as XLSX bytes; `books`: (book, ids, domain)."""
        for book, _ids, _domain in books:
            self._check_book(book)
        output = io.BytesIO()
        # a subject typed as "=..." stays text: no formula runs in the reader's spreadsheet
        workbook = xlsxwriter.Workbook(
            output,
            {"constant_memory": True, "strings_to_formulas": False, "strings_to_urls": False},
        )
        formats = {
            "bold": workbook.add_format({"bold": True}),
            "head": workbook.add_format(
                {
                    "bold": True,
                    "border": 1,
                    "align": "center",
                    "valign": "vcenter",
                    "text_wrap": True,
                }
            ),
            "cell": workbook.add_format({"border": 1, "valign": "top", "text_wrap": True}),
        }
        for book, ids, disposition_domain in books:
            records = self._records(book, ids, disposition_domain)
            self._write_sheet(workbook, formats, book, records, subtitle)
        workbook.close()
        return output.getvalue()

    @api.model
    def _write_sheet(self, workbook, formats, book, records, subtitle):
        spec = BOOKS[book]
        sheet = workbook.add_worksheet(spec["title"][:31].title())
        sheet.set_landscape()
        sheet.set_paper(9)  # A4
        sheet.fit_to_pages(1, 0)
        sheet.repeat_rows(3)
        for index, (_label, width) in enumerate(spec["columns"]):
            sheet.set_column(index, index, width)
        sheet.write(0, 0, spec["title"], formats["bold"])
        sheet.write(1, 0, subtitle or self.env.company.name, formats["bold"])
        for index, (label, _width) in enumerate(spec["columns"]):
            sheet.write(3, index, label, formats["head"])
        line = 4
        for rows in self._iter_rows(book, records, "export"):
            for row in rows:
                sheet.write_row(line, 0, row, formats["cell"])
                line += 1

    # ------------------------------------------------------------------
    # PDF (QWeb): the wizard is the document; one article per chunk
    # ------------------------------------------------------------------
    @api.model
    def _get_report_values(self, docids, data=None):
        wizard = self.env["surat.agenda.book.wizard"].browse(docids[:1])
        wizard.check_access("read")
        book = wizard.book
        self._check_book(book)
        records = self._records(book, wizard._letter_ids(), wizard._disposition_domain())
        return {
            "doc_ids": docids,
            "doc_model": "surat.agenda.book.wizard",
            "docs": wizard,
            "title": BOOKS[book]["title"],
            "subtitle": wizard._subtitle(),
            "columns": [label for label, _width in BOOKS[book]["columns"]],
            "widths": [width for _label, width in BOOKS[book]["columns"]],
            "chunks": self._iter_rows(book, records, "print"),
            "empty": not records,
            "show_title": True,
        }

    @api.model
    def _render_pdf_chunks(self, report, docids, data=None):
        """One wkhtmltopdf run per chunk of rows, merged: memory stays that of a
        chunk whatever the month's size (and Debian's wkhtmltopdf, built on an
        unpatched Qt, takes a single input document)."""
        values = self._get_report_values(docids, data)
        chunks = values.pop("chunks")
        pdfs = []
        for index, rows in enumerate(chunks if not values["empty"] else [[]]):
            chunk_values = dict(values, chunks=[rows] if rows else [], show_title=index == 0)
            html = report._render_template(report.report_name, chunk_values)
            bodies, _ids, header, footer, args = report._prepare_html(
                html, report_model=report.model
            )
            pdfs.append(
                report._run_wkhtmltopdf(
                    bodies,
                    report_ref=report,
                    header=header,
                    footer=footer,
                    specific_paperformat_args=args,
                )
            )
            del html, bodies
        if len(pdfs) == 1:
            return pdfs[0]
        writer = PdfFileWriter()
        for pdf in pdfs:
            for page in PdfReader(io.BytesIO(pdf), strict=False).pages:
                writer.add_page(page)
        output = io.BytesIO()
        writer.write(output)
        return output.getvalue()
