"""Reading old agenda books (Buku Agenda) from spreadsheets: pure functions, no Odoo.

Agencies kept their registers in Excel or LibreOffice for years, each with its
own headings, order of columns and way of writing dates. This module guesses
the columns from the usual Indonesian headings, reads the tables (XLSX, CSV with
``;`` or ``,`` in UTF-8 or Latin-1) and the dates as clerks write them
("3 Maret 2026", "03-03-2026", "3/3/26", Excel serial dates). It raises
``ValueError`` with a short code; the wizard turns codes into messages.
"""

import csv
import io
import re
import stat
import zipfile
from datetime import date, datetime, time, timedelta

# what a column may hold, and the headings clerks give it (normalised:
# lower case, no punctuation, "tgl" read as "tanggal", "no" as "nomor")
HEADINGS = {
    "row_no": ["nomor", "nomor urut", "urut"],
    "agenda_number": [
        "nomor agenda",
        "agenda",
        "nomor agd",
        "nomor register",
        "nomor reg",
        "nomor urut agenda",
    ],
    "received_date": [
        "tanggal terima",
        "tanggal diterima",
        "diterima tanggal",
        "tanggal masuk",
        "tanggal penerimaan",
        "diterima",
    ],
    "sender": [
        "asal surat",
        "pengirim",
        "surat dari",
        "dari",
        "asal",
        "instansi pengirim",
        "nama pengirim",
    ],
    "letter_number": ["nomor surat", "nomor naskah"],
    "letter_date": ["tanggal surat", "tanggal naskah"],
    "number_and_date": [
        "nomor dan tanggal surat",
        "nomor tanggal surat",
        "nomor surat dan tanggal",
        "nomor dan tanggal",
        "nomor tanggal",
    ],
    "subject": ["perihal", "hal", "perihal surat", "hal surat"],
    "summary": ["isi ringkas", "ringkasan", "isi singkat", "ringkasan isi", "isi surat"],
    "classification": [
        "klasifikasi",
        "kode",
        "kode klasifikasi",
        "kka",
        "kode arsip",
        "indeks",
        "kode surat",
    ],
    "security": ["sifat", "sifat surat", "klasifikasi keamanan", "sifat naskah"],
    "urgency": ["derajat", "derajat kecepatan", "urgensi", "tingkat urgensi"],
    "addressee": ["kepada", "tujuan", "ditujukan kepada"],
    "disposed_to": [
        "diteruskan kepada",
        "diteruskan",
        "disposisi",
        "disposisi kepada",
        "didisposisikan kepada",
        "diteruskan disposisi kepada",
    ],
    "department": ["unit pengolah", "pengolah", "bidang", "unit"],
    "note": ["keterangan", "ket", "catatan"],
    "scan": ["file", "nama file", "file scan", "scan", "pindaian", "berkas scan"],
}
# the outgoing book (Buku Agenda Surat Keluar): no agenda number, sender or
# disposition; "Kepada" is the addressee, "Tanggal" the letter's date
_OUTGOING_ONLY = {
    "addressee": [
        "kepada",
        "tujuan",
        "ditujukan kepada",
        "dikirim kepada",
        "alamat tujuan",
        "penerima",
        "tujuan surat",
    ],
    "letter_date": ["tanggal surat", "tanggal naskah", "tanggal", "tanggal keluar"],
    "enclosure": ["lampiran", "jumlah lampiran"],
}
HEADINGS_OUTGOING = {
    target: _OUTGOING_ONLY.get(target, names)
    for target, names in HEADINGS.items()
    if target not in ("agenda_number", "received_date", "sender", "disposed_to")
}
HEADINGS_OUTGOING["enclosure"] = _OUTGOING_ONLY["enclosure"]
_SYNONYMS = {heading: target for target, names in HEADINGS.items() for heading in names}
_SYNONYMS_BY_BOOK = {
    "incoming": _SYNONYMS,
    "outgoing": {h: target for target, names in HEADINGS_OUTGOING.items() for h in names},
}

MONTHS = {
    "januari": 1, "jan": 1, "january": 1,
    "februari": 2, "pebruari": 2, "feb": 2, "peb": 2, "february": 2,
    "maret": 3, "mar": 3, "mrt": 3, "march": 3,
    "april": 4, "apr": 4,
    "mei": 5, "may": 5,
    "juni": 6, "jun": 6, "june": 6,
    "juli": 7, "jul": 7, "july": 7,
    "agustus": 8, "agu": 8, "agt": 8, "ags": 8, "aug": 8, "august": 8,
    "september": 9, "sep": 9, "sept": 9,
    "oktober": 10, "okt": 10, "oct": 10, "october": 10,
    "november": 11, "nopember": 11, "nov": 11, "nop": 11,
    "desember": 12, "des": 12, "dec": 12, "december": 12,
}  # fmt: skip
_TIME = r"(?:[\sT,]+(?:jam|pukul)?\s*(\d{1,2})[:.](\d{2})(?:[:.]\d{2})?)?\s*(?:wib|wita|wit)?\s*$"
_NAMED = re.compile(r"^(\d{1,2})[\s.\-/]+([a-z]+)\.?[\s.\-/,]+(\d{4}|\d{2})" + _TIME)
_NUMERIC = re.compile(r"^(\d{1,2})[\-/.](\d{1,2})[\-/.](\d{4}|\d{2})" + _TIME)
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})" + _TIME)
_WEEKDAY = re.compile(
    r"^(?:(?:tgl\.?|tanggal)\s*)?(?:(?:senin|selasa|rabu|kamis|jum'?at|sabtu|minggu|ahad)\s*,?\s*)?"
)
_SPLIT = re.compile(r"\s+/\s+|\s*[,;]\s*|\s+(?:tgl\.?|tanggal)\s+|\s+tgl\.")
EXCEL_EPOCH = date(1899, 12, 30)


def normalize_heading(text):
    words = re.sub(r"[^0-9a-z]+", " ", str(text or "").lower()).split()
    aliases = {"tgl": "tanggal", "no": "nomor", "nmr": "nomor", "nom": "nomor"}
    words = [aliases.get(word, word) for word in words]
    return " ".join(words)


def guess_target(heading, book="incoming"):
    """The column's meaning from its heading in a book ("incoming"/"outgoing"), or False."""
    synonyms = _SYNONYMS_BY_BOOK[book]
    name = normalize_heading(heading)
    if not name:
        return False
    if name in synonyms:
        return synonyms[name]
    # "Tanggal Terima Surat", "Perihal / Isi": the longest known beginning
    starts = [h for h in synonyms if name.startswith(h + " ")]
    return synonyms[max(starts, key=len)] if starts else False


def guess_columns(headings, book="incoming"):
    """{column index: target}; each target goes to its first column."""
    taken, result = set(), {}
    for index, heading in enumerate(headings):
        target = guess_target(heading, book)
        if target and target not in taken:
            taken.add(target)
            result[index] = target
    return result


def _year(text):
    year = int(text)
    if len(text) == 2:
        pivot = date.today().year % 100 + 1
        year += 2000 if year <= pivot else 1900
    return year


def parse_date(value):
    """(date, time or None) from a cell; ValueError("date") when unreadable."""
    if isinstance(value, datetime):
        moment = value.time()
        return value.date(), (moment if moment != time() else None)
    if isinstance(value, date):
        return value, None
    if isinstance(value, int | float) and not isinstance(value, bool):
        if 20000 <= value <= 80000:  # an Excel serial date (1954-2119)
            moment = datetime.combine(EXCEL_EPOCH, time()) + timedelta(days=float(value))
            return parse_date(moment.replace(microsecond=0))
        raise ValueError("date")
    text = _WEEKDAY.sub("", str(value or "").strip().lower())
    if re.fullmatch(r"\d{5}(\.0+)?", text):
        return parse_date(float(text))
    try:
        match = _NAMED.match(text)
        if match:
            day, month, year, hour, minute = match.groups()
            if month not in MONTHS:
                raise ValueError("date")
            result = date(_year(year), MONTHS[month], int(day))
        elif match := _NUMERIC.match(text):
            day, month, year, hour, minute = match.groups()
            result = date(_year(year), int(month), int(day))
        elif match := _ISO.match(text):
            year, month, day, hour, minute = match.groups()
            result = date(int(year), int(month), int(day))
        else:
            raise ValueError("date")
        moment = time(int(hour), int(minute)) if hour is not None else None
        moment = moment if moment != time() else None
    except (TypeError, ValueError) as error:
        raise ValueError("date") from error
    return result, moment


def split_number_and_date(text):
    """("005/DKI/2026", date) from "005/DKI/2026 / 3 Maret 2026"; date None if none."""
    text = str(text or "").strip()
    for match in reversed(list(_SPLIT.finditer(text))):
        number, rest = text[: match.start()].strip(), text[match.end() :].strip()
        if not number or not rest:
            continue
        try:
            return number, parse_date(rest)[0]
        except ValueError:
            continue
    return text, None


def cell_text(value):
    """A cell as the clerk sees it (numbers without a trailing .0)."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime | date):
        return value.strftime("%d-%m-%Y")
    return " ".join(str(value).split())


def _is_column_numbers(row):
    """The "1 2 3 4 ..." row printed under the headings of many registers."""
    cells = [cell_text(v) for v in row]
    filled = [(i, c) for i, c in enumerate(cells) if c]
    return len(filled) > 2 and all(c == str(i + 1) for i, c in filled)


def _best_header(rows, book="incoming"):
    """(index of the heading row, its score) among the first rows."""
    best = (None, 0)
    for index, row in enumerate(rows[:20]):
        score = len(guess_columns([cell_text(v) for v in row], book))
        if score > best[1]:
            best = (index, score)
    return best


def decode_text(raw):
    for encoding in ("utf-8-sig", "cp1252", "latin-1"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    return raw.decode("latin-1")


def read_csv(raw):
    text = decode_text(raw)
    sample = "\n".join(text.splitlines()[:20])
    counts = {d: sample.count(d) for d in (";", ",", "\t")}
    delimiter = max(counts, key=counts.get)
    return [list(row) for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)]


def read_xlsx_sheets(raw):
    """[(sheet name, rows)] of a workbook (values, not formulas)."""
    import openpyxl  # noqa: PLC0415 (only needed for workbooks)

    try:
        workbook = openpyxl.load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
    except Exception as error:  # noqa: BLE001 (any unreadable workbook is one answer)
        raise ValueError("xlsx") from error
    try:
        return [
            (sheet.title, [list(row) for row in sheet.iter_rows(values_only=True)])
            for sheet in workbook.worksheets
        ]
    finally:
        workbook.close()


def read_table(raw, is_xlsx, book="incoming"):
    """(sheet name, headings, [(line number, cells)]) of the register in the file.

    The sheet and the heading row are the ones where most headings are known.
    """
    sheets = read_xlsx_sheets(raw) if is_xlsx else [("", read_csv(raw))]
    best = None
    for name, rows in sheets:
        index, score = _best_header(rows, book)
        if index is not None and (best is None or score > best[0]):
            best = (score, name, rows, index)
    if best is None or best[0] < 2:
        raise ValueError("headings")
    _score, name, rows, index = best
    headings = [cell_text(v) for v in rows[index]]
    data = []
    for number, row in enumerate(rows[index + 1 :], start=index + 2):
        if not any(cell_text(v) for v in row) or _is_column_numbers(row):
            continue
        data.append((number, list(row) + [None] * (len(headings) - len(row))))
    return name, headings, data


def parse_enclosure(text):
    """(count, kind) of a "Lampiran" cell: "2 (dua) berkas" gives (2, "berkas")."""
    text = cell_text(text)
    if text.strip("-– ") == "":
        return 0, ""
    match = re.match(r"^(\d+)\s*(?:\([^)]*\))?\s*(.*)$", text)
    if match:
        return int(match.group(1)), match.group(2).strip()
    return 0, text


def normalize_key(text):
    """A file or number as a matching key: "15/SM/2026" and "15-sm-2026.pdf" meet."""
    return re.sub(r"[^0-9a-z]+", "-", str(text or "").lower()).strip("-")


def check_zip(raw, max_entries, max_total, max_entry, max_ratio):
    """The entries of a zip that is safe to read, or ValueError(reason code).

    Refused: not a zip, encrypted, a path that climbs out (``..``, absolute,
    drive letters), links, too many entries, an entry or a total beyond the
    limits, or compressed beyond ``max_ratio`` (a zip bomb).
    """
    try:
        archive = zipfile.ZipFile(io.BytesIO(raw))
        infos = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        raise ValueError("zip") from error
    if len(infos) > max_entries:
        raise ValueError("entries")
    total = 0
    files = []
    for info in infos:
        name = info.filename.replace("\\", "/")
        parts = name.split("/")
        if name.startswith("/") or ".." in parts or re.match(r"^[a-zA-Z]:", name):
            raise ValueError("path")
        if stat.S_ISLNK(info.external_attr >> 16):
            raise ValueError("link")
        if info.flag_bits & 0x1:
            raise ValueError("encrypted")
        if info.is_dir():
            continue
        if info.file_size > max_entry:
            raise ValueError("entry_size")
        if info.file_size > 1024 * 1024 and info.file_size > max_ratio * max(info.compress_size, 1):
            raise ValueError("ratio")
        total += info.file_size
        if total > max_total:
            raise ValueError("total_size")
        files.append(info)
    return archive, files


def read_entry(archive, info):
    """An entry's bytes, never more than it declares (a lying header is refused)."""
    with archive.open(info) as handle:
        data = handle.read(info.file_size + 1)
    if len(data) != info.file_size:
        raise ValueError("ratio")
    return data
