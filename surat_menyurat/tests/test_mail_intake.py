import io
import shutil
from email.message import EmailMessage

from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from odoo.addons.mail.tests.common import mail_new_test_user

from .common import SuratCommon

# the smallest PNG there is: one white pixel
PNG_BYTES = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360f8ffff3f0005fe02fea7d6a4a4"
    "0000000049454e44ae426082"
)
EXE_BYTES = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 200


def letter_pdf(lines):
    """A digital PDF with a text layer (what an agency's e-mail usually carries)."""
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4)
    y = 800
    for line in lines:
        pdf.drawString(60, y, line)
        y -= 18
    pdf.save()
    return buffer.getvalue()


HEADER = [
    "PEMERINTAH KABUPATEN BENGKALIS",
    "DINAS PENDIDIKAN",
    "Jalan Pertanian No. 3 Telp. (0766) 21234",
    "",
    "Bengkalis, 3 Maret 2026",
    "Nomor : 420/DISDIK/118/2026",
    "Sifat : Segera",
    "Lampiran : 1 (satu) berkas",
    "Hal : Undangan Sosialisasi Kurikulum",
    "",
    "Yth. Kepala Dinas Uji Surat",
    "di -",
    "Bengkalis",
]


@tagged("post_install", "-at_install", "surat_mail_intake")
class TestMailIntake(SuratCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        domain = cls.env["mail.alias.domain"].create({"name": "surat.example.com"})
        (cls.company | cls.other_company).alias_domain_id = domain
        cls.company.surat_alias_name = "surat.uji"
        cls.registrar2 = mail_new_test_user(
            cls.env,
            login="t_registrar2",
            name="Agendaris Dua",
            email="t_registrar2@example.com",
            groups="surat_menyurat.group_surat_registrar",
            company_id=cls.company.id,
            company_ids=[(6, 0, cls.company.ids)],
            notification_type="inbox",
        )
        cls.sender = cls.env["res.partner"].create(
            {"name": "Dinas Pendidikan Kabupaten Bengkalis", "email": "tu@disdik.example.go.id"}
        )
        cls.Log = cls.env["surat.intake.log"]
        # the gateway: as in production, it routes without a company context
        cls.env = cls.env(context=dict(cls.env.context, allowed_company_ids=None))

    def mail(
        self,
        attachments=(),
        to="surat.uji@surat.example.com",
        body="Terlampir surat kami.",
        subject="Undangan Sosialisasi",
        headers=None,
        sender="tu@disdik.example.go.id",
    ):
        message = EmailMessage()
        message["From"] = "Tata Usaha Disdik <%s>" % sender
        message["To"] = to
        message["Subject"] = subject
        token = "%s.%s" % (subject.replace(" ", ""), id(self))
        message["Message-Id"] = "<%s@disdik.example.go.id>" % token
        for key, value in (headers or {}).items():
            message[key] = value
        message.set_content(body)
        for name, raw, mimetype in attachments:
            maintype, subtype = mimetype.split("/")
            message.add_attachment(raw, maintype=maintype, subtype=subtype, filename=name)
        return message.as_string()

    def setUp(self):
        super().setUp()
        self.last_id = self.env["surat.letter"].sudo().search([], order="id desc", limit=1).id

    def process(self, raw):
        return self.env["mail.thread"].message_process(None, raw)

    def letters(self):
        return self.env["surat.letter"].sudo().search([("id", ">", self.last_id)])

    def last_log(self):
        return self.Log.sudo().search([], limit=1)

    # ------------------------------------------------------------------
    def test_pdf_becomes_a_draft_of_the_alias_agency(self):
        pdf = letter_pdf(HEADER)
        enclosure = letter_pdf(["Daftar peserta sosialisasi"])
        self.process(
            self.mail(
                [
                    ("surat.pdf", pdf, "application/pdf"),
                    ("lampiran.pdf", enclosure, "application/pdf"),
                ]
            )
        )
        letter = self.letters()
        self.assertEqual(len(letter), 1)
        self.assertEqual(letter.state, "draft")
        self.assertEqual(letter.direction, "incoming")
        self.assertEqual(letter.company_id, self.company)
        self.assertEqual(letter.user_id, self.registrar, "the agency's first clerk owns it")
        self.assertEqual(letter.create_uid, self.registrar)
        self.assertEqual(letter.partner_id, self.sender, "matched by e-mail address")
        self.assertEqual(letter.scan_filename, "surat.pdf")
        self.assertTrue(letter.scan_sha256)
        self.assertEqual(letter.subject, "Undangan Sosialisasi")
        # header reading of the PDF's text layer (pdftotext), kept apart
        if shutil.which("pdftotext"):
            self.assertEqual(letter.header_suggestion["letter_number"], "420/DISDIK/118/2026")
            self.assertEqual(letter.header_suggestion["urgency"], "urgent")
        self.assertFalse(letter.letter_number)
        # the enclosure is attached to the letter, the scan not twice
        files = (
            self.env["ir.attachment"]
            .sudo()
            .search(
                [
                    ("res_model", "=", "surat.letter"),
                    ("res_id", "=", letter.id),
                    ("res_field", "=", False),
                ]
            )
        )
        self.assertEqual(files.mapped("name"), ["lampiran.pdf"])
        # the clerks are told: an activity for the owner, the others follow
        self.assertEqual(letter.activity_ids.user_id, self.registrar)
        self.assertIn(self.registrar2.partner_id, letter.message_partner_ids)
        self.assertTrue(letter.with_user(self.registrar2).has_access("read"))
        self.assertFalse(letter.with_user(self.outsider).has_access("read"))
        log = self.last_log()
        self.assertEqual((log.state, log.letter_id), ("accepted", letter))
        # the clerk applies the suggestions and registers it
        letter = letter.with_user(self.registrar)
        if shutil.which("pdftotext"):
            letter.action_apply_header_suggestion()
            self.assertEqual(letter.letter_number, "420/DISDIK/118/2026")
        letter.action_register()
        self.assertEqual(letter.state, "registered")

    def test_image_becomes_the_scan(self):
        self.process(self.mail([("foto_surat.png", PNG_BYTES, "image/png")]))
        letter = self.letters()
        self.assertEqual(len(letter), 1)
        self.assertEqual(letter.scan_filename, "foto_surat.png")
        self.assertEqual(letter.partner_id, self.sender)

    def assertRefused(self, raw, reason_part, bounce=True):
        mails_before = self.env["mail.mail"].sudo().search_count([])
        self.process(raw)
        self.assertFalse(self.letters(), "never a half letter")
        log = self.last_log()
        self.assertEqual(log.state, "refused")
        self.assertIn(reason_part, log.reason)
        self.assertEqual(log.company_id, self.company)
        bounced = self.env["mail.mail"].sudo().search_count([]) > mails_before
        self.assertEqual(bounced, bounce)
        # readable by the clerks, not by a plain user
        self.assertTrue(log.with_user(self.registrar).has_access("read"))
        self.assertFalse(log.with_user(self.staff).has_access("read"))
        return log

    def test_no_attachment_refused(self):
        self.assertRefused(self.mail(), "No letter is attached")

    def test_empty_mail_refused(self):
        self.assertRefused(self.mail(body=""), "empty")

    def test_spam_refused_without_answer(self):
        raw = self.mail(
            [("surat.pdf", letter_pdf(HEADER), "application/pdf")],
            headers={"X-Spam-Flag": "YES"},
        )
        self.assertRefused(raw, "spam", bounce=False)

    def test_oversize_refused(self):
        self.company.surat_max_file_mb = 1
        big = letter_pdf(HEADER) + b"%" + b"0" * (1024 * 1024 + 10)
        self.assertRefused(self.mail([("besar.pdf", big, "application/pdf")]), "larger than 1 MB")

    def test_wrong_type_refuses_the_whole_mail(self):
        raw = self.mail(
            [
                ("surat.pdf", letter_pdf(HEADER), "application/pdf"),
                ("lampiran.pdf", EXE_BYTES, "application/pdf"),
            ]
        )
        self.assertRefused(raw, "not an accepted document")

    def test_other_agency_alias(self):
        clerk = mail_new_test_user(
            self.env,
            login="t_registrar_other",
            name="Agendaris Lain",
            groups="surat_menyurat.group_surat_registrar",
            company_id=self.other_company.id,
            company_ids=[(6, 0, self.other_company.ids)],
        )
        self.other_company.surat_alias_name = "surat.lain"
        self.process(
            self.mail(
                [("s.pdf", letter_pdf(HEADER), "application/pdf")],
                to="surat.lain@surat.example.com",
            )
        )
        letter = self.letters()
        self.assertEqual((letter.company_id, letter.user_id), (self.other_company, clerk))
        self.assertFalse(letter.with_user(self.registrar).has_access("read"))

    def test_alias_name_unique_per_domain(self):
        with self.assertRaises(UserError):
            self.other_company.surat_alias_name = "surat.uji"

    def test_message_new_only_for_the_gateway(self):
        with self.assertRaises(AccessError):
            self.env["surat.letter"].with_user(self.registrar).message_new(
                {"subject": "x", "email_from": "a@b.c"}, {"company_id": self.company.id}
            )
