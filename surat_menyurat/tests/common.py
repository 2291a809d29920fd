"""Shared fixtures: a small agency with one user per role and an org chart.

Org chart (employees' managers follow the departments' managers):

    Kepala Dinas (head)                       dept_head
    ├── Sekretaris (secretary)                dept_secretariat
    │   └── Kasubbag Umum (kasubbag)          dept_general  (sub-section)
    │       └── staff_general                 dept_general
    └── Kabid Aptika (kabid)                  dept_aptika
        ├── Kasi E-Gov (kasi)                 dept_egov     (sub-section)
        │   └── staff                         dept_egov
        └── staff_aptika                      dept_aptika

The registrar sits in the secretariat's general section, the archivist too;
the module manager (admin) has no employee in the chart. `outsider` belongs
to another agency (company).
"""

import base64
import json

from odoo.tests import TransactionCase

from odoo.addons.mail.tests.common import mail_new_test_user

DISABLED_MAIL_CONTEXT = {
    "tracking_disable": True,
    "mail_create_nolog": True,
    "mail_create_nosubscribe": True,
    "mail_notrack": True,
    "no_reset_password": True,
}

# The smallest valid PDF: guess_mimetype recognises it by its content.
PDF_BYTES = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)
PDF_B64 = base64.b64encode(PDF_BYTES)


def call_kw_http(case, model, method, args, kwargs=None):
    """POST /web/dataset/call_kw as the web client does, in an HttpCase session."""
    return case.url_open(
        "/web/dataset/call_kw/%s/%s" % (model, method),
        data=json.dumps(
            {
                "jsonrpc": "2.0",
                "method": "call",
                "params": {"model": model, "method": method, "args": args, "kwargs": kwargs or {}},
            }
        ),
        headers={"Content-Type": "application/json"},
    )


class SuratCommon(TransactionCase):
    """Base class of the addon tests: users per role, org chart, helpers."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # Tests read messages in English; the demo users work in Indonesian
        # (a database installed with id_ID only may have en_US inactive).
        cls.env["res.lang"]._activate_lang("en_US")
        cls.env = cls.env(context=dict(cls.env.context, lang="en_US", **DISABLED_MAIL_CONTEXT))
        # An agency of its own: the demo agency's letters, heads and counters
        # (same database) must not change what these tests see.
        cls.company = cls.env["res.company"].create(
            {
                "name": "Dinas Uji Surat",
                "surat_code": "UJI",
                # the tests log in with passwords; the second factor has its own tests
                "surat_mfa_required": False,
            }
        )
        cls.company.partner_id.tz = "Asia/Jakarta"
        cls.env = cls.env(context=dict(cls.env.context, allowed_company_ids=cls.company.ids))
        cls.env.user.company_ids |= cls.company
        cls.env.ref("base.user_admin").company_ids |= cls.company
        cls.other_company = cls.env["res.company"].create(
            {"name": "Dinas Lain", "surat_mfa_required": False}
        )

        def user(login, name, groups, company=None):
            company = company or cls.company
            return mail_new_test_user(
                cls.env,
                login=login,
                name=name,
                email="%s@example.com" % login,
                groups=groups,
                company_id=company.id,
                company_ids=[(6, 0, company.ids)],
                notification_type="inbox",
                lang="en_US",
            )

        cls.head = user("t_head", "Kepala Dinas", "surat_menyurat.group_surat_head")
        cls.secretary = user("t_secretary", "Sekretaris", "surat_menyurat.group_surat_user")
        cls.kasubbag = user("t_kasubbag", "Kasubbag Umum", "surat_menyurat.group_surat_user")
        cls.registrar = user("t_registrar", "Agendaris", "surat_menyurat.group_surat_registrar")
        cls.archivist = user("t_archivist", "Arsiparis", "surat_menyurat.group_surat_archivist")
        cls.kabid = user("t_kabid", "Kabid Aptika", "surat_menyurat.group_surat_user")
        cls.kasi = user("t_kasi", "Kasi E-Gov", "surat_menyurat.group_surat_user")
        cls.staff = user("t_staff", "Staf E-Gov", "surat_menyurat.group_surat_user")
        cls.staff_aptika = user("t_staff_aptika", "Staf Aptika", "surat_menyurat.group_surat_user")
        cls.staff_general = user("t_staff_general", "Staf Umum", "surat_menyurat.group_surat_user")
        cls.manager = user("t_manager", "Admin Surat", "surat_menyurat.group_surat_manager")
        cls.outsider = user(
            "t_outsider",
            "Orang Luar",
            "surat_menyurat.group_surat_head",
            cls.other_company,
        )

        Department = cls.env["hr.department"]
        Employee = cls.env["hr.employee"]
        cls.dept_head = Department.create({"name": "Kepala Dinas", "code": "KADIS"})
        cls.dept_secretariat = Department.create(
            {"name": "Sekretariat", "code": "SEK", "parent_id": cls.dept_head.id}
        )
        cls.dept_general = Department.create(
            {
                "name": "Subbagian Umum",
                "code": "UM",
                "parent_id": cls.dept_secretariat.id,
            }
        )
        cls.dept_aptika = Department.create(
            {
                "name": "Bidang Aplikasi Informatika",
                "code": "APTIKA",
                "parent_id": cls.dept_head.id,
            }
        )
        cls.dept_egov = Department.create(
            {
                "name": "Seksi E-Government",
                "code": "EGOV",
                "parent_id": cls.dept_aptika.id,
            }
        )

        def employee(user, department, manager=None):
            return Employee.create(
                {
                    "name": user.name,
                    "user_id": user.id,
                    "department_id": department.id,
                    "parent_id": manager.id if manager else False,
                    "company_id": cls.company.id,
                }
            )

        cls.emp_head = employee(cls.head, cls.dept_head)
        cls.dept_head.manager_id = cls.emp_head
        cls.emp_secretary = employee(cls.secretary, cls.dept_secretariat, cls.emp_head)
        cls.dept_secretariat.manager_id = cls.emp_secretary
        cls.emp_kasubbag = employee(cls.kasubbag, cls.dept_general, cls.emp_secretary)
        cls.dept_general.manager_id = cls.emp_kasubbag
        cls.emp_registrar = employee(cls.registrar, cls.dept_general, cls.emp_kasubbag)
        cls.emp_archivist = employee(cls.archivist, cls.dept_general, cls.emp_kasubbag)
        cls.emp_staff_general = employee(cls.staff_general, cls.dept_general, cls.emp_kasubbag)
        cls.emp_kabid = employee(cls.kabid, cls.dept_aptika, cls.emp_head)
        cls.dept_aptika.manager_id = cls.emp_kabid
        cls.emp_kasi = employee(cls.kasi, cls.dept_egov, cls.emp_kabid)
        cls.dept_egov.manager_id = cls.emp_kasi
        cls.emp_staff = employee(cls.staff, cls.dept_egov, cls.emp_kasi)
        cls.emp_staff_aptika = employee(cls.staff_aptika, cls.dept_aptika, cls.emp_kabid)
        # Setting a department's manager recomputes its members' managers: put
        # the chain back as drawn above (a manager is not his own manager).
        cls.emp_head.parent_id = False
        cls.emp_secretary.parent_id = cls.emp_head
        cls.emp_kabid.parent_id = cls.emp_head
        cls.emp_kasubbag.parent_id = cls.emp_secretary
        cls.emp_kasi.parent_id = cls.emp_kabid

        cls.partner_sender = cls.env["res.partner"].create(
            {
                "name": "Dinas Komunikasi dan Informatika Provinsi Riau",
                "is_company": True,
            }
        )
        # The codes are loaded per agency (the install loads the main one's).
        # a few codes, not 2,981 (test_classification loads them all)
        cls.env["surat.classification"]._load_default_classifications(codes=["000.1.1"])
        cls.classification = cls.env["surat.classification"].search(
            [("code", "=", "000.1.1"), ("company_id", "=", cls.company.id)], limit=1
        )
        cls.Letter = cls.env["surat.letter"]
        cls.Disposition = cls.env["surat.disposition"]

    # ------------------------------------------------------------------
    # Helpers
    # ------------------------------------------------------------------
    @classmethod
    def _incoming_vals(cls, **values):
        vals = {
            "direction": "incoming",
            "subject": "Undangan Rapat Koordinasi Statistik Sektoral",
            "partner_id": cls.partner_sender.id,
            "letter_number": "005/DKI/2026/118",
            "security_level": "normal",
            "urgency": "normal",
            "department_id": cls.dept_aptika.id,
            "classification_id": cls.classification.id,
            "scan_file": PDF_B64,
            "scan_filename": "surat.pdf",
        }
        vals.update(values)
        return vals

    @classmethod
    def _register(cls, **values):
        """Create and register an incoming letter as the registry clerk."""
        letter = cls.Letter.with_user(cls.registrar).create(cls._incoming_vals(**values))
        letter.action_register()
        return letter.with_user(cls.env.user)

    @classmethod
    def _dispose(cls, letter, users, author=None, parent=None, **values):
        """Dispose `letter` to `users` as `author` (default: the head)."""
        author = author or cls.head
        vals_list = [
            dict(
                {
                    "letter_id": letter.id,
                    "user_id": u.id,
                    "parent_id": parent.id if parent else False,
                },
                **values,
            )
            for u in users
        ]
        return cls.Disposition.with_user(author).create(vals_list).with_user(cls.env.user)

    def assertListCall(self, Letter, domain, offset, limit, count_limit, order=None, msg=None):
        """The list call (web_search_read) answers the page of a search and,
        when the page is full, its count capped as the web client asks."""
        found = Letter.web_search_read(
            domain,
            {"subject": {}},
            offset=offset,
            limit=limit,
            order=order,
            count_limit=count_limit,
        )
        page = Letter.search(domain, offset=offset, limit=limit, order=order).ids
        self.assertEqual([r["id"] for r in found["records"]], page, msg)
        # as Odoo answers: an empty page counts nothing
        full = len(page) == limit and offset + limit < count_limit
        length = min(Letter.search_count(domain), count_limit) if full else offset + len(page)
        self.assertEqual(found["length"], length if page else 0, msg)
        return found
