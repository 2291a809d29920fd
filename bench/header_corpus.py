"""Header reading on realistic scans: generate, OCR, read, score.

Generates scans of Indonesian official letters (several letterhead layouts,
the fonts of the machine, skew, noise, blur, a stamp, 150-300 dpi, JPEG, PNG
and PDF) with their ground truth as JSON, runs ``tesseract -l ind+eng`` on
each (``pdftoppm`` first for PDFs), reads the header with the addon's
``read_header`` (the code behind ``surat.letter.suggest_header``) and prints
the exact accuracy per field (docs/benchmarks.md, "Header reading").

    python bench/header_corpus.py --count 60 --out /tmp/header_corpus [--seed 7]

Needs Pillow, tesseract-ocr with the ``ind`` model, and poppler-utils. No Odoo.
"""

import argparse
import importlib.util
import json
import math
import os
import random
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter, ImageFont

ROOT = Path(__file__).resolve().parent.parent
_spec = importlib.util.spec_from_file_location(
    "surat_header_reader", ROOT / "surat_menyurat" / "models" / "surat_header_reader.py"
)
reader = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(reader)

FIELDS = [
    "letter_number",
    "letter_date",
    "subject",
    "sender",
    "addressee",
    "security_level",
    "urgency",
    "enclosure_count",
]
MONTHS_ID = [
    "Januari", "Februari", "Maret", "April", "Mei", "Juni",
    "Juli", "Agustus", "September", "Oktober", "November", "Desember",
]  # fmt: skip
ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"]
GOVERNMENTS = [
    ("PEMERINTAH KABUPATEN BENGKALIS", "Bengkalis"),
    ("PEMERINTAH PROVINSI RIAU", "Pekanbaru"),
    ("PEMERINTAH KOTA PEKANBARU", "Pekanbaru"),
    ("PEMERINTAH KABUPATEN SIAK", "Siak Sri Indrapura"),
    ("PEMERINTAH KABUPATEN KEPULAUAN MERANTI", "Selatpanjang"),
    ("PEMERINTAH KABUPATEN ROKAN HILIR", "Bagansiapiapi"),
]
BODIES = [
    ("DINAS KOMUNIKASI, INFORMATIKA DAN STATISTIK", "DISKOMINFOTIK"),
    ("BADAN KEPEGAWAIAN DAN PENGEMBANGAN SUMBER DAYA MANUSIA", "BKPSDM"),
    ("DINAS PENDIDIKAN", "DISDIK"),
    ("BADAN PERENCANAAN PEMBANGUNAN DAERAH", "BAPPEDA"),
    ("SEKRETARIAT DAERAH", "SETDA"),
    ("DINAS KESEHATAN", "DINKES"),
    ("INSPEKTORAT DAERAH", "INSP"),
    ("DINAS PEKERJAAN UMUM DAN PENATAAN RUANG", "PUPR"),
    ("BADAN PENGELOLAAN KEUANGAN DAN ASET DAERAH", "BPKAD"),
    ("DINAS PENANAMAN MODAL DAN PELAYANAN TERPADU SATU PINTU", "DPMPTSP"),
    ("DINAS KEPENDUDUKAN DAN PENCATATAN SIPIL", "DISDUKCAPIL"),
    ("KECAMATAN BANTAN", "KEC.BTN"),
]
# letterheads without a government line (vertical agencies)
STANDALONE = [
    (["BADAN PUSAT STATISTIK", "KABUPATEN BENGKALIS"], "BPS", "Bengkalis"),
    (["KEMENTERIAN KOMUNIKASI DAN DIGITAL", "REPUBLIK INDONESIA"], "KOMDIGI", "Jakarta"),
    (["BADAN SIBER DAN SANDI NEGARA"], "BSSN", "Jakarta"),
    (["KANTOR REGIONAL XII", "BADAN KEPEGAWAIAN NEGARA"], "KANREG", "Pekanbaru"),
]
KKA = ["000", "005", "045.2", "100.3.4", "400.14.5.4", "500.12", "800.1.2", "900.1.13", "B"]
SUBJECTS = [
    "Undangan Rapat Koordinasi",
    "Permohonan Data Dukung SPBE",
    "Sosialisasi Aplikasi SRIKANDI",
    "Laporan Realisasi Anggaran Triwulan I",
    "Usulan Kenaikan Pangkat Periode April 2026",
    "Permohonan Narasumber",
    "Penyampaian Hasil Audit Kinerja",
    "Undangan Upacara Hari Kebangkitan Nasional",
    "Pemberitahuan Pemadaman Jaringan Internet",
    "Permintaan Penyampaian Laporan Keuangan Tahun Anggaran 2025",
    "Penyusunan Rencana Kerja Perangkat Daerah Tahun 2027",
    "Pelaksanaan Bimbingan Teknis Pengelolaan Arsip Dinamis bagi Pengelola Arsip",
    "Mohon Fasilitasi Ruang Rapat",
    "Penyampaian Surat Edaran Pusat Data Nasional",
    "Pengiriman Peserta Pelatihan Keamanan Informasi",
    "Klarifikasi Data Kepegawaian",
]
ADDRESSEES = [
    "Kepala Dinas Komunikasi, Informatika dan Statistik Kabupaten Bengkalis",
    "Bupati Bengkalis",
    "Sekretaris Daerah Kabupaten Bengkalis",
    "Camat Bantan",
    "Kepala Badan Kepegawaian dan Pengembangan Sumber Daya Manusia",
    "Para Kepala Perangkat Daerah",
    "Direktur RSUD Kabupaten Bengkalis",
    "Kepala Bagian Umum Sekretariat Daerah",
]
SIFAT = [
    ("Biasa", {}),
    ("Biasa", {}),
    ("Biasa", {}),
    ("Penting", {"urgency": "important"}),
    ("Segera", {"urgency": "urgent"}),
    ("Sangat Segera", {"urgency": "very_urgent"}),
    ("Rahasia", {"security_level": "secret"}),
    ("Terbatas", {"security_level": "restricted"}),
]
LAMPIRAN = [
    ("-", 0),
    ("-", 0),
    ("1 (satu) berkas", 1),
    ("2 (dua) lembar", 2),
    ("3 (tiga) eksemplar", 3),
    ("1 (satu) bundel", 1),
]
BODY = [
    "Dengan hormat, sehubungan dengan pelaksanaan program kerja tahun anggaran berjalan, "
    "bersama ini kami sampaikan hal-hal sebagai berikut.",
    "Berdasarkan Peraturan Bupati tentang Tata Naskah Dinas, kami mohon kiranya Saudara "
    "dapat menindaklanjuti surat ini sesuai dengan ketentuan yang berlaku.",
    "Demikian disampaikan, atas perhatian dan kerja samanya diucapkan terima kasih.",
]
NAMES = ["Drs. H. AHMAD SYAHRONI, M.Si", "Ir. SITI RAHMAWATI, M.T.", "MUHAMMAD FADLI, S.Kom., M.M."]

# keep the gaps between words: a two-column header (Kepada beside Nomor) stays
# readable as two columns; --plain runs tesseract with its defaults
TESSERACT_CONFIG = ["-c", "preserve_interword_spaces=1"]

FONT_DIRS = ["/usr/share/fonts/truetype", "/usr/share/fonts/opentype"]
FONT_FAMILIES = [
    ("LiberationSerif-Regular", "LiberationSerif-Bold"),
    ("LiberationSans-Regular", "LiberationSans-Bold"),
    ("DejaVuSerif", "DejaVuSerif-Bold"),
    ("DejaVuSans", "DejaVuSans-Bold"),
    ("NimbusRoman-Regular", "NimbusRoman-Bold"),
    ("NimbusSans-Regular", "NimbusSans-Bold"),
    ("P052-Roman", "P052-Bold"),
    ("C059-Roman", "C059-Bold"),
]


def find_fonts():
    files = {}
    for base in FONT_DIRS:
        for path in Path(base).rglob("*"):
            if path.suffix.lower() in (".ttf", ".otf"):
                files[path.stem] = str(path)
    return [(files[r], files[b]) for r, b in FONT_FAMILIES if r in files and b in files]


def letter_date_text(rng, value):
    style = rng.random()
    if style < 0.75:
        return "%d %s %d" % (value.day, MONTHS_ID[value.month - 1], value.year)
    if style < 0.9:
        return "%02d-%02d-%d" % (value.day, value.month, value.year)
    return "%d %s %d" % (value.day, MONTHS_ID[value.month - 1][:3], value.year)


def make_truth(rng):
    if rng.random() < 0.8:
        gov, place = rng.choice(GOVERNMENTS)
        body, code = rng.choice(BODIES)
        kop = [gov, body]
        sender = body
    else:
        kop, code, place = rng.choice(STANDALONE)
        kop = list(kop)
        sender = " ".join(kop)
    value = date(2025, 1, 1) + timedelta(days=rng.randrange(0, 480))
    kka = rng.choice(KKA)
    seq = "%03d" % rng.randrange(1, 999) if rng.random() < 0.6 else str(rng.randrange(1, 999))
    pattern = rng.random()
    if kka == "B":
        number = "B-%s/%s/%02d/%d" % (seq, code, value.month, value.year)
    elif pattern < 0.4:
        number = "%s/%s/%s/%d" % (kka, seq, code, value.year)
    elif pattern < 0.8:
        number = "%s/%s/%s/%s/%d" % (kka, seq, code, ROMAN[value.month - 1], value.year)
    else:
        number = "%s/%s-%s/%d" % (kka, code, seq, value.year)
    sifat_text, sifat = rng.choice(SIFAT)
    lamp_text, lamp = rng.choice(LAMPIRAN)
    truth = {
        "letter_number": number,
        "letter_date": value.isoformat(),
        "subject": rng.choice(SUBJECTS),
        "sender": sender,
        "addressee": rng.choice(ADDRESSEES),
        "security_level": sifat.get("security_level"),
        "urgency": sifat.get("urgency"),
        "enclosure_count": lamp,
    }
    texts = {
        "kop": kop,
        "place": place,
        "date": letter_date_text(rng, value),
        "sifat": sifat_text,
        "lampiran": lamp_text,
        "hal_label": rng.choice(["Hal", "Hal", "Perihal"]),
        "nomor_label": rng.choice(["Nomor", "Nomor", "Nomor", "No."]),
    }
    return truth, texts


class Page:
    def __init__(self, rng, dpi, fonts):
        self.rng = rng
        self.dpi = dpi
        self.img = Image.new("RGB", (int(8.27 * dpi), int(11.69 * dpi)), "white")
        self.draw = ImageDraw.Draw(self.img)
        self.regular, self.bold = fonts
        self.margin_l = int(1.0 * dpi)
        self.margin_r = int(0.8 * dpi)
        self.y = int(0.5 * dpi)

    def font(self, pt, bold=False):
        return ImageFont.truetype(self.bold if bold else self.regular, int(pt * self.dpi / 72))

    def width(self, text, font):
        return self.draw.textlength(text, font=font)

    def text(self, x, text, font, y=None):
        self.draw.text((x, self.y if y is None else y), text, font=font, fill=(20, 20, 20))

    def line_h(self, font):
        return int(font.size * 1.35)

    def wrap(self, text, font, max_w):
        words, lines, cur = text.split(), [], ""
        for word in words:
            probe = (cur + " " + word).strip()
            if self.width(probe, font) > max_w and cur:
                lines.append(cur)
                cur = word
            else:
                cur = probe
        return lines + [cur] if cur else lines


def draw_logo(page, x, y, size):
    d = page.draw
    d.ellipse([x, y, x + size, y + size], outline=(30, 30, 30), width=max(2, size // 30))
    d.polygon(
        [
            (x + size * 0.5, y + size * 0.15),
            (x + size * 0.8, y + size * 0.7),
            (x + size * 0.2, y + size * 0.7),
        ],
        fill=(60, 60, 60),
    )


def draw_kop(page, texts, with_logo):
    width = page.img.width
    logo = int(0.9 * page.dpi) if with_logo else 0
    if with_logo:
        draw_logo(page, page.margin_l - int(0.3 * page.dpi), page.y, logo)
    x0 = page.margin_l + (logo if with_logo else 0)
    avail = width - page.margin_r - x0
    for index, line in enumerate(texts["kop"]):
        font = page.font(13 if index == 0 and len(texts["kop"]) > 1 else 15, bold=True)
        for part in page.wrap(line, font, avail):
            page.text(x0 + (avail - page.width(part, font)) / 2, part, font)
            page.y += page.line_h(font)
    small = page.font(9)
    address = "Jalan Pertanian No. %d Telp. (0766) %d Kode Pos 28711" % (
        page.rng.randrange(1, 99),
        page.rng.randrange(21000, 29999),
    )
    for part in (address, "Laman: https://bengkaliskab.go.id Pos-el: surat@bengkaliskab.go.id"):
        page.text(x0 + (avail - page.width(part, small)) / 2, part, small)
        page.y += page.line_h(small)
    page.y += int(0.05 * page.dpi)
    right = width - page.margin_r
    page.draw.line(
        [page.margin_l - int(0.3 * page.dpi), page.y, right, page.y],
        fill=(0, 0, 0),
        width=max(3, page.dpi // 40),
    )
    page.draw.line(
        [
            page.margin_l - int(0.3 * page.dpi),
            page.y + page.dpi // 25,
            right,
            page.y + page.dpi // 25,
        ],
        fill=(0, 0, 0),
        width=1,
    )
    page.y += int(0.25 * page.dpi)


def draw_labels(page, truth, texts, font, right_column=None, date_on_number=False):
    """Nomor / Sifat / Lampiran / Hal; a right column drawn on the same lines."""
    label_w = max(page.width(s, font) for s in ("Lampiran", "Perihal", "Nomor"))
    x_colon = page.margin_l + label_w + page.dpi * 0.1
    x_val = x_colon + page.dpi * 0.15
    col_x = page.img.width * 0.58
    val_w = (col_x - x_val - page.dpi * 0.2) if right_column else (page.img.width * 0.55)
    rows = [
        (texts["nomor_label"], truth["letter_number"]),
        ("Sifat", texts["sifat"]),
        ("Lampiran", texts["lampiran"]),
        (texts["hal_label"], truth["subject"]),
    ]
    right_column = list(right_column or [])
    for index, (label, value) in enumerate(rows):
        parts = page.wrap(value, font, val_w) if label == texts["hal_label"] else [value]
        page.text(page.margin_l, label, font)
        page.text(x_colon, ":", font)
        for pi, part in enumerate(parts):
            page.text(x_val, part, font)
            if right_column:
                page.text(col_x, right_column.pop(0), font)
            if index == 0 and date_on_number:
                dt = "%s, %s" % (texts["place"], texts["date"])
                page.text(page.img.width - page.margin_r - page.width(dt, font), dt, font)
            if pi < len(parts) - 1:
                page.y += page.line_h(font)
        page.y += page.line_h(font)
    for rest in right_column:
        page.text(col_x, rest, font)
        page.y += page.line_h(font)


def render(rng, truth, texts, dpi, fonts, layout):
    page = Page(rng, dpi, fonts)
    font = page.font(rng.choice([11, 12, 12]))
    draw_kop(page, texts, with_logo=layout != "a" or rng.random() < 0.5)
    dt = "%s, %s" % (texts["place"], texts["date"])
    if layout in ("a", "b"):
        page.text(page.img.width - page.margin_r - page.width(dt, font), dt, font)
        page.y += page.line_h(font) * 2
    if layout == "b":
        col_w = page.img.width * 0.42 - page.margin_r
        addr = page.wrap("Yth. " + truth["addressee"], font, col_w)
        draw_labels(
            page, truth, texts, font, ["Kepada"] + addr + ["di -", "      " + texts["place"]]
        )
    else:
        draw_labels(page, truth, texts, font, date_on_number=layout == "c")
    page.y += page.line_h(font)
    if layout == "a":
        for part in page.wrap("Yth. " + truth["addressee"], font, page.img.width * 0.6):
            page.text(page.margin_l, part, font)
            page.y += page.line_h(font)
        page.text(page.margin_l, "di", font)
        page.y += page.line_h(font)
        page.text(page.margin_l + page.dpi * 0.3, texts["place"], font)
        page.y += page.line_h(font) * 2
    elif layout == "c":
        page.text(page.margin_l, "Kepada Yth.", font)
        page.y += page.line_h(font)
        for part in page.wrap(truth["addressee"], font, page.img.width * 0.6):
            page.text(page.margin_l, part, font)
            page.y += page.line_h(font)
        page.text(page.margin_l, "di -", font)
        page.y += page.line_h(font)
        page.text(page.margin_l + page.dpi * 0.3, "Tempat", font)
        page.y += page.line_h(font) * 2
    else:
        page.y += page.line_h(font)
    body_w = page.img.width - page.margin_l - page.margin_r
    for para in BODY:
        for part in page.wrap(para, font, body_w):
            page.text(page.margin_l + int(page.dpi * 0.4), part, font)
            page.y += page.line_h(font)
        page.y += page.line_h(font) // 2
    # signature and stamp
    sx = int(page.img.width * 0.55)
    page.y += page.line_h(font)
    page.text(sx, "KEPALA,", font)
    sig_y = page.y + page.line_h(font)
    page.y += page.line_h(font) * 4
    name = rng.choice(NAMES)
    page.text(sx, name, page.font(font.size * 72 / dpi, bold=True))
    draw_stamp(page, sx - int(0.4 * dpi), sig_y, int(1.3 * dpi))
    return page.img


def draw_stamp(page, x, y, size):
    layer = Image.new("RGBA", page.img.size, (0, 0, 0, 0))
    d = ImageDraw.Draw(layer)
    color = page.rng.choice([(60, 40, 160, 150), (30, 60, 170, 140), (120, 40, 140, 150)])
    w = max(3, size // 40)
    d.ellipse([x, y, x + size, y + size], outline=color, width=w)
    d.ellipse(
        [x + size * 0.12, y + size * 0.12, x + size * 0.88, y + size * 0.88],
        outline=color,
        width=max(2, w // 2),
    )
    font = page.font(7, bold=True)
    text = "PEMERINTAH KABUPATEN BENGKALIS * DINAS *"
    for i, ch in enumerate(text):
        angle = 2 * math.pi * i / len(text) - math.pi / 2
        cx = x + size / 2 + math.cos(angle) * size * 0.44
        cy = y + size / 2 + math.sin(angle) * size * 0.44
        d.text((cx, cy), ch, font=font, fill=color, anchor="mm")
    page.img = Image.alpha_composite(page.img.convert("RGBA"), layer).convert("RGB")
    page.draw = ImageDraw.Draw(page.img)


def degrade(rng, img):
    angle = rng.uniform(-1.5, 1.5)
    img = img.rotate(angle, resample=Image.BICUBIC, expand=False, fillcolor="white")
    img = img.convert("L")
    if rng.random() < 0.6:
        img = img.filter(ImageFilter.GaussianBlur(rng.uniform(0.3, 0.9)))
    noise = Image.effect_noise(img.size, rng.uniform(8, 25))
    img = Image.blend(img, noise, 0.12)
    # the grey of a copier: lift the background, darken the ink a little
    img = img.point(lambda v: min(255, int(v * 0.9 + 20)))
    return img


def ocr(path):
    with tempfile.TemporaryDirectory() as tmp:
        if str(path).endswith(".pdf"):
            subprocess.run(
                ["pdftoppm", "-r", "300", "-png", str(path), os.path.join(tmp, "p")], check=True
            )
            images = sorted(Path(tmp).glob("p*.png"))
        else:
            images = [path]
        texts = []
        for image in images:
            out = subprocess.run(
                ["tesseract", str(image), "stdout", "-l", "ind+eng", *TESSERACT_CONFIG],
                check=True,
                capture_output=True,
                env=dict(os.environ, OMP_THREAD_LIMIT="1"),
            )
            texts.append(out.stdout.decode("utf-8", "replace"))
        return "\n".join(texts)


def generate(index, rng, out, fonts):
    truth, texts = make_truth(rng)
    dpi = rng.choice([150, 200, 200, 300, 300])
    layout = rng.choice("abc")
    font_pair = rng.choice(fonts)
    img = degrade(rng, render(rng, truth, texts, dpi, font_pair, layout))
    kind = rng.choice(["png", "jpg", "jpg", "pdf"])
    path = out / ("letter_%03d.%s" % (index, kind))
    if kind == "pdf":
        img.save(path, "PDF", resolution=dpi)
    elif kind == "jpg":
        img.save(path, "JPEG", quality=rng.randrange(55, 90), dpi=(dpi, dpi))
    else:
        img.save(path, dpi=(dpi, dpi))
    meta = {"file": path.name, "dpi": dpi, "layout": layout, "font": Path(font_pair[0]).stem}
    (out / ("letter_%03d.json" % index)).write_text(json.dumps({"truth": truth, "meta": meta}))
    return path, truth, meta


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=60)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--out", default="/tmp/header_corpus")
    parser.add_argument("--verbose", action="store_true")
    parser.add_argument("--plain", action="store_true", help="tesseract without options")
    parser.add_argument("--reuse", action="store_true", help="reuse the OCR text of a run")
    args = parser.parse_args(argv)
    if args.plain:
        TESSERACT_CONFIG.clear()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    rng = random.Random(args.seed)
    fonts = find_fonts()
    if not fonts:
        sys.exit("no fonts found")
    hits = {field: 0 for field in FIELDS}
    ocr_time = 0.0
    for index in range(args.count):
        path, truth, meta = generate(index, rng, out, fonts)
        txt = out / ("letter_%03d.txt" % index)
        start = time.monotonic()
        text = txt.read_text() if args.reuse and txt.exists() else ocr(path)
        ocr_time += time.monotonic() - start
        txt.write_text(text)
        got = reader.read_header(text)
        for field in FIELDS:
            if got.get(field) == truth[field]:
                hits[field] += 1
            elif args.verbose:
                print(
                    "%s %s %s: %r != %r"
                    % (path.name, meta["layout"], field, got.get(field), truth[field])
                )
    print(
        "corpus: %d scans, seed %d, OCR %.1f s per scan"
        % (args.count, args.seed, ocr_time / max(args.count, 1))
    )
    print("| Field | Exact | Accuracy |")
    print("|---|---|---|")
    for field in FIELDS:
        print(
            "| %s | %d/%d | %.1f %% |"
            % (field, hits[field], args.count, 100.0 * hits[field] / max(args.count, 1))
        )


if __name__ == "__main__":
    main()
