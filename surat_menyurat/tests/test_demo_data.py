from odoo.exceptions import AccessError
from odoo.tests import TransactionCase, tagged
from odoo.tools.safe_eval import safe_eval

from ..models.surat_const import UNIT_PICKER_DOMAIN, USER_PICKER_DOMAIN

# login: (group, unit code) as documented in demo/surat_demo.xml and the README
DEMO_USERS = {
    "kadis": ("group_surat_head", "KD"),
    "sekretaris": ("group_surat_user", "SEKR"),
    "kasubbag.umpeg": ("group_surat_user", "UMPEG"),
    "kasubbag.renkeu": ("group_surat_user", "RENKEU"),
    "agendaris": ("group_surat_registrar", "UMPEG"),
    "arsiparis": ("group_surat_archivist", "UMPEG"),
    "kabid.ikp": ("group_surat_user", "IKP"),
    "kasi.ikp": ("group_surat_user", "PLIP"),
    "kabid.aptika": ("group_surat_user", "AI"),
    "kasi.egov": ("group_surat_user", "TKEG"),
    "staf.aptika": ("group_surat_user", "TKEG"),
    "kabid.sandistik": ("group_surat_user", "SANDISTIK"),
    "kasi.statistik": ("group_surat_user", "STAT"),
}


@tagged("post_install", "-at_install", "surat_demo")
class TestDemoData(TransactionCase):
    """The demo agency is complete and consistent, or absent without demo data."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.with_demo = cls.env["ir.module.module"]._get("surat_menyurat").demo
        cls.users = {
            login: cls.env["res.users"].search([("login", "=", login)]) for login in DEMO_USERS
        }

    def _ref(self, xmlid):
        return self.env.ref("surat_menyurat.%s" % xmlid)

    def test_demo_users(self):
        """One user per role, login = password, in Indonesian, in Asia/Jakarta."""
        if not self.with_demo:
            self.assertFalse(any(self.users.values()), "demo users without demo data")
            return
        for login, (group, code) in DEMO_USERS.items():
            user = self.users[login]
            with self.subTest(login=login):
                self.assertTrue(user, "demo user %s is missing" % login)
                self.assertTrue(user.has_group("surat_menyurat.%s" % group))
                self.assertFalse(user.has_group("surat_menyurat.group_surat_manager"))
                self.assertEqual(user.lang, "id_ID")
                self.assertEqual(user.tz, "Asia/Jakarta")
                self.assertEqual(user.employee_ids.department_id.code, code)
                # login = password, as the README documents
                self.env["res.users"].with_user(user)._check_credentials(
                    {"type": "password", "password": login}, {"interactive": True}
                )
        self.assertTrue(
            self.env.ref("base.user_admin").has_group("surat_menyurat.group_surat_manager")
        )
        self.assertIn("id_ID", dict(self.env["res.lang"].get_installed()))

    def test_demo_org_chart(self):
        """Every chain ends at the Kepala Dinas, who is not his own manager."""
        if not self.with_demo:
            return
        kadis = self._ref("demo_employee_kadis")
        self.assertFalse(kadis.parent_id)
        # the signature block prints rank and NIP; the remote signing service takes the NIK
        self.assertEqual(
            (kadis.surat_rank, kadis.surat_nip), ("Pembina Utama Muda (IV/c)", "197003121995031002")
        )
        self.assertRegex(kadis.identification_id, r"^1403\d{12}$")
        self.assertEqual(self._ref("demo_dept_kadis").manager_id, kadis)
        for employee in self.env["hr.employee"].search(
            [("department_id", "child_of", self._ref("demo_dept_kadis").id)]
        ):
            with self.subTest(employee=employee.name):
                self.assertNotEqual(employee.parent_id, employee)
                chain, current = [], employee
                while current.parent_id and current not in chain:
                    chain.append(current)
                    current = current.parent_id
                self.assertEqual(
                    current,
                    kadis,
                    "the chain of %s stops at %s" % (employee.name, current.name),
                )
        staff = self.users["staf.aptika"]
        self.assertEqual(
            staff._surat_manager_users(),
            [self.users["kasi.egov"], self.users["kabid.aptika"], self.users["kadis"]],
        )
        company = self.env.ref("base.main_company")
        self.assertEqual(company.surat_code, "DISKOMINFOTIK")
        self.assertEqual(company.partner_id.tz, "Asia/Jakarta")
        self.assertEqual(company.city, "Bengkalis")

    def test_demo_pickers_offer_the_agency_only(self):
        """Odoo's own demo people and units (Mitchell Admin, Sales, R&D USA) are not offered."""
        if not self.with_demo:
            return
        company = self.env.ref("base.main_company")
        domain = safe_eval(USER_PICKER_DOMAIN, {"current_company_id": company.id})
        offered = self.env["res.users"].with_user(self.users["kadis"]).search(domain)
        self.assertEqual(offered, self.env["res.users"].browse([u.id for u in self.users.values()]))
        units = self.env["hr.department"].search(
            safe_eval(UNIT_PICKER_DOMAIN, {"current_company_id": company.id})
        )
        self.assertEqual(
            units,
            self.env["hr.department"].search([("id", "child_of", self._ref("demo_dept_kadis").id)]),
        )
        # the letterhead prints the demo emblem, not Odoo's "Your logo"
        self.assertTrue(company.surat_regency_logo)
        self.assertNotEqual(company.logo, company._get_logo())

    def test_demo_letters(self):
        """Demo letters went through the real flow: states, numbers, cascade."""
        if not self.with_demo:
            self.assertFalse(
                self.env.ref("surat_menyurat.demo_letter_se_pusat_data", raise_if_not_found=False)
            )
            return
        expected = {
            "demo_letter_rakor_satu_data": "done",
            "demo_letter_upacara_harkitnas": "done",
            "demo_letter_kenaikan_pangkat": "in_progress",
            "demo_letter_data_dukung_spbe": "in_progress",
            "demo_letter_narasumber_bps": "in_progress",
            "demo_letter_laporan_lapor": "in_progress",
            "demo_letter_kerentanan_bssn": "in_progress",
            "demo_letter_se_pusat_data": "registered",
            "demo_letter_se_pusat_data_pos": "cancelled",
            "demo_letter_audit_kinerja": "registered",
            "demo_letter_realisasi_anggaran": "registered",
            "demo_letter_sosialisasi_srikandi": "draft",
            "demo_letter_balasan_spbe": "draft",
            "demo_letter_nota_publikasi": "draft",
        }
        for xmlid, state in expected.items():
            letter = self._ref(xmlid)
            with self.subTest(letter=xmlid):
                self.assertEqual(letter.state, state)
                if letter.direction == "incoming" and state != "draft":
                    self.assertRegex(letter.agenda_number, r"^\d+/SM/\d{4}$")
                    self.assertEqual(letter.registered_by_id, self.users["agendaris"])
                    if letter.security_level not in ("secret", "top_secret"):
                        self.assertEqual(letter.scan_sha256 and len(letter.scan_sha256), 64)
        spbe = self._ref("demo_letter_data_dukung_spbe")
        staff_disposition = spbe.disposition_ids.filtered(
            lambda d: d.user_id == self.users["staf.aptika"]
        )
        self.assertEqual(staff_disposition.state, "in_progress")
        self.assertEqual(staff_disposition.parent_id.parent_id.author_id, self.users["kadis"])

    def test_demo_secret_letter(self):
        """The secret demo letter is read by head, clerk and recipient only."""
        if not self.with_demo:
            return
        letter = self._ref("demo_letter_kerentanan_bssn")
        self.assertEqual(letter.security_level, "secret")
        for login in ("kadis", "agendaris", "kabid.sandistik"):
            with self.subTest(login=login):
                self.assertTrue(letter.with_user(self.users[login]).read(["subject"]))
        for user in (
            self.users["arsiparis"],
            self.users["sekretaris"],
            self.users["kasi.statistik"],
            self.env.ref("base.user_admin"),
        ):
            with self.subTest(login=user.login), self.assertRaises(AccessError):
                letter.with_user(user).read(["subject"])
