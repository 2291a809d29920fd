"""Reading the text of a letter's scan, in the background.

A letter that gets a scan goes to ``ocr_state = pending`` and wakes the cron
``ir_cron_surat_ocr`` (``_trigger``); the cron reads a few letters per batch,
commits after each one (a restart loses at most the letter being read),
reports its progress (``ir.cron._notify_progress``, the cron runs again at
once while letters remain) and retries a failed letter a few times, later,
before marking it ``failed`` with the reason. The clerk's request never waits
for OCR. The scan itself is never changed.

Tools (command line, no Python dependency): ``pdftotext`` for PDFs with a
text layer (read as they are), ``pdftoppm`` + ``tesseract -l ind+eng`` for
scanned PDFs, ``tesseract`` for JPEG, PNG and (multi-page) TIFF. A queue
module (OCA ``queue_job``) was not used: it is AGPL-3, this addon LGPL-3.
"""

import glob
import hashlib
import logging
import os
import re
import subprocess
import tempfile
import threading
from datetime import timedelta

from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools.mimetypes import guess_mimetype

_logger = logging.getLogger(__name__)

OCR_BATCH = 5
OCR_MAX_ATTEMPTS = 3
OCR_RETRY_DELAY = timedelta(minutes=10)
OCR_MAX_PAGES = 50
OCR_DPI = 300
OCR_PAGE_TIMEOUT = 180
OCR_PDF_TIMEOUT = 120
OCR_MAX_CHARS = 1_000_000
# a PDF whose text layer has fewer letters than this is treated as a scan
OCR_MIN_TEXT = 20
IMAGE_TYPES = ("image/jpeg", "image/png", "image/tiff")


class OcrError(Exception):
    """Reading failed; ``permanent`` when trying again cannot help."""

    def __init__(self, message, permanent=False):
        super().__init__(message)
        self.permanent = permanent


def sniff_mimetype(raw):
    """The file type by content; TIFF too, which Odoo's own detector does not know."""
    if raw[:4] in (b"II*\x00", b"MM\x00*"):
        return "image/tiff"
    return guess_mimetype(raw, default="application/octet-stream")


def _run(env, args, timeout):
    """Run a tool, one thread (the server is shared), and return its stdout."""
    tool_env = dict(os.environ, OMP_THREAD_LIMIT="1")
    try:
        result = subprocess.run(
            args, capture_output=True, timeout=timeout, check=False, env=tool_env
        )
    except FileNotFoundError as exc:
        raise OcrError(
            env._("The text reader %(tool)s is not installed on the server.", tool=args[0])
        ) from exc
    except subprocess.TimeoutExpired as exc:
        raise OcrError(
            env._(
                "Reading the scan took longer than %(seconds)s seconds (%(tool)s).",
                seconds=timeout,
                tool=args[0],
            )
        ) from exc
    if result.returncode:
        detail = result.stderr.decode(errors="replace").strip().splitlines()[-1:] or [""]
        raise OcrError(
            env._("%(tool)s could not read the scan: %(detail)s", tool=args[0], detail=detail[0])
        )
    return result.stdout.decode(errors="replace")


def _tesseract(env, path):
    return _run(
        env,
        ["tesseract", path, "stdout", "-l", "ind+eng", "-c", "preserve_interword_spaces=1"],
        OCR_PAGE_TIMEOUT,
    )


def extract_text(env, raw):
    """The text of a scan (bytes): a PDF's text layer, else OCR of its pages / image."""
    mimetype = sniff_mimetype(raw)
    with tempfile.TemporaryDirectory(prefix="surat_ocr_") as tmp:
        if mimetype == "application/pdf":
            path = os.path.join(tmp, "scan.pdf")
            with open(path, "wb") as f:
                f.write(raw)
            text = _run(env, ["pdftotext", "-enc", "UTF-8", path, "-"], OCR_PDF_TIMEOUT)
            if len(re.findall(r"\w", text)) >= OCR_MIN_TEXT:
                return text
            _run(
                env,
                ["pdftoppm", "-r", str(OCR_DPI), "-gray", "-l", str(OCR_MAX_PAGES)]
                + [path, os.path.join(tmp, "page")],
                OCR_PDF_TIMEOUT,
            )
            pages = sorted(glob.glob(os.path.join(tmp, "page*.pgm")))
            return "\n\f".join(_tesseract(env, page) for page in pages)
        if mimetype in IMAGE_TYPES:
            path = os.path.join(tmp, "scan")
            with open(path, "wb") as f:
                f.write(raw)
            # a multi-page TIFF is read page after page by tesseract itself
            return _tesseract(env, path)
    raise OcrError(
        env._("Files of type %(mimetype)s have no text to read.", mimetype=mimetype),
        permanent=True,
    )


def text_hash(text):
    """Hash of a text with case and spacing normalised; None when too short to compare."""
    words = re.findall(r"\w+", (text or "").lower())
    if sum(len(w) for w in words) < 50:
        return None
    return hashlib.sha256(" ".join(words).encode()).hexdigest()


class SuratLetterFlowOcr(models.AbstractModel):
    _name = "surat.letter.flow.ocr"
    _description = "Letter: text of the scan (OCR)"

    # ------------------------------------------------------------------
    # The text, for readers of the letter only
    # ------------------------------------------------------------------
    @api.depends_context("uid")
    def _compute_ocr_text(self):
        hidden = self._surat_unreadable()
        ids = [i for i in (self - hidden)._ids if isinstance(i, int)]
        texts = {}
        if ids:
            # sudo: users have no access to the text model; these are the texts
            # of letters the real user may read (checked just above)
            rows = (
                self.env["surat.letter.text"]
                .sudo()  # sudo: texts of letters the user may read, see above
                .search_read([("letter_id", "in", ids)], ["letter_id", "ocr_text"])
            )
            texts = {row["letter_id"][0]: row["ocr_text"] for row in rows}
        for letter in self:
            letter.ocr_text = texts.get(letter.id, False)

    def _ocr_text_row(self):
        self.ensure_one()
        # sudo: the system's own row of the letter's text
        return self.env["surat.letter.text"].sudo().search([("letter_id", "=", self.id)], limit=1)

    # ------------------------------------------------------------------
    # A new scan: read it in the background
    # ------------------------------------------------------------------
    def _surat_after_create(self, vals_list):
        res = super()._surat_after_create(vals_list)
        with_scan = [
            letter.id
            for letter, vals in zip(self, vals_list, strict=False)
            if vals.get("scan_file")
        ]
        self.browse(with_scan)._ocr_enqueue()
        return res

    def _surat_after_write(self, vals):
        res = super()._surat_after_write(vals)
        if "scan_file" in vals:
            if vals["scan_file"]:
                self._ocr_enqueue()
            else:
                self._ocr_clear()
        return res

    def _ocr_enqueue(self):
        if not self:
            return
        self._surat_flow_write({"ocr_state": "pending", "ocr_error": False})
        # sudo: the system's own rows; a new scan starts with fresh attempts
        rows = self.env["surat.letter.text"].sudo().search([("letter_id", "in", self.ids)])
        rows.write({"ocr_attempts": 0, "ocr_retry_at": False})
        # sudo: waking the OCR cron is the system's job, whoever uploaded the scan
        self.env.ref("surat_menyurat.ir_cron_surat_ocr").sudo()._trigger()

    def _ocr_clear(self):
        if not self:
            return
        self._surat_flow_write({"ocr_state": "none", "ocr_error": False})
        # sudo: the system's own rows
        rows = self.env["surat.letter.text"].sudo().search([("letter_id", "in", self.ids)])
        rows.write({"ocr_text": False, "ocr_hash": False, "ocr_attempts": 0})
        self.invalidate_recordset(["ocr_text"])

    def action_ocr_rerun(self):
        """Read the scan again (registry clerk, or whoever may edit the letter)."""
        self.check_access("read" if self._is_registrar() else "write")
        if self.filtered(lambda lt: not lt.scan_file):
            raise UserError(_("This letter has no scan to read."))
        self._ocr_enqueue()
        return True

    # ------------------------------------------------------------------
    # The cron
    # ------------------------------------------------------------------
    @api.model
    def _ocr_ready_ids(self, limit=None):
        """Pending letters whose next try is due, fewest attempts first."""
        query = """
            SELECT l.id FROM surat_letter l
              LEFT JOIN surat_letter_text t ON t.letter_id = l.id
             WHERE l.ocr_state = 'pending'
               AND (t.ocr_retry_at IS NULL OR t.ocr_retry_at <= %s)
             ORDER BY t.ocr_attempts NULLS FIRST, l.id
        """
        params = [fields.Datetime.now()]
        if limit:
            query += " LIMIT %s"
            params.append(limit)
        self.env.flush_all()
        self.env.cr.execute(query, params)
        return [row[0] for row in self.env.cr.fetchall()]

    @api.model
    def _cron_surat_ocr(self, batch_size=OCR_BATCH):
        """Read a batch of pending scans; the cron runs again while some are ready."""
        # sudo: the cron reads every agency's pending scans
        letters = self.sudo().browse(self._ocr_ready_ids(batch_size))
        for letter in letters:
            letter._ocr_process()
            # each letter read is kept, even if the server stops mid-batch
            self._ocr_commit()
        self.env["ir.cron"]._notify_progress(
            done=len(letters), remaining=len(self._ocr_ready_ids())
        )
        return len(letters)

    def _ocr_commit(self):
        """Commit (not in tests): a letter's result is kept, and the tools run
        outside any open transaction (a clerk registering the letter meanwhile
        does not make the cron's write fail on a concurrent update)."""
        if not getattr(threading.current_thread(), "testing", False):
            self.env.cr.commit()  # pylint: disable=invalid-commit
            self.env.invalidate_all()

    def _ocr_process(self):
        """Read one letter's scan and store its text, or count a failed attempt."""
        self.ensure_one()
        attachment = self._scan_attachment()
        raw, checksum = (attachment.raw or b"", attachment.checksum) if attachment else (b"", None)
        self._ocr_commit()
        text = failure = None
        try:
            if not attachment:
                raise OcrError(_("The letter has no scan."), permanent=True)
            text = extract_text(self.env, raw)[:OCR_MAX_CHARS]
        except OcrError as exc:
            failure = exc
        if self.ocr_state != "pending" or self._scan_attachment().checksum != checksum:
            return False  # the scan changed while it was read: read again later
        row = self._ocr_text_row()
        if not row:
            # sudo: the system's own row (letters created before the triggers)
            row = self.env["surat.letter.text"].sudo().create({"letter_id": self.id})
        if failure:
            attempts = row.ocr_attempts + 1
            give_up = failure.permanent or attempts >= OCR_MAX_ATTEMPTS
            _logger.info("OCR of letter %s failed (attempt %s): %s", self.id, attempts, failure)
            row.write(
                {
                    "ocr_attempts": attempts,
                    "ocr_retry_at": not give_up and fields.Datetime.now() + OCR_RETRY_DELAY,
                }
            )
            self._surat_flow_write(
                {"ocr_state": "failed" if give_up else "pending", "ocr_error": str(failure)[:500]}
            )
            if not give_up:
                self.env.ref("surat_menyurat.ir_cron_surat_ocr")._trigger(
                    fields.Datetime.now() + OCR_RETRY_DELAY
                )
            return False
        text = text.replace("\x00", "").strip()
        row.write(
            {
                "ocr_text": text,
                "ocr_hash": text_hash(text),
                "ocr_attempts": row.ocr_attempts + 1,
                "ocr_retry_at": False,
            }
        )
        self._surat_flow_write({"ocr_state": "done", "ocr_error": False})
        self.invalidate_recordset(["ocr_text"])
        # a draft's header is read from its scan text, kept as suggestions for the clerk
        self._surat_store_header_suggestions(text)
        return True
