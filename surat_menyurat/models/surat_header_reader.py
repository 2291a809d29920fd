"""Reading the header of an Indonesian official letter (naskah dinas) from its text.

Pure Python, no Odoo import: ``surat.letter.suggest_header`` calls ``read_header``
and the corpus benchmark (``bench/header_corpus.py``) loads this file by path.
Rules and dictionaries only (no cloud service): the letterhead (kop) gives the
sender, the labelled lines (Nomor, Sifat, Lampiran, Hal/Perihal) the rest, the
"Place, 3 Maret 2026" line the date, "Yth." / "Kepada" the addressee. The text
usually comes from OCR, so labels, digits and month names are matched loosely
(l/1, O/0, "Nornor", extra spaces). Keys that cannot be read are left out: a
suggestion, never a guess presented as read.
"""

import difflib
import re
from datetime import date

MONTHS = {
    "januari": 1,
    "februari": 2,
    "pebruari": 2,
    "maret": 3,
    "april": 4,
    "mei": 5,
    "juni": 6,
    "juli": 7,
    "agustus": 8,
    "september": 9,
    "oktober": 10,
    "november": 11,
    "nopember": 11,
    "desember": 12,
    # English, for letters of international bodies
    "january": 1,
    "february": 2,
    "march": 3,
    "may": 5,
    "june": 6,
    "july": 7,
    "august": 8,
    "october": 10,
    "december": 12,
}
MONTH_ABBR = {
    "jan": 1,
    "feb": 2,
    "peb": 2,
    "mar": 3,
    "apr": 4,
    "mei": 5,
    "jun": 6,
    "jul": 7,
    "agu": 8,
    "agt": 8,
    "ags": 8,
    "agus": 8,
    "sep": 9,
    "sept": 9,
    "okt": 10,
    "oct": 10,
    "nov": 11,
    "nop": 11,
    "des": 12,
    "dec": 12,
}
NUMBER_WORDS = {
    "satu": 1,
    "dua": 2,
    "tiga": 3,
    "empat": 4,
    "lima": 5,
    "enam": 6,
    "tujuh": 7,
    "delapan": 8,
    "sembilan": 9,
    "sepuluh": 10,
    "sebelas": 11,
}
# Sifat: (words, field, value); the longest phrases are tried first
SIFAT = [
    ("sangat rahasia", "security_level", "top_secret"),
    ("rahasia", "security_level", "secret"),
    ("terbatas", "security_level", "restricted"),
    ("sangat segera", "urgency", "very_urgent"),
    ("kilat", "urgency", "very_urgent"),
    ("segera", "urgency", "urgent"),
    ("penting", "urgency", "important"),
]
# OCR confusions inside digit runs
DIGIT_FIX = str.maketrans(
    {
        "O": "0",
        "o": "0",
        "D": "0",
        "Q": "0",
        "l": "1",
        "I": "1",
        "i": "1",
        "|": "1",
        "!": "1",
        "S": "5",
        "s": "5",
        "B": "8",
        "Z": "2",
        "z": "2",
        "G": "6",
        "b": "6",
        "g": "9",
    }
)
DIGITISH = "0-9OoDQlIi|!SsBZzGbg"

# Labels, loosely (OCR: "Nornor", "Nomer", "No.", "Perihal", "Hal", "Lamp.")
LABEL = {
    "letter_number": r"n\s?[o0]\s?(?:m|rn|n)\s?[o0eu]\s?r|n[o0]\s*\.|n[o0](?=\s*:)",
    "sifat": r"s\s?[il1!]\s?f\s?[a4]\s?t",
    "enclosure": r"l\s?[a4]\s?m\s?p\s?[il1]\s?r\s?[a4]\s?n|l[a4]mp\s*\.",
    "subject": r"p\s?e\s?r\s?[il1]\s?h\s?[a4]\s?[l1I]|h\s?[a4]\s?[l1I]",
    "date_label": r"t\s?[a4]\s?n\s?g\s?g\s?[a4]\s?[l1I]",
}
# the colon, as OCR reads it: ":", ";", "—:", "-", "=" or only spaces
SEP = r"\s*[-=~_.,]{0,2}\s*[:;]\s*|\s*[-=~_|!]\s+|\s+1\s+(?=[A-Za-z])|\s+(?=\S)|\s*$"
LABEL_RE = {
    key: re.compile(r"^\W{0,3}(?:%s)(?:%s)(?P<value>.*)$" % (rx, SEP), re.I)
    for key, rx in LABEL.items()
}
# the addressee: "Yth.", "Kepada Yth.", OCR "Yih.", "YTH"
YTH_RE = re.compile(r"^\W{0,3}(?:kepada\s*)?y\s?[ti1l]\s?[hn]\s*\.?\s*:?\s*(?P<value>.*)$", re.I)
KEPADA_RE = re.compile(r"^\W{0,3}kepada\s*:?\s*(?P<value>.*)$", re.I)
DI_RE = re.compile(r"^\W{0,3}d[il1]\s*[-–—.]?\s*(t[e3]mpat|$|[-–—])", re.I)
ADDRESS_RE = re.compile(
    r"\b(jalan|jl\.?|jln|telp|telepon|tel\.|fax|faks|faksimile|kode\s*pos|e-?mail|pos-?el|"
    r"laman|website|www\.|http|kotak\s*pos|no\.\s*\d|nomor\s*telepon)\b|@|\(\d{3,4}\)",
    re.I,
)
GOV_RE = re.compile(r"^\W*pemerintah(an)?\b", re.I)
# a line that is the letter's own text: never part of the kop
BODY_START_RE = re.compile(
    r"^\W{0,3}(dengan\s+hormat|sehubungan|berdasarkan|menindaklanjuti|bersama\s+ini|"
    r"dalam\s+rangka|memperhatikan)",
    re.I,
)


def _norm(line):
    line = line.replace("\u2014", "-").replace("\u2013", "-").replace("\u00a0", " ")
    line = line.replace("\u201c", '"').replace("\u201d", '"').replace("\u2019", "'")
    return re.sub(r"[ \t]+", " ", line).strip()


def _fix_digits(token):
    """'2O26' -> '2026', 'l5' -> '15': only runs that already hold a digit."""
    if re.search(r"\d", token) and re.fullmatch("[%s]+" % DIGITISH, token):
        return token.translate(DIGIT_FIX)
    return token


def _month(word):
    word = re.sub(r"[^a-z]", "", word.lower().replace("0", "o").replace("1", "l"))
    if not word:
        return None
    if word in MONTHS:
        return MONTHS[word]
    if word in MONTH_ABBR:
        return MONTH_ABBR[word]
    if len(word) >= 4:
        close = difflib.get_close_matches(word, MONTHS, n=1, cutoff=0.75)
        if close:
            return MONTHS[close[0]]
    return None


def _valid(year, month, day):
    try:
        return date(year, month, day)
    except ValueError:
        return None


DATE_WORD_RE = re.compile(
    r"(?<![\w/])(?P<d>[%s]{1,2})\s*[.\-]?\s*(?P<m>[A-Za-z][A-Za-z0-9]{2,10})\.?\s*[,.]?\s*"
    r"(?P<y>[%s]{4})(?!\w)" % (DIGITISH, DIGITISH)
)
DATE_NUM_RE = re.compile(
    r"(?<![\w/])(?P<d>[%s]{1,2})\s*[-/.]\s*(?P<m>[%s]{1,2})\s*[-/.]\s*(?P<y>[%s]{4})(?![\w/])"
    % (DIGITISH, DIGITISH, DIGITISH)
)


def parse_date(text):
    """The first Indonesian date of the text, as a date, or None."""
    found = []
    for match in DATE_WORD_RE.finditer(text):
        day, year = _fix_digits(match["d"]), _fix_digits(match["y"])
        month = _month(match["m"])
        if month and day.isdigit() and year.isdigit():
            value = _valid(int(year), month, int(day))
            if value and 1900 < value.year < 2200:
                found.append((match.start(), value))
    for match in DATE_NUM_RE.finditer(text):
        day, month, year = (_fix_digits(match[k]) for k in ("d", "m", "y"))
        if day.isdigit() and month.isdigit() and year.isdigit():
            value = _valid(int(year), int(month), int(day))
            if value and 1900 < value.year < 2200:
                found.append((match.start(), value))
    return min(found)[1] if found else None


def clean_number(value):
    """A letter number: one token, spaces around separators removed, digits fixed."""
    value = re.sub(r"\s*([/\-.])\s*", r"\1", value.strip(" :;,-=~_"))
    tokens = value.split(" ") if value else [""]
    value = tokens[0]
    for token in tokens[1:]:
        # "800/036/BA PPEDA/II/2026": a space the OCR put inside the number
        if "/" in token and not re.search(r"/[%s]{4}$" % DIGITISH, value):
            value += token
        elif re.fullmatch(r"[12][0-9]{3}", token) and re.search(r"/[IVX]{1,4}$", value):
            value += "/" + token
        else:
            break
    # a speck before the number (">500.12/…"); "B-…" and "800…" start with a word character
    value = re.sub(r"^[^\w]+", "", value).strip(".,;:-=~_")
    # "…/2025iak": the date beside the number glued to the year
    value = re.sub(r"(/[12][0-9]{3})[A-Za-z]+$", r"\1", value)
    # "…/2025Kepada": the right column glued to the year
    value = re.sub(r"(\d)(?:kepada|y[ti1l][hn]\.?)$", r"\1", value, flags=re.I)
    parts = re.split(r"([/\-.])", value)
    fixed = []
    for index, part in enumerate(parts):
        # a Roman month before the year: "!1" or "Il" is "II", not 11
        before_year = index + 2 < len(parts) and re.fullmatch(r"\d{4}", parts[index + 2] or "")
        # … or "1" / "11" after a unit code ("DISDIK/1/2026"): Roman too
        after_code = (
            index >= 2
            and parts[index - 1] == "/"
            and parts[index + 1 : index + 2] == ["/"]
            and re.fullmatch(r"[A-Za-z.]{2,}", parts[index - 2] or "")
        )
        roman = re.search(r"[IlT!|VX]", part) or (after_code and re.fullmatch(r"1{1,3}", part))
        if before_year and re.fullmatch(r"[IVXlT1!|]{1,4}", part) and roman:
            fixed.append(re.sub(r"[lT1!|]", "I", part))
        else:
            fixed.append(_fix_digits(part))
    return "".join(fixed)


def _strip_right_column(value):
    """Cut what a two-column layout put on the same line (Kepada, Yth., the date)."""
    match = re.search(r"\s+(?:kepada\b|y\s?[ti1l]\s?h\b\.?)", value, re.I)
    if match:
        value = value[: match.start()]
    match = re.search(r"\s+[A-Z][A-Za-z .]+,\s*[%s]{1,2}\s+[A-Za-z]{3,}" % DIGITISH, value)
    if match:
        value = value[: match.start()]
    return value.strip()


def _labelled(lines):
    """{key: (index, value)} of the first line of each label."""
    found = {}
    for index, line in enumerate(lines):
        for key, regex in LABEL_RE.items():
            if key in found:
                continue
            match = regex.match(line)
            if match:
                # "Hal" must not take "Halaman" or a word of the body
                if key == "subject" and not re.match(r"^\W{0,3}\w+\s*[:;]", line):
                    if not re.match(r"^\W{0,3}(perihal|hal)(\s|$)", line, re.I):
                        continue
                found[key] = (index, match["value"].strip())
                break
    return found


def _read_kop(lines, stop):
    """The sending body: the capitals of the letterhead, without the government line."""
    kop = []
    for line in lines[:stop]:
        if not line:
            continue
        if ADDRESS_RE.search(line) or BODY_START_RE.match(line):
            break
        letters = [c for c in line if c.isalpha()]
        if len(letters) < 3:
            if kop:
                break
            continue
        upper = sum(1 for c in letters if c.isupper()) / len(letters)
        if upper < 0.8:
            if kop:
                break
            continue
        # the logo beside the kop, read as a stray letter or sign
        line = re.sub(r"^(?:\S{1,2}\s+)+(?=\w{3})", "", line)
        kop.append(" ".join(_agency_word(word) for word in line.split()))
    if len(kop) > 1 and GOV_RE.match(kop[0]):
        kop = kop[1:]
    name = " ".join(kop)
    name = re.sub(r"[^\w).]+$", "", re.sub(r"^[^\w(]+", "", name))
    return re.sub(r"\s+", " ", name) if len(name) >= 4 else None


# Words of Indonesian agency names, to correct OCR slips in the letterhead
AGENCY_WORDS = frozenset(
    """PEMERINTAH PROVINSI KABUPATEN KOTA DAERAH DINAS BADAN KANTOR SEKRETARIAT
    INSPEKTORAT KECAMATAN KELURAHAN DESA KEMENTERIAN LEMBAGA REPUBLIK INDONESIA
    NASIONAL REGIONAL PUSAT BALAI UNIT PELAKSANA TEKNIS DAN KOMUNIKASI INFORMATIKA
    STATISTIK PERSANDIAN PENDIDIKAN KEBUDAYAAN KESEHATAN SOSIAL PERHUBUNGAN PERTANIAN
    PERIKANAN PETERNAKAN PERKEBUNAN KEHUTANAN LINGKUNGAN HIDUP PARIWISATA PEMUDA
    OLAHRAGA PERPUSTAKAAN KEARSIPAN KEPEGAWAIAN PENGEMBANGAN SUMBER DAYA MANUSIA
    PERENCANAAN PEMBANGUNAN PENELITIAN PENGELOLAAN KEUANGAN PENDAPATAN ASET
    PEKERJAAN UMUM PENATAAN RUANG PERUMAHAN KAWASAN PERMUKIMAN PERTANAHAN PENANAMAN
    MODAL PELAYANAN TERPADU SATU PINTU KEPENDUDUKAN PENCATATAN SIPIL PEMBERDAYAAN
    MASYARAKAT PEREMPUAN PERLINDUNGAN ANAK KELUARGA BERENCANA PENGENDALIAN
    PENDUDUK KETAHANAN PANGAN PERDAGANGAN PERINDUSTRIAN KOPERASI USAHA KECIL
    MENENGAH TENAGA KERJA TRANSMIGRASI PEMADAM KEBAKARAN PENYELAMATAN SATUAN POLISI
    PAMONG PRAJA KESATUAN BANGSA POLITIK PENANGGULANGAN BENCANA RUMAH SAKIT
    UMUM DIREKTORAT JENDERAL SIBER SANDI NEGARA KEPOLISIAN RESOR SEKOLAH DIGITAL
    DEWAN PERWAKILAN RAKYAT BUPATI WALIKOTA GUBERNUR""".split()
)


def _agency_word(word):
    """'DAFRAH' -> 'DAERAH': an uppercase word of the kop close to a known one."""
    core = word.strip(",.;:")
    if len(core) < 5 or not core.isupper() or core in AGENCY_WORDS:
        return word
    close = difflib.get_close_matches(core, AGENCY_WORDS, n=1, cutoff=0.8)
    return word.replace(core, close[0]) if close else word


def _enclosures(value):
    value = value.strip()
    digits = re.match(r"^([%s]{1,3})\b" % DIGITISH, value)
    if digits and _fix_digits(digits[1]).isdigit():
        return int(_fix_digits(digits[1]))
    words = re.findall(r"[a-z]+", value.lower())
    for word in words[:2]:
        if word in NUMBER_WORDS:
            return NUMBER_WORDS[word]
    if not re.search(r"[A-Za-z0-9]", value) or value.lower().startswith(("tidak", "nihil")):
        return 0
    return None


def _sifat(value):
    low = " " + re.sub(r"[^a-z ]", " ", value.lower().replace("1", "i")) + " "
    result = {}
    for phrase, field, code in SIFAT:
        if field in result:
            continue
        pattern = r"\b%s\b" % phrase.replace(" ", r"\s+")
        if re.search(pattern, low):
            result[field] = code
            low = re.sub(pattern, " ", low)
            continue
        for word in low.split():
            if " " not in phrase and len(word) >= 5 and field not in result:
                if difflib.SequenceMatcher(None, word, phrase).ratio() >= 0.8:
                    result[field] = code
    return result


def _continuation(lines, index, limit=2, skip_blank=False):
    """Lines that continue a wrapped value (Hal, Yth.) until a label or blank line.

    ``skip_blank``: one blank line may separate the two lines of a wrapped value
    (OCR of a widely spaced header)."""
    extra = []
    following = lines[index + 1 : index + 1 + 2 * limit]
    if skip_blank:
        # one blank line may sit between the lines of a wrapped value
        kept = []
        for pos, line in enumerate(following):
            if line or (pos + 1 < len(following) and following[pos + 1] and
                        (not kept or kept[-1])):  # fmt: skip
                kept.append(line)
            else:
                break
        following = [line for line in kept if line]
    for line in following[:limit]:
        if (
            not line
            or any(rx.match(line) for rx in LABEL_RE.values())
            or YTH_RE.match(line)
            or KEPADA_RE.match(line)
            or DI_RE.match(line)
            or BODY_START_RE.match(line)
            or parse_date(line)
            or not line[:1].isalnum()
        ):
            break
        extra.append(line)
    return extra


# a wide gap between two words: the OCR kept a two-column layout (tesseract
# with preserve_interword_spaces=1); never the gap around a colon or a dash
GAP_RE = re.compile(r"(?<=[^\s:;|])[ \t]{4,}(?=[^\s:;|=~])")
BARE_LABEL_RE = re.compile(r"^\W{0,3}(?:%s)\W{0,2}$" % "|".join(LABEL.values()), re.I)
TRAILING_DI_RE = re.compile(r"^(.*\S)\s+(d[il1]\s*[-\u2013\u2014])$")


def _columns(text):
    """(left lines, right lines, all lines): the right column of a two-column header
    (Kepada / Yth. / di / place beside Nomor / Sifat / Lampiran / Hal)."""
    left, right, full = [], [], []
    after_di = False
    last_split = -10
    for raw in text.splitlines()[:200]:
        parts = GAP_RE.split(raw.replace("\u00a0", " ").strip())
        if len(parts) > 1 and BARE_LABEL_RE.match(parts[0]):
            # "Sifat      1 Segera": the gap is the label's, the colon misread
            parts = [parts[0] + " " + parts[1]] + parts[2:]
        line = _norm(raw)
        full.append(line)
        if not line:
            left.append("")
            continue
        if len(parts) > 1:
            left.append(_norm(parts[0]))
            right.append(_norm(" ".join(parts[1:])))
            last_split = len(full) - 1
        elif after_di and len(line.split()) <= 4:
            # the addressee's town, alone under "di -"
            left.append("")
            right.append(line)
        elif DI_RE.match(line) and len(full) - 1 - last_split <= 3:
            # the right column went on without a gap: move its lines back
            index = len(left) - 1
            moved = []
            while index > last_split and left[index]:
                moved.insert(0, left[index])
                left[index] = ""
                index -= 1
            right.extend(moved + [line])
            left.append("")
        else:
            left.append(line)
        tail = TRAILING_DI_RE.match(left[-1])
        if tail:
            # "Hal : Undangan Rapat di -": the right column's "di -" came close
            left[-1] = tail[1]
            right.append(tail[2])
        after_di = bool(
            right and DI_RE.match(right[-1]) and (len(parts) > 1 or tail or DI_RE.match(line))
        )
    return left, right, full


def read_header(text):
    """A dict of what the header of the letter says (see module doc)."""
    if not text or not text.strip():
        return {}
    # the header is at the top: a long text (every page of a scan) is not read further
    # blank lines are kept: they end wrapped values
    lines, right, full = _columns(text[:20000])
    result = {}
    found = _labelled(lines)

    # stacked labels (the OCR read the label column, then the value column)
    pending = [
        key
        for key, (_, value) in sorted(found.items(), key=lambda kv: kv[1][0])
        if not value or value in (":", ";")
    ]
    if pending:
        last = max(found[key][0] for key in pending)
        values = [
            line.lstrip(":; ").strip()
            for line in lines[last + 1 : last + 12]
            if line.startswith((":", ";"))
        ]
        for key, value in zip(pending, values, strict=False):
            found[key] = (found[key][0], value)

    if "letter_number" in found:
        number = clean_number(_strip_right_column(found["letter_number"][1]))
        if re.search(r"\d", number) and len(number) >= 3:
            result["letter_number"] = number
    if "sifat" in found:
        result.update(_sifat(found["sifat"][1]))
    if "enclosure" in found:
        count = _enclosures(_strip_right_column(found["enclosure"][1]))
        if count is not None:
            result["enclosure_count"] = count
    if "subject" in found:
        index, value = found["subject"]
        value = _strip_right_column(value)
        parts = [value] + _continuation(lines, index, skip_blank=True)
        subject = re.sub(r"\s+", " ", " ".join(p for p in parts if p))
        # "Triwulan |": a Roman one read as a bar
        subject = re.sub(r"(?<=\w) [|!]$", " I", subject.strip()).strip(" .:;,-|")
        # a speck before the text (a stain, the stamp): not part of the subject
        subject = re.sub(r"^[^\w(\"']+\s*", "", subject)
        if subject:
            result["subject"] = subject

    # the date: "Bengkalis, 3 Maret 2026" above or beside the labels; else any
    # date of the header (never one of the number)
    first_label = min((i for i, _ in found.values()), default=len(lines))
    header_end = min(len(full), max((i for i, _ in found.values()), default=0) + 6)
    candidates = []
    if "date_label" in found:
        candidates.append(found["date_label"][1])
    candidates += [
        line
        for line in full[:header_end]
        if re.search(r"[A-Za-z]{3,}\s*,\s*[%s]{1,2}[\s.\-/]" % DIGITISH, line)
    ]
    candidates += [
        re.sub(r"^.*?\bn[o0]m[o0]r\b\s*[:;]\s*\S+", "", line, flags=re.I)
        for line in full[:header_end]
    ]
    for candidate in candidates:
        found_date = parse_date(candidate)
        if found_date:
            result["letter_date"] = found_date.isoformat()
            break

    # the sender: the letterhead above the first label or date line
    kop_end = first_label
    for index, line in enumerate(lines[:first_label]):
        if re.search(r"[A-Za-z]{3,}\s*,\s*[%s]{1,2}\s" % DIGITISH, line) and parse_date(line):
            kop_end = index
            break
    # the kop is centred: read it whole (a logo may have left a gap before it)
    sender = _read_kop(full, kop_end)
    if sender:
        result["sender"] = sender

    addressee = _read_addressee([line for line in right if line], {}) or _read_addressee(
        lines, found
    )
    if addressee:
        result["addressee"] = addressee
    return result


def _read_addressee(lines, found):
    start = min((i for i, _ in found.values()), default=0)
    for index in range(max(0, start - 3), min(len(lines), start + 30)):
        line = lines[index]
        match = YTH_RE.match(line)
        value = match and match["value"].strip()
        if match and not value:
            # "Kepada Yth." alone: the addressee is on the next line
            while index + 1 < len(lines) and not value:
                index += 1
                value = lines[index]
        if not match:
            kepada = KEPADA_RE.match(line)
            if not kepada:
                continue
            value = kepada["value"].strip()
            if not value:
                # "Kepada" alone: the addressee is on the next line, after "Yth."
                nxt = lines[index + 1] if index + 1 < len(lines) else ""
                sub = YTH_RE.match(nxt)
                value = (sub["value"] if sub else nxt).strip()
                index += 1
        if not value:
            continue
        value = re.sub(r"^(?:kepada\s*)?y\s?[ti1l]\s?[hn]\s*\.?\s*", "", value, flags=re.I)
        parts = [value] + _continuation(lines, index, limit=3, skip_blank=True)
        text = re.sub(r"\s+", " ", " ".join(parts)).strip(" .,:;")
        return text or None
    return None
