"""HTML and script in every text field (issue 14): shown as text everywhere, never run.

A letter whose subject, summary, correspondent, disposition note, review comment,
signer and agency names carry script, event handlers, template syntax and a very
long word: the public verification page, the PDFs (letter, disposition sheet),
the messages and e-mails, the list and the form in a real browser show the text
as text, no script runs and the page layout holds.
"""

import base64
import io
import os
import re
import subprocess
import tempfile
import time
import zipfile
from unittest.mock import patch

from lxml import html

from odoo.exceptions import UserError
from odoo.tests import HttpCase, tagged

from .test_mail_intake import HEADER, letter_pdf
from .test_outgoing import OutgoingCommon

SCRIPT = "<script>window.__x=1</script>"
PAYLOAD = (
    f"Fz {SCRIPT} <img src=x onerror=window.__x=1> "
    '"><svg onload=window.__x=1> {{7*7}} ${7*7} '
)
LONG_WORD = "Tanpaspasi" * 30  # 300 characters, no space to break at
LIVE = "//script[contains(., '__x')] | //*[@onerror or @onload]"


def live_tags(markup):
    """Elements of ``markup`` that would run the payload in a browser."""
    if not markup or not markup.strip():
        return []
    return html.fromstring(markup).xpath(LIVE)


@tagged("post_install", "-at_install", "surat_fuzz")
class TestFuzzRender(OutgoingCommon, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.partner_to.name = "Dinas " + PAYLOAD
        cls.head.name = "Kepala " + PAYLOAD
        cls.company.name = "Dinas Uji " + PAYLOAD

    def _pdf(self, report, records, user):
        # wkhtmltopdf fetches the styles from this server (see test_disposition_sheet)
        self.env["ir.config_parameter"].sudo().set_param("report.url", self.base_url())
        with (
            tempfile.TemporaryDirectory(prefix="surat-xdg-") as runtime,
            patch.dict(os.environ, {"XDG_RUNTIME_DIR": runtime}),
        ):
            pdf, _kind = (
                self.env["ir.actions.report"]
                .with_user(user)
                .with_context(force_report_rendering=True)
                ._render_qweb_pdf(report, records.ids)
            )
        return self._read_pdf(pdf)

    def _read_pdf(self, pdf):
        """(text, pages, words outside the page) of a PDF, by poppler."""
        with tempfile.NamedTemporaryFile(suffix=".pdf") as f:
            f.write(pdf)
            f.flush()

            def run(*args):
                return subprocess.run(args, capture_output=True, check=True).stdout.decode()

            text = run("pdftotext", "-raw", f.name, "-")
            pages = int(re.search(r"Pages:\s+(\d+)", run("pdfinfo", f.name)).group(1))
            bbox = run("pdftotext", "-bbox", f.name, "-")
        outside = []
        for page in re.finditer(r'<page width="([\d.]+)"[^>]*>(.*?)</page>', bbox, re.S):
            width = float(page.group(1))
            for x_max, word in re.findall(r'<word [^>]*xMax="([\d.]+)"[^>]*>([^<]*)<', page[2]):
                if float(x_max) > width + 1:
                    outside.append(word)
        return text, pages, outside

    def _assert_literal(self, text, what):
        flat = re.sub(r"\s+", "", text)
        for part in (SCRIPT, "onerror=window.__x=1", "{{7*7}}", "${7*7}", LONG_WORD):
            # long words may wrap: compare without white space
            self.assertIn(part.replace(" ", ""), flat, what)

    def test_verification_page_and_letter_pdf(self):
        """The public page escapes the agency and signer names; the signed letter's PDF
        shows subject and correspondent as text, on pages that hold the long word."""
        letter = self._to_sign(subject=PAYLOAD + LONG_WORD, summary=PAYLOAD)
        letter.with_user(self.head).action_sign()
        response = self.url_open("/surat/verify/%s" % letter.verify_token)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(live_tags(response.text), [])
        self.assertNotIn(SCRIPT, response.text)
        self.assertIn("&lt;script&gt;window.__x=1&lt;/script&gt;", response.text)
        text, pages, outside = self._read_pdf(letter.signed_attachment_id.raw)
        self._assert_literal(text, "signed letter PDF")
        self.assertLessEqual(pages, 2, "the long subject broke the letter over pages")
        self.assertEqual(outside, [], "words run off the page")

    def test_verification_page_odd_tokens(self):
        """Odd tokens and uploads: an answer page, never a server error."""
        for token in ("x" * 5000, "%3Cscript%3E", "'; DROP TABLE surat_letter; --", "é😀"):
            response = self.url_open("/surat/verify/%s" % token)
            self.assertLess(response.status_code, 500, token[:20])
            self.assertEqual(live_tags(response.text), [])

    def test_disposition_sheet_and_messages(self):
        """The disposition sheet prints subject, sender and notes as text on one sheet;
        the messages and e-mails about the letter carry no live tag."""
        self.kabid.notification_type = "email"
        messages = self.env["mail.message"].search([], order="id desc", limit=1)
        mails = self.env["mail.mail"].search([], order="id desc", limit=1)
        letter = self._register(
            subject=PAYLOAD + LONG_WORD,
            summary=PAYLOAD,
            partner_id=self.partner_to.id,
        )
        self._dispose(letter, self.kabid, note=PAYLOAD + LONG_WORD)
        report = self.env.ref("surat_menyurat.action_report_disposition_sheet")
        text, pages, outside = self._pdf(report, letter, self.head)
        self._assert_literal(text, "disposition sheet")
        self.assertEqual(pages, 1, "the long texts broke the sheet over pages")
        self.assertEqual(outside, [], "words run off the sheet")
        new_messages = self.env["mail.message"].search([("id", ">", messages.id or 0)])
        new_mails = self.env["mail.mail"].search([("id", ">", mails.id or 0)])
        self.assertTrue(new_messages)
        for message in new_messages:
            self.assertEqual(live_tags(message.body), [], message.body)
        # (an e-mail's subject is plain text: mail readers never run it)
        for mail in new_mails:
            self.assertEqual(live_tags(mail.body_html), [], mail.subject)
        said = " ".join((m.body or "") + (m.subject or "") for m in new_messages)
        said += " ".join((m.body_html or "") + (m.subject or "") for m in new_mails)
        self.assertIn("window.__x=1", said, "the payload is in no message: nothing was checked")

    def test_review_comment_and_body(self):
        """The letter's HTML body is sanitised; a review comment, the signer's name and
        the subject reach the chatter and the activities as text."""
        letter = self._draft(
            subject=PAYLOAD,
            body="<p>Isi</p>" + SCRIPT + '<img src=x onerror="window.__x=1">',
        )
        self.assertEqual(live_tags(letter.body), [])
        self.env["surat.letter.review"].with_user(self.staff).create(
            {"letter_id": letter.id, "user_id": self.kasi.id, "sequence": 10, "comment": PAYLOAD}
        )
        letter.with_user(self.staff).action_submit()
        while letter.state == "in_review":
            letter.with_user(letter.current_reviewer_id).action_approve()
        self.assertEqual(letter.review_ids.filtered("comment").comment, PAYLOAD)
        activities = self.env["mail.activity"].search(
            [("res_model", "=", "surat.letter"), ("res_id", "=", letter.id)]
        )
        for body in letter.message_ids.mapped("body") + activities.mapped("note"):
            self.assertEqual(live_tags(body), [], body)
        said = " ".join(letter.message_ids.mapped("body") + activities.mapped("summary"))
        self.assertIn("window.__x=1", said, "the payload is in no message: nothing was checked")

    def test_browser_list_and_form(self):
        """The list and the form of such a letter, in a real browser: the text is shown,
        no script ran."""
        letter = self._register(
            subject=PAYLOAD + LONG_WORD,
            summary=PAYLOAD,
            # a scan with a page: the form's viewer complains about an empty one
            scan_file=base64.b64encode(letter_pdf(HEADER)),
        )
        code = """
            const wait = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
            (async () => {
                for (let i = 0; i < 150; i++) {
                    if (document.querySelector('.o_form_view, .o_list_view .o_data_row')) break;
                    await wait(100);
                }
                await wait(800);
                const shown = document.body.innerText + [...document.querySelectorAll(
                    'input, textarea')].map((e) => e.value).join(' ');
                if (window.__x) {
                    console.error('the payload ran: window.__x = ' + window.__x);
                } else if (!shown.includes('<script>window.__x=1</script>')) {
                    console.error('the subject is not shown as text');
                } else {
                    console.log('test successful');
                }
            })();
        """
        action = "surat_menyurat.surat_letter_incoming_action"
        self.browser_js(f"/odoo/action-{action}", code, login=self.registrar.login)
        self.browser_js(f"/odoo/action-{action}/{letter.id}", code, login=self.registrar.login)


def _pdf(catalog_extra=b"", content=b""):
    """A one-page PDF; ``catalog_extra`` goes in its catalog, ``content`` in its page."""
    objects = [
        b"<</Type/Catalog/Pages 2 0 R" + catalog_extra + b">>",
        b"<</Type/Pages/Kids[3 0 R]/Count 1>>",
        b"<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]/Contents 4 0 R>>",
        b"<</Length %d>>stream\n" % len(content) + content + b"\nendstream",
    ]
    out = b"%PDF-1.4\n"
    for number, body in enumerate(objects, 1):
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    return out + b"trailer<</Size 5/Root 1 0 R>>\n%%EOF\n"


def _zip(entries):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()


@tagged("post_install", "-at_install", "surat_fuzz")
class TestHostileFiles(OutgoingCommon):
    """The content check of every upload (scan, attachment, e-mail, wizard, import)."""

    def _refusal(self, raw, name, lang="id_ID"):
        self.env["res.lang"]._activate_lang(lang)
        letter = self.Letter.with_context(lang=lang).browse()
        started = time.monotonic()
        try:
            letter._check_file_content(base64.b64encode(raw), name)
        except UserError as error:
            return str(error), time.monotonic() - started
        return None, time.monotonic() - started

    def test_hostile_files_refused_in_indonesian(self):
        docx_types = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        bomb = _zip(
            {"[Content_Types].xml": b"<Types/>", "word/document.xml": b"\0" * (300 * 1024**2)}
        )
        cases = [
            (_pdf()[:-40], "a.pdf", "tidak lengkap"),
            (_pdf(b"/OpenAction<</S/JavaScript/JS(app.alert(1))>>"), "a.pdf", "konten aktif"),
            (_pdf(b"/OpenAction<</S/J#61vaScript/J#53(x)>>"), "a.pdf", "konten aktif"),
            (_pdf(b"/OpenAction<</S/Launch/F(cmd.exe)>>"), "a.pdf", "konten aktif"),
            (bomb, "a.docx", "dokumen Office"),
            (_zip({"[Content_Types].xml": b"x", "word/a.xml": b"x"})[:-30], "a.docx", None),
            (_pdf(), "a.docx", "tidak sesuai dengan namanya"),
            (letter_pdf(HEADER), "a.jpg", "tidak sesuai dengan namanya"),
        ]
        self.assertIn(docx_types, self.company.surat_allowed_mimetypes)
        for raw, name, says in cases:
            message, seconds = self._refusal(raw, name)
            self.assertTrue(message, name)
            if says:
                self.assertIn(says, message)
            self.assertLess(seconds, 2, "%s: checked in %.1f s" % (name, seconds))
        # not base64 at all: refused by what it decodes to, or as unreadable
        self.env["res.lang"]._activate_lang("id_ID")
        letter = self.Letter.with_context(lang="id_ID").browse()
        for datas in ("!!! bukan base64", "QUJ", ["a"], {"a": 1}, 12):
            with self.assertRaises(UserError) as caught:
                letter._check_file_content(datas, "a.pdf")
            self.assertRegex(str(caught.exception), "tidak dapat dibaca|bukan dokumen")

    def test_ordinary_files_pass(self):
        """What agencies really upload is not caught: a PDF (with the word JS in its text),
        a Word document, a scan without extension, an image."""
        docx = _zip(
            {
                "[Content_Types].xml": b"<Types/>",
                "word/document.xml": b"<w:document>" + b"Teks surat. " * 5000 + b"</w:document>",
            }
        )
        for raw, name in (
            (letter_pdf(HEADER + ["Lihat /JS dan /JavaScript di lampiran"]), "surat.pdf"),
            (_pdf(content=b"BT (/JS /Launch) Tj ET"), "surat.PDF"),
            (docx, "surat.docx"),
            (letter_pdf(HEADER), "scan"),
        ):
            message, _seconds = self._refusal(raw, name, lang="en_US")
            self.assertIsNone(message, name)
