from datetime import datetime

import pytz

from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from .surat_const import SURAT_MAX_FILE_MB
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
            if company.surat_max_file_mb > SURAT_MAX_FILE_MB:
                raise ValidationError(
                    _("The maximum file size is at most %(max)s MB.", max=SURAT_MAX_FILE_MB)
                )

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
        selection=[
            ("local_pkcs12", "Local certificate (PKCS#12)"),
            ("bsre", "Remote signing service (BSrE)"),
        ],
        string="Signing Service",
        default="local_pkcs12",
        required=True,
    )
    # --- remote signing service (models/surat_signing.py, docs/signing.md) ---
    surat_signing_url = fields.Char(
        string="Signing Service Address",
        groups="base.group_system",
        help="Base address of the esign-client-service, e.g. http://10.0.0.5; "
        "letters are sent to <address>/api/sign/pdf.",
    )
    surat_signing_username = fields.Char(
        string="Signing Service User",
        groups="base.group_system",
        help="The agency's client user at the service (HTTP basic authentication); empty: none.",
    )
    surat_signing_password = fields.Char(
        string="Signing Service Password", groups="base.group_system"
    )
    surat_signing_timeout = fields.Integer(
        string="Signing Service Timeout (s)",
        default=30,
        groups="base.group_system",
        help="After this many seconds without an answer the letter waits for the "
        "service (Awaiting Signature).",
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

    # --- full-text search ---
    # --- second factor at login (res_users._mfa_type) ---
    surat_mfa_required = fields.Boolean(
        string="Two-Factor Login for Key Roles",
        default=True,
        help="The head of agency, registry clerks, archivists and administrators log in "
        "with a second factor: the code of an authenticator app, or else a code sent "
        "by e-mail (an outgoing mail server is needed).",
    )
    surat_fulltext_nik = fields.Boolean(
        string="National ID Numbers Searchable",
        help="Let the full-text search find letters by a 16-digit national ID number (NIK) "
        "in their scan text. Off (default, UU PDP): such numbers are left out of the index; "
        "snippets always mask them.",
    )

    # --- paraf chain and registration rules (issue 12) ---
    surat_max_reviewers = fields.Integer(
        string="Maximum Reviewers (Paraf)",
        default=3,
        help="The most initials a letter's review chain may have, built or edited by hand.",
    )
    surat_review_any_order = fields.Boolean(
        string="Reviewers in Any Order",
        help="Allowed by the head: reviewers need not each be above the previous one "
        "in the organisation chart.",
    )
    surat_kka_required = fields.Boolean(
        string="Classification Required at Registration",
        help="An incoming letter is registered only with its classification code (KKA).",
    )
    surat_scanless_normal = fields.Boolean(string="Without Scan: Normal")
    surat_scanless_restricted = fields.Boolean(string="Without Scan: Restricted")
    surat_scanless_secret = fields.Boolean(string="Without Scan: Secret", default=True)
    surat_scanless_top_secret = fields.Boolean(string="Without Scan: Top Secret", default=True)

    @api.constrains("surat_max_reviewers")
    def _check_surat_max_reviewers(self):
        for company in self:
            if company.surat_max_reviewers < 0:
                raise ValidationError(_("The maximum number of reviewers cannot be negative."))

    def _surat_scanless_allowed(self, level):
        """Whether a letter of this level may be registered without its scan."""
        self.ensure_one()
        return not self.surat_scan_required or bool(self["surat_scanless_%s" % level])

    # --- e-mail intake (surat_letter_intake.py) ---
    surat_alias_id = fields.Many2one(
        comodel_name="mail.alias",
        string="Letter E-mail Alias",
        readonly=True,
        copy=False,
        ondelete="set null",
    )
    surat_alias_name = fields.Char(
        string="Letter E-mail Address",
        compute="_compute_surat_alias_name",
        inverse="_inverse_surat_alias_name",
        help="Local part of the agency's address for incoming letters, e.g. "
        "surat.diskominfotik: each e-mail to it becomes a draft incoming letter "
        "for the registry clerks. Unique per mail domain.",
    )

    @api.depends("surat_alias_id.alias_name")
    def _compute_surat_alias_name(self):
        for company in self:
            company.surat_alias_name = company.surat_alias_id.alias_name

    def _inverse_surat_alias_name(self):
        model = self.env["ir.model"]._get("surat.letter")
        for company in self:
            name = (company.surat_alias_name or "").strip()
            # sudo: mail.alias is technical; only the agency's own intake alias is
            # written, by a user who may change the agency's settings
            alias = company.surat_alias_id.sudo()
            if not name:
                if alias:
                    alias.alias_name = False
                continue
            if alias:
                alias.alias_name = name  # mail.alias sanitises and checks uniqueness
                continue
            # sudo: see above
            company.sudo().surat_alias_id = (
                self.env["mail.alias"]
                .sudo()  # sudo: see above
                .create(
                    {
                        "alias_name": name,
                        "alias_model_id": model.id,
                        "alias_defaults": repr({"company_id": company.id}),
                        "alias_contact": "everyone",
                        "alias_domain_id": company.alias_domain_id.id,
                    }
                )
            )

    def _surat_registrars(self):
        """The active registry clerks (internal users) of this agency."""
        self.ensure_one()
        group = self.env.ref("surat_menyurat.group_surat_registrar")
        return (
            group.sudo()  # sudo: listing the clerks of the agency to hand them a letter
            .users.filtered(lambda u: self in u.company_ids and u.active and not u.share)
            .sorted("id")
        )

    def _surat_intake_clerk(self):
        """The clerk who owns the letters received by e-mail: the first of the agency."""
        return self._surat_registrars()[:1]
