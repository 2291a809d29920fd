from datetime import timedelta
from unittest.mock import patch

from odoo.tests import tagged

from ..models import surat_home
from .test_archive import ArchiveCommon
from .test_outgoing import OutgoingCommon


class HomeCommon(ArchiveCommon, OutgoingCommon):
    def _home(self, user):
        """{(section, tile): count} of the user's home screen, plus the raw data."""
        data = self.Letter.with_user(user).surat_home_data()
        counts = {
            (section["key"], tile["key"]): tile["count"]
            for section in data["sections"]
            for tile in section["tiles"]
        }
        return counts, data

    def _tile(self, data, section_key, tile_key):
        section = next(s for s in data["sections"] if s["key"] == section_key)
        return next(t for t in section["tiles"] if t["key"] == tile_key)

    def _late(self, disposition):
        # sudo: put the deadline in the past (the form refuses a past deadline)
        disposition.sudo().deadline = self.company._surat_now().date() - timedelta(days=1)
        return disposition


@tagged("post_install", "-at_install", "surat_home")
class TestHomeCounters(HomeCommon):
    def test_head(self):
        """The head counts letters to dispose, to sign, and overdue dispositions per unit."""
        self._register(letter_number="H/1")
        self._register(letter_number="H/2")
        late = self._late(self._dispose(self._register(letter_number="H/3"), self.kabid))
        self._dispose(self._register(letter_number="H/4"), self.secretary)
        self._to_sign()
        counts, data = self._home(self.head)
        self.assertEqual([s["key"] for s in data["sections"]], ["head"])
        self.assertEqual(
            counts,
            {
                ("head", "to_dispose"): 2,
                ("head", "to_sign"): 1,
                ("head", "reports"): 0,
                ("head", "overdue"): 1,
            },
        )
        rows = data["sections"][0]["table"]["rows"]
        self.assertEqual([(r["label"], r["count"]) for r in rows], [(self.dept_aptika.name, 1)])
        # a tap opens the list of exactly what was counted
        Disposition = self.Disposition.with_user(self.head)
        self.assertEqual(Disposition.search(rows[0]["domain"]), late)
        tile = self._tile(data, "head", "overdue")
        self.assertEqual(tile["model"], "surat.disposition")
        self.assertEqual(Disposition.search(tile["domain"]), late)
        self.assertTrue(self.env.ref(tile["action"]))
        to_dispose = self._tile(data, "head", "to_dispose")
        self.assertEqual(self.Letter.with_user(self.head).search_count(to_dispose["domain"]), 2)

    def test_division_head_and_staff(self):
        """A division head counts his own work and his units'; staff count theirs."""
        letter = self._register()
        parent = self._dispose(letter, self.kabid)
        child = self._late(self._dispose(letter, self.staff, author=self.kabid, parent=parent))
        self._dispose(self._register(letter_number="X/9"), self.secretary)
        counts, data = self._home(self.kabid)
        self.assertEqual([s["key"] for s in data["sections"]], ["mine", "units"])
        self.assertEqual(
            counts,
            {
                ("mine", "my_open"): 1,
                ("mine", "my_overdue"): 0,
                ("mine", "my_paraf"): 0,
                ("mine", "reports"): 0,
                ("units", "units_open"): 2,
                ("units", "units_overdue"): 1,
            },
        )
        overdue = self._tile(data, "units", "units_overdue")
        self.assertEqual(self.Disposition.with_user(self.kabid).search(overdue["domain"]), child)

        counts, data = self._home(self.staff)
        self.assertEqual([s["key"] for s in data["sections"]], ["mine"])
        self.assertEqual(counts[("mine", "my_open")], 1)
        self.assertEqual(counts[("mine", "my_overdue")], 1)

        child.with_user(self.staff).write({"report": "Selesai dikerjakan."})
        child.with_user(self.staff).action_done()
        self.assertEqual(self._home(self.kabid)[0][("mine", "reports")], 1)
        self.assertEqual(self._home(self.staff)[0][("mine", "my_open")], 0)

    def test_plh_finds_what_waits_for_the_head(self):
        """While the head is away his delegate's home lists the letters to dispose."""
        waiting = self._register(security_level="secret", letter_number="P/1")
        today = self.company._surat_now().date()
        delegation = (
            self.env["surat.delegation"]
            .with_user(self.head)
            .create(
                {
                    "principal_id": self.head.id,
                    "delegate_id": self.kabid.id,
                    "date_from": today,
                    "date_to": today + timedelta(days=2),
                    "reason": "Cuti",
                    "company_id": self.company.id,
                }
            )
        )
        data = self._home(self.kabid)[1]
        self.assertEqual([s["key"] for s in data["sections"]], ["mine", "units", "plh"])
        self.assertIn(self.head.name, data["sections"][2]["title"])
        tile = self._tile(data, "plh", "plh_to_dispose")
        self.assertEqual(tile["count"], 1)
        self.assertEqual(self.Letter.with_user(self.kabid).search(tile["domain"]), waiting)
        self.assertEqual(self._home(self.staff)[1]["sections"][0]["key"], "mine")
        self.assertEqual(len(self._home(self.staff)[1]["sections"]), 1)
        delegation.with_user(self.head).action_end()
        data = self._home(self.kabid)[1]
        self.assertEqual([s["key"] for s in data["sections"]], ["mine", "units"])

    def test_paraf(self):
        """A draft submitted by staff waits for the first reviewer's paraf, not the next."""
        self._draft().action_submit()
        self.assertEqual(self._home(self.kasi)[0][("mine", "my_paraf")], 1)
        self.assertEqual(self._home(self.kabid)[0][("mine", "my_paraf")], 0)
        self.assertEqual(self._home(self.staff)[0][("mine", "my_paraf")], 0)

    def test_clerk(self):
        """The clerk counts incoming drafts, signed letters to send, registrations of today."""
        self.Letter.with_user(self.registrar).create(self._incoming_vals(letter_number="D/1"))
        self._register(letter_number="R/1")
        self._register(letter_number="R/2")
        self._to_sign().with_user(self.head).action_sign()
        counts, data = self._home(self.registrar)
        self.assertEqual([s["key"] for s in data["sections"]], ["mine", "registry"])
        self.assertEqual(counts[("registry", "drafts")], 1)
        self.assertEqual(counts[("registry", "to_send")], 1)
        self.assertEqual(counts[("registry", "registered_today")], 2)

    def test_archivist(self):
        """The archivist counts letters to file, files to close, transfers and disposals due."""
        first = self._finished()
        self._finished()
        self._register()  # not finished: not to file
        counts, data = self._home(self.archivist)
        self.assertEqual([s["key"] for s in data["sections"]], ["mine", "archive"])
        self.assertEqual(counts[("archive", "to_file")], 2)
        self.assertEqual(counts[("archive", "transfers_due")], 0)

        last_year = self._file(first)
        # sudo: a file of last year's letters, still open
        last_year.sudo().year -= 1
        counts = self._home(self.archivist)[0]
        self.assertEqual(counts[("archive", "to_file")], 1)
        self.assertEqual(counts[("archive", "files_to_close")], 1)

        last_year.with_user(self.archivist).action_close()
        # sudo: closed 18 months ago: its one active year is over, its inactive one is not
        last_year.sudo().close_date -= timedelta(days=548)
        old = self._file(self._finished())
        old.with_user(self.archivist).action_close()
        # sudo: closed three years ago: both periods are over
        old.sudo().close_date -= timedelta(days=3 * 366)
        counts = self._home(self.archivist)[0]
        self.assertEqual(counts[("archive", "files_to_close")], 0)
        self.assertEqual(counts[("archive", "transfers_due")], 2)
        self.assertEqual(counts[("archive", "disposals_due")], 0)

        self.File.with_user(self.archivist).action_run_lifecycle()
        self.assertEqual(last_year.state, "inactive")
        self.assertEqual(old.state, "to_destroy")
        counts = self._home(self.archivist)[0]
        self.assertEqual(counts[("archive", "transfers_due")], 1, "listed on a draft transfer")
        self.assertEqual(counts[("archive", "disposals_due")], 1)


@tagged("post_install", "-at_install", "surat_home")
class TestHomeRights(HomeCommon):
    def test_unreadable_letters_never_counted(self):
        """A secret letter the user is not involved in changes none of his counters."""
        before = {user: self._home(user)[0] for user in (self.kabid, self.staff, self.archivist)}
        secret = self._register(security_level="secret", letter_number="S/1")
        self._late(self._dispose(secret, self.kasi))
        finished = self._finished(security_level="secret", letter_number="S/2")
        self.assertFalse(self.Letter.with_user(self.kabid).search([("id", "=", secret.id)]))
        self.assertFalse(self.Letter.with_user(self.archivist).search([("id", "=", finished.id)]))
        for user, counts in before.items():
            self.assertEqual(self._home(user)[0], counts, user.login)
        # the kasi, involved, counts it; the head reads everything
        self.assertEqual(self._home(self.kasi)[0][("mine", "my_overdue")], 1)
        self.assertEqual(self._home(self.head)[0][("head", "overdue")], 1)

    def test_counts_capped(self):
        """Beyond the cap a tile shows "cap+" instead of counting every row."""
        self._register(letter_number="C/1")
        self._register(letter_number="C/2")
        with patch.object(surat_home, "HOME_COUNT_CAP", 1):
            tile = self._tile(self._home(self.head)[1], "head", "to_dispose")
        self.assertEqual((tile["count"], tile["more"]), (1, True))
        tile = self._tile(self._home(self.head)[1], "head", "to_dispose")
        self.assertEqual((tile["count"], tile["more"]), (2, False))

    def test_units_need_a_unit_to_head(self):
        """Staff who head no unit get no units section."""
        data = self._home(self.staff_aptika)[1]
        self.assertEqual([s["key"] for s in data["sections"]], ["mine"])

    def test_home_action(self):
        """Users of the addon start on the home screen; the app's root menu opens it too."""
        home = self.env.ref("surat_menyurat.surat_home_action")
        self.assertEqual(self.staff.action_id.id, home.id)
        self.assertEqual(self.env.ref("surat_menyurat.surat_menu_root").action.id, home.id)
        other = self.env["res.users"].create({"name": "Tanpa Surat", "login": "t_no_surat"})
        self.assertFalse(other.action_id, "users outside the addon keep Odoo's default")
        other.groups_id |= self.env.ref("surat_menyurat.group_surat_user")
        self.assertEqual(other.action_id.id, home.id)
