"""docs/access.md as a table: roles x security levels x involvement x access paths.

Every cell asserts that a user reads a letter through a path exactly when the
policy lets him; the suite logs how many cells it checked.
"""

import base64
import json
import logging
import xmlrpc.client

from odoo.exceptions import AccessError, UserError
from odoo.tests import HttpCase, get_db_name, tagged
from odoo.tools import mute_logger

from odoo.addons.mail.tests.common import mail_new_test_user

from .common import PDF_BYTES, SuratCommon, call_kw_http

_logger = logging.getLogger(__name__)

PNG_B64 = (
    b"iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAFklEQVR4nGP8z8DAwMDAxMDAwMDAAAAN"
    b"HQEDasKb6QAAAABJRU5ErkJggg=="
)
PNG_BYTES = base64.b64decode(PNG_B64)
LEVELS = ("normal", "restricted", "secret", "top_secret")
# Users who see restricted letters of the processing unit (dept_aptika) without
# being involved: its own members, the units above it, registry and archive.
RESTRICTED_READERS = {"registrar", "archivist", "staff_aptika", "above"}
NOBODY = {"outsider", "portal", "public"}
# Involvement of set A: a disposition (kasi) and an explicit share (secretary).
INVOLVED_A = {"kasi", "secretary"}
# Set B also disposes the letter to these users.
INVOLVED_B = {
    "registrar",
    "archivist",
    "manager",
    "admin",
    "staff",
    "staff_general",
    "above",
    "staff_aptika",
    "outsider",
}


def expected(role, level, involved_set):
    """The table of docs/access.md."""
    if role in NOBODY:
        return False
    if role == "head" or level == "normal":
        return True
    involved = role in INVOLVED_A or (involved_set == "B" and role in INVOLVED_B)
    if involved:
        return True
    return level == "restricted" and role in RESTRICTED_READERS


class AccessFixture(SuratCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()

        def user(login, name, groups, department=None, company=None):
            company = company or cls.company
            new = mail_new_test_user(
                cls.env,
                login=login,
                name=name,
                email="%s@example.com" % login,
                groups=groups,
                company_id=company.id,
                company_ids=[(6, 0, company.ids)],
                notification_type="email" if "portal" in groups else "inbox",
            )
            if department:
                cls.env["hr.employee"].create(
                    {
                        "name": name,
                        "user_id": new.id,
                        "department_id": department.id,
                        "company_id": company.id,
                    }
                )
            return new

        cls.registrar2 = user(
            "t_registrar2",
            "Agendaris Dua",
            "surat_menyurat.group_surat_registrar",
            cls.dept_general,
        )
        cls.above = user(
            "t_above", "Staf Pimpinan", "surat_menyurat.group_surat_user", cls.dept_head
        )
        cls.follower = user(
            "t_follower",
            "Pengikut",
            "surat_menyurat.group_surat_user",
            cls.dept_general,
        )
        cls.portal = user("t_portal", "Portal", "base.group_portal")
        cls.admin = cls.env.ref("base.user_admin")
        cls.public = cls.env.ref("base.public_user")
        cls.roles = {
            "head": cls.head,
            "registrar": cls.registrar,
            "archivist": cls.archivist,
            "manager": cls.manager,
            "admin": cls.admin,
            "staff_aptika": cls.staff_aptika,
            "above": cls.above,
            "staff": cls.staff,
            "staff_general": cls.staff_general,
            "kasi": cls.kasi,
            "secretary": cls.secretary,
            "follower": cls.follower,
            "outsider": cls.outsider,
            "portal": cls.portal,
            "public": cls.public,
        }
        export = cls.env.ref("base.group_allow_export")
        for role, member in cls.roles.items():
            if role not in ("portal", "public"):
                member.groups_id = [(4, export.id)]
        partners = [u.partner_id.id for u in cls.roles.values()]
        cls.letters = {}
        for involved_set in ("A", "B"):
            for level in LEVELS:
                subject = "Rahasia Negara %s %s" % (level, involved_set)
                letter = cls.Letter.with_user(cls.registrar2).create(
                    cls._incoming_vals(
                        subject=subject,
                        security_level=level,
                        letter_number="001/%s/%s" % (level, involved_set),
                    )
                )
                letter.action_register()
                letter = letter.with_user(cls.env.user)
                recipients = cls.kasi
                if involved_set == "B":
                    recipients |= cls.env["res.users"].union(
                        *(cls.roles[r] for r in sorted(INVOLVED_B))
                    )
                cls._dispose(letter, recipients)
                cls.env["surat.letter.share"].with_user(cls.head)._grant(
                    letter, cls.secretary, "Needs it for the budget review"
                )
                letter.sudo().message_subscribe(partner_ids=[cls.follower.partner_id.id])
                # Odoo lets a message's author and recipients read it: both traps.
                letter.sudo().message_post(
                    body="Catatan %s" % subject,
                    partner_ids=partners,
                    author_id=cls.follower.partner_id.id,
                    message_type="comment",
                    subtype_xmlid="mail.mt_comment",
                )
                tracking = cls.env["mail.tracking.value"]._create_tracking_values(
                    "Lama %s" % subject,
                    subject,
                    "subject",
                    letter.fields_get(["subject"])["subject"],
                    letter,
                )
                letter.sudo()._message_log(body="", tracking_value_ids=[(0, 0, tracking)])
                letter.sudo().activity_schedule(
                    "mail.mail_activity_data_todo",
                    summary="Cek",
                    user_id=cls.follower.id,
                )
                cls.env["ir.attachment"].create(
                    {
                        "name": "lampiran.png",
                        "datas": PNG_B64,
                        "res_model": "surat.letter",
                        "res_id": letter.id,
                    }
                )
                cls.letters[(level, involved_set)] = letter
        cls.env.flush_all()
        cls.env.cr.precommit.run()
        cls.all_ids = [lt.id for lt in cls.letters.values()]
        cls.scan = {key: lt._scan_attachment() for key, lt in cls.letters.items()}
        cls.png = {
            key: cls.env["ir.attachment"].search(
                [
                    ("res_model", "=", "surat.letter"),
                    ("res_id", "=", lt.id),
                    ("name", "=", "lampiran.png"),
                ]
            )
            for key, lt in cls.letters.items()
        }


@tagged("post_install", "-at_install", "surat_access_policy")
class TestAccessPolicy(AccessFixture, HttpCase):
    """The whole table, every path."""

    def setUp(self):
        super().setUp()
        self.cells = 0
        self.leaks = []

    def check(self, role, key, path, got):
        level, involved_set = key
        want = expected(role, level, involved_set)
        self.cells += 1
        if bool(got) != want:
            self.leaks.append(
                "%s / %s %s / %s: got %s, want %s" % (role, level, involved_set, path, got, want)
            )

    def _orm(self, role):
        u = self.roles[role]

        def attempt(fn):
            try:
                return fn()
            except (AccessError, UserError) as exc:
                for lt in self.letters.values():
                    self.assertNotIn(lt.subject, str(exc), "an access error names a subject")
                return None

        Letter = self.env["surat.letter"].with_user(u)
        found = set(attempt(lambda: Letter.search([("id", "in", self.all_ids)]).ids) or [])
        for key, letter in self.letters.items():
            lid = letter.id
            self.check(role, key, "search", lid in found)
            self.check(
                role,
                key,
                "search_count",
                attempt(lambda: Letter.search_count([("id", "=", lid)])),
            )
            self.check(
                role,
                key,
                "read",
                attempt(lambda: Letter.browse(lid).read(["subject", "scan_file"])),
            )
            self.check(
                role,
                key,
                "web_read",
                attempt(lambda: Letter.browse(lid).web_read({"subject": {}, "display_name": {}})),
            )
            self.check(
                role,
                key,
                "name_search",
                attempt(lambda: [r for r in Letter.name_search(letter.subject) if r[0] == lid]),
            )
            self.check(
                role,
                key,
                "read_group",
                attempt(
                    lambda: sum(
                        g["security_level_count"]
                        for g in Letter.read_group(
                            [("id", "=", lid)], ["security_level"], ["security_level"]
                        )
                    )
                ),
            )
            self.check(
                role,
                key,
                "export_data",
                attempt(
                    lambda: Letter.search([("id", "=", lid)]).export_data(["subject"])["datas"]
                ),
            )
            self.check(
                role,
                key,
                "export_data direct",
                attempt(lambda: Letter.browse(lid).export_data(["subject"])["datas"]),
            )
            Att = self.env["ir.attachment"].with_user(u)
            self.check(
                role,
                key,
                "attachment search (file field)",
                attempt(
                    lambda: Att.search(
                        [
                            ("res_model", "=", "surat.letter"),
                            ("res_id", "=", lid),
                            ("res_field", "=", "scan_file"),
                        ]
                    )
                ),
            )
            self.check(
                role,
                key,
                "attachment search",
                attempt(
                    lambda: Att.search([("res_model", "=", "surat.letter"), ("res_id", "=", lid)])
                ),
            )
            scan = self.scan[key]
            self.check(
                role,
                key,
                "attachment read (file field)",
                attempt(lambda: Att.browse(scan.id).read(["datas"])),
            )
            png = self.png[key]
            self.check(
                role,
                key,
                "attachment read",
                attempt(lambda: Att.browse(png.id).read(["datas", "name"])),
            )
            Message = self.env["mail.message"].with_user(u)
            messages = (
                self.env["mail.message"]
                .sudo()
                .search([("model", "=", "surat.letter"), ("res_id", "=", lid)])
            )
            comment = messages.filtered(lambda m: m.message_type == "comment")
            self.check(
                role,
                key,
                "messages search",
                attempt(
                    lambda: Message.search([("model", "=", "surat.letter"), ("res_id", "=", lid)])
                ),
            )
            self.check(
                role,
                key,
                "messages inbox/recipient search",
                attempt(
                    lambda: Message.search(
                        [
                            ("id", "in", messages.ids),
                            ("partner_ids", "in", u.partner_id.ids),
                        ]
                    )
                ),
            )
            self.check(
                role,
                key,
                "message read",
                attempt(lambda: Message.browse(comment.ids).read(["body"])),
            )
            trackings = messages.sudo().tracking_value_ids
            self.assertTrue(trackings)
            Tracking = self.env["mail.tracking.value"].with_user(u)
            got = attempt(lambda: Tracking.search([("id", "in", trackings.ids)]))
            if u.has_group("base.group_system"):
                self.check(role, key, "tracking values", got)
            elif got:
                self.leaks.append("%s sees tracking values of %s" % (role, key))
            Activity = self.env["mail.activity"].with_user(u)
            activities = (
                self.env["mail.activity"]
                .sudo()
                .search([("res_model", "=", "surat.letter"), ("res_id", "=", lid)])
            )
            self.check(
                role,
                key,
                "activity search",
                attempt(
                    lambda: Activity.search(
                        [("res_model", "=", "surat.letter"), ("res_id", "=", lid)]
                    )
                ),
            )
            self.check(
                role,
                key,
                "activity read (assigned to follower)",
                attempt(lambda: Activity.browse(activities.ids).read(["summary"])),
            )
            Disposition = self.env["surat.disposition"].with_user(u)
            self.check(
                role,
                key,
                "disposition search",
                attempt(lambda: Disposition.search([("letter_id", "=", lid)])),
            )
            dispositions = letter.sudo().disposition_ids
            self.check(
                role,
                key,
                "disposition related subject",
                attempt(
                    lambda: Disposition.browse(dispositions.ids).read(["subject", "agenda_number"])
                ),
            )
            Share = self.env["surat.letter.share"].with_user(u)
            self.check(
                role,
                key,
                "share search",
                attempt(lambda: Share.search([("letter_id", "=", lid)])),
            )

    def _password(self, user):
        # new_test_user's password is the login padded to 8; the admin's is "admin"
        return "admin" if user == self.admin else user.login + "x" * (8 - len(user.login))

    def _http(self, role):
        u = self.roles[role]
        if role == "public":
            self.authenticate(None, None)
        else:
            self.authenticate(u.login, self._password(u))
        for key, letter in self.letters.items():
            scan, png = self.scan[key], self.png[key]
            res = self.url_open("/web/content/%s?download=true" % scan.id)
            self.check(
                role,
                key,
                "/web/content attachment",
                res.status_code == 200 and res.content == PDF_BYTES,
            )
            res = self.url_open("/web/content/surat.letter/%s/scan_file" % letter.id)
            self.check(
                role,
                key,
                "/web/content field",
                res.status_code == 200 and res.content == PDF_BYTES,
            )
            res = self.url_open("/web/image/%s" % png.id)
            self.check(
                role,
                key,
                "/web/image",
                res.status_code == 200 and res.content == PNG_BYTES,
            )
        if role == "public":
            # no session: the RPC routes refuse before any model is touched
            res = self.url_open(
                "/web/dataset/call_kw",
                data=json.dumps(
                    {
                        "jsonrpc": "2.0",
                        "method": "call",
                        "params": {
                            "model": "surat.letter",
                            "method": "search_read",
                            "args": [[["id", "in", self.all_ids]], ["subject"]],
                            "kwargs": {},
                        },
                    }
                ),
                headers={"Content-Type": "application/json"},
            )
            self.assertNotIn("Rahasia", res.text)
            for key in self.letters:
                self.check(role, key, "call_kw public", False)
            return

        def call_kw(model, method, args, kwargs=None):
            res = call_kw_http(self, model, method, args, kwargs).json()
            return res.get("result") or []

        rows = call_kw("surat.letter", "search_read", [[["id", "in", self.all_ids]], ["subject"]])
        found = {r["id"] for r in rows}
        msgs = call_kw(
            "mail.message",
            "search_read",
            [
                [["model", "=", "surat.letter"], ["res_id", "in", self.all_ids]],
                ["res_id", "body"],
            ],
        )
        msg_docs = {r["res_id"] for r in msgs}
        atts = call_kw(
            "ir.attachment",
            "search_read",
            [
                [["res_model", "=", "surat.letter"], ["res_id", "in", self.all_ids]],
                ["res_id"],
            ],
        )
        att_docs = {r["res_id"] for r in atts}
        pwd = self._password(u)
        db = get_db_name()
        try:
            rpc = self.make_jsonrpc_request(
                "/jsonrpc",
                {
                    "service": "object",
                    "method": "execute_kw",
                    "args": [
                        db,
                        u.id,
                        pwd,
                        "surat.letter",
                        "search_read",
                        [[["id", "in", self.all_ids]]],
                        {"fields": ["subject"]},
                    ],
                },
            )
        except Exception:  # noqa: BLE001 - an RPC error is a refusal
            rpc = []
        rpc_found = {r["id"] for r in rpc}
        try:
            xml = self.xmlrpc_object.execute_kw(
                db,
                u.id,
                pwd,
                "surat.letter",
                "search_read",
                [[["id", "in", self.all_ids]]],
                {"fields": ["subject"]},
            )
        except xmlrpc.client.Fault:
            xml = []
        xml_found = {r["id"] for r in xml}
        for key, letter in self.letters.items():
            self.check(role, key, "call_kw search_read", letter.id in found)
            self.check(role, key, "call_kw messages", letter.id in msg_docs)
            self.check(role, key, "call_kw attachments", letter.id in att_docs)
            self.check(role, key, "/jsonrpc execute_kw", letter.id in rpc_found)
            self.check(role, key, "XML-RPC execute_kw", letter.id in xml_found)
            for row in rows + rpc + xml:
                if row["id"] == letter.id:
                    self.assertEqual(row["subject"], letter.subject)
        reports = self.env["ir.actions.report"].sudo().search([("model", "=", "surat.letter")])
        for report in reports:
            for key, letter in self.letters.items():
                res = self.url_open("/report/pdf/%s/%s" % (report.report_name, letter.id))
                # Under tests Odoo answers the report's HTML unless rendering is forced
                # (the PDF itself is tested in test_disposition_sheet).
                printed = res.status_code == 200 and (
                    res.content[:4] == b"%PDF" or letter.agenda_number.encode() in res.content
                )
                self.check(role, key, "report %s" % report.report_name, printed)

    @mute_logger(
        "odoo.http",
        "odoo.addons.base.models.ir_rule",
        "odoo.models",
        "odoo.addons.base.models.ir_attachment",
        "werkzeug",
    )
    def test_policy_table(self):
        """Every role x level x involvement x path cell obeys docs/access.md."""
        for role in self.roles:
            if role != "public":
                self._orm(role)
            self._http(role)
        _logger.info("access policy: %s cells checked, %s leaks", self.cells, len(self.leaks))
        self.assertGreaterEqual(self.cells, 400)
        self.assertFalse(self.leaks, "\n".join(self.leaks))


@tagged("post_install", "-at_install", "surat_access_policy")
class TestAccessRules(AccessFixture):
    """Shares, followers, org-chart moves, the shape of the rule's SQL."""

    def test_level_filter_list_call(self):
        """The list filtered on levels read through the access lists ("secret
        only", in one pass): the page and count of a search and a count, for
        every role, never a letter the role may not read."""
        domains = [
            [("security_level", "=", "secret")],
            ["&", ("security_level", "in", ["secret", "top_secret"]), ("id", "!=", 0)],
            [("security_level", "=", "restricted")],
        ]
        pages = ((0, 80, 10001), (0, 1, 2), (1, 1, 10001), (0, 2, 3))
        for role, member in self.roles.items():
            if role in ("portal", "public"):
                continue
            # in his own companies (the outsider works in another agency)
            Letter = self.Letter.with_user(member).with_context(
                allowed_company_ids=member.company_ids.ids
            )
            for domain in domains:
                readable = Letter.search(domain)
                for letter in readable:
                    self.assertTrue(letter.with_user(member).has_access("read"), role)
                for offset, limit, count_limit in pages:
                    self.assertListCall(Letter, domain, offset, limit, count_limit, msg=role)

    def test_follower_reads_nothing_secret(self):
        """Following a secret letter grants nothing."""
        letter = self.letters[("secret", "A")]
        self.assertIn(self.follower.partner_id, letter.message_partner_ids)
        with self.assertRaises(AccessError):
            letter.with_user(self.follower).read(["subject"])

    def test_top_secret_shared_by_head_only(self):
        """A top-secret letter is passed on by the head of agency, nobody else."""
        letter = self.letters[("top_secret", "A")]
        self.assertTrue(letter.with_user(self.kasi).has_access("read"))
        with self.assertRaises(AccessError):
            self.env["surat.letter.share"].with_user(self.kasi)._grant(
                letter, self.staff_general, "Drafting the answer"
            )
        self.assertFalse(letter.with_user(self.staff_general).has_access("read"))

    def test_share_and_revoke(self):
        """A share gives access and is recorded; revoking it takes access away."""
        letter = self.letters[("secret", "A")]
        self.assertFalse(letter.with_user(self.staff_general).has_access("read"))
        with self.assertRaises(AccessError):
            self.env["surat.letter.share"].with_user(self.staff_general)._grant(
                letter, self.staff_general, "I want it"
            )
        with self.assertRaises(UserError):
            self.env["surat.letter.share"].with_user(self.kasi)._grant(
                letter, self.staff_general, "  "
            )
        wizard = (
            self.env["surat.letter.share.wizard"]
            .with_user(self.kasi)
            .create(
                {
                    "letter_id": letter.id,
                    "user_ids": [(6, 0, self.staff_general.ids)],
                    "reason": "Drafting the answer",
                }
            )
        )
        wizard.action_confirm()
        share = letter.share_ids.filtered(lambda s: s.user_id == self.staff_general)
        self.assertEqual(share.granted_by_id, self.kasi)
        self.assertEqual(share.reason, "Drafting the answer")
        self.assertTrue(letter.with_user(self.staff_general).has_access("read"))
        with self.assertRaises(AccessError):
            share.with_user(self.staff_general).action_revoke()
        share.with_user(self.kasi).action_revoke()
        self.assertTrue(share.revoked)
        self.assertEqual(share.revoked_by_id, self.kasi)
        self.env.invalidate_all()
        self.assertFalse(letter.with_user(self.staff_general).has_access("read"))

    def test_department_move(self):
        """Moving a unit changes who sees its restricted letters."""
        letter = self.Letter.with_user(self.registrar2).create(
            self._incoming_vals(
                subject="Terbatas EGOV",
                security_level="restricted",
                department_id=self.dept_egov.id,
            )
        )
        letter.action_register()
        self.assertTrue(letter.with_user(self.kabid).has_access("read"))
        self.assertFalse(letter.with_user(self.secretary).has_access("read"))
        self.dept_egov.parent_id = self.dept_secretariat
        self.env.invalidate_all()
        self.assertFalse(letter.with_user(self.kabid).has_access("read"))
        self.assertTrue(letter.with_user(self.secretary).has_access("read"))

    def test_employee_change(self):
        """A user moved to the processing unit sees its restricted letters at once."""
        letter = self.letters[("restricted", "A")]
        self.assertFalse(letter.with_user(self.staff_general).has_access("read"))
        self.emp_staff_general.department_id = self.dept_aptika
        self.env.invalidate_all()
        self.assertTrue(letter.with_user(self.staff_general).has_access("read"))

    def test_rule_sql_shape(self):
        """The rule compiles to one uncorrelated UNION subquery, no EXISTS per row."""
        query = self.Letter.with_user(self.staff)._search([])
        sql = query.select().code
        self.assertIn("UNION", sql)
        self.assertNotIn("EXISTS", sql)
