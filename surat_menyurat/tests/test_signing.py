import base64
import hashlib
import io

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .signing_utils import make_test_pki
from .test_outgoing import OutgoingCommon


@tagged("post_install", "-at_install", "surat_signing")
class TestSigning(OutgoingCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.ca_der, cls.p12 = make_test_pki(b"rahasia")
        cls.Certificate = cls.env["surat.signing.certificate"]

    def _certificate(self, user=None, password="rahasia"):
        return self.Certificate.create(
            {
                "name": "Sertifikat %s" % (user.name if user else "Dinas"),
                "user_id": user.id if user else False,
                "p12_file": base64.b64encode(self.p12),
                "password": password,
            }
        )

    def _validate(self, pdf):
        from asn1crypto import x509 as asn1_x509
        from pyhanko.pdf_utils.reader import PdfFileReader
        from pyhanko.sign.validation import validate_pdf_signature
        from pyhanko_certvalidator import ValidationContext

        context = ValidationContext(trust_roots=[asn1_x509.Certificate.load(self.ca_der)])
        reader = PdfFileReader(io.BytesIO(pdf))
        self.assertEqual(len(reader.embedded_signatures), 1)
        return validate_pdf_signature(reader.embedded_signatures[0], context)

    def test_off_by_default(self):
        """A fresh agency signs without certificates: plain PDF with its hash."""
        self.assertFalse(self.company.surat_digital_signature)
        letter = self._to_sign()
        letter.with_user(self.head).action_sign()
        self.assertEqual(letter.state, "signed")
        self.assertFalse(letter.digitally_signed)
        self.assertEqual(
            letter.signed_pdf_sha256,
            hashlib.sha256(letter.signed_attachment_id.raw).hexdigest(),
        )

    def test_pades_signature_validates(self):
        """With digital signature on, the signed PDF validates against the test CA."""
        self.company.surat_digital_signature = True
        self._certificate(self.head)
        letter = self._to_sign()
        letter.with_user(self.head).action_sign()
        self.assertTrue(letter.digitally_signed)
        pdf = letter.signed_attachment_id.raw
        self.assertEqual(letter.signed_pdf_sha256, hashlib.sha256(pdf).hexdigest())
        status = self._validate(pdf)
        self.assertTrue(status.intact)
        self.assertTrue(status.valid)
        self.assertTrue(status.trusted)
        self.assertTrue(status.bottom_line)

    def test_agency_certificate_fallback(self):
        """Without a personal certificate the agency's certificate signs."""
        self.company.surat_digital_signature = True
        self._certificate()
        letter = self._to_sign()
        letter.with_user(self.head).action_sign()
        self.assertTrue(self._validate(letter.signed_attachment_id.raw).bottom_line)

    def test_missing_certificate_refused(self):
        """No certificate: signing is refused and nothing is numbered."""
        self.company.surat_digital_signature = True
        letter = self._to_sign()
        with self.assertRaises(UserError):
            letter.with_user(self.head).action_sign()
        self.assertEqual(letter.state, "to_sign")
        self.assertFalse(letter.letter_number)
        self.assertFalse(letter.register_seq)

    def test_wrong_password_refused(self):
        """A wrong password is refused when saved and when signing."""
        with self.assertRaises(UserError):
            self._certificate(self.head, password="salah")
        certificate = self._certificate(self.head)
        # the password is changed behind the form's back: signing must still refuse
        certificate._set_secret("salah")
        self.company.surat_digital_signature = True
        letter = self._to_sign()
        with self.assertRaises(UserError):
            letter.with_user(self.head).action_sign()
        self.assertEqual(letter.state, "to_sign")
        self.assertFalse(letter.register_seq)

    def test_password_not_readable(self):
        """Nobody reads the password back, administrators included."""
        certificate = self._certificate(self.head)
        self.assertTrue(certificate.has_password)
        self.assertEqual(certificate.password, "")
        data = certificate.with_user(self.env.ref("base.user_admin")).read(["password"])[0]
        self.assertFalse(data["password"])
        self.assertNotIn("secret_password", certificate._fields)
        self.assertEqual(certificate._get_secret(), "rahasia")

    def test_certificates_hidden_from_users(self):
        """Signers and module managers cannot read certificates."""
        certificate = self._certificate(self.head)
        for user in (self.head, self.manager):
            with self.assertRaises(AccessError):
                certificate.with_user(user).read(["name"])

    def test_sign_over_rpc_without_arguments(self):
        """action_sign needs no argument: the password comes from the stored secret."""
        self.company.surat_digital_signature = True
        self._certificate(self.head)
        letter = self._to_sign()
        self.assertTrue(letter.with_user(self.head).action_sign())
        self.assertTrue(letter.digitally_signed)
