from datetime import date

from dateutil.relativedelta import relativedelta
from lxml import etree

from odoo.tests import HttpCase, tagged
from odoo.tools.safe_eval import safe_eval

from .common import SuratCommon


@tagged("post_install", "-at_install", "surat_tour")
class TestTourSearchFilters(SuratCommon, HttpCase):
    def test_every_filter_runs_in_browser(self):
        """Each filter of the disposition, letter and file lists is evaluated by the web client."""
        # the hidden "Late Activities" filter is only reachable as a default filter
        letters = self.env.ref("surat_menyurat.surat_letter_incoming_action").copy(
            {"context": "{'search_default_activities_overdue': 1}"}
        )
        for url in (
            "/odoo/action-surat_menyurat.surat_disposition_all_action",
            "/odoo/action-%d" % letters.id,
            "/odoo/action-surat_menyurat.surat_archive_file_action",
        ):
            with self.subTest(url=url):
                self.start_tour(url, "surat_search_filters", login=self.head.login)

    def test_due_this_week_ends_on_sunday(self):
        """'Due This Week' keeps open dispositions due by the coming Sunday (overdue included)."""
        arch = self.env.ref("surat_menyurat.surat_disposition_view_search").arch
        domain = etree.fromstring(arch).xpath("//filter[@name='filter_due_week']")[0].get("domain")
        sunday = date(2026, 3, 8)
        for today in (date(2026, 3, 2), date(2026, 3, 5), sunday):
            evaluated = safe_eval(
                domain, {"context_today": lambda today=today: today, "relativedelta": relativedelta}
            )
            self.assertIn(("deadline", "<=", "2026-03-08"), evaluated, today)
            self.assertIn(("state", "in", ("sent", "read", "in_progress")), evaluated)
