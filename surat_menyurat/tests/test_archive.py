import os
import tempfile
from datetime import date
from unittest.mock import patch

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import HttpCase, tagged
from odoo.tools import config

from .common import SuratCommon


class ArchiveCommon(SuratCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Classification = cls.env["surat.classification"]
        cls.kka_destroy = Classification.create(
            {
                "code": "999.1",
                "name": "Uji Musnah",
                "retention_active_years": 1,
                "retention_inactive_years": 1,
                "final_disposition": "destroy",
            }
        )
        cls.kka_permanent = Classification.create(
            {
                "code": "999.2",
                "name": "Uji Permanen",
                "retention_active_years": 2,
                "retention_inactive_years": 3,
                "final_disposition": "permanent",
            }
        )
        cls.kka_event = Classification.create(
            {
                "code": "999.3",
                "name": "Uji Perjanjian",
                "retention_active_years": 2,
                "retention_inactive_years": 3,
                "final_disposition": "destroy",
                "retention_note": "Setelah Perjanjian Berakhir",
            }
        )
        cls.kka_long = Classification.create(
            {
                "code": "999.4",
                "name": "Uji Sepuluh Tahun",
                "retention_active_years": 5,
                "retention_inactive_years": 5,
                "final_disposition": "destroy",
            }
        )
        cls.location = cls.env["surat.archive.location"].create(
            {
                "building": "Gedung A",
                "room": "R. Arsip",
                "cabinet": "Lemari 1",
                "shelf": "Rak 2",
                "box": "Boks 7",
            }
        )
        cls.File = cls.env["surat.archive.file"]

    @classmethod
    def _finished(cls, classification=None, **values):
        """A registered incoming letter the head closed as noted: state done."""
        letter = cls._register(classification_id=(classification or cls.kka_destroy).id, **values)
        letter.with_user(cls.head).action_done()
        return letter

    def _file(self, letters, **values):
        """File `letters` as the archivist through the wizard; returns the file."""
        action = letters.with_user(self.archivist).action_open_filing_wizard()
        wizard = (
            self.env["surat.archive.filing"]
            .with_user(self.archivist)
            .with_context(**action["context"])
            .create(values)
        )
        result = wizard.action_confirm()
        return self.File.browse(result["res_id"])

    def _attachments(self, letters):
        return self.env["ir.attachment"].search(
            [
                ("res_model", "=", "surat.letter"),
                ("res_id", "in", letters.ids),
                "|",
                ("res_field", "=", False),
                ("res_field", "!=", False),
            ]
        )

    def _run(self):
        return self.File.with_user(self.archivist).action_run_lifecycle()


@tagged("post_install", "-at_install", "surat_archive")
class TestArchiveFiling(ArchiveCommon):
    def test_filing_creates_then_proposes_the_open_file(self):
        """The first letter of a classification and year gets a new file, the next one joins it."""
        first = self._finished()
        file1 = self._file(first)
        self.assertEqual(file1.classification_id, self.kka_destroy)
        self.assertTrue(file1.name.startswith("BRK/"))
        second = self._finished()
        wizard = (
            self.env["surat.archive.filing"]
            .with_user(self.archivist)
            .with_context(default_letter_ids=second.ids)
            .create({})
        )
        self.assertEqual(wizard.file_id, file1)
        self.assertFalse(wizard.create_new)
        wizard.action_confirm()
        self.assertEqual(file1.item_count, 2)
        self.assertEqual(second.file_id, file1)
        self.assertEqual(file1.date_start, first._archive_date())
        self.assertEqual(file1.date_end, second._archive_date())

    def test_ten_letters_filed_at_once(self):
        """The archivist selects ten finished letters in the list and files them in one go."""
        letters = self.env["surat.letter"]
        for _i in range(10):
            letters |= self._finished()
        archive_file = self._file(letters)
        self.assertEqual(archive_file.item_count, 10)
        self.assertEqual(letters.file_id, archive_file)

    def test_heading_code_without_retention_is_refused(self):
        """A file of a heading code would never move through its retention: refused."""
        heading = self.env["surat.classification"].create({"code": "999", "name": "Uji Induk"})
        letter = self._finished()
        with self.assertRaises(ValidationError) as refused:
            self._file(letter, create_new=True, classification_id=heading.id)
        self.assertIn("heading without a retention", str(refused.exception))
        self.assertFalse(letter.file_id)
        self.assertFalse(self.File.search([("classification_id", "=", heading.id)]))

    def test_unfinished_letter_is_refused(self):
        """A registered letter cannot be filed and no file is created."""
        letter = self._register(classification_id=self.kka_destroy.id)
        count = self.File.search_count([])
        with self.assertRaisesRegex(UserError, "not finished"):
            self._file(letter)
        self.assertFalse(letter.file_id)
        self.assertEqual(self.File.search_count([]), count)

    def test_only_archivist_files(self):
        """A plain user cannot file a letter, not even by writing file_id."""
        letter = self._finished()
        archive_file = self.File.create({"classification_id": self.kka_destroy.id})
        with self.assertRaises(AccessError):
            letter.with_user(self.staff_aptika).action_open_filing_wizard()
        with self.assertRaises(AccessError):
            letter.with_user(self.registrar).write({"file_id": archive_file.id})
        self.assertFalse(letter.file_id)

    def test_closed_file_is_frozen(self):
        """Nothing enters or leaves a closed file."""
        letter = self._finished()
        archive_file = self._file(letter)
        archive_file.with_user(self.archivist).action_close()
        self.assertTrue(archive_file.closed)
        other = self._finished()
        with self.assertRaisesRegex(UserError, "closed"):
            self._file(other, file_id=archive_file.id)
        self.assertFalse(other.file_id)
        target = self.File.create({"classification_id": self.kka_destroy.id})
        with self.assertRaisesRegex(UserError, "closed"):
            self._file(letter, file_id=target.id, reason="wrong file")
        self.assertEqual(letter.file_id, archive_file)
        self.assertEqual(archive_file.item_count, 1)

    def test_move_between_files_with_reason(self):
        """Moving needs a reason and is recorded in both files and in the letter."""
        letter = self._finished()
        source = self._file(letter)
        target = self.File.create({"classification_id": self.kka_destroy.id})
        with self.assertRaisesRegex(UserError, "reason"):
            self._file(letter, file_id=target.id)
        self._file(letter, file_id=target.id, reason="Salah berkas")
        self.assertEqual(letter.file_id, target)
        self.assertEqual((source.item_count, target.item_count), (0, 1))
        for record in (source, target, letter):
            self.assertTrue(
                any("Salah berkas" in (m.body or "") for m in record.message_ids),
                "the move and its reason are in the chatter of %s" % record,
            )

    def test_file_hides_unreadable_letters_but_counts_them(self):
        """The archivist sees the count of a file but not a secret letter inside it."""
        normal = self._finished()
        secret = self._finished(security_level="secret")
        archive_file = self.File.create({"classification_id": self.kka_destroy.id})
        (normal | secret).write({"file_id": archive_file.id})  # as superuser
        self.env.invalidate_all()
        as_archivist = archive_file.with_user(self.archivist)
        self.assertEqual(as_archivist.item_count, 2)
        self.assertEqual(as_archivist.security_level, "secret")
        self.assertEqual(as_archivist.letter_ids, normal)
        data = as_archivist.web_read({"letter_ids": {"fields": {"subject": {}}}})
        self.assertEqual([row["id"] for row in data[0]["letter_ids"]], normal.ids)
        self.assertEqual(
            self.Letter.with_user(self.archivist).search_count([("file_id", "=", archive_file.id)]),
            1,
        )
        other = self._finished(security_level="secret")
        with self.assertRaises(AccessError):
            self._file(other, file_id=archive_file.id)
        self.assertFalse(other.file_id)

    def test_location_complete_name(self):
        """A location reads as building / room / cabinet / shelf / box."""
        self.assertEqual(
            self.location.complete_name,
            "Gedung A / R. Arsip / Lemari 1 / Rak 2 / Boks 7",
        )


@tagged("post_install", "-at_install", "surat_archive")
class TestArchiveRetention(ArchiveCommon):
    @freeze_time("2026-03-10 04:00:00")
    def test_retention_counts_from_closing(self):
        """Active and inactive periods count from the closing date."""
        archive_file = self._file(self._finished(self.kka_permanent))
        self.assertFalse(archive_file.active_until)
        archive_file.with_user(self.archivist).action_close()
        self.assertEqual(archive_file.close_date, date(2026, 3, 10))
        self.assertEqual(archive_file.active_until, date(2028, 3, 10))
        self.assertEqual(archive_file.inactive_until, date(2031, 3, 10))

    @freeze_time("2026-03-10 04:00:00")
    def test_retention_counts_from_event(self):
        """An event-based classification waits for the event date, then counts from it."""
        archive_file = self._file(self._finished(self.kka_event))
        archive_file.with_user(self.archivist).action_close()
        self.assertFalse(archive_file.active_until)
        archive_file.with_user(self.archivist).event_date = date(2026, 1, 31)
        self.assertEqual(archive_file.active_until, date(2028, 1, 31))
        self.assertEqual(archive_file.inactive_until, date(2031, 1, 31))

    def test_empty_file_cannot_close(self):
        """Closing a file without letters is refused."""
        archive_file = self.File.create({"classification_id": self.kka_destroy.id})
        with self.assertRaisesRegex(UserError, "no letter"):
            archive_file.with_user(self.archivist).action_close()
        self.assertFalse(archive_file.closed)


@tagged("post_install", "-at_install", "surat_archive")
class TestArchiveLifecycle(ArchiveCommon):
    def _closed_file(self, classification):
        with freeze_time("2026-01-10 04:00:00"):
            letters = self._finished(classification) | self._finished(classification)
            archive_file = self._file(letters)
            archive_file.with_user(self.archivist).action_close()
        return archive_file, letters

    def test_destroy_lifecycle(self):
        """active -> inactive -> to_destroy -> approved -> destroyed: files gone, records kept."""
        archive_file, letters = self._closed_file(self.kka_destroy)
        self.assertEqual(len(self._attachments(letters)), 2)
        with freeze_time("2026-06-01 04:00:00"):
            self._run()
            self.assertEqual(archive_file.state, "active", "not due yet")
        with freeze_time("2027-01-12 04:00:00"):
            result = self._run()
            self.assertIn("1 file(s) became inactive", result["params"]["message"])
        self.assertEqual(archive_file.state, "inactive")
        transfer = archive_file.transfer_ids
        self.assertEqual((transfer.transfer_type, transfer.state), ("transfer", "draft"))
        with freeze_time("2028-01-12 04:00:00"):
            self._run()
            self.assertEqual(archive_file.state, "to_destroy")
            disposal = archive_file.disposal_ids
            self.assertEqual(disposal.state, "draft")
            disposal.with_user(self.archivist).action_propose()
            with self.assertRaisesRegex(UserError, "not approved"):
                disposal.with_user(self.archivist).action_destroy()
            with self.assertRaises(AccessError):
                disposal.with_user(self.archivist).action_approve()
            disposal.with_user(self.head).action_approve()
            self.assertEqual(disposal.state, "approved")
            disposal.with_user(self.archivist).action_destroy()
        self.assertEqual(archive_file.state, "destroyed")
        self.assertEqual(disposal.state, "done")
        self.assertFalse(self._attachments(letters), "the letters' files are gone")
        self.assertEqual(len(letters.exists()), 2, "the letters' records are kept")
        self.assertTrue(all(letters.mapped("agenda_number")))
        self.assertEqual(archive_file.item_count, 2)
        self.assertTrue(disposal.destruction_attachment_id.exists())
        self.assertEqual(disposal.destruction_attachment_id.res_model, "surat.archive.disposal")

    def test_permanent_file_ends_on_handover_list(self):
        """A permanent file ends `permanent` on the handover list for the regional archive."""
        archive_file, _letters = self._closed_file(self.kka_permanent)
        with freeze_time("2028-01-12 04:00:00"):
            self._run()
        self.assertEqual(archive_file.state, "inactive")
        with freeze_time("2031-01-12 04:00:00"):
            self._run()
        self.assertEqual(archive_file.state, "permanent")
        handover = archive_file.transfer_ids.filtered(lambda t: t.transfer_type == "handover")
        self.assertEqual(handover.file_ids, archive_file)
        self.assertFalse(archive_file.disposal_ids)

    def test_held_file_never_moves(self):
        """A file on legal hold stays active for ever, and lifting needs a reason."""
        archive_file, _letters = self._closed_file(self.kka_destroy)
        with self.assertRaisesRegex(UserError, "reason"):
            archive_file.with_user(self.archivist)._set_legal_hold(True, " ")
        with self.assertRaisesRegex(UserError, "button"):
            archive_file.with_user(self.archivist).write({"legal_hold": True})
        wizard = (
            self.env["surat.archive.hold"]
            .with_user(self.archivist)
            .create({"file_id": archive_file.id, "reason": "Perkara PTUN 12/2026"})
        )
        wizard.action_confirm()
        self.assertTrue(archive_file.on_hold)
        with freeze_time("2040-01-01 04:00:00"):
            self._run()
            self._run()
        self.assertEqual(archive_file.state, "active")
        archive_file.with_user(self.archivist)._set_legal_hold(False, "Perkara selesai")
        self.assertFalse(archive_file.on_hold)
        self.assertTrue(any("Perkara selesai" in (m.body or "") for m in archive_file.message_ids))

    def test_letter_hold_blocks_disposal(self):
        """A held letter blocks every disposal step of its file until lifted."""
        archive_file, letters = self._closed_file(self.kka_destroy)
        with freeze_time("2028-01-12 04:00:00"):
            self._run()
            self._run()
            self.assertEqual(archive_file.state, "to_destroy")
            disposal = archive_file.disposal_ids
            disposal.with_user(self.archivist).action_propose()
            disposal.with_user(self.head).action_approve()
            letters[0].with_user(self.head)._set_legal_hold(True, "Audit BPK")
            self.assertTrue(archive_file.on_hold)
            with self.assertRaisesRegex(UserError, "legal hold"):
                disposal.with_user(self.archivist).action_destroy()
            self.assertEqual(len(self._attachments(letters)), 2)
            self.assertEqual(archive_file.state, "to_destroy")
            letters[0].with_user(self.head)._set_legal_hold(False, "Audit selesai")
            disposal.with_user(self.archivist).action_destroy()
        self.assertEqual(archive_file.state, "destroyed")

    def test_approval_rules(self):
        """The head cannot approve his own proposal; 10 years of retention needs ANRI's ref."""
        archive_file, _letters = self._closed_file(self.kka_long)
        with freeze_time("2036-02-01 04:00:00"):
            self._run()
            self._run()
            self.assertEqual(archive_file.state, "to_destroy")
            disposal = archive_file.disposal_ids
            self.assertTrue(disposal.needs_external_approval)
            disposal.with_user(self.head).action_propose()
            with self.assertRaisesRegex(UserError, "someone else"):
                disposal.with_user(self.head).action_approve()
            self.assertEqual(disposal.state, "proposed")
            head2 = self.env["res.users"].create(
                {
                    "name": "Plt Kepala",
                    "login": "t_head2",
                    "groups_id": [(6, 0, [self.env.ref("surat_menyurat.group_surat_head").id])],
                }
            )
            with self.assertRaisesRegex(UserError, "national archive"):
                disposal.with_user(head2).action_approve()
            self.assertEqual(disposal.state, "proposed")
            disposal.with_user(self.archivist).external_approval_ref = "B-123/ANRI/2036"
            disposal.with_user(head2).action_approve()
            self.assertEqual(disposal.state, "approved")

    def test_not_due_file_cannot_be_proposed(self):
        """A file whose retention has not ended cannot go through a disposal step."""
        archive_file, _letters = self._closed_file(self.kka_destroy)
        archive_file.sudo().state = "to_destroy"  # forced, as if marked by hand
        disposal = self.env["surat.archive.disposal"].create(
            {"file_ids": [(6, 0, archive_file.ids)]}
        )
        with freeze_time("2027-06-01 04:00:00"):
            with self.assertRaisesRegex(UserError, "not due"):
                disposal.with_user(self.archivist).action_propose()
        self.assertEqual(disposal.state, "draft")

    def test_lifecycle_button_needs_archive_staff(self):
        """A plain user cannot run the lifecycle."""
        with self.assertRaises(AccessError):
            self.File.with_user(self.staff).action_run_lifecycle()

    def test_batches_and_cron(self):
        """The lifecycle moves every due file through batches, and the cron runs it."""
        files = self.File
        for _i in range(3):
            archive_file, _letters = self._closed_file(self.kka_destroy)
            files |= archive_file
        with freeze_time("2027-01-12 04:00:00"):
            counts = self.File._run_lifecycle(batch_size=2)
        self.assertEqual(counts["inactive"], 3)
        self.assertEqual(set(files.mapped("state")), {"inactive"})
        with freeze_time("2028-01-12 04:00:00"):
            counts = self.File._run_lifecycle(batch_size=1, limit=2)
            self.assertEqual((counts["to_destroy"], counts["remaining"]), (2, 1))
        self.assertEqual(sorted(files.mapped("state")), ["inactive", "to_destroy", "to_destroy"])


@tagged("post_install", "-at_install", "surat_archive")
class TestArchiveReports(ArchiveCommon, HttpCase):
    """HttpCase: wkhtmltopdf fetches the report styles from the test server, which must
    share the test transaction."""

    def setUp(self):
        super().setUp()
        # wkhtmltopdf fetches the styles from this test server; Qt complains on stderr (a
        # logged warning) when XDG_RUNTIME_DIR is unset
        self.env["ir.config_parameter"].sudo().set_param(
            "report.url", "http://127.0.0.1:%s" % config["http_port"]
        )
        runtime = tempfile.mkdtemp(prefix="surat-xdg-")
        os.chmod(runtime, 0o700)
        patcher = patch.dict(os.environ, {"XDG_RUNTIME_DIR": runtime})
        patcher.start()
        self.addCleanup(patcher.stop)

    def test_three_pdfs_render(self):
        """Transfer record, disposal list and destruction record are real PDFs, no warning."""
        with freeze_time("2026-01-10 04:00:00"):
            archive_file = self._file(self._finished())
            archive_file.location_id = self.location
            archive_file.with_user(self.archivist).action_close()
        with freeze_time("2028-01-12 04:00:00"):
            self._run()
            self._run()
            disposal = archive_file.disposal_ids
            disposal.with_user(self.archivist).action_propose()
            disposal.with_user(self.head).action_approve()
            with self.assertNoLogs("odoo.addons.base.models.ir_actions_report", "WARNING"):
                disposal.with_user(self.archivist).with_context(
                    force_report_rendering=True
                ).action_destroy()
        transfer = archive_file.transfer_ids
        Report = self.env["ir.actions.report"].with_context(force_report_rendering=True)
        with self.assertNoLogs("odoo.addons.base.models.ir_actions_report", "WARNING"):
            for report, record in (
                ("surat_menyurat.action_report_archive_transfer", transfer),
                ("surat_menyurat.action_report_archive_disposal", disposal),
                ("surat_menyurat.action_report_archive_destruction", disposal),
            ):
                content, kind = Report._render_qweb_pdf(report, record.ids)
                self.assertEqual(kind, "pdf")
                self.assertTrue(content.startswith(b"%PDF"), report)
        self.assertTrue(disposal.destruction_attachment_id.raw.startswith(b"%PDF"))

    def test_print_transfer_action(self):
        """Printing a transfer record returns its PDF report action."""
        transfer = self.env["surat.archive.transfer"].create({})
        action = transfer.with_user(self.archivist).action_print()
        self.assertEqual(action["report_name"], "surat_menyurat.report_archive_transfer")
        self.assertEqual(action["type"], "ir.actions.report")
