from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    surat_code = fields.Char(related="company_id.surat_code", readonly=False)
    surat_number_scope = fields.Selection(related="company_id.surat_number_scope", readonly=False)
    surat_agenda_template = fields.Char(related="company_id.surat_agenda_template", readonly=False)
    surat_number_template = fields.Char(related="company_id.surat_number_template", readonly=False)
    surat_scan_required = fields.Boolean(related="company_id.surat_scan_required", readonly=False)
    surat_allowed_mimetypes = fields.Char(
        related="company_id.surat_allowed_mimetypes", readonly=False
    )
    surat_max_file_mb = fields.Integer(related="company_id.surat_max_file_mb", readonly=False)
    surat_forward_sideways = fields.Boolean(
        related="company_id.surat_forward_sideways", readonly=False
    )

    surat_digital_signature = fields.Boolean(
        related="company_id.surat_digital_signature", readonly=False
    )
    surat_signing_backend = fields.Selection(
        related="company_id.surat_signing_backend", readonly=False
    )
    surat_signing_url = fields.Char(related="company_id.surat_signing_url", readonly=False)
    surat_signing_username = fields.Char(
        related="company_id.surat_signing_username", readonly=False
    )
    surat_signing_password = fields.Char(
        related="company_id.surat_signing_password", readonly=False
    )
    surat_signing_timeout = fields.Integer(
        related="company_id.surat_signing_timeout", readonly=False
    )

    surat_disposal_separate_approver = fields.Boolean(
        related="company_id.surat_disposal_separate_approver", readonly=False
    )

    surat_fulltext_nik = fields.Boolean(related="company_id.surat_fulltext_nik", readonly=False)
    surat_mfa_required = fields.Boolean(related="company_id.surat_mfa_required", readonly=False)

    # --- paraf chain and registration rules (issue 12) ---
    surat_max_reviewers = fields.Integer(related="company_id.surat_max_reviewers", readonly=False)
    surat_review_any_order = fields.Boolean(
        related="company_id.surat_review_any_order", readonly=False
    )
    surat_kka_required = fields.Boolean(related="company_id.surat_kka_required", readonly=False)
    surat_scanless_normal = fields.Boolean(
        related="company_id.surat_scanless_normal", readonly=False
    )
    surat_scanless_restricted = fields.Boolean(
        related="company_id.surat_scanless_restricted", readonly=False
    )
    surat_scanless_secret = fields.Boolean(
        related="company_id.surat_scanless_secret", readonly=False
    )
    surat_scanless_top_secret = fields.Boolean(
        related="company_id.surat_scanless_top_secret", readonly=False
    )

    surat_alias_name = fields.Char(related="company_id.surat_alias_name", readonly=False)
