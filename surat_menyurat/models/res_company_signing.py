from odoo import fields, models


class ResCompany(models.Model):
    """Digital signature settings of the agency."""

    _inherit = "res.company"

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


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    surat_digital_signature = fields.Boolean(
        related="company_id.surat_digital_signature", readonly=False
    )
    surat_signing_backend = fields.Selection(
        related="company_id.surat_signing_backend", readonly=False
    )
