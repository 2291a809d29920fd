import shutil
import subprocess
import tempfile
import unittest
from pathlib import Path

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import SuratCommon

CLEAN = """PEMERINTAH KABUPATEN BENGKALIS
DINAS KOMUNIKASI, INFORMATIKA DAN STATISTIK
Jalan Pertanian No. 1 Bengkalis Telp. (0766) 21234 Kode Pos 28711

Bengkalis, 3 Maret 2026

Nomor    : 005/123/DISKOMINFOTIK/III/2026
Sifat    : Biasa
Lampiran : 1 (satu) berkas
Hal      : Undangan Rapat Koordinasi Satu Data

Yth. Kepala Badan Perencanaan Pembangunan Daerah
di -
Bengkalis

Dengan hormat, sehubungan dengan ...
"""

# what tesseract makes of a worn copy: l/1, O/0, "Nornor", a dash for the colon
NOISY = """PEMERINTAH PROVINSI RIAU
A   BADAN PENGELOLAAN KEUANGAN DAN ASET DAFRAH
Jl. Diponegoro No. 24 Pekanbaru Telp. (0761) 45123

Pekanbaru, l5 Pebruari 2O26
Nornor   —: 9OO.1.13/ l2 / BPKAD/ !I /2026
Sifat      1 Sangat Segera
Lampiran : -
Perihal  ; Permintaan Laporan Realisasi
Anggaran Triwulan I

Kepada Yth.
Bupati Bengkalis
di -
Tempat
"""

# two columns kept apart by wide gaps (tesseract -c preserve_interword_spaces=1)
TWO_COLUMNS = """BADAN PUSAT STATISTIK
KABUPATEN BENGKALIS
Jalan Pertanian No. 5 Telp. (0766) 27040

Bengkalis, 03-03-2026
No.        : B-045/BPS/14030/03/2026                 Kepada
Sifat      : Rahasia                                 Yth. Kepala Dinas Komunikasi,
Lampiran   : 2 (dua) lembar                          Informatika dan Statistik
Hal        : Permohonan Data Dukung                  di -
Bengkalis

Dengan hormat,
"""

STACKED = """DINAS PENDIDIKAN
Jalan Sudirman No. 3 Telp. (0766) 22222
Nomor
Sifat
Lampiran
Hal
: 420/DISDIK/77/2026
: Segera
: Tidak ada
: Usulan Kenaikan Pangkat
Bengkalis, 3 Mar 2026
"""


@tagged("post_install", "-at_install", "surat_header")
class TestHeaderReading(SuratCommon):
    def reader(self, text):
        return self.env["surat.letter"].suggest_header(text)

    def test_clean_header(self):
        """Every key of the contract from a clean header; "Biasa" sets nothing."""
        self.assertEqual(
            self.reader(CLEAN),
            {
                "letter_number": "005/123/DISKOMINFOTIK/III/2026",
                "letter_date": "2026-03-03",
                "subject": "Undangan Rapat Koordinasi Satu Data",
                "sender": "DINAS KOMUNIKASI, INFORMATIKA DAN STATISTIK",
                "addressee": "Kepala Badan Perencanaan Pembangunan Daerah",
                "enclosure_count": 1,
            },
        )

    def test_noisy_ocr(self):
        """OCR slips are repaired: digits, Roman month, label, colon, month, kop word."""
        result = self.reader(NOISY)
        self.assertEqual(result["letter_number"], "900.1.13/12/BPKAD/II/2026")
        self.assertEqual(result["letter_date"], "2026-02-15")
        self.assertEqual(result["urgency"], "very_urgent")
        self.assertNotIn("security_level", result)
        self.assertEqual(result["enclosure_count"], 0)
        self.assertEqual(result["subject"], "Permintaan Laporan Realisasi Anggaran Triwulan I")
        self.assertEqual(result["sender"], "BADAN PENGELOLAAN KEUANGAN DAN ASET DAERAH")
        self.assertEqual(result["addressee"], "Bupati Bengkalis")

    def test_two_columns(self):
        """The addressee column beside the labels stays out of Nomor and Hal."""
        result = self.reader(TWO_COLUMNS)
        self.assertEqual(result["letter_number"], "B-045/BPS/14030/03/2026")
        self.assertEqual(result["letter_date"], "2026-03-03")
        self.assertEqual(result["security_level"], "secret")
        self.assertNotIn("urgency", result)
        self.assertEqual(result["enclosure_count"], 2)
        self.assertEqual(result["subject"], "Permohonan Data Dukung")
        self.assertEqual(result["sender"], "BADAN PUSAT STATISTIK KABUPATEN BENGKALIS")
        self.assertEqual(result["addressee"], "Kepala Dinas Komunikasi, Informatika dan Statistik")

    def test_stacked_labels_and_short_month(self):
        result = self.reader(STACKED)
        self.assertEqual(result["letter_number"], "420/DISDIK/77/2026")
        self.assertEqual(result["urgency"], "urgent")
        self.assertEqual(result["enclosure_count"], 0)
        self.assertEqual(result["subject"], "Usulan Kenaikan Pangkat")
        self.assertEqual(result["letter_date"], "2026-03-03")
        self.assertEqual(result["sender"], "DINAS PENDIDIKAN")

    def test_unreadable_keys_left_out(self):
        self.assertEqual(self.reader(""), {})
        self.assertEqual(self.reader("Dengan hormat, terima kasih."), {})
        # an impossible date is not invented
        self.assertNotIn("letter_date", self.reader("Bengkalis, 31 Februari 2026\nHal : Tes"))
        with self.assertRaises(UserError):
            self.reader(None)

    # ------------------------------------------------------------------
    # Suggestions on the draft, apart from the confirmed fields
    # ------------------------------------------------------------------
    def _draft_with_suggestion(self, text):
        letter = self.Letter.with_user(self.registrar).create(
            {"direction": "incoming", "subject": "Scan 001.pdf"}
        )
        letter._surat_flow_write({"header_suggestion": {"_placeholder_subject": "Scan 001.pdf"}})
        letter._surat_store_header_suggestions(text)
        return letter

    def test_suggestions_kept_apart_until_applied(self):
        text = CLEAN.replace("Sifat    : Biasa", "Sifat    : Rahasia")
        letter = self._draft_with_suggestion(text)
        self.assertFalse(letter.letter_number, "nothing is applied by itself")
        self.assertEqual(letter.security_level, "normal")
        self.assertIn("Secret", letter.header_suggestion_text)
        letter.with_user(self.registrar).action_apply_header_suggestion()
        self.assertEqual(letter.letter_number, "005/123/DISKOMINFOTIK/III/2026")
        self.assertEqual(str(letter.letter_date), "2026-03-03")
        self.assertEqual(letter.subject, "Undangan Rapat Koordinasi Satu Data")
        self.assertEqual(letter.enclosure_count, 1)
        # a suggested "Rahasia" is never applied silently: it waits for its button
        self.assertEqual(letter.security_level, "normal")
        self.assertEqual(letter.header_suggested_level, "secret")
        letter.with_user(self.registrar).action_apply_suggested_level()
        self.assertEqual(letter.security_level, "secret")
        self.assertFalse(letter.header_suggestion)

    def test_apply_keeps_what_the_clerk_typed(self):
        letter = self._draft_with_suggestion(CLEAN)
        letter.with_user(self.registrar).write({"letter_number": "TYPED/1"})
        letter.with_user(self.registrar).action_apply_header_suggestion()
        self.assertEqual(letter.letter_number, "TYPED/1")

    def test_only_clerks_apply_and_nobody_writes_suggestions(self):
        letter = self._draft_with_suggestion(CLEAN)
        with self.assertRaises(AccessError):
            letter.with_user(self.staff).action_apply_header_suggestion()
        with self.assertRaises(AccessError):
            letter.with_user(self.registrar).write({"header_suggestion": {"subject": "x"}})
        with self.assertRaises(AccessError):
            self.Letter.with_user(self.registrar).create(
                {"direction": "incoming", "subject": "x", "header_suggestion": {"subject": "y"}}
            )

    # ------------------------------------------------------------------
    # End to end: a generated scan through tesseract
    # ------------------------------------------------------------------
    @unittest.skipUnless(shutil.which("tesseract"), "tesseract is not installed")
    def test_ocr_of_a_generated_scan(self):
        from PIL import Image, ImageDraw, ImageFont

        font_path = "/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf"
        if not Path(font_path).exists():
            self.skipTest("DejaVu fonts missing")
        dpi = 200
        img = Image.new("L", (int(8.27 * dpi), int(5 * dpi)), 255)
        draw = ImageDraw.Draw(img)
        bold = ImageFont.truetype(font_path.replace(".ttf", "-Bold.ttf"), 15 * dpi // 72)
        font = ImageFont.truetype(font_path, 12 * dpi // 72)
        y = dpi // 2
        for line, face in (
            ("PEMERINTAH KABUPATEN BENGKALIS", bold),
            ("DINAS KESEHATAN", bold),
            ("Jalan Pertanian No. 3 Telp. (0766) 21234", font),
        ):
            draw.text(((img.width - draw.textlength(line, face)) / 2, y), line, font=face)
            y += int(face.size * 1.5)
        y += dpi // 4
        draw.text((img.width - dpi * 3.2, y), "Bengkalis, 12 Mei 2026", font=font)
        y += font.size * 3
        for label, value in (
            ("Nomor", "440/DINKES/215/2026"),
            ("Sifat", "Segera"),
            ("Lampiran", "2 (dua) berkas"),
            ("Hal", "Pelaksanaan Imunisasi Serentak"),
        ):
            draw.text((dpi, y), label, font=font)
            draw.text((dpi * 2.2, y), ": " + value, font=font)
            y += int(font.size * 1.5)
        img = img.rotate(0.7, fillcolor=255)
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "scan.png"
            img.save(path, dpi=(dpi, dpi))
            out = subprocess.run(
                ["tesseract", str(path), "stdout", "-l", "ind+eng"],
                capture_output=True,
                check=True,
            )
        result = self.reader(out.stdout.decode())
        self.assertEqual(result.get("letter_number"), "440/DINKES/215/2026")
        self.assertEqual(result.get("letter_date"), "2026-05-12")
        self.assertEqual(result.get("subject"), "Pelaksanaan Imunisasi Serentak")
        self.assertEqual(result.get("sender"), "DINAS KESEHATAN")
        self.assertEqual(result.get("urgency"), "urgent")
        self.assertEqual(result.get("enclosure_count"), 2)

    def test_views_for_the_clerk(self):
        """The incoming list offers the batch upload; the form shows the suggestions box."""
        action = self.env.ref("surat_menyurat.surat_letter_incoming_action")
        views = (
            self.env["surat.letter"]
            .with_user(self.registrar)
            .get_views([(action.view_id.id, "list"), (False, "form")])
        )
        upload = self.env.ref("surat_menyurat.surat_letter_scan_upload_action")
        self.assertIn('name="%s"' % upload.id, views["views"]["list"]["arch"])
        self.assertIn('name="header_suggestion"', views["views"]["form"]["arch"])
        staff_views = self.env["surat.letter"].with_user(self.staff).get_views([(False, "form")])
        self.assertNotIn('name="header_suggestion"', staff_views["views"]["form"]["arch"])
