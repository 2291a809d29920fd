"""Pickers of people and units offer the agency's org chart, with position and unit."""

import base64

from odoo.tests import tagged
from odoo.tools import file_open
from odoo.tools.safe_eval import safe_eval

from ..models.surat_const import UNIT_PICKER_DOMAIN, USER_PICKER_CONTEXT, USER_PICKER_DOMAIN
from .common import SuratCommon

# every field where a user picks people or units, as the web client sees it
USER_PICKERS = {
    "surat.letter": ["recipient_user_ids", "cc_user_ids", "user_id", "signer_id"],
    "surat.letter.review": ["user_id"],
    "surat.letter.dispose": ["user_ids", "info_user_ids"],
    "surat.disposition.paper": ["author_id", "user_ids", "info_user_ids"],
    "surat.letter.share.wizard": ["user_ids"],
    "surat.delegation": ["principal_id", "delegate_id"],
    "surat.document.type": ["default_signer_id"],
    "res.users": ["surat_delegate_id"],
}
# (the letter's processing unit is limited to the letter's agency by check_company)
UNIT_PICKERS = {
    "surat.letter.dispose": ["department_ids"],
    "surat.number.reserve": ["department_id"],
    "surat.agenda.book.wizard": ["department_id"],
}


@tagged("post_install", "-at_install", "surat_org")
class TestPickers(SuratCommon):
    def _picked_users(self, user, name=""):
        domain = safe_eval(USER_PICKER_DOMAIN, {"current_company_id": self.company.id})
        Users = self.env["res.users"].with_user(user).with_context(**USER_PICKER_CONTEXT)
        return dict(Users.name_search(name, domain, limit=1000))

    def test_people_of_the_org_chart_only(self):
        """Recipients offered are the agency's employees, not admins, portal users, outsiders."""
        offered = self._picked_users(self.registrar)
        for member in (self.head, self.kabid, self.kasi, self.staff, self.archivist):
            self.assertIn(member.id, offered)
        # no employee in a unit (the module admin), another agency, portal
        portal = self.env["res.users"].create(
            {
                "name": "Warga",
                "login": "t_portal",
                "groups_id": [(6, 0, [self.ref("base.group_portal")])],
            }
        )
        for stranger in (self.manager, self.outsider, portal, self.env.ref("base.user_root")):
            self.assertNotIn(stranger.id, offered)

    def test_label_tells_namesakes_apart(self):
        """Two people of the same name are told apart by position and unit."""
        self.emp_staff.job_title = "Pranata Komputer"
        self.emp_staff_aptika.name = self.staff.name
        self.staff_aptika.name = self.staff.name
        offered = self._picked_users(self.staff, self.staff.name)
        self.assertEqual(
            offered[self.staff.id], f"{self.staff.name} — Pranata Komputer, {self.dept_egov.name}"
        )
        self.assertEqual(
            offered[self.staff_aptika.id], f"{self.staff.name} — {self.dept_aptika.name}"
        )
        # outside the addon's pickers, the plain name (Odoo's own screens unchanged)
        plain = dict(self.env["res.users"].with_user(self.staff).name_search(self.staff.name))
        self.assertEqual(plain[self.staff.id], self.staff.name)

    def test_search_more_lists_position_and_unit(self):
        """ "Search More..." shows name, position and unit, readable by a plain user."""
        view = self.env.ref("surat_menyurat.res_users_view_list_surat_picker")
        self.assertEqual(USER_PICKER_CONTEXT["list_view_ref"], view.xml_id)
        result = (
            self.env["res.users"]
            .with_user(self.staff)
            .web_search_read(
                [("id", "=", self.kasi.id)],
                {
                    "name": {},
                    "surat_position": {},
                    "surat_unit_id": {"fields": {"display_name": {}}},
                },
            )
        )
        self.assertEqual(
            result["records"][0]["surat_unit_id"]["display_name"], self.dept_egov.display_name
        )

    def test_every_picker_uses_the_org_chart(self):
        """The web client receives the org-chart domain on every people and unit picker."""
        for model, names in USER_PICKERS.items():
            described = self.env[model].fields_get(names, ["domain", "context"])
            for name in names:
                self.assertEqual(described[name]["domain"], USER_PICKER_DOMAIN, f"{model}.{name}")
                self.assertEqual(described[name]["context"], USER_PICKER_CONTEXT, f"{model}.{name}")
        for model, names in UNIT_PICKERS.items():
            described = self.env[model].fields_get(names, ["domain"])
            for name in names:
                self.assertEqual(described[name]["domain"], UNIT_PICKER_DOMAIN, f"{model}.{name}")
        units = self.env["hr.department"].search(
            safe_eval(UNIT_PICKER_DOMAIN, {"current_company_id": self.company.id})
        )
        self.assertIn(self.dept_egov, units)
        self.assertFalse(units.filtered(lambda unit: unit.company_id == self.other_company))

    def test_letterhead_never_prints_the_placeholder_logo(self):
        """A new agency's "Your logo" placeholder is not printed in the letterhead."""
        helper = self.env["report.surat_menyurat.letter_pdf"]
        company = self.env["res.company"].create({"name": "Dinas Baru"})
        self.assertTrue(company.logo)  # Odoo's placeholder
        self.assertFalse(helper._own_logo(company))
        with file_open("surat_menyurat/demo/logo_kabupaten_bengkalis.png", "rb") as logo:
            company.logo = base64.b64encode(logo.read())
        self.assertEqual(helper._own_logo(company), company.logo)
