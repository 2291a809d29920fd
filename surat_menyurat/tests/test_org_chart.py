from odoo.tests import tagged

from .common import SuratCommon


@tagged("post_install", "-at_install", "surat_org")
class TestOrgChart(SuratCommon):
    def test_below_follows_manager_chain(self):
        """A user is below another when his manager chain reaches him."""
        self.assertTrue(self.head._surat_is_below(self.staff))
        self.assertTrue(self.kabid._surat_is_below(self.staff))
        self.assertTrue(self.kasi._surat_is_below(self.staff))
        self.assertFalse(self.staff._surat_is_below(self.kasi))
        self.assertFalse(self.secretary._surat_is_below(self.staff))
        self.assertFalse(self.kabid._surat_is_below(self.kabid))

    def test_walk_stops_on_cycle(self):
        """A manager who is his own manager does not hang the walk up the chain."""
        self.emp_kabid.parent_id = self.emp_kabid
        self.assertFalse(self.head._surat_is_below(self.staff))
        self.assertEqual(self.staff._surat_manager_users(), [self.kasi, self.kabid])

    def test_user_departments_feed_rules(self):
        """Record rules read the user's units from his employee."""
        self.assertEqual(self.kabid.surat_department_ids, self.dept_aptika)
        self.assertFalse(self.manager.surat_department_ids)
