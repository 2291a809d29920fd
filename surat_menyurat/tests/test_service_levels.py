from datetime import date, datetime

from freezegun import freeze_time

from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import SuratCommon

# Asia/Jakarta is UTC+7: freeze_time takes UTC, comments give the local time.


@tagged("post_install", "-at_install", "surat_service_levels")
class TestServiceLevels(SuratCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # 08:00-12:00 and 13:00-16:00, Monday to Friday: 7 working hours a day
        attendances = [
            (
                0,
                0,
                {
                    "name": "%s %s" % (day, hour_from),
                    "dayofweek": str(day),
                    "hour_from": hour_from,
                    "hour_to": hour_to,
                    "day_period": "morning" if hour_from < 12 else "afternoon",
                },
            )
            for day in range(5)
            for hour_from, hour_to in ((8, 12), (13, 16))
        ]
        cls.company.resource_calendar_id = cls.env["resource.calendar"].create(
            {
                "name": "Jam kerja uji",
                "company_id": cls.company.id,
                "attendance_ids": [(5, 0, 0), *attendances],
                "hours_per_day": 7,
            }
        )
        Holiday = cls.env["surat.holiday"]
        for day, kind in ((date(2026, 5, 14), "public"), (date(2026, 5, 15), "joint_leave")):
            if not Holiday.search([("date", "=", day), ("kind", "=", kind)]):
                Holiday.create({"date": day, "kind": kind, "name": "Libur uji"})

    def _sent_at(self, disposition, utc):
        """The transaction's clock is not frozen: set when it was sent by hand."""
        self.env.cr.execute(
            "UPDATE surat_disposition SET create_date = %s WHERE id = %s", (utc, disposition.id)
        )
        disposition.invalidate_recordset(["create_date"])
        disposition._surat_update_service_levels()

    def test_times_across_holidays_and_weekend(self):
        """Each step counts working hours only: holidays, weekend and nights left out."""
        with freeze_time("2026-05-13 08:00:00"):  # Wed 15:00
            letter = self._register(received_date=datetime(2026, 5, 13, 8, 0))
        with freeze_time("2026-05-18 02:00:00"):  # Mon 09:00, after Thu-Fri holidays
            disposition = self._dispose(letter, self.kabid, deadline=date(2026, 5, 20))
            self._sent_at(disposition, datetime(2026, 5, 18, 2, 0))
        # Wed 15:00-16:00 + Mon 08:00-09:00
        self.assertEqual(disposition.sla_dispose_hours, 2.0)
        self.assertEqual(disposition.department_id, self.dept_aptika)
        with freeze_time("2026-05-18 08:30:00"):  # Mon 15:30
            disposition.with_user(self.kabid).action_read()
        self.assertEqual(disposition.sla_read_hours, 5.5)  # 09-12 + 13-15:30
        with freeze_time("2026-05-19 03:00:00"):  # Tue 10:00
            disposition.with_user(self.kabid).report = "Sudah dihadiri."
            disposition.with_user(self.kabid).action_done()
        self.assertEqual(disposition.sla_report_hours, 2.5)  # Mon 15:30-16 + Tue 08-10
        self.assertFalse(disposition.done_date)
        self.assertFalse(disposition.sla_total_hours)
        with freeze_time("2026-05-22 01:30:00"):  # Fri 08:30
            disposition.with_user(self.head).action_accept()
        self.assertEqual(disposition.done_date, datetime(2026, 5, 22, 1, 30))
        self.assertEqual(disposition.sla_accept_hours, 19.5)  # Tue 5 + Wed 7 + Thu 7 + 0.5
        self.assertEqual(disposition.sla_total_hours, 29.5)
        self.assertEqual(disposition.sla_total_days, round(29.5 / 7, 2))
        self.assertTrue(disposition.is_on_time)

    def test_weekend_night_and_unfinished_steps(self):
        """Friday evening to Monday morning is one hour; unfinished steps stay empty."""
        with freeze_time("2026-07-10 08:00:00"):  # Fri 15:00
            letter = self._register(received_date=datetime(2026, 7, 10, 8, 0))
            disposition = self._dispose(letter, self.kabid)
            self._sent_at(disposition, datetime(2026, 7, 10, 8, 0))
        self.assertEqual(disposition.sla_dispose_hours, 0.0)
        with freeze_time("2026-07-13 01:00:00"):  # Mon 08:00
            disposition.with_user(self.kabid).action_read()
        self.assertEqual(disposition.sla_read_hours, 1.0)
        self.env.flush_all()
        self.env.cr.execute(
            "SELECT sla_report_hours, sla_total_hours FROM surat_disposition WHERE id = %s",
            (disposition.id,),
        )
        self.assertEqual(self.env.cr.fetchone(), (None, None))
        self.env.cr.execute(
            "SELECT sla_dispose_hours FROM surat_disposition WHERE id = %s", (disposition.id,)
        )
        self.assertEqual(self.env.cr.fetchone(), (0.0,), "disposed at once: zero, not empty")

    def test_on_time_cases(self):
        """No deadline: on time; a deadline on a day off moves to the next working day."""
        with freeze_time("2026-05-13 03:00:00"):  # Wed
            letter = self._register(received_date=False)
            free, holiday, late = self._dispose(letter, self.kabid | self.kasubbag | self.secretary)
            holiday.with_user(self.head).deadline = date(2026, 5, 15)  # cuti bersama
            late.with_user(self.head).deadline = date(2026, 5, 13)
        for disposition in (free, holiday, late):
            self.assertTrue(disposition.is_on_time)
            self.assertEqual(disposition.on_time_rate, 100.0)
        with freeze_time("2026-05-18 03:00:00"):  # Mon: the holiday deadline's due day
            self.Disposition._cron_surat_service_levels()
            self.assertTrue(holiday.is_on_time)
            self.assertFalse(late.is_on_time, "deadline passed without report")
            self.assertEqual(late.on_time_rate, 0.0)
            holiday.with_user(self.kasubbag).report = "Selesai."
            holiday.with_user(self.kasubbag).action_done()
            self.assertTrue(holiday.is_on_time)
        with freeze_time("2026-05-19 03:00:00"):  # Tue
            late.with_user(self.secretary).report = "Terlambat."
            late.with_user(self.secretary).action_done()
            self.assertFalse(late.is_on_time, "reported after the deadline")
            free.with_user(self.kabid).report = "Selesai."
            free.with_user(self.kabid).action_done()
            self.assertTrue(free.is_on_time)
        groups = self.Disposition.read_group(
            [("id", "in", (free | holiday | late).ids)], ["on_time_rate:avg"], []
        )
        self.assertAlmostEqual(groups[0]["on_time_rate"], 200 / 3, places=2)

    def test_deadline_moved_rejudges(self):
        """The issuer moving the deadline of a late, unread disposition re-judges it."""
        with freeze_time("2026-07-06 03:00:00"):  # Mon
            letter = self._register(received_date=False)
            disposition = self._dispose(letter, self.kabid, deadline=date(2026, 7, 7))
        with freeze_time("2026-07-08 03:00:00"):
            self.Disposition._cron_surat_service_levels()
            self.assertFalse(disposition.is_on_time)
            disposition.with_user(self.head).deadline = date(2026, 7, 10)
            self.assertTrue(disposition.is_on_time)

    def test_service_fields_are_system_fields(self):
        """Nobody writes a service level: not the issuer, not the manager."""
        letter = self._register(received_date=False)
        disposition = self._dispose(letter, self.kabid)
        for user in (self.head, self.manager, self.kabid):
            for vals in ({"is_on_time": False}, {"sla_total_hours": 1.0}, {"done_date": False}):
                with self.assertRaises(UserError):  # AccessError is one
                    disposition.with_user(user).write(vals)
        self.assertTrue(disposition.is_on_time)

    def test_slowest_units_first(self):
        """The head's pivot sorts units by reporting time, slowest first."""
        arch = self.env.ref("surat_menyurat.surat_disposition_view_pivot_service").arch
        self.assertIn('default_order="sla_report_hours desc"', arch)
        self.assertIn('name="department_id" type="row"', arch)

    def test_weekly_digest_carries_no_subject(self):
        """Head and secretary get counts and numbers: no subject, secret or not."""
        with freeze_time("2026-07-06 03:00:00"):  # Mon
            secret = self._register(
                received_date=False,
                security_level="secret",
                letter_number="R-9/2026",
                subject="Pemeriksaan Rahasia Pejabat",
            )
            normal = self._register(received_date=False, subject="Undangan Biasa")
            self._dispose(secret, self.kabid, deadline=date(2026, 7, 7))
            self._dispose(normal, self.kasubbag, deadline=date(2026, 7, 7))
            waiting = self._register(received_date=False, subject="Belum Didisposisi")
        self.assertEqual(
            self.Disposition._surat_digest_users(self.company), self.head | self.secretary
        )
        Mail = self.env["mail.mail"].sudo()
        before = Mail.search([]).ids
        with freeze_time("2026-07-10 03:00:00"):  # Fri
            self.Disposition._cron_surat_weekly_digest()
        mails = Mail.search([("id", "not in", before), ("email_to", "ilike", "t_head@")])
        self.assertEqual(len(mails), 1)
        body = str(mails.body_html)
        for subject in ("Pemeriksaan Rahasia", "Undangan Biasa", "Belum Didisposisi"):
            self.assertNotIn(subject, body)
            self.assertNotIn(subject, mails.subject)
        self.assertIn(secret.agenda_number, body)
        self.assertIn(waiting.agenda_number, body)
        self.assertIn(self.dept_aptika.name, body)
        self.assertIn("2 overdue", mails.subject)
        inbox = self.env["mail.message"].search(
            [("partner_ids", "in", self.head.partner_id.ids), ("subject", "=", mails.subject)]
        )
        self.assertTrue(inbox, "in-app message")
        # the secretary sees only what he may read: not the secret letter's number
        secretary_mail = Mail.search(
            [("id", "not in", before), ("email_to", "ilike", "t_secretary@")]
        )
        self.assertEqual(len(secretary_mail), 1)
        self.assertNotIn(secret.agenda_number, str(secretary_mail.body_html))
        self.assertIn("1 overdue", secretary_mail.subject)
