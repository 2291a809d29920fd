from datetime import timedelta

from odoo.exceptions import AccessError, ValidationError
from odoo.tests import tagged

from .common import SuratCommon


@tagged("post_install", "-at_install", "surat_disposition")
class TestDelegation(SuratCommon):
    """A delegation (Plh) that ends (issue 12 items 1 and 2)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.today = cls.company._surat_now().date()
        cls.Delegation = cls.env["surat.delegation"].with_context(allowed_company_ids=None)

    def _delegate(self, user=None, **vals):
        """The head appoints the division head as his Plh."""
        return (
            self.env["surat.delegation"]
            .with_user(user or self.head)
            .create(
                dict(
                    {
                        "principal_id": self.head.id,
                        "delegate_id": self.kabid.id,
                        "date_from": self.today,
                        "date_to": self.today + timedelta(days=3),
                        "reason": "Dinas luar ke Pekanbaru",
                        "company_id": self.company.id,
                    },
                    **vals,
                )
            )
        )

    def _end(self, delegation):
        """The period is over: it ended yesterday."""
        delegation.with_user(self.manager).write(
            {"date_from": self.today - timedelta(days=5), "date_to": self.today - timedelta(days=1)}
        )

    def test_plh_disposes_in_the_heads_name_then_loses_access(self):
        acted = self._register(security_level="secret", subject="Rahasia A")
        untouched = self._register(security_level="secret", subject="Rahasia B")
        self.assertFalse(acted.with_user(self.kabid).has_access("read"))
        delegation = self._delegate()
        self.assertEqual(delegation.state, "running")
        # while it runs the Plh reads what waits for the head
        Letter = self.Letter.with_user(self.kabid)
        self.assertEqual(Letter.search([("id", "in", (acted | untouched).ids)]), acted | untouched)
        self.assertTrue(acted.with_user(self.kabid).is_head_delegate)
        wizard = (
            self.env["surat.letter.dispose"]
            .with_user(self.kabid)
            .with_context(default_letter_id=acted.id)
            .create({"user_ids": [(6, 0, self.kasi.ids)], "department_ids": [(5,)]})
        )
        wizard.action_confirm()
        disposition = acted.disposition_ids
        self.assertEqual(disposition.author_id, self.head)
        self.assertEqual(disposition.recorded_by_id, self.kabid)
        self.assertEqual(disposition.user_id, self.kasi)
        self.assertFalse(acted.activity_ids.filtered(lambda a: a.user_id == self.head))
        # the Plh acts for the head on the report too
        disposition.with_user(self.kasi).write({"report": "Sudah dikoordinasikan"})
        disposition.with_user(self.kasi).action_done()

        self._end(delegation)
        self.assertEqual(delegation.state, "ended")
        # what he acted on stays readable; the rest is gone
        self.assertEqual(Letter.search([("id", "in", (acted | untouched).ids)]), acted)
        self.assertTrue(acted.with_user(self.kabid).has_access("read"))
        self.assertFalse(untouched.with_user(self.kabid).has_access("read"))
        with self.assertRaises(AccessError):
            untouched.with_user(self.kabid).read(["subject"])
        with self.assertRaises(AccessError):
            untouched.with_user(self.kabid).write({"note": "catatan"})
        # and he no longer acts in the head's name
        with self.assertRaises(AccessError):
            self.Disposition.with_user(self.kabid).create(
                {"letter_id": untouched.id, "user_id": self.kasi.id, "author_id": self.head.id}
            )
        with self.assertRaises(AccessError):
            self.Disposition.with_user(self.kabid).create(
                {"letter_id": acted.id, "user_id": self.staff.id, "author_id": self.head.id}
            )
        with self.assertRaises(AccessError):
            disposition.with_user(self.kabid).action_accept()
        self.assertEqual(disposition.state, "reported")
        self.assertEqual(len(acted.disposition_ids), 1)
        self.assertFalse(untouched.disposition_ids)
        disposition.with_user(self.head).action_accept()
        self.assertEqual(disposition.state, "done")

    def test_clerk_records_for_the_plh(self):
        letter = self._register()
        self._delegate()
        disposition = self.Disposition.with_user(self.registrar).create(
            {"letter_id": letter.id, "user_id": self.kasi.id, "author_id": self.kabid.id}
        )
        self.assertEqual(disposition.author_id, self.kabid)
        self.assertEqual(disposition.recorded_by_id, self.registrar)

    def test_ended_early(self):
        letter = self._register(security_level="secret")
        delegation = self._delegate()
        self.assertTrue(letter.with_user(self.kabid).has_access("read"))
        with self.assertRaises(AccessError):
            delegation.with_user(self.kabid).action_end()
        delegation.with_user(self.head).action_end()
        self.assertEqual(delegation.state, "cancelled")
        self.assertFalse(letter.with_user(self.kabid).has_access("read"))
        self.assertFalse(self.head._surat_effective_delegate(self.today))

    def test_who_sets_a_delegation(self):
        # the administrator, or the official for himself
        by_admin = self._delegate(user=self.manager)
        self.assertEqual(by_admin.principal_id, self.head)
        own = self._delegate(
            user=self.kabid,
            principal_id=self.kabid.id,
            delegate_id=self.kasi.id,
        )
        self.assertEqual(own.delegate_id, self.kasi)
        before = self.env["surat.delegation"].search_count([])
        # nobody appoints a delegate for someone else, nor himself as one
        with self.assertRaises(AccessError):
            self._delegate(user=self.staff, date_from=self.today + timedelta(days=10))
        with self.assertRaises(AccessError):
            self._delegate(
                user=self.staff,
                principal_id=self.head.id,
                delegate_id=self.staff.id,
                date_from=self.today + timedelta(days=10),
                date_to=self.today + timedelta(days=11),
            )
        with self.assertRaises(AccessError):
            by_admin.with_user(self.kabid).write({"date_to": self.today + timedelta(days=30)})
        with self.assertRaises(AccessError):
            own.with_user(self.kabid).write({"principal_id": self.head.id})
        with self.assertRaises(AccessError):
            own.with_user(self.kabid).unlink()
        self.assertEqual(self.env["surat.delegation"].search_count([]), before)
        self.assertEqual(by_admin.date_to, self.today + timedelta(days=3))
        # listed: each sees his own, the head and the administrator all
        Delegation = self.env["surat.delegation"]
        self.assertEqual(Delegation.with_user(self.staff).search([]), Delegation)
        self.assertEqual(Delegation.with_user(self.kasi).search([]), own)
        self.assertEqual(Delegation.with_user(self.head).search([]), by_admin | own)

    def test_period_checks(self):
        with self.assertRaises(ValidationError):
            self._delegate(delegate_id=self.head.id)
        with self.assertRaises(ValidationError):
            self._delegate(date_to=self.today - timedelta(days=1))
        self._delegate()
        with self.assertRaises(ValidationError):
            self._delegate(delegate_id=self.secretary.id)

    def test_changes_are_audited(self):
        """Every term of a delegation is tracked in its chatter."""
        tracked = self.env["surat.delegation"]._track_get_fields()
        self.assertTrue(
            {"principal_id", "delegate_id", "date_from", "date_to", "reason", "active"} <= tracked
        )
        self.assertIn("message_ids", self.env["surat.delegation"]._fields)
