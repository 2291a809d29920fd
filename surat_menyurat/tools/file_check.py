"""Hostile files: what the content check refuses beyond the type and the size.

Pure functions (no Odoo): each answers a reason code or None; the letter turns
the code into a message in the user's language (``surat.letter._check_file_content``).

* ``extension``: the name's extension says another type than the content (a
  ``.pdf`` that is a PNG, a ``.docx`` that is a PDF; one image format for
  another is let through).
* ``pdf_truncated``: a PDF without its end-of-file marker (a cut upload).
* ``pdf_active``: a PDF with active content (JavaScript, launching a program,
  sending a form). Refused, not stripped: a scan never has any, and a file
  that does must not reach the head's browser; the sender prints it to PDF
  again. The names are looked for in the objects outside the streams (with
  ``#xx`` escapes decoded) and in the compressed object streams, decompressed
  within a bound: a layered defence, not a full PDF parser.
* ``zip``: an Office file (a zip) that is broken, encrypted, has too many
  entries, or expands beyond the limits or the ratio of a zip bomb. Only the
  zip's directory is read; nothing is expanded.
"""

import mimetypes
import re
import zlib

from .agenda_history import check_zip

ZIP_TYPES = {
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "application/vnd.oasis.opendocument.text",
    "application/vnd.oasis.opendocument.spreadsheet",
    "application/zip",
}
ZIP_MAX_ENTRIES = 2000
ZIP_MAX_TOTAL = 200 * 1024 * 1024
ZIP_MAX_RATIO = 100
# the same type under two names
SAME_TYPE = {"application/x-pdf": "application/pdf"}
PDF_ACTIVE_NAMES = {b"JS", b"JavaScript", b"Launch", b"SubmitForm", b"ImportData", b"RichMedia"}
PDF_NAME = re.compile(rb"/([A-Za-z0-9#]{2,40})")
PDF_STREAM = re.compile(rb"stream\r?\n.*?endstream", re.S)
PDF_OBJSTM = re.compile(rb"/Type\s*/ObjStm\b[^>]*>>\s*stream\r?\n(.*?)endstream", re.S)
PDF_OBJSTM_MAX = 64 * 1024 * 1024  # decompressed bytes examined in all
PDF_HEX = re.compile(rb"#([0-9A-Fa-f]{2})")


def extension_mismatch(mimetype, filename):
    """True when the name's extension is known and says another type than the content."""
    if not filename or "." not in filename:
        return False
    said = mimetypes.guess_type("x." + filename.rsplit(".", 1)[1].lower())[0]
    if not said or said == "application/octet-stream":
        return False
    if said.startswith("image/") and mimetype.startswith("image/"):
        return False  # a PNG saved as .jpg is common and harmless
    return SAME_TYPE.get(said, said) != SAME_TYPE.get(mimetype, mimetype)


def _pdf_names(chunk):
    for match in PDF_NAME.finditer(chunk):
        name = match.group(1)
        if b"#" in name:
            name = PDF_HEX.sub(lambda m: bytes([int(m.group(1), 16)]), name)
        yield name


def pdf_reason(raw):
    """'pdf_truncated', 'pdf_active' or None."""
    if b"%%EOF" not in raw[-2048:]:
        return "pdf_truncated"
    outside = PDF_STREAM.sub(b" ", raw)
    if any(name in PDF_ACTIVE_NAMES for name in _pdf_names(outside)):
        return "pdf_active"
    budget = PDF_OBJSTM_MAX
    for match in PDF_OBJSTM.finditer(raw):
        inflater = zlib.decompressobj()
        try:
            data = inflater.decompress(match.group(1), budget)
        except zlib.error:
            continue
        budget -= len(data)
        if any(name in PDF_ACTIVE_NAMES for name in _pdf_names(data)):
            return "pdf_active"
        if budget <= 0:
            break
    return None


def zip_reason(raw):
    """'zip' when the Office file is not a zip that is safe to open, else None."""
    try:
        check_zip(raw, ZIP_MAX_ENTRIES, ZIP_MAX_TOTAL, ZIP_MAX_TOTAL, ZIP_MAX_RATIO)
    except ValueError:
        return "zip"
    return None


def hostile_reason(raw, mimetype, filename):
    """The reason code of a file of an accepted type that is still refused, or None."""
    if extension_mismatch(mimetype, filename):
        return "extension"
    if mimetype == "application/pdf":
        return pdf_reason(raw)
    if mimetype in ZIP_TYPES:
        return zip_reason(raw)
    return None
