"""Reading the text of scans in the background (OCR): issue 10, contract "Scan text"."""

import base64
import io
import shutil
import unittest
import zipfile
from datetime import timedelta
from unittest.mock import patch

from PIL import Image, ImageDraw, ImageFont

from odoo import fields
from odoo.exceptions import AccessError
from odoo.tests import tagged

from odoo.addons.surat_menyurat.models import surat_letter_ocr

from .common import SuratCommon

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
HAS_OCR = bool(shutil.which("tesseract") and shutil.which("pdftoppm"))


def render_page(lines, size=(1240, 1754)):
    """A white A4 page at 150 dpi with the lines in black, as a scanner gives it."""
    image = Image.new("L", size, 255)
    draw = ImageDraw.Draw(image)
    font = ImageFont.truetype(FONT, 34)
    for i, line in enumerate(lines):
        draw.text((110, 160 + i * 60), line, fill=0, font=font)
    return image


def image_bytes(image, fmt, **kwargs):
    buffer = io.BytesIO()
    image.save(buffer, format=fmt, **kwargs)
    return buffer.getvalue()


def digital_pdf(text):
    """A PDF with a text layer (what a word processor exports)."""
    stream = b"BT /F1 18 Tf 72 720 Td (" + text.encode() + b") Tj ET"
    objects = [
        b"<</Type/Catalog/Pages 2 0 R>>",
        b"<</Type/Pages/Kids[3 0 R]/Count 1>>",
        b"<</Type/Page/Parent 2 0 R/MediaBox[0 0 612 792]/Contents 4 0 R"
        b"/Resources<</Font<</F1 5 0 R>>>>>>",
        b"<</Length %d>>stream\n" % len(stream) + stream + b"\nendstream",
        b"<</Type/Font/Subtype/Type1/BaseFont/Helvetica>>",
    ]
    out = b"%PDF-1.4\n"
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer<</Size %d/Root 1 0 R>>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return out


@tagged("post_install", "-at_install")
class TestOcr(SuratCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.surat_allowed_mimetypes = "application/pdf,image/jpeg,image/png,image/tiff"
        cls.cron = cls.env.ref("surat_menyurat.ir_cron_surat_ocr")
        # the demo letters' scans wait for the cron too: out of these tests' batches
        cls.env["surat.letter"].search([("ocr_state", "=", "pending")])._surat_flow_write(
            {"ocr_state": "none"}
        )

    def _letter_with(self, raw, filename, **values):
        return self._register(scan_file=base64.b64encode(raw), scan_filename=filename, **values)

    def _run_cron(self):
        return self.env["surat.letter"]._cron_surat_ocr()

    def _text_row(self, letter):
        return self.env["surat.letter.text"].search([("letter_id", "=", letter.id)])

    def test_new_scan_is_pending_and_wakes_the_cron(self):
        """The clerk's upload only queues the scan: pending, cron triggered, no OCR yet."""
        with (
            patch.object(surat_letter_ocr, "extract_text") as extract,
            patch.object(type(self.env["ir.cron"]), "_trigger", autospec=True) as trigger,
        ):
            letter = self._register()
        extract.assert_not_called()
        self.assertEqual(letter.ocr_state, "pending")
        self.assertIn(self.cron, [call.args[0] for call in trigger.call_args_list])
        # a draft without a scan has nothing to read
        draft = self.Letter.with_user(self.registrar).create(
            self._incoming_vals(scan_file=False, scan_filename=False)
        )
        self.assertEqual(draft.ocr_state, "none")

    @unittest.skipUnless(HAS_OCR, "tesseract and pdftoppm are needed")
    def test_png_scan_is_read(self):
        page = render_page(["SURAT UNDANGAN", "Sertifikat tanah wakaf", "Kecamatan Bantan"])
        raw = image_bytes(page, "PNG")
        letter = self._letter_with(raw, "scan.png")
        checksum = letter._scan_attachment().checksum
        self._run_cron()
        self.assertEqual(letter.ocr_state, "done")
        text = letter.with_user(self.registrar).ocr_text.lower()
        for word in ("undangan", "sertifikat", "wakaf", "bantan"):
            self.assertIn(word, text)
        # the scan itself is never replaced
        self.assertEqual(letter._scan_attachment().checksum, checksum)

    @unittest.skipUnless(HAS_OCR, "tesseract and pdftoppm are needed")
    def test_scanned_multipage_pdf_and_tiff_are_read(self):
        """A PDF of page images (no text layer): every page is rasterised and read."""
        first = render_page(["Nota Dinas Kepala Bidang"])
        second = render_page(["Halaman kedua tentang jembatan Siak"])
        pdf = image_bytes(first, "PDF", resolution=150, save_all=True, append_images=[second])
        letter = self._letter_with(pdf, "scan.pdf")
        tiff = image_bytes(first, "TIFF", save_all=True, append_images=[second])
        letter_tiff = self._letter_with(tiff, "scan.tif", letter_number="005/DKI/2026/119")
        self._run_cron()
        for record in (letter, letter_tiff):
            self.assertEqual(record.ocr_state, "done")
            text = record.ocr_text.lower()
            self.assertIn("nota dinas", text)
            self.assertIn("jembatan", text)

    @unittest.skipUnless(HAS_OCR, "tesseract and pdftoppm are needed")
    def test_scan_text_suggests_the_header_of_a_draft(self):
        """Once a draft's scan is read, its header waits as suggestions, not as fields."""
        page = render_page(
            [
                "PEMERINTAH KABUPATEN SIAK",
                "DINAS PENDIDIKAN",
                "Siak, 3 Maret 2026",
                "Nomor : 421/DISDIK/III/2026",
                "Sifat : Biasa",
                "Lampiran : -",
                "Hal : Undangan Rapat Koordinasi",
            ]
        )
        vals = self._incoming_vals(
            scan_file=base64.b64encode(image_bytes(page, "PNG")),
            scan_filename="kop.png",
            letter_number=False,
        )
        letter = self.env["surat.letter"].with_user(self.registrar).create(vals)
        self._run_cron()
        self.assertEqual(letter.ocr_state, "done")
        suggestion = letter.header_suggestion or {}
        self.assertEqual(suggestion.get("letter_number"), "421/DISDIK/III/2026")
        self.assertEqual(suggestion.get("letter_date"), "2026-03-03")
        self.assertFalse(letter.letter_number, "a suggestion is never applied by itself")

    def test_digital_pdf_is_read_without_ocr(self):
        """A PDF with a text layer is read as it is: tesseract is never called."""
        raw = digital_pdf("Permohonan rekomendasi izin keramaian Duri")
        letter = self._letter_with(raw, "digital.pdf")
        with patch.object(surat_letter_ocr, "_tesseract", side_effect=AssertionError) as ocr:
            self._run_cron()
        ocr.assert_not_called()
        self.assertEqual(letter.ocr_state, "done")
        self.assertIn("rekomendasi izin keramaian", letter.ocr_text)

    def test_failure_is_retried_then_failed_with_reason(self):
        """A broken file is tried again later, then marked failed with the tool's reason."""
        # complete (its end marker is there: the upload takes it), but unreadable
        broken = b"%PDF-1.4\n" + b"\x00garbage" * 200 + b"\n%%EOF\n"
        letter = self._letter_with(broken, "broken.pdf")
        row = self._text_row(letter)
        for attempt in range(1, surat_letter_ocr.OCR_MAX_ATTEMPTS):
            self._run_cron()
            self.assertEqual(letter.ocr_state, "pending")
            self.assertEqual(row.ocr_attempts, attempt)
            self.assertTrue(letter.ocr_error)
            # not again before its retry time
            self.assertNotIn(letter.id, letter._ocr_ready_ids())
            row.ocr_retry_at = fields.Datetime.now() - timedelta(seconds=1)
        self._run_cron()
        self.assertEqual(letter.ocr_state, "failed")
        self.assertIn("pdftotext", letter.ocr_error)
        self.assertFalse(letter.ocr_text)
        self.assertNotIn(letter.id, letter._ocr_ready_ids())

    def test_unreadable_type_fails_at_once(self):
        """No retry when trying again cannot help (a file type without text)."""
        self.company.surat_allowed_mimetypes += ",application/zip"
        archive = io.BytesIO()
        with zipfile.ZipFile(archive, "w") as handle:
            handle.writestr("data.bin", b"\x00" * 100)
        letter = self._letter_with(archive.getvalue(), "x.zip")
        self._run_cron()
        self.assertEqual(letter.ocr_state, "failed")
        self.assertIn("no text to read", letter.ocr_error)

    def test_batches_report_progress(self):
        """Each run reads a small batch and tells the cron how many remain."""
        raw = digital_pdf("Laporan bulanan pelayanan informasi publik")
        letters = self.Letter.browse()
        for i in range(surat_letter_ocr.OCR_BATCH + 2):
            letters |= self._letter_with(raw, "d.pdf", letter_number="LB/%s" % i)
        progress = self.env["ir.cron.progress"].create({"cron_id": self.cron.id})
        Letter = self.env["surat.letter"].with_context(ir_cron_progress_id=progress.id)
        self.assertEqual(Letter._cron_surat_ocr(), surat_letter_ocr.OCR_BATCH)
        self.assertEqual(progress.done, surat_letter_ocr.OCR_BATCH)
        self.assertEqual(progress.remaining, 2)
        self.assertEqual(self.Letter.search_count([("ocr_state", "=", "pending")]), 2)
        Letter._cron_surat_ocr()
        self.assertEqual(progress.remaining, 0)
        self.assertEqual(set(letters.mapped("ocr_state")), {"done"})

    def test_text_is_system_written_and_read_with_the_letter(self):
        raw = digital_pdf("Rahasia negara tentang perbatasan laut")
        letter = self._letter_with(raw, "s.pdf", security_level="secret")
        self._run_cron()
        self.assertIn("perbatasan", letter.with_user(self.head).ocr_text)
        # a plain user cannot read the letter, nor its text through any door
        with self.assertRaises(AccessError):
            letter.with_user(self.staff).read(["ocr_text"])
        with self.assertRaises(AccessError):
            self.env["surat.letter.text"].with_user(self.staff).search_read([], ["ocr_text"])
        for user in (self.registrar, self.head):
            for vals in ({"ocr_text": "x"}, {"ocr_state": "done"}, {"ocr_error": "x"}):
                with self.assertRaises(AccessError):
                    letter.with_user(user).write(vals)

    def test_rerun(self):
        """The registry clerk (or whoever may edit the letter) reads the scan again."""
        letter = self._letter_with(digital_pdf("Surat edaran kebersihan kantor"), "e.pdf")
        self._run_cron()
        self.assertEqual(letter.ocr_state, "done")
        letter.with_user(self.registrar).action_ocr_rerun()
        self.assertEqual(letter.ocr_state, "pending")
        self._run_cron()
        self.assertEqual(letter.ocr_state, "done")
        # a user not involved may read a normal letter but not edit it
        with self.assertRaises(AccessError):
            letter.with_user(self.staff_general).action_ocr_rerun()

    def test_scan_replaced_while_read_is_read_again(self):
        """A new scan uploaded while the old one is read: the old text is not kept."""
        letter = self._letter_with(digital_pdf("Versi pertama surat"), "v1.pdf")
        new_scan = base64.b64encode(digital_pdf("Versi kedua yang benar"))

        def replace_meanwhile(env, raw):
            letter.with_user(self.registrar).write({"scan_file": new_scan})
            return "Versi pertama surat"

        with patch.object(surat_letter_ocr, "extract_text", side_effect=replace_meanwhile):
            self._run_cron()
        self.assertEqual(letter.ocr_state, "pending")
        self.assertFalse(letter.ocr_text)
        self._run_cron()
        self.assertEqual(letter.ocr_state, "done")
        self.assertIn("Versi kedua", letter.ocr_text)
