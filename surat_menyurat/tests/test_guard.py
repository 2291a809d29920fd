"""A hostile insider, with nothing but his own login, changes nothing he may not.

Each test is one of the attacks that worked before the write guard
(models/surat_guard.py, models/surat_policy.py): the caller is a plain
``with_user`` environment, like an RPC call, with whatever values and context
keys he likes.
"""

from odoo import fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from ..models.surat_policy import POLICY, allowed_transitions
from .common import PDF_B64
from .test_outgoing import OutgoingCommon

# Context keys the addon once read as permissions: now plain keys.
OLD_KEYS = {
    "surat_review_flow": True,
    "surat_disposal": True,
    "surat_scan_version": True,
    "surat_legal_hold": True,
    "mark_surat_as_sent": True,
    "surat_no_access_log": True,
}


@tagged("post_install", "-at_install", "surat_guard")
class TestHostileInsider(OutgoingCommon):
    def _signed(self):
        letter = self._to_sign()
        letter.with_user(letter.signer_id).action_sign()
        return letter

    def _secret_disposed(self):
        letter = self._register(security_level="secret", subject="Rencana Audit Rahasia")
        disposition = self._dispose(letter, self.kabid)
        return letter, disposition

    def test_recipient_cannot_unseal_a_secret_letter(self):
        """A disposition recipient neither resets the state nor lowers the level."""
        letter, disposition = self._secret_disposed()
        as_kabid = letter.with_user(self.kabid).with_context(**OLD_KEYS)
        for vals in (
            {"state": "draft"},
            {"security_level": "normal"},
            {"state": "draft", "security_level": "normal"},
            {"access_user_ids": [(4, self.staff.id)]},
            {"cc_user_ids": [(4, self.staff.id)]},
            {"recipient_user_ids": [(4, self.staff.id)]},
        ):
            with self.subTest(vals=vals), self.assertRaises(AccessError):
                as_kabid.write(vals)
        with self.assertRaises(AccessError):
            disposition.with_user(self.kabid).write({"security_level": "normal"})
        with self.assertRaises(AccessError):
            disposition.with_user(self.kabid).write({"user_id": self.staff.id})
        self.assertEqual((letter.state, letter.security_level), ("in_progress", "secret"))
        self.assertFalse(letter.with_user(self.staff).has_access("read"))

    def test_registrar_cannot_rewrite_the_register(self):
        """The clerk neither puts a registered letter back to draft, nor renumbers it."""
        letter = self._register()
        number = letter.agenda_number
        as_clerk = letter.with_user(self.registrar)
        for vals in (
            {"state": "draft"},
            {"agenda_number": "999/SM/2026"},
            {"registered_by_id": self.staff.id},
            {"register_seq": 999},
            {"scan_sha256": "0" * 64},
        ):
            with self.subTest(vals=vals), self.assertRaises(AccessError):
                as_clerk.with_context(**OLD_KEYS).write(vals)
        with self.assertRaises(UserError):
            as_clerk.unlink()
        self.assertEqual((letter.state, letter.agenda_number), ("registered", number))
        # his legitimate work: correcting the sender's number, tracked
        as_clerk.write({"letter_number": "005/DKI/2026/119"})
        self.assertEqual(letter.letter_number, "005/DKI/2026/119")

    def test_drafter_cannot_skip_review_and_signature(self):
        """A drafter writes no state, number or token on his own draft."""
        draft = self._draft()
        as_drafter = draft.with_user(self.staff).with_context(**OLD_KEYS)
        for vals in (
            {"state": "signed"},
            {"state": "sent"},
            {"letter_number": "001/DKIS/2026"},
            {"verify_token": "forged-token"},
            {"signed_by_id": self.head.id},
            {"signed_date": fields.Datetime.now()},
        ):
            with self.subTest(vals=vals), self.assertRaises(UserError):
                as_drafter.write(vals)
        self.assertEqual(draft.state, "draft")
        self.assertFalse(draft.verify_token)

    def test_create_takes_no_workflow_field(self):
        """create() refuses workflow fields, and default_* context keys do not slip them in."""
        Letter = self.Letter.with_user(self.staff)
        for vals in (
            {"state": "signed"},
            {"verify_token": "forged"},
            {"letter_number": "001/X/2026"},
            {"access_user_ids": [(6, 0, [self.kabid.id])]},
        ):
            with self.subTest(vals=vals), self.assertRaises(UserError):
                Letter.create(dict({"direction": "outgoing", "subject": "Konsep"}, **vals))
        letter = Letter.with_context(
            default_state="sent", default_verify_token="forged", default_legal_hold=True
        ).create({"direction": "outgoing", "subject": "Konsep"})
        self.assertEqual(letter.state, "draft")
        self.assertFalse(letter.verify_token)
        self.assertFalse(letter.legal_hold)
        # the web client sends the default state with a new record: accepted
        letter = Letter.create({"direction": "outgoing", "subject": "Konsep", "state": "draft"})
        self.assertEqual(letter.state, "draft")

    def test_review_line_stays_on_its_letter(self):
        """A review line cannot be moved to another letter, nor approved by hand."""
        letter = self._draft()
        letter.action_submit()
        line = letter.review_ids[:1]
        other = self._draft(subject="Konsep lain")
        as_reviewer = line.with_user(line.user_id).with_context(**OLD_KEYS)
        for vals in ({"letter_id": other.id}, {"state": "approved"}, {"acted_by_id": 1}):
            with self.subTest(vals=vals), self.assertRaises(AccessError):
                as_reviewer.write(vals)
        with self.assertRaises(AccessError):
            line.with_user(self.staff).unlink()

    def test_hold_and_filing_only_through_their_buttons(self):
        """legal_hold and file_id are refused to a direct write, context or not."""
        letter = self._register()
        for user in (self.registrar, self.head, self.archivist):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                letter.with_user(user).with_context(**OLD_KEYS).write({"legal_hold": True})
        letter._set_legal_hold(True, "Perkara di pengadilan")
        with self.assertRaises(AccessError):
            letter.with_user(self.archivist).with_context(**OLD_KEYS).write({"legal_hold": False})
        self.assertTrue(letter.legal_hold)

    def test_scan_is_never_overwritten_through_the_attachment(self):
        """The registered scan's attachment refuses an overwrite, whatever the context."""
        letter = self._register()
        scan = self.env["ir.attachment"].search(
            [
                ("res_model", "=", "surat.letter"),
                ("res_id", "=", letter.id),
                ("res_field", "=", "scan_file"),
            ]
        )
        for user in (self.registrar, self.head):
            with self.subTest(user=user.login), self.assertRaises(UserError):
                scan.with_user(user).with_context(**OLD_KEYS).write({"datas": PDF_B64})
        with self.assertRaises(UserError):
            scan.with_user(self.registrar).with_context(**OLD_KEYS).unlink()

    def test_reader_cannot_mark_a_signed_letter_sent(self):
        """mark_surat_as_sent is a plain key: posting with it changes nothing."""
        letter = self._signed()
        letter.with_user(self.kabid).with_context(mark_surat_as_sent=True).message_post(
            body="Sudah dikirim?", message_type="comment"
        )
        self.assertEqual(letter.state, "signed")

    def test_pointers_to_unreadable_letters(self):
        """No reply link, wizard or share points to a letter the user may not read."""
        letter, _disposition = self._secret_disposed()
        with self.assertRaises(AccessError):
            self.Letter.with_user(self.staff).create(
                {"direction": "outgoing", "subject": "Balasan", "reply_to_id": letter.id}
            )
        for model, vals in (
            ("surat.letter.dispose", {"letter_id": letter.id}),
            ("surat.letter.share.wizard", {"letter_id": letter.id, "reason": "x"}),
            ("surat.archive.hold", {"letter_id": letter.id, "reason": "x"}),
        ):
            with self.subTest(model=model), self.assertRaises(AccessError):
                self.env[model].with_user(self.staff).create(vals)
        with self.assertRaises(AccessError):
            self.env["surat.letter.share"].with_user(self.kabid).create(
                {"letter_id": letter.id, "user_id": self.staff.id, "reason": "x"}
            )

    def test_display_name_hidden_from_non_readers(self):
        """Odoo reads many2one names as superuser: a letter's name still stays hidden."""
        letter, _disposition = self._secret_disposed()
        normal = self._register()
        normal.sudo().reply_to_id = letter
        [row] = normal.with_user(self.staff).web_read(
            {"reply_to_id": {"fields": {"display_name": {}}}}
        )
        self.assertEqual(row["reply_to_id"]["id"], letter.id)
        self.assertNotIn("Rahasia", row["reply_to_id"]["display_name"])
        self.assertEqual(
            letter.with_user(self.kabid).display_name.split(" - ")[-1], "Rencana Audit Rahasia"
        )
        self.assertNotIn("Rahasia", letter.with_user(self.staff).sudo().display_name)

    def test_archive_states_only_through_the_head(self):
        """The archivist writes no approved disposal nor a destroyed file by hand."""
        archive_file = (
            self.env["surat.archive.file"]
            .with_user(self.archivist)
            .create({"classification_id": self.classification.id, "description": "Berkas uji"})
        )
        disposal = self.env["surat.archive.disposal"].with_user(self.archivist).create({})
        for record, vals in (
            (disposal, {"state": "approved"}),
            (disposal, {"approved_by_id": self.head.id}),
            (archive_file, {"state": "destroyed"}),
            (archive_file, {"state": "inactive"}),
            (archive_file, {"closed": True}),
            (archive_file, {"active_until": "2000-01-01"}),
            (archive_file, {"legal_hold": True}),
        ):
            with self.subTest(vals=vals), self.assertRaises(AccessError):
                record.with_user(self.archivist).with_context(**OLD_KEYS).write(vals)
        self.assertEqual((disposal.state, archive_file.state), ("draft", "active"))
        archive_file.with_user(self.archivist).write({"description": "Berkas uji, rak 2"})

    def test_flow_moves_only_along_the_table(self):
        """Even server code moves a state only along the model's transition table."""
        letter = self._register()
        with self.assertRaises(UserError):
            letter._surat_flow_write({"state": "signed"})
        self.assertIn(("registered", "in_progress"), allowed_transitions("surat.letter"))
        self.assertNotIn(("sent", "draft"), allowed_transitions("surat.letter"))

    def test_policy_names_real_fields(self):
        """Every field the policy names exists on its model (no silent typo)."""
        for model, policy in POLICY.items():
            names = set(policy["system"])
            for fields_by_role in policy["create"].values():
                names |= fields_by_role
            for by_role in policy["write"].values():
                for fields_by_role in by_role.values():
                    names |= fields_by_role
            missing = names - set(self.env[model]._fields)
            self.assertFalse(missing, f"{model}: {sorted(missing)}")

    def test_wizards_refuse_values_of_the_wrong_shape(self):
        """The import, export and book wizards check their input like the letter:
        a clear message, no half-made wizard (a file that is not base64 would
        have failed in the attachment)."""
        cases = [
            (self.registrar, "surat.history.import", {"data_file": "!!! bukan base64"}),
            (self.registrar, "surat.history.import", {"data_file": PDF_B64, "book_type": "x"}),
            (self.registrar, "surat.history.export", {"date_from": "2026-13-45"}),
            (self.archivist, "surat.retention.import", {"data_file": ["a"]}),
            (self.archivist, "surat.retention.import", {"data_file": False}),
            (self.archivist, "surat.retention.import", {"data_file": PDF_B64, "no_such": 1}),
            (self.staff, "surat.agenda.book.wizard", {"department_id": "abc"}),
        ]
        for user, model, vals in cases:
            Wizard = self.env[model].with_user(user)
            before = Wizard.sudo().search_count([])
            with self.assertRaises(UserError, msg=f"{model} {vals}"):
                Wizard.create(vals)
            self.assertEqual(Wizard.sudo().search_count([]), before)
        wizard = (
            self.env["surat.history.import"]
            .with_user(self.registrar)
            .create({"data_file": PDF_B64})
        )
        with self.assertRaises(UserError):
            wizard.write({"column_ids": [[0, 0, "x"]]})
        with self.assertRaises(UserError):
            wizard.write({"scan_zip": 12345})
