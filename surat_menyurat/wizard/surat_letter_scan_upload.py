from odoo import _, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools.mimetypes import guess_mimetype

from ..models.surat_letter_intake import SCAN_TYPES


class SuratLetterScanUpload(models.TransientModel):
    """Many scans at once from the scanner: each file becomes a draft incoming letter.

    Every file is checked by content like any upload; a refused file is reported
    with its reason and creates nothing. The drafts wait for the clerk, who
    confirms the suggested header of each (OCR and header reading run later in
    the background for scans without a text layer).
    """

    _name = "surat.letter.scan.upload"
    _inherit = ["surat.pointer.guard"]
    _description = "Upload Many Scans"

    attachment_ids = fields.Many2many(
        comodel_name="ir.attachment",
        relation="surat_letter_scan_upload_attachment_rel",
        string="Scans",
    )
    state = fields.Selection(selection=[("upload", "Upload"), ("done", "Done")], default="upload")
    letter_ids = fields.Many2many(
        comodel_name="surat.letter",
        relation="surat_letter_scan_upload_letter_rel",
        string="Drafts Created",
        readonly=True,
    )
    created_count = fields.Integer(readonly=True)
    refused_count = fields.Integer(readonly=True)
    result = fields.Text(readonly=True)

    def action_upload(self):
        self.ensure_one()
        letters = self.env["surat.letter"]
        if not letters._is_registrar():
            raise AccessError(_("Only registry clerks record incoming letters."))
        if not self.attachment_ids:
            raise UserError(_("Add the scans to upload first."))
        company = self.env.company
        refused = []
        for attachment in self.attachment_ids.sorted("id"):
            name = attachment.name
            raw = attachment.raw or b""
            reason = letters._surat_file_refusal(company, raw, name)
            if not reason and guess_mimetype(raw) not in SCAN_TYPES:
                reason = _("%(name)s is not a scan (PDF or image).", name=name)
            if not reason:
                try:
                    with self.env.cr.savepoint():
                        letter = letters._surat_intake_create(
                            company, self.env.user, {"subject": _("Scan %s", name)}, raw, name
                        )
                except (UserError, AccessError, ValidationError) as error:
                    reason = error.args[0]
            if reason:
                refused.append("%s: %s" % (name, reason))
                letters._surat_intake_log(company, "upload", reason, filename=name)
                continue
            letters |= letter
            letters._surat_intake_log(company, "upload", letter=letter, filename=name)
        letters._surat_notify_clerks(_("Review the scanned letter"))
        lines = [
            _("%(count)s draft letter(s) created.", count=len(letters)),
            _("%(count)s file(s) refused.", count=len(refused)),
        ] + refused
        uploaded = self.attachment_ids
        self.write(
            {
                "state": "done",
                "attachment_ids": [fields.Command.clear()],
                "letter_ids": [fields.Command.set(letters.ids)],
                "created_count": len(letters),
                "refused_count": len(refused),
                "result": "\n".join(lines),
            }
        )
        # the uploaded copies are not kept: each letter holds its scan
        uploaded.unlink()
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "new",
            "name": _("Upload Many Scans"),
        }

    def action_open_letters(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": _("Drafts Created"),
            "res_model": "surat.letter",
            "view_mode": "list,form",
            "domain": [("id", "in", self.letter_ids.ids)],
            "context": {"default_direction": "incoming"},
        }
