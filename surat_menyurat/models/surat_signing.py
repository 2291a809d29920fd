"""Digital signature of outgoing letters (PAdES), behind a small backend interface.

A backend is an abstract model ``surat.signing.backend.<code>`` inheriting
``surat.signing.backend``; the agency chooses one
(``res.company.surat_signing_backend``).
Two backends: a PKCS#12 certificate stored in the database, and a remote
service in the shape of the national one (BSrE esign-client-service), which
signs with the signer's NIK and the passphrase he types at each signature
(docs/signing.md).
"""

import base64
import io
import json
import logging
import re

import requests

from odoo import _, api, fields, models
from odoo.exceptions import UserError

_logger = logging.getLogger(__name__)

# Documented error codes of the BSrE esign-client-service (JSON body of a 4xx answer).
BSRE_UNKNOWN_NIK = "2011"
BSRE_WRONG_PASSPHRASE = "2031"


class SigningServiceUnavailable(Exception):
    """Raised by a remote backend's ``_sign_pdf`` when the service cannot be reached.

    The letter is then numbered and waits (``sign_pending``) for the service
    or for an ink signature, instead of losing the signer's action.
    """


class SuratSigningBackend(models.AbstractModel):
    """Interface of a signing backend: check it is ready, then sign a PDF."""

    _name = "surat.signing.backend"
    _description = "Letter Signing Backend"

    # True: the signer types a passphrase at each signature (never stored)
    _surat_needs_passphrase = False

    @api.model
    def _for_company(self, company):
        code = company.surat_signing_backend or "local_pkcs12"
        name = "surat.signing.backend.%s" % code
        if name not in self.env:
            raise UserError(_("The signing service %s is not installed.", code))
        return self.env[name]

    def _check_ready(self, letter, user):
        """Raise a clear UserError when `user` cannot sign `letter` now."""
        raise NotImplementedError()

    def _sign_pdf(self, pdf_bytes, letter, user, passphrase=None):
        """Return the signed PDF bytes of `letter` signed by `user`.

        A remote service that cannot be reached raises SigningServiceUnavailable.
        """
        raise NotImplementedError()


class SuratSigningBackendLocalPkcs12(models.AbstractModel):
    """Sign with a PKCS#12 certificate stored in the database (per signer or agency)."""

    _name = "surat.signing.backend.local_pkcs12"
    _inherit = "surat.signing.backend"
    _description = "Letter Signing Backend: Local Certificate"

    def _certificate(self, letter, user):
        return self.env["surat.signing.certificate"]._find_for(user, letter.company_id)

    def _check_ready(self, letter, user):
        certificate = self._certificate(letter, user)
        if not certificate:
            raise UserError(
                _(
                    "No signing certificate is configured for %s or for the agency: "
                    "ask the administrator to upload one.",
                    user.name,
                )
            )
        certificate._load_signer()

    def _sign_pdf(self, pdf_bytes, letter, user, passphrase=None):
        from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
        from pyhanko.sign import signers
        from pyhanko.sign.fields import SigSeedSubFilter

        certificate = self._certificate(letter, user)
        signer = certificate._load_signer()
        writer = IncrementalPdfFileWriter(io.BytesIO(pdf_bytes))
        meta = signers.PdfSignatureMetadata(
            field_name="Signature1",
            reason=_("Official letter %s", letter.letter_number),
            location=letter.company_id.city or None,
            name=user.name,
            subfilter=SigSeedSubFilter.PADES,
        )
        output = signers.sign_pdf(writer, meta, signer=signer)
        return output.getvalue()


class SuratSigningBackendBsre(models.AbstractModel):
    """A remote signing service over HTTP, in the shape of BSrE's esign-client-service.

    ``POST <url>/api/sign/pdf`` (multipart: ``nik``, ``passphrase``,
    ``tampilan=invisible``, ``file``; HTTP basic authentication of the agency's
    client when configured) answers the signed PDF, or a JSON error
    ``{"status_code": 2031, "error": "..."}``. A wrong passphrase or an unknown
    NIK is the signer's to fix (UserError, nothing changes); no answer, a 5xx or
    an answer that is not a signed PDF means the service is down
    (SigningServiceUnavailable: the letter keeps its number and waits).
    The passphrase only travels in the request body: it is never logged,
    stored or shown in an error.
    """

    _name = "surat.signing.backend.bsre"
    _inherit = "surat.signing.backend"
    _description = "Letter Signing Backend: Remote Service (BSrE)"

    _surat_needs_passphrase = True

    def _config(self, company):
        # sudo: the service's address and the agency's client credentials are
        # the administrator's settings; they are sent to the service, never shown
        company = company.sudo()
        return {
            "url": (company.surat_signing_url or "").strip().rstrip("/"),
            "username": company.surat_signing_username or "",
            "password": company.surat_signing_password or "",
            "timeout": company.surat_signing_timeout or 30,
        }

    def _nik(self, letter, user):
        # _surat_employee reads the org chart as superuser: the NIK is HR data the
        # signer may not read; it only goes to the agency's signing service
        return (user._surat_employee(letter.company_id).identification_id or "").strip()

    def _check_ready(self, letter, user):
        if not self._config(letter.company_id)["url"]:
            raise UserError(
                _(
                    "The address of the signing service is not set: ask the administrator "
                    "to set it in the settings."
                )
            )
        if not re.fullmatch(r"[0-9]{16}", self._nik(letter, user)):
            raise UserError(
                _(
                    "%s has no NIK (16 digits) on his employee record: the signing service "
                    "identifies the signer by it.",
                    user.name,
                )
            )

    def _sign_pdf(self, pdf_bytes, letter, user, passphrase=None):
        if not passphrase:
            raise UserError(_("Type your signing passphrase."))
        config = self._config(letter.company_id)
        auth = (config["username"], config["password"]) if config["username"] else None
        try:
            response = requests.post(
                config["url"] + "/api/sign/pdf",
                data={
                    "nik": self._nik(letter, user),
                    "passphrase": passphrase,
                    "tampilan": "invisible",
                },
                files={"file": ("surat.pdf", pdf_bytes, "application/pdf")},
                auth=auth,
                timeout=config["timeout"],
            )
        except requests.Timeout as error:
            _logger.warning("Signing service timed out for letter %s", letter.id)
            raise SigningServiceUnavailable(
                _("no answer within %s seconds", config["timeout"])
            ) from error
        except requests.RequestException as error:
            _logger.warning("Signing service unreachable for letter %s", letter.id)
            raise SigningServiceUnavailable(_("the service cannot be reached")) from error
        return self._answer(response, passphrase, letter, user)

    def _answer(self, response, passphrase, letter, user):
        """The signed PDF of a 200 answer; a clear error or SigningServiceUnavailable."""
        content = response.content or b""
        if response.status_code == 200 and content.startswith(b"%PDF-"):
            if self._has_signature(content):
                return content
            _logger.warning("Signing service answered no signed PDF for letter %s", letter.id)
            raise SigningServiceUnavailable(
                _("the service answered something else than a signed PDF")
            )
        try:
            body = json.loads(content or b"{}")
        except ValueError:
            body = {}  # not JSON: an error page of a proxy, a crashed service
        body = body if isinstance(body, dict) else {}
        code, message = str(body.get("status_code") or ""), str(body.get("error") or "")
        # a service that echoes what it got must not put the passphrase on screen
        message = message.replace(passphrase, "***")[:200]
        _logger.warning(
            "Signing service refused letter %s: HTTP %s, code %s",
            letter.id,
            response.status_code,
            code,
        )
        if code == BSRE_WRONG_PASSPHRASE:
            raise UserError(_("The signing passphrase is wrong: nothing was signed. Try again."))
        if code == BSRE_UNKNOWN_NIK:
            raise UserError(
                _(
                    "The signing service does not know the NIK of %s: check it on his employee "
                    "record, or his registration with the certification authority.",
                    user.name,
                )
            )
        if response.status_code == 200:
            raise SigningServiceUnavailable(
                _("the service answered something else than a signed PDF")
            )
        raise SigningServiceUnavailable(
            _(
                "HTTP %(status)s, code %(code)s %(message)s",
                status=response.status_code,
                code=code or "-",
                message=message,
            ).strip()
        )

    @api.model
    def _has_signature(self, pdf):
        from pyhanko.pdf_utils.reader import PdfFileReader

        try:
            return bool(PdfFileReader(io.BytesIO(pdf)).embedded_signatures)
        except Exception:  # noqa: BLE001 - any unreadable answer is "not a signed PDF"
            return False


class SuratSigningCertificate(models.Model):
    """A PKCS#12 signing certificate of a signer, or of the agency when no user is set.

    The password is write-only: it is kept in a column that no ORM field maps,
    so no user (administrators included) can read it back over the UI or RPC;
    only the signing backend reads it. The certificate file is readable by
    system administrators only.
    """

    _name = "surat.signing.certificate"
    _description = "Signing Certificate"
    _order = "company_id, user_id, id"
    _check_company_auto = True

    name = fields.Char(required=True)
    user_id = fields.Many2one(
        comodel_name="res.users",
        string="Signer",
        help="Empty: the agency's certificate, used by signers without their own.",
    )
    company_id = fields.Many2one(
        comodel_name="res.company",
        string="Agency",
        required=True,
        default=lambda self: self.env.company,
    )
    p12_file = fields.Binary(
        string="PKCS#12 File", attachment=True, groups="base.group_system", copy=False
    )
    p12_filename = fields.Char(copy=False)
    password = fields.Char(
        compute="_compute_password",
        inverse="_inverse_password",
        copy=False,
        help="Write-only: type it to change it; it is never shown again.",
    )
    has_password = fields.Boolean(readonly=True, copy=False)
    subject = fields.Char(string="Certificate Subject", readonly=True, copy=False)
    valid_until = fields.Datetime(readonly=True, copy=False)
    active = fields.Boolean(default=True)

    _sql_constraints = [
        (
            "user_company_uniq",
            "unique(user_id, company_id)",
            "A signer has one certificate per agency.",
        ),
    ]

    def init(self):
        # The secret lives outside the ORM fields, like res.users' password.
        self.env.cr.execute(
            "ALTER TABLE surat_signing_certificate ADD COLUMN IF NOT EXISTS secret_password VARCHAR"
        )

    def _compute_password(self):
        for certificate in self:
            certificate.password = ""

    def _inverse_password(self):
        for certificate in self:
            if certificate.password:
                certificate._set_secret(certificate.password)

    def _set_secret(self, password):
        self.ensure_one()
        self.flush_recordset()
        self.env.cr.execute(
            "UPDATE surat_signing_certificate SET secret_password = %s WHERE id = %s",
            [password, self.id],
        )
        self.has_password = bool(password)

    def _get_secret(self):
        self.ensure_one()
        self.flush_recordset()
        self.env.cr.execute(
            "SELECT secret_password FROM surat_signing_certificate WHERE id = %s",
            [self.id],
        )
        row = self.env.cr.fetchone()
        return row and row[0] or ""

    @api.model_create_multi
    def create(self, vals_list):
        certificates = super().create(vals_list)
        # the typed password must not linger in the cache of the form's answer
        certificates.invalidate_recordset(["password"])
        certificates._check_certificate()
        return certificates

    def write(self, vals):
        res = super().write(vals)
        self.invalidate_recordset(["password"])
        if {"p12_file", "password"} & set(vals):
            self._check_certificate()
        return res

    def _check_certificate(self):
        """A file and a password that do not open each other are refused at once."""
        for certificate in self:
            # sudo: reading the file just written, to validate it
            if certificate.sudo().p12_file and certificate.has_password:
                _key, cert, _others = certificate._load_p12()
                certificate.write(
                    {
                        "subject": cert.subject.rfc4514_string(),
                        "valid_until": cert.not_valid_after,
                    }
                )

    @api.model
    def _find_for(self, user, company):
        # sudo: the signing backend looks the certificate up for the signer,
        # who has no access to certificates
        Certificate = self.sudo()
        return Certificate.search(
            [("user_id", "=", user.id), ("company_id", "=", company.id)], limit=1
        ) or Certificate.search([("user_id", "=", False), ("company_id", "=", company.id)], limit=1)

    def _load_p12(self):
        from cryptography.hazmat.backends import default_backend
        from cryptography.hazmat.primitives.serialization import pkcs12

        self.ensure_one()
        data = self.sudo().p12_file  # sudo: only the backend reads the key file
        if not data:
            raise UserError(_("The certificate %s has no PKCS#12 file.", self.name))
        password = self._get_secret()
        try:
            key, cert, others = pkcs12.load_key_and_certificates(
                base64.b64decode(data),
                password.encode() if password else None,
                default_backend(),
            )
        except (ValueError, TypeError) as e:
            raise UserError(
                _(
                    "The certificate %s cannot be opened: the password is wrong or the "
                    "file is not a PKCS#12 certificate.",
                    self.name,
                )
            ) from e
        if not key or not cert:
            raise UserError(
                _("The certificate %s holds no private key and certificate.", self.name)
            )
        return key, cert, others or []

    def _load_signer(self):
        """pyHanko signer of this certificate; clear errors when expired or broken."""
        from asn1crypto import keys as asn1_keys
        from asn1crypto import x509 as asn1_x509
        from cryptography.hazmat.primitives import serialization
        from pyhanko.sign import signers
        from pyhanko_certvalidator.registry import SimpleCertificateStore

        key, cert, others = self._load_p12()
        if cert.not_valid_after < fields.Datetime.now():
            raise UserError(_("The certificate %s has expired.", self.name))
        der = serialization.Encoding.DER
        key_info = asn1_keys.PrivateKeyInfo.load(
            key.private_bytes(der, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
        )
        store = SimpleCertificateStore()
        store.register_multiple([asn1_x509.Certificate.load(o.public_bytes(der)) for o in others])
        return signers.SimpleSigner(
            signing_key=key_info,
            signing_cert=asn1_x509.Certificate.load(cert.public_bytes(der)),
            cert_registry=store,
        )
