"""Reading and merging the archive classification codes and the retention schedule.

Pure Python (no Odoo import), so that ``tools/classification_report.py`` can load this
file by path and compute exactly what the addon loads.

The two sources are different transcriptions of the same list:

* ``klasifikasi_arsip_permendagri_83_2022.tsv`` (code, name): the classification codes
  of Permendagri 83/2022; names are often cut short (about 50 characters) and carry
  typos.
* ``jadwal_retensi_arsip_contoh.tsv`` (code, description, retention_active,
  retention_inactive, final_disposition): one province's retention schedule (JRA) keyed
  to the same codes; descriptions are complete, headings are in capitals.

Name matching
-------------
Both names are compared as lists of words (lowercase, letters and digits only). A word
of one name has a counterpart in the other when it is the same word up to a small
spelling difference (edit distance 1 for words of 4 to 6 letters, 2 for longer ones:
``ijin``/``izin``, ``perlindungan``/``pelindungan``,
``standarisasi``/``standardisasi``), when a word was split or glued by a stray space
(``darur at``, ``budi daya``, ``kerjasama``), or when it is a syllable abbreviation of
consecutive words of the other (``bimtek`` = bimbingan teknis, ``rakor`` = rapat
koordinasi, ``pemilu`` = pemilihan umum). Function words (dan, di, yang, antara lain,
meliputi ...) are ignored. The similarity of two names is the share of the content words
of one name that have a counterpart in the other, taking the better of the two
directions: a name cut short, a reordering (``sarana dan prasarana`` / ``prasarana dan
sarana``) or a schedule text that adds a list of examples keeps a similarity of 1.

Two names are taken for different subjects when the similarity is below
``SAME_SUBJECT_THRESHOLD`` (0.75): at least one content word in four has no counterpart
either way. On the real data this flags swapped or shifted rows (``500.4.7.8``: "Lalu
Lintas Angkutan Benih" / "Pengembangan Usaha Perbenihan"; ``500.18.9.2``: "Pengembangan
Sarana" / "Pengembangan Prasarana") while a one-word difference in a long name ("Master
proceeding/ jurnal penelitian" / "Master Prosiding/Jurnal Penelitian ...") is accepted
as a spelling variant. Character ratios on the whole text (difflib) were tried first and
rejected: they score a cut-short name low against a long description, and a swap of
"Sarana"/"Prasarana" high.
"""

import csv
import re
from dataclasses import dataclass, field

CLASSIFICATION_FILE = "klasifikasi_arsip_permendagri_83_2022.tsv"
SCHEDULE_FILE = "jadwal_retensi_arsip_contoh.tsv"

SAME_SUBJECT_THRESHOLD = 0.75
"""Below this similarity the two names are taken for different subjects."""

PREFIX_THRESHOLD = 0.9
"""Character similarity from which a name starts the schedule's text, typos aside."""

MIN_EXTRA_CHARS = 4
"""A name with typos is cut short when the schedule's text is this much longer."""

STOP_WORDS = frozenset(
    """
    dan di ke dari yang serta atau dengan untuk pada oleh dalam antara lain meliputi
    terdiri atas tentang sebagai bagi the of and
    """.split()
)

DISPOSITIONS = {
    "musnah": "destroy",
    "permanen": "permanent",
    "dinilai kembali": "review",
    "dinilai ulang": "review",
    "nilai kembali": "review",
}
"""Final disposition (nasib akhir) of the schedule -> key of surat.classification."""

_CODE_RE = re.compile(r"^\d+(\.\d+)*$")
_PERIOD_RE = re.compile(r"^\s*(\d+)\s*(tahun|thn|th)\b\.?\s*(.*)$", re.IGNORECASE | re.DOTALL)
_WORD_RE = re.compile(r"[a-z0-9]+")


# --------------------------------------------------------------------------- reading
def read_tsv(path):
    """Rows of a tab-separated file with a header line, as dicts of stripped values."""
    with open(path, encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
        return [
            {key.strip(): (value or "").strip() for key, value in row.items() if key}
            for row in reader
        ]


# --------------------------------------------------------------------------- text
def normalise(text):
    """Lowercase letters and digits only: spaces and punctuation dropped."""
    return "".join(_WORD_RE.findall((text or "").lower()))


def words(text):
    """Lowercase words (letters and digits) of ``text``."""
    return _WORD_RE.findall((text or "").lower())


def heading_case(text):
    """A heading in capitals, in title case.

    ``"PENDIDIKAN DAN PELATIHAN (DIKLAT)"`` -> ``"Pendidikan dan Pelatihan (DIKLAT)"``:
    function words in lowercase, abbreviations in parentheses kept.
    """
    result, depth, first = [], 0, True
    for piece in re.split(r"([A-Za-z0-9]+)", text):
        if piece and piece[0].isalnum():
            if depth:
                result.append(piece)
            elif not first and piece.lower() in STOP_WORDS:
                result.append(piece.lower())
            else:
                result.append(piece.capitalize())
            first = False
        else:
            depth += piece.count("(") - piece.count(")")
            result.append(piece)
    return "".join(result)


def _edit_distance(a, b, limit):
    """Levenshtein distance of ``a`` and ``b``, or ``limit + 1`` above ``limit``."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous = list(range(len(b) + 1))
    for i, char_a in enumerate(a, 1):
        current = [i]
        for j, char_b in enumerate(b, 1):
            current.append(
                min(
                    previous[j] + 1,
                    current[j - 1] + 1,
                    previous[j - 1] + (char_a != char_b),
                )
            )
        if min(current) > limit:
            return limit + 1
        previous = current
    return previous[-1]


def _same_word(a, b):
    """Whether two words are the same up to a spelling difference."""
    if a == b:
        return True
    shortest = min(len(a), len(b))
    if shortest < 4:
        return False
    return _edit_distance(a, b, 1 if shortest <= 6 else 2) <= (1 if shortest <= 6 else 2)


def _is_subsequence(piece, word):
    """Whether ``piece`` starts with the first letter of ``word`` and follows it."""
    if not piece or piece[0] != word[:1]:
        return False
    letters = iter(word)
    return all(char in letters for char in piece)


def _is_abbreviation(token, other_words):
    """Whether ``token`` abbreviates two or more consecutive ``other_words``.

    Each piece of the token is taken from one word, from its first letter on and in
    order, as Indonesian syllable abbreviations are: ``rakor`` = RApat KOoRdinasi,
    ``bimtek`` = BIMbingan TEKnis, ``pemilu`` = PEMILihan Umum.
    """
    if len(token) < 3:
        return False

    def match(pos, index, used):
        if pos == len(token):
            return used >= 2
        if index >= len(other_words):
            return False
        word = other_words[index]
        for size in range(min(len(word), len(token) - pos), 0, -1):
            if _is_subsequence(token[pos : pos + size], word) and match(
                pos + size, index + 1, used + 1
            ):
                return True
        return False

    return any(
        other_words[start][:1] == token[:1] and match(0, start, 0)
        for start in range(len(other_words))
    )


def _coverage(name_words, other_words):
    """Share of the content words of ``name_words`` found in ``other_words``."""
    candidates = set(other_words)
    candidates.update(a + b for a, b in zip(other_words, other_words[1:], strict=False))

    def has_counterpart(token, last):
        if token in candidates or any(_same_word(token, other) for other in candidates):
            return True
        # the last word of a name cut short may itself be cut
        return last and len(token) >= 3 and any(other.startswith(token) for other in other_words)

    total = matched = 0
    index = 0
    while index < len(name_words):
        token = name_words[index]
        last = index == len(name_words) - 1
        if len(token) < 2 and not token.isdigit():
            index += 1  # a letter split off a word by a stray space
            continue
        if token in STOP_WORDS:
            index += 1
            continue
        total += 1
        if has_counterpart(token, last):
            matched += 1
        elif not last and has_counterpart(
            token + name_words[index + 1], index + 1 == len(name_words) - 1
        ):
            matched += 1
            index += 1  # a word split by a stray space
        elif _is_abbreviation(token, other_words):
            matched += 1
        index += 1
    return matched / total if total else 1.0


def similarity(name, description):
    """Similarity in [0, 1] of two names of the same code: see the module docstring."""
    name_words, description_words = words(name), words(description)
    if not name_words or not description_words:
        return 1.0
    return max(
        _coverage(name_words, description_words),
        _coverage(description_words, name_words),
    )


def same_subject(name, description):
    """Whether the two names look like the same subject."""
    return similarity(name, description) >= SAME_SUBJECT_THRESHOLD


def _char_ratio(a, b):
    """difflib's ratio of two strings, without its junk heuristic."""
    from difflib import SequenceMatcher

    return SequenceMatcher(None, a, b, autojunk=False).ratio()


def is_cut_short(name, description):
    """Whether ``name`` starts the longer ``description`` (typos and spaces aside)."""
    short, long_ = normalise(name), normalise(description)
    if not short or len(long_) <= len(short):
        return False
    if long_.startswith(short):
        return True
    # with typos, ask for at least a short word more, so that a mere spelling variant
    # ("Standarisasi" / "Standardisasi") is not taken for a longer name
    return (
        len(long_) >= len(short) + MIN_EXTRA_CHARS
        and _char_ratio(short, long_[: len(short)]) >= PREFIX_THRESHOLD
    )


# --------------------------------------------------------------------------- values
def parse_period(text):
    """``"2 Tahun Setelah Kontrak Berakhir"`` -> ``(2, "Setelah Kontrak Berakhir")``.

    Returns ``(years, note)``: ``years`` is None when the text holds no number of years
    (empty, "Permanen", free text); ``note`` is the event the period starts from, or the
    whole text when it could not be read as a period, or "".
    """
    text = " ".join((text or "").split())
    if not text or text in ("-", "0"):
        return None, ""
    found = _PERIOD_RE.match(text)
    if found:
        return int(found.group(1)), found.group(3).strip(" ,;:")
    if text.isdigit():
        return int(text), ""
    return None, text


def parse_disposition(text):
    """``"Musnah, kecuali SK ..."`` -> ``("destroy", "kecuali SK ...")``.

    Returns ``(key, note)``: ``key`` is ``destroy``/``permanent``/``review`` or None
    when the text is empty or not recognised; ``note`` keeps what follows the keyword
    (an exception).
    """
    text = " ".join((text or "").split())
    lowered = text.lower()
    for keyword, key in DISPOSITIONS.items():
        if lowered.startswith(keyword):
            return key, text[len(keyword) :].strip(" ,;:()") or ""
    return None, text


def parent_code(code, existing):
    """Code of the nearest existing ancestor of ``code``, or None for a main class.

    Dotted prefixes first (``000.8.3.3`` -> ``000.8.3``, ``000.8``, ``000``); a code
    whose three-digit main number has no entry of its own hangs under the hundred it
    belongs to (``270.04.05`` -> ``200``), the main classes of 83/2022 being ``000``,
    ``100`` ... ``900``.
    """
    parts = code.split(".")
    for size in range(len(parts) - 1, 0, -1):
        candidate = ".".join(parts[:size])
        if candidate in existing:
            return candidate
    head = parts[0]
    if len(head) == 3 and head.isdigit() and head[1:] != "00":
        candidate = head[0] + "00"
        if candidate != code and candidate in existing:
            return candidate
    return None


def code_sort_key(code):
    """Numeric order of dotted codes (``500.2`` before ``500.10``)."""
    return tuple(int(part) if part.isdigit() else 0 for part in code.split("."))


# --------------------------------------------------------------------------- merge
@dataclass
class MergeResult:
    """What the loader creates, and the figures of the data report."""

    entries: list = field(default_factory=list)
    """One dict per classification code, in file order (see ``merge``)."""
    schedule_count: int = 0
    shared_codes: list = field(default_factory=list)
    """codes present in both files"""
    with_retention: list = field(default_factory=list)
    """shared codes whose schedule row carries retention values (not a bare heading)"""
    lengthened: list = field(default_factory=list)
    """(code, classification name, new name)"""
    mismatched: list = field(default_factory=list)
    """(code, classification name, schedule description, similarity)"""
    misplaced: list = field(default_factory=list)
    """(code, name, parent code): codes with no dotted ancestor"""
    without_retention: list = field(default_factory=list)
    """codes absent from the schedule, or a heading there (a row without values)"""
    schedule_only: list = field(default_factory=list)
    """(code, description)"""
    unknown_values: list = field(default_factory=list)
    """(code, column, text) of schedule values that could not be read"""

    @property
    def review_codes(self):
        return [entry["code"] for entry in self.entries if entry["needs_review"]]


def merge(classification_rows, schedule_rows):
    """Merge the two sources into one entry per classification code.

    Each entry is a dict with the keys ``code``, ``name``, ``parent_code``, ``depth``,
    ``description``, ``retention_active_years``, ``retention_inactive_years``,
    ``retention_note``, ``final_disposition``, ``final_disposition_note``,
    ``needs_review``, ``review_note``. Duplicate or malformed codes raise ValueError.
    """
    result = MergeResult(schedule_count=len(schedule_rows))
    codes = {}
    for row in classification_rows:
        code, name = row.get("code", ""), " ".join(row.get("name", "").split())
        if not _CODE_RE.match(code) or not name:
            raise ValueError(f"Invalid classification row: {row!r}")
        if code in codes:
            raise ValueError(f"Duplicate classification code {code}")
        codes[code] = name
    schedule = {}
    for row in schedule_rows:
        if row.get("code") in schedule:
            raise ValueError(f"Duplicate schedule code {row['code']}")
        schedule[row.get("code")] = row

    for code, class_name in codes.items():
        parent = parent_code(code, codes)
        entry = {
            "code": code,
            "name": class_name,
            "parent_code": parent,
            "depth": 0,
            "description": "",
            "retention_active_years": 0,
            "retention_inactive_years": 0,
            "retention_note": "",
            "final_disposition": False,
            "final_disposition_note": "",
            "needs_review": False,
            "review_note": "",
        }
        notes = []
        if parent and not code.startswith(parent + "."):
            result.misplaced.append((code, class_name, parent))
            notes.append(
                "The code does not follow the numbering of its class: no ancestor "
                f"of {code} exists, so it was placed under {parent}."
            )
        row = schedule.get(code)
        if row is None:
            result.without_retention.append(code)
        else:
            result.shared_codes.append(code)
            description = " ".join(row.get("description", "").split())
            if description and normalise(description) != normalise(class_name):
                if is_cut_short(class_name, description):
                    entry["name"] = (
                        heading_case(description) if description.isupper() else description
                    )
                    result.lengthened.append((code, class_name, entry["name"]))
                else:
                    score = similarity(class_name, description)
                    entry["description"] = description
                    if score < SAME_SUBJECT_THRESHOLD:
                        result.mismatched.append((code, class_name, description, score))
                        notes.append(
                            f'The classification names this code "{class_name}" '
                            "but the retention schedule describes it as "
                            f'"{description}" (similarity {score:.2f}). The name and '
                            "the retention values were kept: check which subject the "
                            "code stands for."
                        )
            _apply_retention(entry, row, result)
            if _has_retention(entry):
                result.with_retention.append(code)
            else:
                result.without_retention.append(code)
        if notes:
            entry["needs_review"] = True
            entry["review_note"] = "\n".join(notes)
        result.entries.append(entry)

    # depth (number of ancestors), so that parents are created before their children
    by_code = {entry["code"]: entry for entry in result.entries}
    for entry in result.entries:
        depth, parent = 0, entry["parent_code"]
        while parent:
            depth += 1
            parent = by_code[parent]["parent_code"]
        entry["depth"] = depth

    result.schedule_only = [
        (code, " ".join(row.get("description", "").split()))
        for code, row in schedule.items()
        if code not in codes
    ]
    return result


def _has_retention(entry):
    return bool(
        entry["final_disposition"]
        or entry["retention_active_years"]
        or entry["retention_inactive_years"]
        or entry["retention_note"]
    )


def _apply_retention(entry, row, result):
    """Copy the retention values of a schedule row into ``entry``."""
    event_notes = []
    for column, key in (
        ("retention_active", "retention_active_years"),
        ("retention_inactive", "retention_inactive_years"),
    ):
        years, note = parse_period(row.get(column, ""))
        if years is not None:
            entry[key] = years
            if note:
                event_notes.append(note)
        elif note:
            result.unknown_values.append((entry["code"], column, note))
            event_notes.append(note)
    entry["retention_note"] = "; ".join(event_notes)
    disposition, note = parse_disposition(row.get("final_disposition", ""))
    if disposition:
        entry["final_disposition"] = disposition
        entry["final_disposition_note"] = note
    elif note:
        result.unknown_values.append((entry["code"], "final_disposition", note))
        entry["final_disposition_note"] = note


def load(classification_path, schedule_path):
    """Read both files and merge them."""
    return merge(read_tsv(classification_path), read_tsv(schedule_path))
