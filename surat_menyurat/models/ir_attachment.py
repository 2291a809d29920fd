import base64
import hashlib

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError

from .surat_const import SURAT_FILE_MODELS
from .surat_guard import _LETTER_FILES_UNLOCKED

# Changing these fields replaces or moves the file: refused once the letter left draft.
CONTENT_FIELDS = {
    "raw",
    "datas",
    "db_datas",
    "store_fname",
    "url",
    "type",
    "res_model",
    "res_id",
    "res_field",
    "checksum",
    "surat_sha256",
}


class IrAttachment(models.Model):
    """Letter files: never public or tokenised, fixed once the letter is a record.

    Reading them is delegated to the letter (Odoo's attachment access checks the
    res_model record, res_field attachments included).
    """

    _inherit = "ir.attachment"

    surat_sha256 = fields.Char(
        string="SHA-256",
        readonly=True,
        copy=True,
        help="SHA-256 of the file at capture, checked by the fixity check.",
    )

    def read(self, fields=None, load="_classic_read"):
        result = super().read(fields, load=load)
        if not self.env.su and (not fields or {"datas", "raw", "db_datas"} & set(fields)):
            # the file's bytes over RPC are a download like /web/content
            self._surat_log_download()
        return result

    def _surat_log_download(self):
        # sudo: where the files belong, to log the letters they were read from
        files = self.sudo().filtered(lambda a: a.res_model in SURAT_FILE_MODELS and a.res_id)
        letter_ids = {a.res_id for a in files if a.res_model == "surat.letter"}
        disposition_ids = [a.res_id for a in files if a.res_model == "surat.disposition"]
        if disposition_ids:
            # sudo: the letters of dispositions whose files the caller just read
            dispositions = self.env["surat.disposition"].sudo().browse(disposition_ids)
            letter_ids |= set(dispositions.exists().letter_id.ids)
        if letter_ids:
            letters = self.env["surat.letter"].browse(sorted(letter_ids))
            letters._surat_log_access("download")

    def _surat_is_letter_file(self):
        return self.res_model in SURAT_FILE_MODELS

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if (
                vals.get("res_model") == "surat.letter"
                and vals.get("type", "binary") == "binary"
                and not vals.get("res_field")  # the letter checks its scan field itself
            ):
                raw = vals.get("raw")
                if raw is None and vals.get("datas"):
                    raw = base64.b64decode(vals["datas"])
                if raw is not None:
                    self._surat_check_letter_file(vals.get("res_id"), raw, vals.get("name"))
            if vals.get("res_model") in SURAT_FILE_MODELS:
                # Mail may add tokens to inline images of incoming e-mails:
                # a letter file is only ever reachable through the letter.
                vals.pop("access_token", None)
                vals["public"] = False
        attachments = super().create(vals_list)
        attachments.filtered(lambda a: a._surat_is_letter_file())._surat_store_sha256()
        return attachments

    def _surat_store_sha256(self):
        for attachment in self:
            # sudo: the digest is computed by the system from the file itself
            raw = attachment.sudo().raw or b""
            # sudo: only the system-computed digest is written, by the system
            super(IrAttachment, attachment.sudo()).write(
                {"surat_sha256": hashlib.sha256(raw).hexdigest()}
            )
        return True

    def _surat_locked(self):
        """Attachments of letters that left draft.

        Locked for everyone, superuser included; only the server flows inside
        ``letter_files_unlocked()`` pass. No context key lifts the lock.
        """
        if _LETTER_FILES_UNLOCKED.get():
            return self.browse()
        self.flush_recordset(["res_model", "res_id"])
        # sudo: only res_model/res_id are read, to find the letters
        letter_ids = {a.res_id for a in self.sudo() if a.res_model == "surat.letter" and a.res_id}
        if not letter_ids:
            return self.browse()
        # sudo: the letter state decides the lock, whatever the caller may read
        letters = self.env["surat.letter"].sudo().browse(letter_ids).exists()
        locked = set(letters.filtered(lambda lt: lt.state != "draft").ids)
        return (
            # sudo: see above, only filters the caller's own records
            self.sudo()
            .filtered(lambda a: a.res_model == "surat.letter" and a.res_id in locked)
            .sudo(self.env.su)
        )

    def write(self, vals):
        if vals.get("public") or vals.get("access_token"):
            # sudo: only checks whether a file belongs to a letter
            if any(a._surat_is_letter_file() for a in self.sudo()):
                raise ValidationError(_("A letter file cannot be public or shared by a link."))
        if CONTENT_FIELDS & set(vals):
            if self._surat_locked():
                raise UserError(
                    _(
                        "The file of a registered letter cannot be replaced; "
                        "add the corrected file as a new version."
                    )
                )
        self._surat_check_content_write(vals)
        res = super().write(vals)
        if {"raw", "datas", "db_datas"} & set(vals):
            self.filtered(lambda a: a._surat_is_letter_file())._surat_store_sha256()
        return res

    def _surat_check_content_write(self, vals):
        """Files moved to or rewritten on a letter are checked by content too."""
        if not (
            vals.get("res_model") == "surat.letter"
            or ({"raw", "datas"} & set(vals) and any(a.res_model == "surat.letter" for a in self))
        ):
            return
        for attachment in self:
            if (
                vals.get("res_model", attachment.res_model) != "surat.letter"
                or (vals.get("type") or attachment.type) != "binary"
                or vals.get("res_field", attachment.res_field)  # the letter checks its scan
            ):
                continue
            if "raw" in vals:
                raw = vals["raw"] or b""
            elif vals.get("datas"):
                raw = base64.b64decode(vals["datas"])
            else:
                raw = attachment.raw or b""
            if not raw:
                # emptying a file (an approved disposal) is not an upload
                continue
            self._surat_check_letter_file(
                vals.get("res_id", attachment.res_id),
                raw,
                vals.get("name", attachment.name),
            )

    @api.model
    def _surat_check_letter_file(self, letter_id, raw, name):
        # sudo: only the letter's agency is read, to apply its file rules
        letter = self.env["surat.letter"].sudo().browse(letter_id or [])
        # sudo: an empty letter only carries the current agency's file rules
        letter = letter.exists() or self.env["surat.letter"].sudo()
        if isinstance(raw, str):
            raw = raw.encode()
        letter._check_file_content(base64.b64encode(raw), name)

    def unlink(self):
        if self._surat_locked():
            raise UserError(
                _(
                    "The file of a registered letter cannot be deleted: it is part of "
                    "the record. Only an approved disposal removes it."
                )
            )
        return super().unlink()

    def generate_access_token(self):
        """Large-file e-mails link attachments with a token: never for letter files."""
        # sudo: only checks whether a file belongs to a letter
        letter_files = self.sudo().filtered(lambda a: a._surat_is_letter_file())
        tokens = super(IrAttachment, self - letter_files).generate_access_token()
        if not letter_files:
            return tokens
        by_id = dict(zip((self - letter_files).ids, tokens, strict=False))
        return [by_id.get(att_id, False) for att_id in self.ids]

    @api.constrains("public", "access_token", "res_model")
    def _check_surat_not_public(self):
        # sudo: the constraint must see every file, whoever writes
        for attachment in self.sudo():
            if attachment._surat_is_letter_file() and (
                attachment.public or attachment.access_token
            ):
                raise ValidationError(_("A letter file cannot be public or shared by a link."))

    def _surat_current_sha256(self):
        """SHA-256 of the bytes now in storage, False when the file is gone."""
        self.ensure_one()
        if self.store_fname:
            full_path = self._full_path(self.store_fname)
            try:
                with open(full_path, "rb") as handle:
                    return hashlib.sha256(handle.read()).hexdigest()
            except OSError:
                return False
        return hashlib.sha256(self.db_datas or b"").hexdigest()


class IrBinary(models.AbstractModel):
    _inherit = "ir.binary"

    def _record_to_stream(self, record, field_name):
        """Downloading a file of a confidential letter (its scan, attachments, the
        files of its dispositions) is logged, whoever streams it: the file leaves."""
        stream = super()._record_to_stream(record, field_name)
        letters = self.env["surat.letter"]
        if record._name == "surat.letter":
            letters = letters.browse(record.ids)
        elif record._name == "ir.attachment":
            # sudo: the attachment was already checked; read where it belongs
            att = record.sudo()
            if att.res_model == "surat.letter" and att.res_id:
                letters = letters.browse(att.res_id)
            elif att.res_model == "surat.disposition" and att.res_id:
                # sudo: only the disposition's letter is read, to log it
                letters = self.env["surat.disposition"].sudo().browse(att.res_id).exists().letter_id
        letters._surat_log_access("download")
        return stream
