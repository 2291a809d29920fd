from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .test_outgoing import OutgoingCommon


@tagged("post_install", "-at_install", "surat_incoming")
class TestRegistrationRules(OutgoingCommon):
    """Registration rules per agency and the draft's checklist (issue 12 item 7)."""

    def _draft(self, **values):
        return self.Letter.with_user(self.registrar).create(self._incoming_vals(**values))

    def test_classification_required_when_the_agency_says_so(self):
        letter = self._draft(classification_id=False)
        self.assertFalse(letter.registration_missing)
        self.company.surat_kka_required = True
        letter.invalidate_recordset(["registration_missing"])
        self.assertIn("classification code", letter.registration_missing)
        with self.assertRaises(UserError) as cm:
            letter.with_user(self.registrar).action_register()
        self.assertIn("classification code (KKA)", str(cm.exception))
        self.assertEqual(letter.state, "draft")
        self.assertFalse(letter.agenda_number)
        letter.with_user(self.registrar).classification_id = self.classification
        self.assertFalse(letter.registration_missing)
        letter.with_user(self.registrar).action_register()
        self.assertEqual(letter.state, "registered")
        self.assertFalse(letter.registration_missing)

    def test_scanless_levels_chosen_by_the_agency(self):
        self.company.write({"surat_scanless_restricted": True, "surat_scanless_secret": False})
        restricted = self._draft(security_level="restricted", scan_file=False)
        self.assertFalse(restricted.registration_missing)
        restricted.with_user(self.registrar).action_register()
        self.assertEqual(restricted.state, "registered")
        for level in ("normal", "secret"):
            letter = self._draft(security_level=level, scan_file=False)
            self.assertIn("scan of the letter", letter.registration_missing)
            with self.assertRaises(UserError):
                letter.with_user(self.registrar).action_register()
            self.assertEqual(letter.state, "draft")
        # both missing: the checklist lists both
        self.company.surat_kka_required = True
        letter = self._draft(scan_file=False, classification_id=False)
        self.assertEqual(len(letter.registration_missing.splitlines()), 2)

    def test_only_the_clerk_registers(self):
        letter = self._draft()
        with self.assertRaises(AccessError):
            letter.with_user(self.staff).action_register()
        self.assertEqual(letter.state, "draft")


@tagged("post_install", "-at_install", "surat_outgoing")
class TestParafRules(OutgoingCommon):
    """The paraf chain's rules hold when edited by hand (issue 12 item 6)."""

    def _chain(self, letter, users, lang="en_US"):
        Review = self.env["surat.letter.review"].with_user(self.staff).with_context(lang=lang)
        for index, user in enumerate(users):
            Review.create({"letter_id": letter.id, "user_id": user.id, "sequence": index + 1})

    def test_each_above_the_previous(self):
        letter = self._draft()
        self._chain(letter, self.kasi | self.kabid)
        with self.assertRaises(ValidationError) as cm:
            letter.review_ids.sorted("sequence")[0].with_user(self.staff).write({"sequence": 9})
        self.assertIn("not above him in the organisation chart", str(cm.exception))
        self.assertEqual(letter.review_ids.sorted("sequence").user_id, self.kasi | self.kabid)
        other = self._draft()
        with self.assertRaises(ValidationError):
            self._chain(other, self.kabid | self.kasi)
        with self.assertRaises(ValidationError):
            # through the letter's own one2many, as the form saves it
            other.with_user(self.staff).write(
                {
                    "review_ids": [
                        (0, 0, {"user_id": self.secretary.id, "sequence": 1}),
                        (0, 0, {"user_id": self.kasi.id, "sequence": 2}),
                    ]
                }
            )
        self.assertFalse(other.review_ids)

    def test_any_order_when_allowed(self):
        self.company.surat_review_any_order = True
        letter = self._draft()
        self._chain(letter, self.kabid | self.kasi)
        self.assertEqual(len(letter.review_ids), 2)

    def test_at_most_the_configured_number(self):
        self.company.write({"surat_max_reviewers": 2, "surat_review_any_order": True})
        letter = self._draft()
        self._chain(letter, self.kasi | self.kabid)
        with self.assertRaises(ValidationError) as cm:
            self._chain(letter, self.secretary)
        self.assertIn("at most 2 reviewers", str(cm.exception))
        self.assertEqual(len(letter.review_ids), 2)

    def test_built_chain_follows_the_setting(self):
        self.company.surat_max_reviewers = 1
        letter = self._draft()
        letter.action_submit()
        self.assertEqual(letter.review_ids.user_id, self.kabid)

    def test_message_in_indonesian(self):
        self.env["res.lang"]._activate_lang("id_ID")
        letter = self._draft()
        with self.assertRaises(ValidationError) as cm:
            self._chain(letter, self.kabid | self.kasi, lang="id_ID")
        self.assertIn("tidak berada di atas", str(cm.exception))
