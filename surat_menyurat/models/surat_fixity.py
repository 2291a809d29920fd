import logging

from markupsafe import Markup

from odoo import _, api, fields, models

_logger = logging.getLogger(__name__)


class SuratFixityIssue(models.Model):
    """A letter file whose content no longer matches the SHA-256 taken at capture.

    Written by the scheduled fixity check (``_cron_check_fixity``), which also
    posts a note on the letter. Readable by the head of agency and the module
    manager; kept as evidence (no unlink).
    """

    _name = "surat.fixity.issue"
    _description = "File Fixity Issue"
    _order = "date desc, id desc"
    _inherit = ["surat.guard.mixin"]

    date = fields.Datetime(required=True, readonly=True, default=fields.Datetime.now)
    attachment_id = fields.Many2one(
        comodel_name="ir.attachment", readonly=True, ondelete="set null"
    )
    file_name = fields.Char(readonly=True)
    letter_id = fields.Many2one(
        comodel_name="surat.letter", readonly=True, index=True, ondelete="cascade"
    )
    company_id = fields.Many2one(related="letter_id.company_id", store=True)
    expected_sha256 = fields.Char(readonly=True)
    found_sha256 = fields.Char(readonly=True, help="Empty when the file is missing.")
    state = fields.Selection(
        selection=[("open", "Open"), ("resolved", "Resolved")],
        default="open",
        required=True,
    )

    @api.model
    def _cron_check_fixity(self, batch_size=2000):
        """Compare every letter file with its stored SHA-256; report mismatches."""
        # sudo: the fixity cron reads every file, reports no content
        Attachment = self.env["ir.attachment"].sudo().with_context(skip_res_field_check=True)
        last_id = 0
        issues = self.browse()
        while True:
            attachments = Attachment.search(
                [
                    ("surat_sha256", "!=", False),
                    ("id", ">", last_id),
                    ("res_model", "=", "surat.letter"),
                ],
                order="id",
                limit=batch_size,
            )
            if not attachments:
                break
            last_id = attachments[-1].id
            for attachment in attachments:
                found = attachment._surat_current_sha256()
                if found == attachment.surat_sha256:
                    continue
                if self.search_count(
                    [
                        ("attachment_id", "=", attachment.id),
                        ("found_sha256", "=", found or False),
                        ("state", "=", "open"),
                    ]
                ):
                    continue
                issues |= self._report(attachment, found)
            attachments.invalidate_recordset()
        return issues

    @api.model
    def _report(self, attachment, found):
        # sudo: the issue names the letter for the administrators
        letter = self.env["surat.letter"].sudo().browse(attachment.res_id).exists()
        issue = self.sudo().create(  # sudo: the system's own issue record, written by the check
            {
                "attachment_id": attachment.id,
                "file_name": attachment.name,
                "letter_id": letter.id,
                "expected_sha256": attachment.surat_sha256,
                "found_sha256": found or False,
            }
        )
        _logger.warning(
            "Fixity check: file %s of letter %s changed or missing",
            attachment.id,
            letter.id,
        )
        if letter:
            letter.message_post(
                body=Markup("<p>%s</p>")
                % _(
                    "Fixity check: the file %(name)s no longer matches the SHA-256 recorded "
                    "when it was captured.",
                    name=attachment.name,
                ),
                subtype_xmlid="mail.mt_note",
            )
        return issue
