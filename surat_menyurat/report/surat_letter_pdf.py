"""The letter PDF laid out as Permendagri 1/2023 prescribes (docs/naskah-dinas.md).

The layout pieces the QWeb template cannot decide alone live here: the
letterhead (agency or unit), the signature block of each signing capacity,
the body filled from the document type's template, and the page numbers,
stamped from page 2 on after rendering (Debian's wkhtmltopdf takes no
header or footer). Each letter is rendered on its own and the PDFs merged:
that build also refuses several input files in one run.
"""

import base64
import io
import re

from markupsafe import Markup, escape

from odoo import api, models
from odoo.tools.image import image_data_uri
from odoo.tools.pdf import (
    ArrayObject,
    NameObject,
    PdfFileReader,
    PdfFileWriter,
    generic,
)

from ..models.surat_const import ID_MONTHS, ID_SECURITY
from ..models.surat_letter_outgoing import _ensure_runtime_dir

# Paper per agency (Permendagri 1/2023, Lampiran: "Kertas"): F4 by default, A4 allowed.
PAPERFORMATS = {
    "f4": "surat_menyurat.paperformat_surat_f4",
    "a4": "surat_menyurat.paperformat_surat_letter",
}
FloatObject = generic.FloatObject
MM = 72 / 25.4
ID_DAYS = ["Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu"]
# Indonesia's time zones as written on letters (waktu of a Surat Undangan)
TZ_NAMES = {
    "Asia/Jakarta": "WIB",
    "Asia/Pontianak": "WIB",
    "Asia/Makassar": "WITA",
    "Asia/Jayapura": "WIT",
}
PLACEHOLDER_RE = re.compile(r"\{\{\s*([a-z_]+)\s*\}\}")


def _bare_url(url):
    """The website as a letterhead writes it: no scheme, no trailing slash."""
    return re.sub(r"^https?://", "", (url or "").strip()).rstrip("/")


def _lines(text):
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


class ReportSuratLetterPdf(models.AbstractModel):
    _name = "report.surat_menyurat.letter_pdf"
    _description = "Letter PDF (Naskah Dinas Layout)"

    # ------------------------------------------------------------------
    # Rendering
    # ------------------------------------------------------------------
    @api.model
    def _render_pdf(self, letters):
        """One PDF for `letters`, each laid out on its agency's paper and merged.

        The caller checked read access; the template reads the letterhead,
        the signer's rank and NIP, which the reader may not read himself.
        """
        _ensure_runtime_dir()
        pdfs = []
        for letter in letters:
            # the letter is printed in the agency's language, not the reader's
            lang = letter.company_id.partner_id.lang or self.env.lang
            # sudo: see the docstring (letterhead, signer data)
            doc = letter.sudo().with_context(lang=lang)
            html = (
                self.env["ir.qweb"]
                .sudo()  # sudo: see above
                .with_context(lang=lang)
                ._render(
                    "surat_menyurat.report_surat_letter_standalone",
                    {
                        "o": doc,
                        "docs": doc,
                        "image_data_uri": image_data_uri,
                        "helper": self.sudo(),  # sudo: see above
                    },
                )
            )
            paperformat = self._paperformat(letter)
            # an in-memory report carries the agency's paper; nothing is stored
            report = self.env["ir.actions.report"].new(
                {
                    "name": "Letter",
                    "model": "surat.letter",
                    "report_type": "qweb-pdf",
                    "report_name": "surat_menyurat.report_surat_letter",
                    "paperformat_id": paperformat.id,
                }
            )
            pdf = report._run_wkhtmltopdf([str(html)])
            pdfs.append(self._finish_pdf(pdf, paperformat))
        return pdfs[0] if len(pdfs) == 1 else self._merge(pdfs)

    @api.model
    def _merge(self, pdfs):
        writer = PdfFileWriter()
        for pdf in pdfs:
            for page in PdfFileReader(io.BytesIO(pdf), strict=False).pages:
                writer.add_page(page)
        with io.BytesIO() as buffer:
            writer.write(buffer)
            return buffer.getvalue()

    @api.model
    def _paperformat(self, letter):
        company = letter.company_id or self.env.company
        xmlid = PAPERFORMATS.get(company.surat_paper_format or "f4", PAPERFORMATS["f4"])
        return self.env.ref(xmlid)

    @api.model
    def _finish_pdf(self, pdf, paperformat):
        """Exact paper size, and "- 2 -" centred at the top of every page but the first.

        Qt snaps a 215 x 330 mm page to the 8.5 x 13 in folio (612 x 936 pt): the
        page box is set back to the paper's size, anchored at the top-left
        corner, which only trims the right and bottom margins by under 1 mm.
        Page numbers follow the rule: none on the first page (it has the kop).
        """
        from reportlab.lib.units import cm
        from reportlab.pdfgen import canvas

        reader = PdfFileReader(io.BytesIO(pdf), strict=False)
        custom = paperformat.format == "custom"
        writer = PdfFileWriter()
        for index, page in enumerate(reader.pages):
            width = float(abs(page.mediabox.width))
            height = float(abs(page.mediabox.height))
            if index:
                packet = io.BytesIO()
                stamp = canvas.Canvas(packet, pagesize=(width, height))
                stamp.setFont("Helvetica", 11)
                stamp.drawCentredString(width / 2, height - 1.25 * cm, "- %d -" % (index + 1))
                stamp.save()
                page.merge_page(PdfFileReader(packet, strict=False).pages[0])
            if custom:
                paper_w = paperformat.page_width * MM
                paper_h = paperformat.page_height * MM
                box = ArrayObject([FloatObject(v) for v in (0, height - paper_h, paper_w, height)])
                page[NameObject("/MediaBox")] = box
                page[NameObject("/CropBox")] = box
            writer.add_page(page)
        with io.BytesIO() as buffer:
            writer.write(buffer)
            return buffer.getvalue()

    # ------------------------------------------------------------------
    # Letterhead (kop naskah dinas)
    # ------------------------------------------------------------------
    @api.model
    def _letterhead_unit(self, letter):
        """The processing unit (or the nearest unit above it) that writes its own letters."""
        department = letter.department_id
        while department:
            if department.surat_own_letterhead:
                return department
            department = department.parent_id
        return letter.env["hr.department"]

    @api.model
    def _letterhead(self, letter):
        company = letter.company_id
        unit = self._letterhead_unit(letter)
        address = ", ".join(
            part
            for part in (
                company.street,
                company.street2,
                " ".join(p for p in (company.city, company.zip) if p),
            )
            if part
        )
        values = {
            "regency": company.surat_regency_line or "",
            "parent": "",
            "name": company.name or "",
            "address": address,
            "phone": company.phone or "",
            "email": company.email or "",
            "website": _bare_url(company.website),
            "logo": company.surat_regency_logo or self._own_logo(company),
        }
        if unit:
            values.update(
                {
                    "parent": company.name or "",
                    "name": unit.surat_letterhead_name or unit.name,
                    "address": unit.surat_letterhead_address or address,
                    "phone": unit.surat_letterhead_phone or values["phone"],
                    "email": unit.surat_letterhead_email or values["email"],
                    "website": _bare_url(unit.surat_letterhead_website) or values["website"],
                }
            )
        values["contact"] = ", ".join(
            "%s %s" % (label, values[key])
            for label, key in (("Telepon", "phone"), ("Pos-el", "email"), ("Laman", "website"))
            if values[key]
        )
        return values

    # ------------------------------------------------------------------
    # Signature block
    # ------------------------------------------------------------------
    @api.model
    def _own_logo(self, company):
        """The agency's logo, never Odoo's "Your logo" placeholder of a new company."""
        if not company.logo or company.logo == company._get_logo():
            return False
        return company.logo

    def _position(self, user, company):
        employee = user._surat_employee(company) if user else False
        return (employee and (employee.job_title or employee.job_id.name) or "").strip()

    @api.model
    def _signature_block(self, letter):
        """Lines of the signature block as the rule writes them for each capacity.

        Own authority: the signer's position. a.n.: "a.n. <principal's
        position>," then the signer's own position. u.b.: a.n. the principal,
        the official one level below him, "u.b." and the signer's position.
        Plt./Plh./Pj.: the capacity before the position held. Then the name,
        the rank (pangkat) and "NIP. ..." (a regional head: the name only).
        """
        company = letter.company_id
        person, employee = self._signature_person(letter)
        capacity = letter.signing_capacity or "own"
        on_behalf = letter.signed_on_behalf_id
        own = self._position(person, company)
        managers = person._surat_manager_users(company) if person else []
        principal = managers[-1] if managers else person
        lines = []
        if on_behalf and capacity == "own":
            # a delegate (Plh) signed for the signer while he was away
            lines = ["Plh. %s," % self._position(on_behalf, company)]
        elif capacity == "an":
            lines = ["a.n. %s" % self._position(principal, company), "%s," % own]
        elif capacity == "ub":
            middle = managers[-2] if len(managers) >= 2 else principal
            lines = [
                "a.n. %s" % self._position(principal, company),
                self._position(middle, company),
                "u.b.",
                "%s," % own,
            ]
        elif capacity in ("plt", "plh", "pj"):
            label = {"plt": "Plt.", "plh": "Plh.", "pj": "Pj."}[capacity]
            held = self._position(on_behalf or principal, company)
            lines = ["%s %s," % (label, held)]
        else:
            lines = ["%s," % own]
        regional_head = bool(employee and employee.surat_regional_head)
        return {
            "lines": [line.upper() if regional_head else line for line in lines],
            "name": (person.name or "").upper() if regional_head else (person.name or ""),
            "rank": "" if regional_head else (employee and employee.surat_rank or ""),
            "nip": "" if regional_head else (employee and employee.surat_nip or ""),
            "regional_head": regional_head,
        }

    # ------------------------------------------------------------------
    # Body from the document type's template
    # ------------------------------------------------------------------
    @api.model
    def _day_date(self, date):
        if not date:
            return ""
        return "%s, %d %s %d" % (
            ID_DAYS[date.weekday()],
            date.day,
            ID_MONTHS[date.month - 1],
            date.year,
        )

    @api.model
    def _event_local(self, letter):
        """The event's start and end in the agency's time zone (stored in UTC)."""
        company = letter.company_id or self.env.company
        return [
            company._surat_local(dt) if dt else None
            for dt in (letter.event_start, letter.event_stop)
        ]

    @api.model
    def _event_day_date(self, letter):
        """Hari, tanggal: "Senin, 2 Maret 2026", a range when the event ends on a later day."""
        start, stop = self._event_local(letter)
        if not start:
            return ""
        if stop and stop.date() > start.date():
            return "%s s.d. %s" % (self._day_date(start.date()), self._day_date(stop.date()))
        return self._day_date(start.date())

    @api.model
    def _event_time(self, letter):
        """Waktu: "09.00 WIB s.d. selesai" (open end) or "09.00 s.d. 11.00 WIB"."""
        start, stop = self._event_local(letter)
        if not start:
            return ""
        zone = TZ_NAMES.get(start.tzinfo.zone, start.strftime("%Z"))
        if stop and stop.date() == start.date():
            return "%s s.d. %s %s" % (start.strftime("%H.%M"), stop.strftime("%H.%M"), zone)
        return "%s %s s.d. selesai" % (start.strftime("%H.%M"), zone)

    @api.model
    def _assignee_table(self, letter):
        rows = []
        for index, employee in enumerate(letter.assignee_employee_ids, start=1):
            cells = [
                ("Nama", employee.name),
                ("Pangkat/Gol.", employee.surat_rank or "-"),
                ("NIP", employee.surat_nip or "-"),
                ("Jabatan", employee.job_title or employee.job_id.name or "-"),
            ]
            for position, (label, value) in enumerate(cells):
                rows.append(
                    Markup("<tr><td>%s</td><td>%s</td><td>:</td><td>%s</td></tr>")
                    % ("%d." % index if not position else "", label, value)
                )
        return Markup('<table class="surat-fields">%s</table>') % Markup("").join(rows)

    @api.model
    def _transmittal_table(self, letter):
        rows = []
        for index, line in enumerate(_lines(letter.transmittal_items), start=1):
            parts = [p.strip() for p in line.split(";")] + ["", ""]
            rows.append(
                Markup("<tr><td>%s</td><td>%s</td><td>%s</td><td>%s</td></tr>")
                % (index, parts[0], parts[1] or "-", parts[2] or "-")
            )
        head = Markup(
            "<tr><th>No.</th><th>Naskah Dinas yang Dikirimkan</th>"
            "<th>Banyaknya</th><th>Keterangan</th></tr>"
        )
        return Markup('<table class="surat-grid">%s%s</table>') % (head, Markup("").join(rows))

    @api.model
    def _placeholders(self, letter):
        """Values of the template placeholders ({{name}}); text is escaped."""
        person, employee = self._signature_person(letter)

        def text(value):
            return Markup("<br/>").join(escape(v) for v in (value or "").splitlines())

        return {
            "isi": letter.body or text(letter.summary),
            "hal": escape(letter.subject or ""),
            "nomor": escape(letter.letter_number or "..../..../...."),
            "tanggal": escape(self._pdf_date(letter)),
            "hari_tanggal": escape(self._event_day_date(letter)),
            "waktu": escape(self._event_time(letter)),
            "tempat": escape(letter.event_location or ""),
            "acara": text(letter.event_agenda),
            "dasar": text(letter.assignment_basis),
            "kepada": self._assignee_table(letter),
            "untuk": text(letter.assignment_purpose),
            "tabel_pengantar": self._transmittal_table(letter),
            "nama_penandatangan": escape(person.name or ""),
            "nip_penandatangan": escape(employee and employee.surat_nip or ""),
            "pangkat_penandatangan": escape(employee and employee.surat_rank or ""),
            "jabatan_penandatangan": escape(self._position(person, letter.company_id)),
        }

    @api.model
    def _body(self, letter):
        """The document type's template with the letter's parts, else the letter's text."""
        template = letter.document_type_id.body_template
        if not template or not str(template).strip() or str(template) == "<p><br></p>":
            return letter.body or escape(letter.summary or "")
        values = self._placeholders(letter)

        def fill(match):
            return str(values.get(match.group(1), match.group(0)))

        return Markup(PLACEHOLDER_RE.sub(fill, str(template)))

    # ------------------------------------------------------------------
    # Parts of the printed letter (called from the QWeb template as helper._x(o))
    # ------------------------------------------------------------------
    @api.model
    def _qr_code_data_uri(self, letter):
        """QR code of the verification link, inline for the PDF."""
        letter.ensure_one()
        if not letter.verify_url:
            return False
        png = self.env["ir.actions.report"].barcode(
            "QR", letter.verify_url, width=220, height=220, quiet=False
        )
        return "data:image/png;base64,%s" % base64.b64encode(png).decode()

    @api.model
    def _reviewer_initials(self, letter):
        """Initials of the reviewers who approved, for the paraf block."""
        letter.ensure_one()
        result = []
        for review in letter.review_ids.sorted(lambda r: (r.sequence, r.id)):
            if review.state != "approved":
                continue
            actor = review.acted_by_id or review.user_id
            initials = "".join(w[:1].upper() for w in (actor.name or "").split()[:3])
            result.append((review, initials))
        return result

    @api.model
    def _pdf_date(self, letter):
        """Letter date as written on Indonesian official letters (28 November 2026)."""
        letter.ensure_one()
        if not letter.letter_date:
            return "................"
        month = ID_MONTHS[letter.letter_date.month - 1]
        return "%d %s %d" % (letter.letter_date.day, month, letter.letter_date.year)

    @api.model
    def _pdf_security_label(self, letter):
        letter.ensure_one()
        return ID_SECURITY.get(letter.security_level, "")

    @api.model
    def _enclosure_names(self, letter):
        """Names of the files attached to the letter, except the signed original."""
        letter.ensure_one()
        attachments = (
            self.env["ir.attachment"]
            .sudo()  # sudo: only the names of the letter's own files, for the printed list
            .search(
                [
                    ("res_model", "=", letter._name),
                    ("res_id", "=", letter.id),
                    ("res_field", "=", False),
                    ("id", "!=", letter.signed_attachment_id.id or 0),
                ]
            )
        )
        return attachments.mapped("name")

    @api.model
    def _signature_position(self, letter):
        """Job title of the signing official (the signer's position)."""
        letter.ensure_one()
        principal = letter.signed_on_behalf_id or letter.signer_id
        employee = principal._surat_employee(letter.company_id) if principal else False
        return employee and (employee.job_title or employee.job_id.name) or ""

    @api.model
    def _signature_person(self, letter):
        letter.ensure_one()
        user = letter.signed_by_id or letter._assignee_preview()
        employee = user._surat_employee(letter.company_id) if user else False
        return user, employee
