"""Access log without holes (docs/access.md "Access log").

Every path that hands out the content of a restricted, secret or top-secret letter
writes one row per letter; a row that cannot be written refuses the access; nobody
changes, deletes or forges a row.
"""

import contextlib
import os
import tempfile
from contextlib import contextmanager
from unittest.mock import patch

from odoo.exceptions import AccessError
from odoo.tests import HttpCase, tagged
from odoo.tools import mute_logger

from .common import PDF_BYTES, SuratCommon, call_kw_http

LOG_LOGGERS = ("odoo.sql_db", "odoo.addons.surat_menyurat.models.surat_access_log")


class AccessLogCommon(SuratCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.secret = cls._register(subject="Rahasia Satu", security_level="secret")
        cls.secret2 = cls._register(subject="Rahasia Dua", security_level="top_secret")
        cls.normal = cls._register(subject="Biasa", security_level="normal")
        for letter in cls.secret | cls.secret2 | cls.normal:
            cls._dispose(letter, cls.staff)
        cls.letters = cls.secret | cls.secret2 | cls.normal
        cls.Log = cls.env["surat.access.log"]

    def _rows(self, letters=None, action=None):
        domain = [("letter_id", "in", (letters or self.letters).ids)]
        if action:
            domain.append(("action", "=", action))
        return self.Log.sudo().search(domain)

    def assertLogged(self, action, letters=None, user=None):
        """Exactly one row per confidential letter, all of `action`, none for the rest."""
        letters = letters or self.letters
        rows = self._rows(letters)
        confidential = letters.filtered(lambda lt: lt.security_level != "normal")
        self.assertEqual(sorted(row.letter_id.id for row in rows), sorted(confidential.ids))
        self.assertEqual(set(rows.mapped("action")), {action} if confidential else set())
        self.assertEqual(rows.user_id, user or self.staff)

    @contextmanager
    def _log_table_broken(self):
        """The log table refuses inserts, at the database level (no ORM mock)."""
        cr = self.env.cr
        cr.execute(
            "CREATE FUNCTION surat_test_refuse_log() RETURNS trigger LANGUAGE plpgsql AS "
            "$$ BEGIN RAISE EXCEPTION 'access log unavailable'; END $$"
        )
        cr.execute(
            "CREATE TRIGGER surat_test_refuse_log BEFORE INSERT ON surat_access_log "
            "FOR EACH ROW EXECUTE FUNCTION surat_test_refuse_log()"
        )
        try:
            yield
        finally:
            cr.execute("DROP TRIGGER surat_test_refuse_log ON surat_access_log")
            cr.execute("DROP FUNCTION surat_test_refuse_log()")


@tagged("post_install", "-at_install", "surat_access_log")
class TestAccessLog(AccessLogCommon):
    def test_web_read(self):
        """Opening letters (several at once) logs one row per confidential letter."""
        values = self.letters.with_user(self.staff).web_read({"subject": {}})
        self.assertEqual(len(values), 3)
        self.assertLogged("open")
        row = self._rows(self.secret)
        self.assertEqual(row.security_level, "secret")
        self.assertEqual(row.company_id, self.company)

    def test_read(self):
        """RPC read of letters logs one row each, whatever fields are read."""
        self.letters.with_user(self.staff).read(["scan_file"])
        self.assertLogged("open")

    def test_read_all_fields(self):
        """read() with no field list reads everything: logged."""
        self.secret.with_user(self.staff).read()
        self.assertLogged("open", self.secret)

    def test_ids_only_not_logged(self):
        """Reading only ids hands out no content."""
        self.letters.with_user(self.staff).read(["id"])
        self.letters.with_user(self.staff).web_read({})
        self.letters.with_user(self.staff).web_search_read([("id", "in", self.letters.ids)], {})
        self.letters.with_user(self.staff).search_read([("id", "in", self.letters.ids)], ["id"])
        self.assertFalse(self._rows())

    def test_search_read(self):
        """search_read shows the letters in a list: one row each."""
        Letter = self.Letter.with_user(self.staff)
        rows = Letter.search_read([("id", "in", self.letters.ids)], ["subject"])
        self.assertEqual(len(rows), 3)
        self.assertLogged("list")

    def test_web_search_read(self):
        """The list view logs each confidential letter once, as shown in a list."""
        Letter = self.Letter.with_user(self.staff)
        result = Letter.web_search_read(
            [("id", "in", self.letters.ids)], {"subject": {}, "display_name": {}}
        )
        self.assertEqual(result["length"], 3)
        self.assertLogged("list")

    def test_one_row_per_call(self):
        """Nested entry points and repeated reads in one transaction give one row."""
        letter = self.secret.with_user(self.staff)
        letter.web_read({"subject": {}})
        letter.read(["subject"])
        self.assertEqual(len(self._rows(self.secret)), 1)

    def test_rolled_back_row_written_again(self):
        """A row undone by a rolled back savepoint does not count as logged."""
        letter = self.secret.with_user(self.staff)
        with contextlib.suppress(ValueError), self.env.cr.savepoint(flush=False):
            letter.read(["subject"])
            raise ValueError("undo")
        self.assertFalse(self._rows())
        letter.read(["subject"])
        self.assertLogged("open", self.secret)

    def test_sudo_not_logged(self):
        """The server's own reads in sudo are not an access by the user."""
        self.letters.with_user(self.staff).sudo().read(["subject"])
        self.letters.with_user(self.staff).sudo().search_read(
            [("id", "in", self.letters.ids)], ["subject"]
        )
        self.assertFalse(self._rows())

    def test_denied_read_not_logged(self):
        """A refused read hands nothing out and logs nothing."""
        with self.assertRaises(AccessError), mute_logger("odoo.addons.base.models.ir_rule"):
            self.secret.with_user(self.staff_general).read(["subject"])
        self.assertFalse(self._rows())

    def test_export(self):
        """An export that includes letters logs one row each, as an export."""
        self.env.ref("base.group_allow_export").users = [(4, self.staff.id)]
        data = self.letters.with_user(self.staff).export_data(["subject"])["datas"]
        self.assertEqual(len(data), 3)
        self.assertLogged("export")

    def test_export_through_disposition(self):
        """Exporting dispositions with their letter's subject exports the letter."""
        self.env.ref("base.group_allow_export").users = [(4, self.staff.id)]
        dispositions = self.Disposition.with_user(self.staff).search(
            [("letter_id", "in", self.letters.ids)]
        )
        dispositions.export_data(["letter_id/subject"])
        self.assertLogged("export")

    def test_report_html(self):
        """Printing the disposition sheet (HTML) logs a print per letter."""
        report = self.env.ref("surat_menyurat.action_report_disposition_sheet")
        html, __ = (
            self.env["ir.actions.report"]
            .with_user(self.staff)
            ._render_qweb_html(report, self.letters.ids)
        )
        self.assertIn(b"Rahasia Dua", html)
        self.assertLogged("print")

    def test_report_pdf(self):
        """Printing a letter as a real PDF logs a print."""
        with (
            tempfile.TemporaryDirectory(prefix="surat-xdg-") as runtime,
            patch.dict(os.environ, {"XDG_RUNTIME_DIR": runtime}),
        ):
            pdf, kind = (
                self.env["ir.actions.report"]
                .with_user(self.staff)
                ._render_qweb_pdf("surat_menyurat.action_report_surat_letter", self.secret.ids)
            )
        self.assertEqual(kind, "pdf")
        self.assertTrue(pdf.startswith(b"%PDF"))
        self.assertLogged("print", self.secret)

    def test_report_pdf_several(self):
        """A PDF of several letters (rendered through its HTML) logs one row per letter."""
        self.env["ir.actions.report"].with_user(self.staff)._render_qweb_pdf(
            "surat_menyurat.report_disposition_sheet", self.letters.ids
        )
        self.assertLogged("print")

    def test_attachment_bytes_over_rpc(self):
        """Reading a letter file's bytes through the attachment model is a download."""
        scans = (self.secret | self.secret2 | self.normal).mapped(
            lambda letter: letter._scan_attachment()
        )
        scans.with_user(self.staff).read(["name"])
        self.assertFalse(self._rows())
        values = scans.with_user(self.staff).read(["datas"])
        self.assertEqual(len(values), 3)
        self.assertLogged("download")

    def test_disposition_read_is_a_letter_read(self):
        """A disposition shows its letter's subject: reading it logs the letter."""
        disposition = self.Disposition.search([("letter_id", "=", self.secret.id)], limit=1)
        disposition.with_user(self.staff).read(["id"])
        self.assertFalse(self._rows())
        disposition.with_user(self.staff).web_read({"subject": {}, "note": {}})
        self.assertLogged("open", self.secret)

    def test_log_failure_refuses_access(self):
        """When no row can be written, the content is refused with a clear error."""
        Letter = self.Letter.with_user(self.staff)
        calls = {
            "web_read": lambda: self.secret.with_user(self.staff).web_read({"subject": {}}),
            "read": lambda: self.secret.with_user(self.staff).read(["subject"]),
            "search_read": lambda: Letter.search_read([("id", "=", self.secret.id)], ["subject"]),
            "web_search_read": lambda: Letter.web_search_read(
                [("id", "=", self.secret.id)], {"subject": {}}
            ),
            "print": lambda: self.env["ir.actions.report"]
            .with_user(self.staff)
            ._render_qweb_html("surat_menyurat.report_disposition_sheet", self.secret.ids),
        }
        with self._log_table_broken(), mute_logger(*LOG_LOGGERS):
            for name, call in calls.items():
                with self.subTest(path=name), self.assertRaises(AccessError) as caught:
                    call()
                self.assertIn("could not be logged", str(caught.exception))
            # letters that are not logged are read as usual
            self.assertEqual(
                self.normal.with_user(self.staff).read(["subject"])[0]["subject"], "Biasa"
            )
        self.assertFalse(self._rows())
        # the transaction is still usable and the next read is logged again
        self.secret.with_user(self.staff).read(["subject"])
        self.assertLogged("open", self.secret)

    def test_append_only(self):
        """Nobody, administrators and superuser included, changes or deletes log rows."""
        self.secret.with_user(self.staff).web_read({"subject": {}})
        row = self._rows(self.secret)
        admin = self.env.ref("base.user_admin")
        for env_row in (row.sudo(), row.with_user(admin), row.with_user(self.head)):
            with self.assertRaises(AccessError):
                env_row.write({"action": "print"})
            with self.assertRaises(AccessError):
                env_row.unlink()
        self.assertEqual(row.action, "open")

    def test_no_forged_rows(self):
        """Rows come from the server only: no user creates or copies one."""
        self.secret.with_user(self.staff).web_read({"subject": {}})
        row = self._rows(self.secret)
        admin = self.env.ref("base.user_admin")
        for user in (self.staff, self.head, self.manager, admin):
            Log = self.Log.with_user(user)
            with self.assertRaises(AccessError), mute_logger("odoo.addons.base.models.ir_model"):
                Log.create({"action": "open", "letter_id": self.secret.id})
            with self.assertRaises(AccessError), mute_logger("odoo.addons.base.models.ir_model"):
                row.with_user(user).copy()
        self.assertEqual(len(self._rows()), 1)
        # even an access right granted by mistake lets nobody write a row
        self.env["ir.model.access"].create(
            {
                "name": "mistaken log create",
                "model_id": self.env.ref("surat_menyurat.model_surat_access_log").id,
                "group_id": self.env.ref("surat_menyurat.group_surat_head").id,
                "perm_read": True,
                "perm_create": True,
            }
        )
        with self.assertRaisesRegex(AccessError, "written by the system only"):
            self.Log.with_user(self.head).create({"action": "open", "letter_id": self.secret.id})
        self.assertEqual(len(self._rows()), 1)

    def test_who_reads_the_log(self):
        """The head reads every row, the manager those of letters he may read, users none."""
        self.secret.with_user(self.staff).web_read({"subject": {}})
        restricted = self._register(subject="Terbatas", security_level="restricted")
        restricted.with_user(self.kabid).web_read({"subject": {}})
        head_rows = self.Log.with_user(self.head).search([])
        self.assertEqual(head_rows.letter_id, self.secret | restricted)
        self.assertFalse(self.Log.with_user(self.manager).search([]))
        self._dispose(self.secret, self.manager)
        self.assertEqual(self.Log.with_user(self.manager).search([]).letter_id, self.secret)
        with self.assertRaises(AccessError):
            self.Log.with_user(self.staff).search([])


@tagged("post_install", "-at_install", "surat_access_log")
class TestAccessLogHttp(AccessLogCommon, HttpCase):
    """Through the web client's routes, read-only ones included (they are replayed on a
    read/write cursor to write the row, as on a replica in production)."""

    def setUp(self):
        super().setUp()
        self.authenticate(self.staff.login, self.staff.login + "x" * (8 - len(self.staff.login)))

    def _call_kw(self, model, method, args, kwargs=None):
        return call_kw_http(self, model, method, args, kwargs)

    def test_web_read(self):
        """Opening letters in the web client logs one row each."""
        with mute_logger("odoo.http"):  # the read-only attempt is replayed read/write
            res = self._call_kw("surat.letter", "web_read", [self.letters.ids, {"subject": {}}])
        self.assertEqual(len(res.json()["result"]), 3)
        self.assertLogged("open")

    def test_download(self):
        """Downloading the scan, as a field or an attachment, logs a download."""
        with mute_logger("odoo.http"):
            res = self.url_open("/web/content/surat.letter/%s/scan_file" % self.secret.id)
            self.assertEqual(res.content, PDF_BYTES)
            scan2 = self.secret2._scan_attachment()
            res = self.url_open("/web/content/%s?download=true" % scan2.id)
            self.assertEqual(res.content, PDF_BYTES)
            res = self.url_open("/web/content/surat.letter/%s/scan_file" % self.normal.id)
            self.assertEqual(res.content, PDF_BYTES)
        self.assertLogged("download")

    def test_download_disposition_file(self):
        """A file attached to a disposition is a file of its letter."""
        disposition = self.Disposition.search([("letter_id", "=", self.secret.id)], limit=1)
        attachment = self.env["ir.attachment"].create(
            {
                "name": "laporan.pdf",
                "raw": PDF_BYTES,
                "res_model": "surat.disposition",
                "res_id": disposition.id,
            }
        )
        with mute_logger("odoo.http"):
            res = self.url_open("/web/content/%s?download=true" % attachment.id)
        self.assertEqual(res.content, PDF_BYTES)
        self.assertLogged("download", self.secret)

    def test_report_html(self):
        """/report/html of the disposition sheet logs a print per letter."""
        with mute_logger("odoo.http"):
            res = self.url_open(
                "/report/html/surat_menyurat.report_disposition_sheet/%s"
                % ",".join(map(str, self.letters.ids))
            )
        self.assertEqual(res.status_code, 200)
        self.assertIn("Rahasia Satu", res.text)
        self.assertLogged("print")

    def test_log_failure_refuses_access(self):
        """A broken log table: the route answers an error, never the content."""
        with self._log_table_broken(), mute_logger("odoo.http", *LOG_LOGGERS):
            res = self._call_kw("surat.letter", "web_read", [self.secret.ids, {"subject": {}}])
            self.assertNotIn("Rahasia", res.text)
            self.assertIn("could not be logged", res.json()["error"]["data"]["message"])
            res = self.url_open("/web/content/surat.letter/%s/scan_file" % self.secret.id)
            self.assertNotEqual(res.content, PDF_BYTES)
            self.assertNotEqual(res.status_code, 200)
        self.assertFalse(self._rows())

    def test_rpc_create_refused(self):
        """Over RPC, a log row cannot be created, changed or deleted, even by the head."""
        self.authenticate(self.head.login, self.head.login + "x" * (8 - len(self.head.login)))
        with mute_logger("odoo.http"):
            res = self._call_kw(
                "surat.access.log", "create", [{"action": "open", "letter_id": self.secret.id}]
            )
        self.assertIn("error", res.json())
        self.assertFalse(self._rows())
