from datetime import datetime

import pytz

from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from .surat_numbering import check_template

DEFAULT_MIMETYPES = (
    "application/pdf,image/jpeg,image/png,image/tiff,"
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
)


class ResCompany(models.Model):
    """The agency: its code and the configurable rules of its correspondence."""

    _inherit = "res.company"

    surat_code = fields.Char(
        string="Agency Code",
        help="Used as {unit} in letter numbers when numbering is per agency.",
    )
    surat_number_scope = fields.Selection(
        selection=[("department", "Per processing unit"), ("agency", "Per agency")],
        string="Numbering Scope",
        default="agency",
        required=True,
        help="Outgoing letters share one yearly counter per processing unit, "
        "or one for the whole agency.",
    )
    surat_agenda_template = fields.Char(
        string="Agenda Number Format",
        default="{seq}/SM/{yyyy}",
        required=True,
    )
    surat_number_template = fields.Char(
        string="Default Letter Number Format",
        default="{kka}/{seq}/{unit}/{yyyy}",
        required=True,
    )
    surat_scan_required = fields.Boolean(
        string="Scan Required at Registration",
        default=True,
        help="Normal and restricted letters need a scan to be registered. "
        "Secret and top-secret letters may always be registered from the envelope.",
    )
    surat_allowed_mimetypes = fields.Char(
        string="Allowed File Types",
        default=DEFAULT_MIMETYPES,
        required=True,
        help="Comma-separated MIME types, checked on the file content.",
    )
    surat_max_file_mb = fields.Integer(string="Maximum File Size (MB)", default=25, required=True)
    surat_forward_sideways = fields.Boolean(
        string="Allow Forwarding Sideways",
        help="Let recipients forward dispositions to colleagues who are not "
        "below them in the organisation chart.",
    )

    @api.constrains("surat_agenda_template", "surat_number_template")
    def _check_surat_templates(self):
        for company in self:
            check_template(company.surat_agenda_template, self.env)
            check_template(company.surat_number_template, self.env)

    @api.constrains("surat_max_file_mb")
    def _check_surat_max_file_mb(self):
        for company in self:
            if company.surat_max_file_mb <= 0:
                raise ValidationError(_("The maximum file size must be positive."))

    def _surat_tz(self):
        self.ensure_one()
        return pytz.timezone(self.partner_id.tz or "Asia/Jakarta")

    def _surat_now(self):
        """Local date and time of the agency: years and deadlines follow it."""
        return datetime.now(pytz.utc).astimezone(self._surat_tz())

    def _surat_local(self, dt):
        """Convert a naive UTC datetime (as stored) to the agency's local time."""
        return pytz.utc.localize(dt).astimezone(self._surat_tz())

    surat_digital_signature = fields.Boolean(
        string="Digital Signature",
        help="Sign the PDF of every signed letter (PAdES) with the signer's "
        "certificate, or the agency's. Off: the PDF carries its QR code and "
        "its hash is published on the verification page.",
    )
    surat_signing_backend = fields.Selection(
        selection=[("local_pkcs12", "Local certificate (PKCS#12)")],
        string="Signing Service",
        default="local_pkcs12",
        required=True,
    )

    # --- naskah dinas letterhead and paper (report/surat_letter_pdf.py) ---
    surat_regency_line = fields.Char(
        string="Government Line of the Letterhead",
        help="First line of the letterhead, e.g. PEMERINTAH KABUPATEN BENGKALIS.",
    )
    surat_regency_logo = fields.Image(
        string="Regency Logo",
        max_width=512,
        max_height=512,
        help="Coat of arms printed on the letterhead; empty: the agency's logo.",
    )
    surat_paper_format = fields.Selection(
        selection=[("f4", "F4 (215 x 330 mm)"), ("a4", "A4 (210 x 297 mm)")],
        string="Letter Paper",
        default="f4",
        required=True,
    )

    surat_disposal_separate_approver = fields.Boolean(
        string="Disposal Approved by Someone Else",
        default=True,
        help="The head of agency cannot approve a disposal proposal he proposed himself.",
    )
