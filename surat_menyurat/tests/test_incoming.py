import base64
from datetime import date, datetime, timedelta

from freezegun import freeze_time

from odoo import fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, tagged

from .common import PDF_B64, SuratCommon

EXE_BYTES = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 200


@tagged("post_install", "-at_install", "surat_incoming")
class TestIncoming(SuratCommon):
    def _draft(self, **values):
        return self.Letter.with_user(self.registrar).create(self._incoming_vals(**values))

    # ------------------------------------------------------------------
    # Registration
    # ------------------------------------------------------------------
    def test_register_assigns_agenda_number_and_notifies_head(self):
        """Registering gives the next agenda number and an activity to the head."""
        letter = self._draft()
        letter.action_register()
        year = self.company._surat_now().year
        self.assertEqual(letter.state, "registered")
        self.assertRegex(letter.agenda_number, r"^\d+/SM/%s$" % year)
        self.assertEqual(letter.registered_by_id, self.registrar)
        second = self._register(letter_number="X/2")
        self.assertEqual(second.register_seq, letter.register_seq + 1)
        activity = letter.activity_ids.filtered(lambda a: a.user_id == self.head)
        self.assertEqual(len(activity), 1)
        self.assertIn(letter.subject, activity.summary)

    def test_register_twice_refused(self):
        """A registered letter cannot be registered again; its number stays."""
        letter = self._register()
        number = letter.agenda_number
        with self.assertRaises(UserError):
            letter.with_user(self.registrar).action_register()
        self.assertEqual(letter.agenda_number, number)

    def test_only_registrar_registers(self):
        """Staff cannot create or register incoming letters."""
        with self.assertRaises(AccessError):
            self.Letter.with_user(self.staff).create(self._incoming_vals())
        letter = self._draft()
        with self.assertRaises(AccessError):
            letter.with_user(self.staff).action_register()
        self.assertEqual(letter.state, "draft")
        self.assertFalse(letter.agenda_number)

    def test_agenda_restarts_every_year(self):
        """The agenda counter restarts at 1 in a new year (company time zone)."""
        with freeze_time("2026-12-31 10:00:00"):  # 17:00 in Jakarta
            last = self._register(letter_number="A/1", received_date=False)
        with freeze_time("2026-12-31 17:30:00"):  # 00:30 on 1 Jan 2027 in Jakarta
            first = self._register(letter_number="A/2", received_date=False)
            again = self._register(letter_number="A/3", received_date=False)
        self.assertTrue(last.agenda_number.endswith("/SM/2026"))
        self.assertEqual(first.agenda_number, "1/SM/2027")
        self.assertEqual(again.agenda_number, "2/SM/2027")

    def test_agenda_format_configurable(self):
        """The agenda format is configurable; an unknown token is refused."""
        self.company.surat_agenda_template = "SM-{seq:04d}/{mm_roman}/{yyyy}"
        with freeze_time("2026-03-10 03:00:00"):
            letter = self._register(received_date=False)
        self.assertRegex(letter.agenda_number, r"^SM-\d{4}/III/2026$")
        with self.assertRaises(UserError):
            self.company.surat_agenda_template = "{seq}/{nonsense}/{yyyy}"
        self.assertEqual(self.company.surat_agenda_template, "SM-{seq:04d}/{mm_roman}/{yyyy}")

    def test_received_date_in_future_refused(self):
        """A received date in the future is refused and nothing is created."""
        count = self.Letter.search_count([])
        with self.assertRaises(ValidationError):
            self._draft(received_date=fields.Datetime.now() + timedelta(days=1))
        self.assertEqual(self.Letter.search_count([]), count)

    def test_letter_date_after_received_refused(self):
        """A letter dated after its reception is refused."""
        letter = self._draft(received_date=datetime(2026, 3, 2, 3, 0), letter_date=date(2026, 3, 1))
        with self.assertRaises(ValidationError):
            letter.write({"letter_date": date(2026, 3, 5)})
        self.assertEqual(letter.letter_date, date(2026, 3, 1))

    def test_scan_required_for_normal_and_restricted(self):
        """Normal/restricted letters need a scan; secret ones use the envelope."""
        for level in ("normal", "restricted"):
            letter = self._draft(security_level=level, scan_file=False, scan_filename=False)
            with self.assertRaises(UserError):
                letter.action_register()
            self.assertEqual(letter.state, "draft")
            self.assertFalse(letter.agenda_number)
        for level in ("secret", "top_secret"):
            letter = self._draft(security_level=level, scan_file=False, scan_filename=False)
            letter.action_register()
            self.assertEqual(letter.state, "registered")

    def test_scan_not_required_when_configured(self):
        """Without the scan requirement a normal letter registers without one."""
        self.company.surat_scan_required = False
        letter = self._draft(scan_file=False, scan_filename=False)
        letter.action_register()
        self.assertEqual(letter.state, "registered")

    def test_wrong_file_refused_by_content(self):
        """An .exe renamed .pdf is refused by content, as scan and attachment."""
        count = self.Letter.search_count([])
        with self.assertRaises(UserError) as cm:
            self._draft(scan_file=base64.b64encode(EXE_BYTES), scan_filename="surat.pdf")
        self.assertIn("not an accepted document", str(cm.exception))
        self.assertEqual(self.Letter.search_count([]), count)
        letter = self._draft()
        Attachment = self.env["ir.attachment"].with_user(self.registrar)
        with self.assertRaises(UserError) as cm:
            Attachment.create(
                {
                    "name": "lampiran.pdf",
                    "raw": EXE_BYTES,
                    "res_model": "surat.letter",
                    "res_id": letter.id,
                }
            )
        self.assertIn("not an accepted document", str(cm.exception))
        self.assertFalse(
            self.env["ir.attachment"].search(
                [
                    ("res_model", "=", "surat.letter"),
                    ("res_id", "=", letter.id),
                    ("name", "=", "lampiran.pdf"),
                ]
            )
        )
        # a file attached elsewhere first (the mail composer) and moved to the letter
        stray = self.env["ir.attachment"].create({"name": "x.pdf", "raw": EXE_BYTES})
        with self.assertRaises(UserError):
            stray.write({"res_model": "surat.letter", "res_id": letter.id})
        self.assertFalse(stray.res_model == "surat.letter")
        ok = Attachment.create(
            {
                "name": "lampiran.pdf",
                "datas": PDF_B64,
                "res_model": "surat.letter",
                "res_id": letter.id,
            }
        )
        self.assertEqual(ok.mimetype, "application/pdf")

    def test_oversized_file_refused(self):
        """A file above the configured size limit is refused."""
        self.company.surat_max_file_mb = 1
        big = b"%PDF-1.4\n" + b"0" * (1024 * 1024 + 10)
        count = self.Letter.search_count([])
        with self.assertRaises(UserError) as cm:
            self._draft(scan_file=base64.b64encode(big))
        self.assertIn("larger than 1 MB", str(cm.exception))
        self.assertEqual(self.Letter.search_count([]), count)
        letter = self._draft()
        with self.assertRaises(UserError) as cm:
            self.env["ir.attachment"].with_user(self.registrar).create(
                {
                    "name": "besar.pdf",
                    "raw": big,
                    "res_model": "surat.letter",
                    "res_id": letter.id,
                }
            )
        self.assertIn("larger than 1 MB", str(cm.exception))

    def test_configured_types(self):
        """Allowed types are configurable: PNG refused once removed from the list."""
        png = base64.b64decode(
            "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=="
        )
        letter = self._draft(scan_file=base64.b64encode(png), scan_filename="scan.png")
        self.assertTrue(letter.scan_file)
        self.company.surat_allowed_mimetypes = "application/pdf"
        with self.assertRaises(UserError):
            self._draft(scan_file=base64.b64encode(png), scan_filename="scan.png")

    def test_duplicate_warning(self):
        """Same sender, number and date: a warning before saving, a notice."""
        self._register(letter_date=date(2026, 1, 5), received_date=datetime(2026, 1, 6, 2, 0))
        form = Form(self.Letter.with_user(self.registrar))
        form.partner_id = self.partner_sender
        form.subject = "Undangan"
        form.letter_date = date(2026, 1, 5)
        with self.assertLogs("odoo.tests.form.onchange", level="WARNING") as logs:
            form.letter_number = "005/DKI/2026/118"
        self.assertIn("Possible duplicate", logs.output[0])
        self.assertTrue(form.duplicate_letter_ids)
        letter = self.Letter.with_user(self.registrar).new(
            {
                "direction": "incoming",
                "partner_id": self.partner_sender.id,
                "letter_number": "005/DKI/2026/118",
                "letter_date": date(2026, 1, 5),
                "subject": "x",
            }
        )
        result = letter._onchange_duplicate_warning()
        self.assertIn("warning", result)
        other = self.Letter.with_user(self.registrar).new(
            {
                "direction": "incoming",
                "partner_id": self.partner_sender.id,
                "letter_number": "005/DKI/2026/119",
                "letter_date": date(2026, 1, 5),
                "subject": "x",
            }
        )
        self.assertFalse(other._onchange_duplicate_warning())

    def test_note_only_closes(self):
        """The head notes a letter for information: it is done, his activity closed."""
        letter = self._register()
        wizard = (
            self.env["surat.letter.dispose"]
            .with_user(self.head)
            .with_context(default_letter_id=letter.id)
            .create({"note_only": True})
        )
        wizard.action_confirm()
        self.assertEqual(letter.state, "done")
        self.assertFalse(letter.activity_ids.filtered(lambda a: a.user_id == self.head))

    def test_note_only_by_staff_refused(self):
        """Only the head closes a letter as noted."""
        letter = self._register()
        with self.assertRaises(AccessError):
            letter.with_user(self.staff).action_done()
        self.assertEqual(letter.state, "registered")

    def test_registered_letter_not_deleted(self):
        """A registered letter cannot be deleted, not even by the superuser."""
        letter = self._register()
        with self.assertRaises(UserError):
            letter.sudo().unlink()
        self.assertTrue(letter.exists())

    def test_cancel_needs_reason(self):
        """Cancelling needs a reason and keeps the agenda number."""
        letter = self._register()
        with self.assertRaises(UserError):
            letter.with_user(self.registrar).action_cancel()
        self.assertEqual(letter.state, "registered")
        letter.with_user(self.registrar).cancel_reason = "Salah kirim"
        letter.with_user(self.registrar).action_cancel()
        self.assertEqual(letter.state, "cancelled")
        self.assertTrue(letter.agenda_number)

    def test_state_change_subtype(self):
        """Registering posts the tracking message with the status-changed subtype."""
        letter = (
            self.Letter.with_user(self.registrar)
            .with_context(tracking_disable=False, mail_notrack=False)
            .create(self._incoming_vals())
        )
        # Odoo tracks a record's changes once its creation is committed
        self.env.flush_all()
        self.env.cr.precommit.run()
        letter.action_register()
        self.env.flush_all()
        self.env.cr.precommit.run()
        subtype = self.env.ref("surat_menyurat.mt_letter_state")
        self.assertTrue(letter.message_ids.filtered(lambda m: m.subtype_id == subtype))
