from datetime import date

from freezegun import freeze_time

from odoo.tests import tagged

from .common import SuratCommon


@tagged("post_install", "-at_install", "surat_working_days")
class TestWorkingDays(SuratCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Holiday = cls.env["surat.holiday"]
        for day, kind, name in (
            (date(2026, 5, 14), "public", "Kenaikan Yesus Kristus"),
            (date(2026, 5, 15), "joint_leave", "Cuti Bersama Kenaikan"),
        ):
            if not cls.Holiday.search([("date", "=", day), ("kind", "=", kind)]):
                cls.Holiday.create({"date": day, "kind": kind, "name": name})

    def test_skips_weekend(self):
        """A deadline counted from a Friday skips Saturday and Sunday."""
        result = self.Holiday.add_working_days(self.company, date(2026, 7, 10), 1)
        self.assertEqual(result, date(2026, 7, 13))

    def test_skips_public_holiday_and_joint_leave(self):
        """Public holidays and cuti bersama days are not working days."""
        # Wed 13 May + 1: Thu 14 (public), Fri 15 (joint leave), weekend -> Mon 18
        result = self.Holiday.add_working_days(self.company, date(2026, 5, 13), 1)
        self.assertEqual(result, date(2026, 5, 18))
        self.assertEqual(
            self.Holiday.working_days_between(self.company, date(2026, 5, 13), date(2026, 5, 18)),
            1,
        )

    def test_holidays_are_editable(self):
        """An added joint leave day moves the deadline; removing it moves it back."""
        start = date(2026, 7, 6)  # Monday
        self.assertEqual(self.Holiday.add_working_days(self.company, start, 1), date(2026, 7, 7))
        extra = self.Holiday.with_user(self.manager).create(
            {
                "date": date(2026, 7, 7),
                "kind": "joint_leave",
                "name": "Cuti bersama tambahan",
            }
        )
        self.assertEqual(self.Holiday.add_working_days(self.company, start, 1), date(2026, 7, 8))
        extra.with_user(self.manager).unlink()
        self.assertEqual(self.Holiday.add_working_days(self.company, start, 1), date(2026, 7, 7))

    def test_seeded_from_package(self):
        """Public and joint leave days are seeded from the package, once."""
        self.Holiday._seed_from_package(years=[2026])
        independence = self.Holiday.search([("date", "=", date(2026, 8, 17))])
        self.assertEqual(independence.mapped("kind"), ["public"])
        self.assertTrue(
            self.Holiday.search([("date", "=", date(2026, 12, 24)), ("kind", "=", "joint_leave")])
        )
        count = self.Holiday.search_count([])
        self.Holiday._seed_from_package(years=[2026])
        self.assertEqual(self.Holiday.search_count([]), count)

    @freeze_time("2026-05-13 03:00:00")
    def test_urgency_default_deadlines(self):
        """The wizard's deadline follows the urgency in working days."""
        expected = {
            "very_urgent": date(2026, 5, 18),
            "urgent": date(2026, 5, 19),
            "important": date(2026, 5, 20),
            "normal": date(2026, 5, 22),
        }
        for urgency, deadline in expected.items():
            letter = self._register(urgency=urgency, letter_number="U/%s" % urgency)
            defaults = (
                self.env["surat.letter.dispose"]
                .with_user(self.head)
                .with_context(default_letter_id=letter.id)
                .default_get(["deadline", "letter_id"])
            )
            self.assertEqual(defaults["deadline"], deadline, urgency)
