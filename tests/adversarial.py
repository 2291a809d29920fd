"""Helpers of the adversarial suite (tests/test_adversarial.py).

An unfriendly insider holds only his own login and calls the server directly
(JSON-RPC, any values, any context). The expectations come from the same
declared policy the server enforces, ``surat_menyurat/models/surat_policy.py``,
loaded here by path (it imports nothing from Odoo). The roles and states of
each record are read from PostgreSQL (ground truth, read only), the records
themselves are built through the real flows, over RPC, as the right users.
"""

import base64
import configparser
import datetime
import importlib.util
import itertools
import os
import threading
import uuid
from collections import Counter, defaultdict
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import psycopg2
import requests
from conftest import ADMIN_LOGIN, ADMIN_PASSWORD, ODOO_CONF, ROOT, TEST_DB, RPCError

POLICY_PATH = ROOT / "surat_menyurat" / "models" / "surat_policy.py"
MAGIC_FIELDS = {
    "id",
    "create_uid",
    "create_date",
    "write_uid",
    "write_date",
    "__last_update",
    "display_name",
}
# Every context key the addon used to read as a permission, plus two of Odoo's.
CONTEXT_KEYS = (
    "surat_review_flow",
    "surat_disposal",
    "surat_scan_version",
    "surat_legal_hold",
    "mark_surat_as_sent",
    "surat_no_access_log",
    "default_state",
    "default_verify_token",
    "tracking_disable",
    "active_test",
)
CLEAN_ERRORS = {
    "odoo.exceptions.AccessError",
    "odoo.exceptions.UserError",
    "odoo.exceptions.ValidationError",
    "odoo.exceptions.MissingError",
}
PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)
PDF_B64 = base64.b64encode(PDF).decode()
OTHER_PDF_B64 = base64.b64encode(PDF.replace(b"1.4", b"1.5") + b"% adversarial\n").decode()
SIGNED_STATES = ("signed", "sent", "in_progress", "done")


def load_policy():
    """surat_policy.py, by path: the table the server enforces."""
    spec = importlib.util.spec_from_file_location("surat_policy_under_test", POLICY_PATH)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def context_variant(name):
    """The context of a variant: None, one key (True; active_test False) or all keys."""
    if name is None:
        return None
    keys = CONTEXT_KEYS if name == "ALL" else (name,)
    return {key: key != "active_test" for key in keys}


# ---------------------------------------------------------------------------
# Clients
# ---------------------------------------------------------------------------
class Actor:
    """One logged-in web session of one user (a requests.Session is not shared
    between threads: each role runs its cells on its own session)."""

    def __init__(self, server, login, password=None, role=None):
        self.client = server.client()
        self.login = login
        self.role = role or login
        info = self.client.authenticate(login, password or login)
        self.uid = info["uid"]

    def __call__(self, model, method, *args, context=None, **kwargs):
        if context is not None:
            kwargs["context"] = context
        return self.client.call_kw(model, method, list(args), kwargs)

    def raw(self, model, method, args, kwargs):
        """The answer body as text (for the name probes) and the parsed JSON."""
        payload = {
            "jsonrpc": "2.0",
            "method": "call",
            "params": {"model": model, "method": method, "args": args, "kwargs": kwargs},
            "id": 1,
        }
        response = self.client.session.post(
            f"{self.client.url}/web/dataset/call_kw/{model}/{method}",
            json=payload,
            timeout=self.client.timeout,
        )
        return response.text, response.json()

    def route(self, path, params):
        response = self.client.session.post(
            self.client.url + path,
            json={"jsonrpc": "2.0", "method": "call", "params": params, "id": 1},
            timeout=self.client.timeout,
        )
        return response.text


def attempt(actor, model, method, args, kwargs):
    """Call and classify: ("ok", result) / ("refused", name, message) / ("error", text)."""
    try:
        return ("ok", actor.client.call_kw(model, method, args, kwargs))
    except RPCError as error:
        if error.name in CLEAN_ERRORS:
            return ("refused", error.name, error.message)
        debug = (error.error.get("data") or {}).get("debug", "")
        return ("error", f"{error.name}: {error.message} {debug[-600:]}")
    except (requests.RequestException, ValueError) as error:
        return ("error", f"{type(error).__name__}: {error}")


# ---------------------------------------------------------------------------
# Ground truth: PostgreSQL, read only
# ---------------------------------------------------------------------------
class Ground:
    """Reads the test database directly (local socket): roles, states, values."""

    def __init__(self, dbname=TEST_DB):
        self.conn = psycopg2.connect(dbname=dbname)
        self.conn.autocommit = True
        self.lock = threading.Lock()
        self._m2m = {}
        self._o2m = {}

    def query(self, sql, params=()):
        with self.lock, self.conn.cursor() as cr:
            cr.execute(sql, params)
            return cr.fetchall()

    def value(self, sql, params=()):
        rows = self.query(sql, params)
        return rows[0][0] if rows else None

    def row(self, model, rec_id):
        table = model.replace(".", "_")
        with self.lock, self.conn.cursor() as cr:
            cr.execute(f'SELECT * FROM "{table}" WHERE id = %s', (rec_id,))  # noqa: S608
            names = [d.name for d in cr.description]
            values = cr.fetchone()
        return dict(zip(names, values, strict=True)) if values else None

    def relation(self, model, field):
        """(table, column of the record, column of the target) of a many2many."""
        key = (model, field)
        if key not in self._m2m:
            rows = self.query(
                "SELECT relation_table, column1, column2 FROM ir_model_fields "
                "WHERE model = %s AND name = %s",
                (model, field),
            )
            self._m2m[key] = rows[0] if rows and rows[0][0] else None
        return self._m2m[key]

    def inverse(self, model, field):
        key = (model, field)
        if key not in self._o2m:
            self._o2m[key] = self.value(
                "SELECT relation_field FROM ir_model_fields WHERE model = %s AND name = %s",
                (model, field),
            )
        return self._o2m[key]

    def m2m_ids(self, model, field, rec_id):
        rel = self.relation(model, field)
        if not rel:
            return None
        table, col1, col2 = rel
        return sorted(
            r[0]
            for r in self.query(
                f'SELECT "{col2}" FROM "{table}" WHERE "{col1}" = %s',  # noqa: S608
                (rec_id,),
            )
        )

    def o2m_ids(self, comodel, inverse, rec_id, res_model=None):
        table = comodel.replace(".", "_")
        if inverse == "res_id":
            rows = self.query(
                f'SELECT id FROM "{table}" WHERE res_id = %s AND '  # noqa: S608
                + ("model = %s" if comodel == "mail.message" else "res_model = %s"),
                (rec_id, res_model),
            )
        else:
            rows = self.query(
                f'SELECT id FROM "{table}" WHERE "{inverse}" = %s',  # noqa: S608
                (rec_id,),
            )
        return sorted(r[0] for r in rows)

    def group_roles(self, uid):
        rows = self.query(
            "SELECT d.name FROM res_groups_users_rel r "
            "JOIN ir_model_data d ON d.model = 'res.groups' AND d.res_id = r.gid "
            "AND d.module = 'surat_menyurat' WHERE r.uid = %s",
            (uid,),
        )
        names = {r[0] for r in rows}
        roles = {"user"}
        for role in ("registrar", "archivist", "head", "manager"):
            if f"group_surat_{role}" in names:
                roles.add(role)
        return roles

    def acts_for(self, uid, principal):
        if not principal:
            return False
        if uid == principal:
            return True
        row = self.query(
            "SELECT surat_delegate_id, surat_delegate_from, surat_delegate_to "
            "FROM res_users WHERE id = %s",
            (principal,),
        )
        if not row or not row[0][0]:
            return False
        delegate, start, end = row[0]
        today = datetime.date.today()
        return delegate == uid and (not start or start <= today) and (not end or today <= end)

    # -- the roles and state keys the server computes (models' _surat_roles) --
    def record_roles(self, model, rec_id, uid):
        roles = set(self.group_roles(uid))
        row = self.row(model, rec_id)
        if model == "surat.letter":
            if uid == row["create_uid"]:
                roles.add("creator")
            if uid in (row["create_uid"], row["user_id"]):
                roles.add("author")
            if uid in self.m2m_ids(model, "access_user_ids", rec_id):
                roles.add("involved")
            if row["state"] == "in_review":
                pending = self.query(
                    "SELECT user_id FROM surat_letter_review WHERE letter_id = %s "
                    "AND state = 'pending' ORDER BY sequence, id LIMIT 1",
                    (rec_id,),
                )
                if pending and self.acts_for(uid, pending[0][0]):
                    roles.add("reviewer")
            if row["signer_id"] and self.acts_for(uid, row["signer_id"]):
                roles.add("signer")
        elif model == "surat.disposition":
            if row["author_id"] == uid:
                roles.add("author")
            if row["user_id"] == uid:
                roles.add("recipient")
        elif model == "surat.letter.review":
            letter = self.row("surat.letter", row["letter_id"])
            if letter["state"] == "draft" and uid in (letter["user_id"], letter["create_uid"]):
                roles.add("drafter")
        return roles

    def state_keys(self, model, rec_id):
        row = self.row(model, rec_id)
        if model == "surat.letter":
            return [f"{row['direction']}:{row['state']}", row["state"]]
        if model == "surat.archive.file":
            return [f"{row['state']}:{'closed' if row['closed'] else 'open'}", "*"]
        if "state" in row:
            return [row["state"], "*"]
        return ["*"]

    def snapshot(self, models):
        """Every column of every row of the guarded tables, and their many2many."""
        snap = {}
        for model in models:
            table = model.replace(".", "_")
            with self.lock, self.conn.cursor() as cr:
                cr.execute(f'SELECT * FROM "{table}" ORDER BY id')  # noqa: S608
                names = [d.name for d in cr.description]
                for values in cr.fetchall():
                    snap[(model, values[0])] = dict(zip(names, values, strict=True))
            for field, _rel in self.query(
                "SELECT name, relation_table FROM ir_model_fields WHERE model = %s "
                "AND ttype = 'many2many' AND store AND relation_table IS NOT NULL",
                (model,),
            ):
                table_, col1, col2 = self.relation(model, field)
                for rec_id, ids in self.query(
                    f'SELECT "{col1}", array_agg("{col2}" ORDER BY "{col2}") '  # noqa: S608
                    f'FROM "{table_}" GROUP BY 1'
                ):
                    key = (model, rec_id)
                    if key in snap:
                        snap[key][field] = ids
        return snap


def filestore_dir(dbname=TEST_DB):
    """The server's filestore of the test database (data_dir of ODOO_CONF)."""
    parser = configparser.ConfigParser()
    parser.read(ODOO_CONF)
    data_dir = parser.get("options", "data_dir", fallback=".odoo-data")
    path = Path(data_dir)
    if not path.is_absolute():
        path = ROOT / path
    return path / "filestore" / dbname


# ---------------------------------------------------------------------------
# The world: records in every state, built through the flows
# ---------------------------------------------------------------------------
class World:
    """Users, sessions and records of the matrix (built once per session)."""

    ROLES = ("user", "user2", "registrar", "archivist", "head", "manager", "admin", "other")

    def __init__(self, server):
        self.server = server
        self.db = Ground()
        self.policy = load_policy()
        self.tag = uuid.uuid4().hex[:6]
        self.marker = f"ZQX{uuid.uuid4().hex[:10].upper()}"
        self.records = defaultdict(dict)  # model -> {label: id}
        self.secret_marked = {}  # label -> letter id whose subject holds the marker
        self.notes = []
        self.rotted = []  # (path, original bytes) of the files rotted on purpose

    # -- sessions ---------------------------------------------------------
    def actor(self, login, password=None, role=None):
        return Actor(self.server, login, password, role)

    def sessions_one(self, role):
        """A fresh session of the user of a role (one per thread)."""
        password = ADMIN_PASSWORD if role == "admin" else None
        return self.actor(self.logins[role], password, role)

    def sessions(self):
        return {role: self.sessions_one(role) for role in self.ROLES}

    # -- build ------------------------------------------------------------
    def build(self):
        admin = self.admin = self.actor(ADMIN_LOGIN, ADMIN_PASSWORD, "admin")
        # the demo agency: every record of the matrix belongs to it
        self.company = self.db.value("SELECT company_id FROM res_users WHERE id = %s", (admin.uid,))
        self.gid = {
            name: admin("ir.model.data", "check_object_reference", "surat_menyurat", name)[1]
            for name in ("group_surat_user", "group_surat_registrar", "group_surat_manager")
        }
        self.other_company = admin("res.company", "create", {"name": f"Adv Agency {self.tag}"})
        self.manager_login = self._user("advmgr", [self.gid["group_surat_manager"]])
        self.registrar2_login = self._user("advreg", [self.gid["group_surat_registrar"]])
        self.other_login = self._user(
            "advother", [self.gid["group_surat_user"]], company=self.other_company
        )
        self.logins = {
            "user": "staf.aptika",
            "user2": "kasi.egov",
            "registrar": "agendaris",
            "archivist": "arsiparis",
            "head": "kadis",
            "manager": self.manager_login,
            "admin": ADMIN_LOGIN,
            "other": self.other_login,
        }
        self.a = self.sessions()
        self.uids = {role: act.uid for role, act in self.a.items()}
        self.kabid = self.actor("kabid.aptika")
        self.sandistik = self.actor("kabid.sandistik")
        self.registrar2 = self.actor(self.registrar2_login)
        self.partner = admin("res.partner", "create", {"name": f"Adv Sender {self.tag}"})
        self.other_partner = admin("res.partner", "create", {"name": f"Adv Other {self.tag}"})
        self.classification = self.db.value(
            "SELECT id FROM surat_classification WHERE company_id = %s AND code = '000.1.1'",
            (self.company,),
        )
        self.department = self.db.value(
            "SELECT department_id FROM hr_employee e JOIN res_users u ON u.id = e.user_id "
            "WHERE u.login = 'staf.aptika'"
        )
        self._build_incoming()
        self._build_outgoing()
        self._build_marked()
        self._build_shares()
        self._build_archive()
        self._build_fixity()
        return self

    def _user(self, prefix, groups, company=None):
        login = f"{prefix}.{self.tag}"
        vals = {
            "name": f"{prefix} {self.tag}",
            "login": login,
            "password": login,
            "email": f"{login}@example.com",
            "groups_id": [(6, 0, groups)],
        }
        if company:
            vals.update(company_id=company, company_ids=[(6, 0, [company])])
        self.admin("res.users", "create", vals, context={"no_reset_password": True})
        return login

    def _add(self, model, label, rec_id):
        self.records[model][label] = rec_id
        return rec_id

    # letters ----------------------------------------------------------------
    def incoming(self, label, level="normal", register=True, registrar=None, subject=None):
        registrar = registrar or self.a["registrar"]
        vals = {
            "direction": "incoming",
            "subject": subject or f"Adv incoming {label} {self.tag}",
            "partner_id": self.partner,
            "letter_number": f"ADV/{label}/{self.tag}",
            "letter_date": str(datetime.date.today() - datetime.timedelta(days=3)),
            "classification_id": self.classification,
            "security_level": level,
            "department_id": self.department,
        }
        if level not in ("secret", "top_secret"):
            # one file per letter: the filestore shares identical contents
            scan = base64.b64encode(PDF + f"% {label} {self.tag}\n".encode()).decode()
            vals.update(scan_file=scan, scan_filename="scan.pdf")
        letter = registrar("surat.letter", "create", vals)
        if register:
            registrar("surat.letter", "action_register", [letter])
        return self._add("surat.letter", label, letter)

    def dispose(self, letter, recipient_uid, by=None, parent=None):
        by = by or self.a["head"]
        vals = {"letter_id": letter, "user_id": recipient_uid}
        if parent:
            vals["parent_id"] = parent
        return by("surat.disposition", "create", vals)

    def _build_incoming(self):
        a, u = self.a, self.uids
        self.incoming("in_draft_n", register=False)
        self.incoming("in_draft_s", "secret", register=False)
        self.incoming("in_reg_n")
        self.incoming("in_reg_r", "restricted")
        self.incoming("in_reg_s", "secret")
        self.incoming("in_reg_ts", "top_secret")
        # in progress: a cascade and dispositions in every state
        prog = self.incoming("in_prog_n")
        add = self._add
        d_read = add("surat.disposition", "d_read", self.dispose(prog, u["user2"]))
        a["user2"]("surat.disposition", "action_read", [d_read])
        d_top = add("surat.disposition", "d_forwarded", self.dispose(prog, self.kabid.uid))
        d_fwd = add(
            "surat.disposition",
            "d_fwd_child",
            self.dispose(prog, u["user2"], by=self.kabid, parent=d_top),
        )
        add(
            "surat.disposition",
            "d_fwd_grandchild",
            self.dispose(prog, u["user"], by=a["user2"], parent=d_fwd),
        )
        d_rep = add("surat.disposition", "d_reported", self.dispose(prog, u["user"]))
        a["user"]("surat.disposition", "write", [d_rep], {"report": "Adv report"})
        a["user"]("surat.disposition", "action_done", [d_rep])
        d_cancel = add("surat.disposition", "d_cancelled", self.dispose(prog, u["user"]))
        a["head"]("surat.disposition", "action_cancel", [d_cancel])
        # last: one open disposition per person and step (the others are closed by now)
        add("surat.disposition", "d_sent", self.dispose(prog, u["user"]))
        prog_s = self.incoming("in_prog_s", "secret")
        d_read_s = add("surat.disposition", "d_read_s", self.dispose(prog_s, u["user"]))
        a["user"]("surat.disposition", "action_read", [d_read_s])
        d_start_s = add("surat.disposition", "d_progress_s", self.dispose(prog_s, u["user2"]))
        a["user2"]("surat.disposition", "action_start", [d_start_s])
        done_n = self.incoming("in_done_n")
        a["head"]("surat.letter", "action_done", [done_n])
        done_s = self.incoming("in_done_s", "secret")
        d_done = add("surat.disposition", "d_done_s", self.dispose(done_s, u["user"]))
        a["user"]("surat.disposition", "write", [d_done], {"report": "Adv report"})
        a["user"]("surat.disposition", "action_done", [d_done])
        a["head"]("surat.disposition", "action_accept", [d_done])
        cancel = self.incoming("in_cancel_n")
        a["registrar"]("surat.letter", "write", [cancel], {"cancel_reason": "Adv duplicate"})
        a["registrar"]("surat.letter", "action_cancel", [cancel])

    def outgoing(self, label, level="normal", until="draft", drafter=None, direction="outgoing"):
        drafter = drafter or self.a["user"]
        a = self.a
        vals = {
            "direction": direction,
            "subject": f"Adv {direction} {label} {self.tag}",
            "body": f"<p>Body of {label}</p>",
            "classification_id": self.classification,
            "partner_id": self.partner,
            "security_level": level,
        }
        if direction == "internal":
            vals["recipient_user_ids"] = [(6, 0, [self.sandistik.uid])]
        letter = drafter("surat.letter", "create", vals)
        self._add("surat.letter", label, letter)
        if until == "draft":
            return letter
        drafter("surat.letter", "action_submit", [letter])
        if until == "in_review":
            return letter
        for reviewer in (a["user2"], self.kabid):
            state = self.db.value("SELECT state FROM surat_letter WHERE id = %s", (letter,))
            if state != "in_review":
                break
            reviewer("surat.letter", "action_approve", [letter])
        if until == "to_sign":
            return letter
        a["head"]("surat.letter", "action_sign", [letter])
        if until == "signed":
            return letter
        if direction == "outgoing":
            drafter("surat.letter", "write", [letter], {"dispatch_channel": "hand"})
            a["registrar"]("surat.letter", "action_send", [letter])
        else:
            drafter("surat.letter", "action_send", [letter])
        return letter

    def _build_outgoing(self):
        a = self.a
        draft = self.outgoing("out_draft_n")
        # the drafter builds his own paraf chain
        a["user"](
            "surat.letter.review",
            "create",
            {
                "letter_id": draft,
                "user_id": self.uids["user2"],
                "sequence": 10,
            },
        )
        self.outgoing("out_draft_s", "secret")
        self.outgoing("out_review_n", until="in_review")
        self.outgoing("out_review_s", "secret", until="in_review")
        self.outgoing("out_tosign_n", until="to_sign")
        self.outgoing("out_signed_n", until="signed")
        self.outgoing("out_signed_s", "secret", until="signed")
        self.outgoing("out_sent_n", until="sent")
        self.outgoing("memo_sent_n", until="sent", direction="internal")
        # sent back by the first reviewer: a draft again, with a rejected line
        back = self.outgoing("out_back_n", until="in_review")
        a["user2"]("surat.letter", "write", [back], {"reject_reason": "Adv: rewrite"})
        a["user2"]("surat.letter", "action_reject", [back])
        cancelled = self.outgoing("out_cancel_n", until="to_sign")
        a["user"]("surat.letter", "write", [cancelled], {"cancel_reason": "Adv: obsolete"})
        a["user"]("surat.letter", "action_cancel", [cancelled])
        for label, letter_id in list(self.records["surat.letter"].items()):
            for index, (review_id,) in enumerate(
                self.db.query(
                    "SELECT id FROM surat_letter_review WHERE letter_id = %s ORDER BY sequence, id",
                    (letter_id,),
                )
            ):
                self._add("surat.letter.review", f"rv_{label}_{index + 1}", review_id)

    def _build_marked(self):
        """Secret letters whose subject holds the marker; no probing user is involved."""
        a, m = self.a, self.marker
        s_in = self.incoming(
            "mk_in_s", "secret", registrar=self.registrar2, subject=f"Adv {m} intelligence"
        )
        self.secret_marked["mk_in_s"] = s_in
        self.dispose(s_in, self.sandistik.uid)
        # its history holds the marker: a tracked correction of the subject
        a["head"]("surat.letter", "write", [s_in], {"subject": f"Adv {m} intelligence report"})
        # pointers to it from readable records
        reply = a["head"](
            "surat.letter",
            "create",
            {
                "direction": "outgoing",
                "subject": f"Adv reply {self.tag}",
                "reply_to_id": s_in,
            },
        )
        self._add("surat.letter", "mk_reply_n", reply)
        reply2 = a["head"](
            "surat.letter",
            "create",
            {
                "direction": "outgoing",
                "subject": f"Adv reply two {self.tag}",
            },
        )
        self._add("surat.letter", "mk_reply2_n", reply2)
        a["head"]("surat.letter", "write", [reply2], {"reply_to_id": s_in})
        # mail around it: a follower, a mention, an activity of probing users
        user_partner = self.db.value(
            "SELECT partner_id FROM res_users WHERE id = %s", (self.uids["user"],)
        )
        self.try_build(a["head"], "surat.letter", "message_subscribe", [s_in], [user_partner])
        self.try_build(
            a["head"],
            "surat.letter",
            "message_post",
            [s_in],
            body=f"Adv note {m}",
            partner_ids=[user_partner],
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )
        model_id = self.db.value("SELECT id FROM ir_model WHERE model = 'surat.letter'")
        self.try_build(
            a["head"],
            "mail.activity",
            "create",
            {
                "res_model_id": model_id,
                "res_id": s_in,
                "user_id": self.uids["user"],
                "summary": f"Adv todo {m}",
            },
        )
        # a signed secret letter: its verification token exists
        s_out = a["head"](
            "surat.letter",
            "create",
            {
                "direction": "outgoing",
                "subject": f"Adv {m} signed",
                "body": "<p>x</p>",
                "classification_id": self.classification,
                "security_level": "secret",
            },
        )
        self.secret_marked["mk_out_s"] = s_out
        a["head"]("surat.letter", "action_submit", [s_out])
        a["head"]("surat.letter", "action_sign", [s_out])
        # a finished secret letter, filed by the head: the archivist sees the file
        s_done = self.incoming(
            "mk_done_s", "secret", registrar=self.registrar2, subject=f"Adv {m} closed"
        )
        self.secret_marked["mk_done_s"] = s_done
        a["head"]("surat.letter", "action_done", [s_done])
        # the head files it into a file the archivist opened
        target = self.file_letters(
            [self.cancelled_letter("ar_secret")], a["archivist"], close=False
        )
        self.records["surat.archive.file"]["f_secret"] = self.file_letters(
            [s_done], a["head"], close=False, target=target
        )
        for label in ("mk_in_s", "mk_out_s", "mk_done_s"):
            self.records["surat.letter"][label] = self.secret_marked[label]

    def try_build(self, actor, model, method, *args, **kwargs):
        outcome = attempt(actor, model, method, list(args), kwargs)
        if outcome[0] != "ok":
            self.notes.append(f"build: {model}.{method} as {actor.login}: {outcome[1:]}")
        return outcome

    def _build_shares(self):
        a = self.a
        statistik = self.db.value("SELECT id FROM res_users WHERE login = 'kasi.statistik'")
        wizard = a["head"](
            "surat.letter.share.wizard",
            "create",
            {
                "letter_id": self.records["surat.letter"]["in_reg_s"],
                "user_ids": [(6, 0, [statistik])],
                "reason": "Adv: needs it",
            },
        )
        a["head"]("surat.letter.share.wizard", "action_confirm", [wizard])
        wizard = a["user"](
            "surat.letter.share.wizard",
            "create",
            {
                "letter_id": self.records["surat.letter"]["out_draft_n"],
                "user_ids": [(6, 0, [statistik])],
                "reason": "Adv: for info",
            },
        )
        a["user"]("surat.letter.share.wizard", "action_confirm", [wizard])
        wizard = a["head"](
            "surat.letter.share.wizard",
            "create",
            {
                "letter_id": self.records["surat.letter"]["in_reg_n"],
                "user_ids": [(6, 0, [statistik])],
                "reason": "Adv: temporary",
            },
        )
        a["head"]("surat.letter.share.wizard", "action_confirm", [wizard])
        rows = self.db.query(
            "SELECT s.id, l.id FROM surat_letter_share s JOIN surat_letter l "
            "ON l.id = s.letter_id WHERE s.user_id = %s ORDER BY s.id",
            (statistik,),
        )
        labels = {v: k for k, v in self.records["surat.letter"].items()}
        for share_id, letter_id in rows:
            if letter_id in labels:
                self._add("surat.letter.share", f"sh_{labels[letter_id]}", share_id)
        revoked = self.records["surat.letter.share"]["sh_in_reg_n"]
        a["head"]("surat.letter.share", "action_revoke", [revoked])

    # archive ----------------------------------------------------------------
    def file_letters(self, letters, actor, classification=None, close=True, target=None):
        vals = {
            "mode": "file",
            "letter_ids": [(6, 0, letters)],
            "create_new": not target,
            "classification_id": classification or self.classification,
            "year": 2026,
            "description": f"Adv file {self.tag}",
        }
        if target:
            vals["file_id"] = target
        wizard = actor("surat.archive.filing", "create", vals)
        action = actor("surat.archive.filing", "action_confirm", [wizard])
        file_id = action["res_id"]
        if close:
            actor("surat.archive.file", "action_close", [file_id])
        return file_id

    def cancelled_letter(self, label):
        letter = self.incoming(label, register=False)
        reg = self.a["registrar"]
        reg("surat.letter", "write", [letter], {"cancel_reason": "Adv: for the archive"})
        reg("surat.letter", "action_cancel", [letter])
        return letter

    def _build_archive(self):
        a = self.a
        arch = a["archivist"]
        classes = {}
        for key, final, inactive in (
            ("destroy", "destroy", 1),
            ("inactive", "destroy", 5),
            ("permanent", "permanent", 1),
        ):
            classes[key] = arch(
                "surat.classification",
                "create",
                {
                    "code": f"ADV.{key}.{self.tag}",
                    "name": f"Adv {key}",
                    "retention_active_years": 1,
                    "retention_inactive_years": inactive,
                    "final_disposition": final,
                    "retention_note": "After the event",
                },
            )
        self._add(
            "surat.archive.location",
            "loc",
            arch(
                "surat.archive.location",
                "create",
                {
                    "building": f"Adv building {self.tag}",
                    "room": "1",
                },
            ),
        )
        files = self.records["surat.archive.file"]
        files["f_open"] = self.file_letters([self.cancelled_letter("ar_open")], arch, close=False)
        files["f_closed"] = self.file_letters(
            [self.cancelled_letter("ar_closed")], arch, classes["destroy"]
        )
        long_ago = str(datetime.date.today() - datetime.timedelta(days=365 * 3))
        recently = str(datetime.date.today() - datetime.timedelta(days=500))
        for label, key, event in (
            ("f_inactive", "inactive", recently),
            ("f_permanent", "permanent", long_ago),
            ("f_destroy_draft", "destroy", long_ago),
            ("f_destroy_prop", "destroy", long_ago),
            ("f_destroy_appr", "destroy", long_ago),
            ("f_destroyed", "destroy", long_ago),
            ("f_review", "destroy", long_ago),
        ):
            files[label] = self.file_letters(
                [self.cancelled_letter(f"ar_{label}")], arch, classes[key]
            )
            arch("surat.archive.file", "write", [files[label]], {"event_date": event})
        arch("surat.archive.file", "action_run_lifecycle", [])
        life = self.db.value(
            "SELECT disposal_id FROM surat_archive_disposal_file_rel WHERE file_id = %s",
            (files["f_destroy_draft"],),
        )
        disposals = self.records["surat.archive.disposal"]
        disposals["dp_draft"] = life
        arch(
            "surat.archive.disposal",
            "write",
            [life],
            {"file_ids": [(6, 0, [files["f_destroy_draft"]])]},
        )
        head = a["head"]
        for label, file_label, steps in (
            ("dp_proposed", "f_destroy_prop", ()),
            ("dp_approved", "f_destroy_appr", ("approve",)),
            ("dp_done", "f_destroyed", ("approve", "destroy")),
            ("dp_rejected", "f_review", ("reject",)),
        ):
            disposal = arch(
                "surat.archive.disposal",
                "create",
                {
                    "file_ids": [(6, 0, [files[file_label]])],
                    "note": "Adv",
                },
            )
            disposals[label] = disposal
            arch("surat.archive.disposal", "action_propose", [disposal])
            for step in steps:
                if step == "approve":
                    head("surat.archive.disposal", "action_approve", [disposal])
                elif step == "destroy":
                    arch("surat.archive.disposal", "action_destroy", [disposal])
                else:
                    head("surat.archive.disposal", "write", [disposal], {"reject_reason": "No"})
                    head("surat.archive.disposal", "action_reject", [disposal])
        transfers = self.records["surat.archive.transfer"]
        transfers["tr_done"] = self.db.value(
            "SELECT transfer_id FROM surat_archive_transfer_file_rel WHERE file_id = %s",
            (files["f_inactive"],),
        )
        arch("surat.archive.transfer", "action_confirm", [transfers["tr_done"]])
        transfers["tr_draft"] = self.db.value(
            "SELECT t.id FROM surat_archive_transfer t JOIN surat_archive_transfer_file_rel r "
            "ON r.transfer_id = t.id WHERE r.file_id = %s AND t.transfer_type = 'handover'",
            (files["f_permanent"],),
        )
        for model, labels in (("surat.archive.file", files), ("surat.archive.disposal", disposals)):
            missing = [k for k, v in labels.items() if not v]
            assert not missing, f"the archive flows did not produce {model} {missing}"

    def heal(self):
        """Put back the original bytes of the files rotted for the fixity check."""
        for path, original in self.rotted:
            path.write_bytes(original)
        self.rotted = []

    def _build_fixity(self):
        """A file that rots on disk, found by the fixity check (admin runs the cron)."""
        letter = self.records["surat.letter"]["in_reg_n"]
        store = self.db.value(
            "SELECT store_fname FROM ir_attachment WHERE res_model = 'surat.letter' "
            "AND res_id = %s AND res_field = 'scan_file'",
            (letter,),
        )
        path = filestore_dir() / store if store else None
        if not path or not path.exists():
            self.notes.append("fixity: no local filestore, no fixity issue built")
            return
        self.rotted.append((path, path.read_bytes()))
        path.write_bytes(PDF + b"% bit rot\n")
        cron = self.admin(
            "ir.model.data", "check_object_reference", "surat_menyurat", "ir_cron_surat_fixity"
        )[1]
        self.admin("ir.cron", "method_direct_trigger", [cron])
        issue = self.db.value(
            "SELECT id FROM surat_fixity_issue WHERE letter_id = %s ORDER BY id DESC LIMIT 1",
            (letter,),
        )
        if issue:
            self._add("surat.fixity.issue", "fx_open", issue)


# ---------------------------------------------------------------------------
# Values: of the right type, different from the current one
# ---------------------------------------------------------------------------
class Values:
    def __init__(self, world, fields_by_model):
        self.world = world
        self.db = world.db
        self.fields = fields_by_model
        self.counter = itertools.count(1)
        letters = world.records["surat.letter"]
        uids = world.uids
        statistik = self.db.value("SELECT id FROM res_users WHERE login = 'kasi.statistik'")
        # pointer targets everyone of the agency may read
        self.preferred = {
            "surat.letter": [letters["in_reg_n"], letters["in_done_n"]],
            "surat.disposition": [
                world.records["surat.disposition"]["d_sent"],
                world.records["surat.disposition"]["d_read"],
            ],
            "surat.archive.file": [
                world.records["surat.archive.file"]["f_open"],
                world.records["surat.archive.file"]["f_closed"],
            ],
            "res.users": [statistik, uids["user"], uids["user2"]]
            + [
                r[0]
                for r in self.db.query(
                    "SELECT u.id FROM res_users u JOIN hr_employee e ON e.user_id = u.id "
                    "WHERE u.active AND u.company_id = %s AND u.id != %s ORDER BY u.id",
                    (world.company, statistik),
                )
            ],
            "res.company": [world.company, world.other_company],
        }
        self._ids = {}

    def candidates(self, comodel):
        if comodel in self.preferred:
            return self.preferred[comodel]
        if comodel not in self._ids:
            table = comodel.replace(".", "_")
            has_company = self.db.value(
                "SELECT 1 FROM information_schema.columns WHERE table_name = %s "
                "AND column_name = 'company_id'",
                (table,),
            )
            where = (
                f"WHERE company_id = {int(self.world.company)} OR company_id IS NULL"
                if has_company
                else ""
            )
            self._ids[comodel] = [
                r[0]
                for r in self.db.query(
                    f'SELECT id FROM "{table}" {where} ORDER BY id DESC LIMIT 3'  # noqa: S608
                )
            ]
        return self._ids[comodel]

    def current(self, model, rec_id, name, row):
        info = self.fields[model][name]
        if info["type"] == "many2many":
            return self.db.m2m_ids(model, name, rec_id)
        if info["type"] == "one2many":
            inverse = self.db.inverse(model, name)
            return self.db.o2m_ids(info["relation"], inverse, rec_id, model)
        return row.get(name) if row else None

    def different(self, model, name, current, exclude_ids=()):
        """A value of the field's type that differs from `current` (None: no such value)."""
        info = self.fields[model][name]
        kind = info["type"]
        n = next(self.counter)
        if kind in ("char", "text"):
            if name == "verify_token":
                return f"advtoken{uuid.uuid4().hex}"
            return f"adv-{name}-{n}"
        if kind == "html":
            return f"<p>adv {name} {n}</p>"
        if kind == "json":
            return {"adv": f"{name}-{n}"}
        if kind == "integer":
            return (current or 0) + 7
        if kind in ("float", "monetary"):
            return (current or 0) + 1.5
        if kind == "boolean":
            return not current
        if kind == "selection":
            options = [key for key, _label in info["selection"] if key != current and key]
            return options[0] if options else None
        if kind == "date":
            value = datetime.date.today() - datetime.timedelta(days=400 + n % 50)
            return str(value)
        if kind == "datetime":
            value = datetime.datetime.now() - datetime.timedelta(days=400 + n % 50)
            return value.strftime("%Y-%m-%d %H:%M:%S")
        if kind == "binary":
            return OTHER_PDF_B64
        ids = self.candidates(info["relation"])
        if info["relation"] != model:
            exclude_ids = ()
        if kind == "many2one":
            choices = [i for i in ids if i != current and i not in exclude_ids]
            return choices[0] if choices else None
        current = set(current or ())
        if kind == "many2many":
            choices = [i for i in ids if i not in current]
            return [(4, choices[0])] if choices else [(6, 0, [])]
        if kind == "one2many":
            choices = [i for i in self.other_children(model, name, current)]
            if choices:
                return [(4, choices[0])]
            return [(3, min(current))] if current else None
        return None

    def other_children(self, model, name, current):
        info = self.fields[model][name]
        table = info["relation"].replace(".", "_")
        rows = self.db.query(
            f'SELECT id FROM "{table}" ORDER BY id DESC LIMIT 5'  # noqa: S608
        )
        return [r[0] for r in rows if r[0] not in current]


# ---------------------------------------------------------------------------
# The matrix
# ---------------------------------------------------------------------------
class Tally:
    """Cells tried, leaks, unexpected refusals and unclean errors, thread-safe."""

    def __init__(self):
        self.lock = threading.Lock()
        self.counts = Counter()
        self.leaks = []
        self.unexpected = []
        self.errors = []
        self.by_kind = Counter()

    def add(self, kind, key=None, detail=None):
        with self.lock:
            self.counts[kind] += 1
            if key:
                self.by_kind[key] += 1
            if kind == "leak":
                self.leaks.append(detail)
            elif kind == "unexpected":
                self.unexpected.append(detail)
            elif kind == "error":
                self.errors.append(detail)

    @property
    def cells(self):
        return sum(self.by_kind.values())


def run_cells(sessions_factory, cells, tally, threads=8):
    """Run cells grouped by role, one thread (and one session) per role."""
    by_role = defaultdict(list)
    for cell in cells:
        by_role[cell["role"]].append(cell)
    roles = sorted(by_role)
    # split the largest roles so that every worker stays busy
    chunks = []
    for role in roles:
        items = by_role[role]
        parts = max(1, round(len(items) / max(1, len(cells) / threads)))
        size = -(-len(items) // parts)
        chunks.extend((role, items[i : i + size]) for i in range(0, len(items), size))

    def work(chunk):
        role, items = chunk
        actor = sessions_factory(role)
        for cell in items:
            judge(actor, cell, tally)

    with ThreadPoolExecutor(max_workers=threads) as pool:
        list(pool.map(work, chunks))


def judge(actor, cell, tally):
    """Try one forbidden cell: success is a leak, a refusal must be clean."""
    outcome = attempt(actor, cell["model"], cell["method"], cell["args"], cell["kwargs"])
    key = f"{cell['kind']}:{cell['model']}"
    describe = (
        f"{cell['kind']} {cell['model']}[{cell.get('label')}].{cell.get('field')} "
        f"as {cell['role']} ctx={cell.get('ctx')}"
    )
    if outcome[0] == "ok":
        tally.add("leak", key, f"{describe}: succeeded (vals={cell.get('show')})")
        if cell.get("on_leak"):
            cell["on_leak"](actor, outcome[1])
    elif outcome[0] == "error":
        tally.add("error", key, f"{describe}: {outcome[1]}")
    else:
        tally.add("refused", key)
        marker = getattr(tally, "marker", None)
        if marker and marker.lower() in outcome[2].lower():
            tally.add("leak", None, f"{describe}: the refusal names the secret subject")


def kwargs_for(ctx_name):
    ctx = context_variant(ctx_name)
    return {"context": ctx} if ctx else {}


def os_int(name, default):
    return int(os.environ.get(name, default))


# ---------------------------------------------------------------------------
# Cells: write, create and unlink of every stored field, role, record, state
# ---------------------------------------------------------------------------
VARIANTS = (None, *CONTEXT_KEYS, "ALL")
# Archive letters all look alike (cancelled, normal): two of them are enough.
SKIP_LABELS = {
    "ar_f_inactive",
    "ar_f_permanent",
    "ar_f_destroy_draft",
    "ar_f_destroy_prop",
    "ar_f_destroy_appr",
    "ar_f_destroyed",
    "ar_f_review",
    "ar_secret",
}


# Workflow fields also tried through copy(default=...) and web_save.
OTHER_PATH_FIELDS = ("state", "verify_token", "access_user_ids")


class Matrix:
    """Generates the forbidden cells from the policy and the ground truth."""

    def __init__(self, world, attempts=1, unlink_attempts=3):
        self.unlink_attempts = unlink_attempts
        self.world = world
        self.db = world.db
        self.policy = world.policy
        self.attempts = attempts
        admin = world.admin
        self.fields = {}
        for model in self.policy.POLICY:
            info = admin(
                model,
                "fields_get",
                attributes=[
                    "type",
                    "store",
                    "relation",
                    "selection",
                    "required",
                ],
            )
            self.fields[model] = {
                name: spec
                for name, spec in info.items()
                if spec.get("store") and name not in MAGIC_FIELDS
            }
        self.values = Values(world, self.fields)
        self.rotation = Counter()
        self.allowed = Counter()
        self.skipped = Counter()
        self.defaults = {}

    def variants(self, key, count=None):
        """The next `count` contexts of the rotation (no context, each key, all keys)
        for this key: over the records and roles, every field meets every context."""
        count = count or self.attempts
        start = self.rotation[key]
        self.rotation[key] += count
        return [VARIANTS[(start + i) % len(VARIANTS)] for i in range(min(count, len(VARIANTS)))]

    def records(self, model):
        seen, result = set(), []
        for label, rec_id in self.world.records[model].items():
            if rec_id and rec_id not in seen and label not in SKIP_LABELS:
                seen.add(rec_id)
                result.append((label, rec_id))
        return result

    def write_cells(self):
        cells = []
        world, db, P = self.world, self.db, self.policy
        for model, policy in P.POLICY.items():
            system = policy["system"]
            for label, rec_id in self.records(model):
                row = db.row(model, rec_id)
                keys = db.state_keys(model, rec_id)
                currents = {
                    name: self.values.current(model, rec_id, name, row)
                    for name in self.fields[model]
                }
                for role in world.ROLES:
                    uid = world.uids[role]
                    roles = db.record_roles(model, rec_id, uid)
                    writable = P.writable_fields(model, keys, roles)
                    for name in self.fields[model]:
                        if name not in system and name in writable:
                            self.allowed[f"write:{model}"] += 1
                            continue
                        value = self.values.different(
                            model, name, currents[name], exclude_ids=(rec_id,)
                        )
                        if value is None:
                            self.skipped[f"write:{model}.{name}"] += 1
                            continue
                        for ctx in self.variants((model, name)):
                            cells.append(
                                {
                                    "kind": "write",
                                    "model": model,
                                    "label": label,
                                    "field": name,
                                    "role": role,
                                    "ctx": ctx,
                                    "method": "write",
                                    "args": [[rec_id], {name: value}],
                                    "kwargs": kwargs_for(ctx),
                                    "show": value,
                                    "roles": sorted(roles),
                                    "keys": keys,
                                }
                            )
                    if model == "surat.letter":
                        cells += self.other_path_cells(label, rec_id, role, roles, keys, currents)
                    if not P.may_unlink(model, keys, roles):
                        for ctx in self.variants((model, "unlink"), self.unlink_attempts):
                            cells.append(
                                {
                                    "kind": "unlink",
                                    "model": model,
                                    "label": label,
                                    "role": role,
                                    "ctx": ctx,
                                    "method": "unlink",
                                    "args": [[rec_id]],
                                    "kwargs": kwargs_for(ctx),
                                    "roles": sorted(roles),
                                    "keys": keys,
                                }
                            )
                    else:
                        self.allowed[f"unlink:{model}"] += 1
        return cells

    def other_path_cells(self, label, rec_id, role, roles, keys, currents):
        """The same workflow fields through copy(default=...) and web_save."""
        cells = []
        statistik = self.values.preferred["res.users"][0]
        # a copy is a new draft: its value must differ from what a copy holds anyway
        copy_values = {
            "state": "signed",
            "verify_token": f"advtoken{uuid.uuid4().hex}",
            "access_user_ids": [(4, statistik)],
        }
        for name in OTHER_PATH_FIELDS:
            value = self.values.different("surat.letter", name, currents[name])
            for method, args, extra in (
                ("copy", [[rec_id]], {"default": {name: copy_values[name]}}),
                ("web_save", [[rec_id], {name: value}], {"specification": {}}),
            ):
                ctx = self.variants(("surat.letter", name, method))[0]
                cells.append(
                    {
                        "kind": method,
                        "model": "surat.letter",
                        "label": label,
                        "field": name,
                        "role": role,
                        "ctx": ctx,
                        "method": method,
                        "args": args,
                        "kwargs": dict(kwargs_for(ctx), **extra),
                        "show": copy_values[name] if method == "copy" else value,
                        "roles": sorted(roles),
                        "keys": keys,
                        "on_leak": self.cleanup("surat.letter") if method == "copy" else None,
                    }
                )
        return cells

    def base_vals(self, model, role):
        """Values a role would give to create a valid record of the model."""
        w = self.world
        letters = w.records["surat.letter"]
        if model == "surat.letter":
            if role == "registrar":
                return {"direction": "incoming", "subject": f"Adv create {w.tag}"}
            return {"direction": "outgoing", "subject": f"Adv create {w.tag}"}
        if model == "surat.disposition":
            return {"letter_id": letters["in_reg_n"], "user_id": w.uids["user"]}
        if model == "surat.letter.review":
            return {"letter_id": letters["out_draft_n"], "user_id": w.uids["user2"]}
        if model == "surat.archive.file":
            return {"classification_id": w.classification, "year": 2026}
        if model == "surat.letter.share":
            return {"letter_id": letters["in_reg_n"], "user_id": w.uids["user2"], "reason": "Adv"}
        if model == "surat.fixity.issue":
            return {"letter_id": letters["in_reg_n"], "file_name": "x.pdf"}
        return {}

    def role_defaults(self, actor, model):
        key = (actor.role, model)
        if key not in self.defaults:
            outcome = attempt(actor, model, "default_get", [list(self.fields[model])], {})
            self.defaults[key] = outcome[1] if outcome[0] == "ok" else {}
        return self.defaults[key]

    def create_cells(self, sessions):
        cells = []
        world, P = self.world, self.policy
        for model in P.POLICY:
            for role in world.ROLES:
                groups = self.db.group_roles(world.uids[role])
                creatable = P.creatable_fields(model, groups)
                base = self.base_vals(model, role)
                defaults = self.role_defaults(sessions[role], model)
                base_ok = all(name in creatable for name in base)
                for name in self.fields[model]:
                    if base_ok and name in creatable:
                        self.allowed[f"create:{model}"] += 1
                        continue
                    value = self.values.different(model, name, defaults.get(name))
                    if value is None:
                        self.skipped[f"create:{model}.{name}"] += 1
                        continue
                    vals = dict(base, **{name: value})
                    for ctx in self.variants((model, name, "create")):
                        cells.append(
                            {
                                "kind": "create",
                                "model": model,
                                "label": "new",
                                "field": name,
                                "role": role,
                                "ctx": ctx,
                                "method": "create",
                                "args": [vals],
                                "kwargs": kwargs_for(ctx),
                                "show": value,
                                "on_leak": self.cleanup(model),
                            }
                        )
        return cells

    def cleanup(self, model):
        def remove(actor, new_id):
            ids = new_id if isinstance(new_id, list) else [new_id]
            attempt(actor, model, "unlink", [ids], {})

        return remove


# ---------------------------------------------------------------------------
# A default slipped in through the context never lands in a forbidden field
# ---------------------------------------------------------------------------
def default_context_cells(world, matrix, tally):
    """Create with ``default_<field>`` in the context for each field the role may
    not give: the new record must not carry that value."""
    db, P, a = world.db, world.policy, world.a
    letters = world.records["surat.letter"]
    # throwaway parents: the creates below add children to them

    def new_scratch():
        return a["user"](
            "surat.letter",
            "create",
            {"direction": "outgoing", "subject": f"Adv scratch {world.tag}"},
        )

    reg = world.incoming("scratch_reg")
    plans = [
        ("surat.letter", "user", {"direction": "outgoing", "subject": "Adv default"}),
        ("surat.letter", "registrar", {"direction": "incoming", "subject": "Adv default"}),
        # a new draft for each review line: the paraf chain refuses the same reviewer twice
        (
            "surat.letter.review",
            "user",
            lambda: {"letter_id": new_scratch(), "user_id": world.uids["user2"]},
        ),
        (
            "surat.archive.file",
            "archivist",
            {"classification_id": world.classification, "year": 2026},
        ),
        ("surat.archive.disposal", "archivist", {"note": "Adv default"}),
        ("surat.archive.transfer", "archivist", {"note": "Adv default"}),
        ("surat.disposition", "head", {"letter_id": reg, "user_id": world.uids["user"]}),
    ]
    del letters

    def make(base):
        return base() if callable(base) else dict(base)

    def discard(actor, model, record_id):
        attempt(actor, model, "unlink", [[record_id]], {})
        if model == "surat.disposition":
            # kept (never deleted): withdrawn, so the next one to the same person is not
            # "the same disposition twice"
            attempt(actor, model, "action_cancel", [[record_id]], {})

    for model, role, base in plans:
        actor = a[role]
        groups = db.group_roles(actor.uid)
        creatable = P.creatable_fields(model, groups)
        # what a record created without the context holds: the value to differ from
        sample = make(base)
        control = actor(model, "create", sample)
        natural = db.row(model, control)
        discard(actor, model, control)
        for name, info in matrix.fields[model].items():
            if name in creatable or name in sample or info["type"] in ("one2many", "many2many"):
                continue
            value = matrix.values.different(model, name, natural.get(name))
            if value is None or info["type"] == "binary":
                continue
            ctx = {f"default_{name}": value}
            key = f"create-default:{model}"
            outcome = attempt(actor, model, "create", [make(base)], {"context": ctx})
            if outcome[0] == "error":
                tally.add("error", key, f"create {model} as {role} ctx={ctx}: {outcome[1]}")
                continue
            if outcome[0] == "refused":
                tally.add(
                    "unexpected",
                    key,
                    f"create {model} as {role} with ctx {ctx} refused: {outcome[2]}",
                )
                continue
            new_id = outcome[1][0] if isinstance(outcome[1], list) else outcome[1]
            stored = db.row(model, new_id).get(name)
            if same_value(info["type"], stored, value):
                tally.add(
                    "leak",
                    key,
                    f"create {model} as {role}: default_{name}={value!r} "
                    "from the context was stored",
                )
            else:
                tally.add("refused", key)
            discard(actor, model, new_id)


def same_value(kind, stored, value):
    if stored is None or stored is False:
        return False
    if kind in ("date", "datetime"):
        return str(stored)[:16] == str(value)[:16]
    if kind in ("html", "text"):
        return str(value).strip("<p>/") in str(stored)
    return stored == value


# ---------------------------------------------------------------------------
# Legitimate work still succeeds (cells the policy allows), values restored
# ---------------------------------------------------------------------------
def legitimate_cells(world):
    """(role, model, label, vals, restore_role): each the policy allows."""
    R = world.records
    uid = world.uids
    location = world.records.get("surat.archive.location", {}).get("loc")
    cells = [
        ("user", "surat.letter", "out_draft_n", {"subject": f"Adv edited {world.tag}"}),
        ("user", "surat.letter", "out_draft_n", {"body": "<p>Adv edited body</p>"}),
        ("user", "surat.letter", "out_draft_n", {"recipient_user_ids": [(6, 0, [uid["user2"]])]}),
        ("registrar", "surat.letter", "in_draft_n", {"letter_number": "ADV/fixed"}),
        ("registrar", "surat.letter", "in_reg_n", {"partner_id": world.other_partner}),
        ("registrar", "surat.letter", "in_prog_n", {"addressee": "Adv Kepala Dinas"}),
        ("head", "surat.letter", "in_reg_n", {"letter_date": str(datetime.date.today())}),
        ("head", "surat.letter", "in_done_n", {"note": "Adv correction"}),
        ("registrar", "surat.letter", "in_reg_n", {"cancel_reason": "Adv maybe"}),
        ("user2", "surat.letter", "out_review_n", {"body": "<p>Adv reviewed</p>"}),
        ("user2", "surat.letter", "out_review_n", {"reject_reason": "Adv: typo"}),
        ("user", "surat.letter", "out_tosign_n", {"dispatch_receipt": "ADV-RCPT"}),
        ("registrar", "surat.letter", "out_signed_n", {"dispatch_receipt": "ADV-RCPT2"}),
        ("user", "surat.letter", "out_signed_n", {"dispatch_channel": "post"}),
        ("user", "surat.disposition", "d_sent", {"report": "Adv report draft"}),
        ("user", "surat.disposition", "d_read_s", {"report": "Adv secret report"}),
        ("user2", "surat.disposition", "d_progress_s", {"report": "Adv progress"}),
        ("head", "surat.disposition", "d_sent", {"note": "Adv please hurry"}),
        ("head", "surat.disposition", "d_reported", {"return_note": "Adv: more detail"}),
        ("user", "surat.letter.review", "rv_out_draft_n_1", {"comment": "Adv check the table"}),
        ("archivist", "surat.archive.file", "f_open", {"description": "Adv edited description"}),
        ("head", "surat.archive.file", "f_open", {"description": "Adv head description"}),
        ("archivist", "surat.archive.file", "f_closed", {"medium": "electronic"}),
        ("archivist", "surat.archive.disposal", "dp_draft", {"note": "Adv note"}),
        ("archivist", "surat.archive.disposal", "dp_proposed", {"external_approval_ref": "ADV"}),
        ("head", "surat.archive.disposal", "dp_proposed", {"reject_reason": "Adv: why"}),
        ("archivist", "surat.archive.transfer", "tr_draft", {"recipient": "Adv archive"}),
    ]
    if location:
        cells.append(("archivist", "surat.archive.file", "f_inactive", {"location_id": location}))
    if R["surat.fixity.issue"].get("fx_open"):
        cells.append(("head", "surat.fixity.issue", "fx_open", {"state": "resolved"}))
        cells.append(("manager", "surat.fixity.issue", "fx_open", {"state": "resolved"}))
    return cells


def legitimate_work(world, matrix, tally, variants=(None, "ALL")):
    """Each allowed cell succeeds; the old value is written back by the same user."""
    a, db = world.a, world.db
    for role, model, label, vals in legitimate_cells(world):
        rec_id = world.records[model][label]
        name = next(iter(vals))
        roles = db.record_roles(model, rec_id, a[role].uid)
        keys = db.state_keys(model, rec_id)
        assert name in world.policy.writable_fields(model, keys, roles), (
            f"curated cell {role} {model}[{label}].{name} is not allowed by the policy "
            f"(roles {sorted(roles)}, state {keys})"
        )
        row = db.row(model, rec_id)
        old = matrix.values.current(model, rec_id, name, row)
        if matrix.fields[model][name]["type"] == "many2many":
            restore = {name: [(6, 0, old)]}
        elif hasattr(old, "isoformat"):
            restore = {
                name: old.isoformat(sep=" ")
                if isinstance(old, datetime.datetime)
                else old.isoformat()
            }
        else:
            restore = {name: old if old is not None else False}
        for ctx in variants:
            key = f"legit-write:{model}"
            what = f"{role} writes {model}[{label}].{name} ctx={ctx}"
            outcome = attempt(a[role], model, "write", [[rec_id], vals], kwargs_for(ctx))
            if outcome[0] != "ok":
                tally.add("unexpected", key, f"{what}: {outcome[1:]}")
                continue
            tally.add("allowed", key)
            back = attempt(a[role], model, "write", [[rec_id], restore], {})
            if back[0] != "ok":
                tally.add("unexpected", key, f"{what}: restoring {restore}: {back[1:]}")
    # raising the level is open to the involved; the head lowers it back
    letter = world.records["surat.letter"]["out_review_n"]
    for role in ("user", "user2"):
        up = attempt(a[role], "surat.letter", "write", [[letter], {"security_level": "secret"}], {})
        down = attempt(
            a["head"], "surat.letter", "write", [[letter], {"security_level": "normal"}], {}
        )
        for what, outcome in ((f"{role} raises the level", up), ("the head lowers it", down)):
            if outcome[0] == "ok":
                tally.add("allowed", "legit-write:surat.letter")
            else:
                tally.add("unexpected", "legit-write:surat.letter", f"{what}: {outcome[1:]}")


def legitimate_lifecycle(world, tally):
    """Creations and deletions the policy allows, on throwaway records."""
    a = world.a

    def step(what, actor, model, method, args, kwargs=None):
        outcome = attempt(actor, model, method, args, kwargs or {})
        key = f"legit-{method}:{model}"
        if outcome[0] == "ok":
            tally.add("allowed", key)
            return outcome[1]
        tally.add("unexpected", key, f"{what}: {outcome[1:]}")
        return None

    for ctx in (None, "ALL"):
        kw = kwargs_for(ctx)
        draft = step(
            "the user drafts a letter",
            a["user"],
            "surat.letter",
            "create",
            [
                {
                    "direction": "outgoing",
                    "subject": f"Adv legit {world.tag}",
                    "body": "<p>x</p>",
                    "summary": "x",
                    "partner_id": world.partner,
                    "classification_id": world.classification,
                    "urgency": "urgent",
                    "security_level": "restricted",
                    "enclosure_count": 2,
                    "recipient_user_ids": [(6, 0, [world.uids["user2"]])],
                }
            ],
            kw,
        )
        if draft:
            line = step(
                "the drafter adds a reviewer",
                a["user"],
                "surat.letter.review",
                "create",
                [
                    {
                        "letter_id": draft,
                        "user_id": world.uids["user2"],
                        "sequence": 5,
                        "comment": "Adv",
                    }
                ],
                kw,
            )
            if line:
                # review lines are history: never deleted, they are edited
                step(
                    "the drafter edits the reviewer's line",
                    a["user"],
                    "surat.letter",
                    "write",
                    [[draft], {"review_ids": [(1, line, {"comment": "Adv 2", "sequence": 6})]}],
                    kw,
                )
            step(
                "the creator deletes his draft", a["user"], "surat.letter", "unlink", [[draft]], kw
            )
        incoming = step(
            "the registrar records an envelope",
            a["registrar"],
            "surat.letter",
            "create",
            [
                {
                    "direction": "incoming",
                    "subject": f"Adv legit in {world.tag}",
                    "partner_id": world.partner,
                    "letter_number": "ADV/1",
                    "scan_file": OTHER_PDF_B64,
                    "scan_filename": "scan.pdf",
                    "receipt_channel": "post",
                    "addressee": "Kepala Dinas",
                }
            ],
            kw,
        )
        if incoming:
            step(
                "the creator deletes his draft",
                a["registrar"],
                "surat.letter",
                "unlink",
                [[incoming]],
                kw,
            )
        other = step(
            "the user drafts a letter",
            a["user"],
            "surat.letter",
            "create",
            [{"direction": "outgoing", "subject": f"Adv legit other {world.tag}"}],
            kw,
        )
        if other:
            step(
                "a manager deletes a draft he may read",
                a["manager"],
                "surat.letter",
                "unlink",
                [[other]],
                kw,
            )
        step(
            "the module manager opens a file",
            a["manager"],
            "surat.archive.file",
            "create",
            [
                {
                    "classification_id": world.classification,
                    "year": 2026,
                    "description": "Adv manager file",
                }
            ],
            kw,
        )
        # archive files are records: opened, never deleted
        new_file = step(
            "the archivist opens a file",
            a["archivist"],
            "surat.archive.file",
            "create",
            [
                {
                    "classification_id": world.classification,
                    "year": 2026,
                    "description": "Adv legit file",
                    "medium": "mixed",
                }
            ],
            kw,
        )
        if new_file:
            step(
                "the archivist describes his file",
                a["archivist"],
                "surat.archive.file",
                "write",
                [[new_file], {"description": "Adv legit file, rak 2"}],
                kw,
            )
        for model in ("surat.archive.disposal", "surat.archive.transfer"):
            new = step(
                "the archivist drafts a record",
                a["archivist"],
                model,
                "create",
                [{"note": "Adv legit"}],
                kw,
            )
            if new:
                step(
                    "the archivist deletes an empty draft",
                    a["archivist"],
                    model,
                    "unlink",
                    [[new]],
                    kw,
                )
        letter = world.incoming(f"legit_disp_{ctx}")
        step(
            "the head disposes",
            a["head"],
            "surat.disposition",
            "create",
            [
                {
                    "letter_id": letter,
                    "user_id": world.uids["user"],
                    "note": "Adv",
                    "deadline": str(datetime.date.today() + datetime.timedelta(days=5)),
                }
            ],
            kw,
        )


# ---------------------------------------------------------------------------
# Name probes: the subject of a secret letter never reaches who may not read it
# ---------------------------------------------------------------------------
PROBE_ROLES = ("user", "user2", "registrar", "archivist", "manager", "admin", "other")


def probe_calls(world):
    """(label, model, method, args, kwargs, must_refuse) of every probe."""
    letters = world.records["surat.letter"]
    s_in, s_out, s_done = (world.secret_marked[k] for k in ("mk_in_s", "mk_out_s", "mk_done_s"))
    marked = [s_in, s_out, s_done]
    reply = letters["mk_reply_n"]
    f_secret = world.records["surat.archive.file"]["f_secret"]
    name_spec = {"fields": {"display_name": {}}}
    calls = []
    # wizards and records that would point to a secret letter: refused
    for letter in marked:
        calls += [
            ("dispose wizard", "surat.letter.dispose", "create", [{"letter_id": letter}], {}, True),
            (
                "share wizard",
                "surat.letter.share.wizard",
                "create",
                [{"letter_id": letter, "user_ids": [(6, 0, [world.uids["user"]])], "reason": "x"}],
                {},
                True,
            ),
            (
                "filing wizard",
                "surat.archive.filing",
                "create",
                [{"letter_ids": [(6, 0, [letter])], "file_id": f_secret}],
                {},
                True,
            ),
            (
                "hold wizard",
                "surat.archive.hold",
                "create",
                [{"letter_id": letter, "reason": "x"}],
                {},
                True,
            ),
            ("fixity issue", "surat.fixity.issue", "create", [{"letter_id": letter}], {}, True),
            (
                "disposition",
                "surat.disposition",
                "create",
                [{"letter_id": letter, "user_id": world.uids["user2"]}],
                {},
                True,
            ),
            (
                "review line",
                "surat.letter.review",
                "create",
                [{"letter_id": letter, "user_id": world.uids["user2"]}],
                {},
                True,
            ),
            (
                "reply link",
                "surat.letter",
                "create",
                [{"direction": "outgoing", "subject": "Adv probe", "reply_to_id": letter}],
                {},
                True,
            ),
            ("reply link", "surat.letter", "write", [[reply], {"reply_to_id": letter}], {}, True),
        ]
        for model, field, extra in (
            ("surat.letter.dispose", "letter_id", {}),
            ("surat.letter.share.wizard", "letter_id", {}),
            ("surat.archive.hold", "letter_id", {}),
        ):
            spec = {field: name_spec}
            if model == "surat.letter.dispose":
                spec["subject"] = {}
            calls.append(
                (
                    f"onchange {model}",
                    model,
                    "onchange",
                    [[], {field: letter, **extra}, [field], spec],
                    {},
                    True,
                )
            )
            calls.append(
                (
                    f"default_get {model}",
                    model,
                    "default_get",
                    [[field, "subject"] if model == "surat.letter.dispose" else [field]],
                    {"context": {f"default_{field}": letter}},
                    False,
                )
            )
        calls.append(("read secret", "surat.letter", "read", [[letter], ["subject"]], {}, True))
        calls.append(
            (
                "web_read secret",
                "surat.letter",
                "web_read",
                [[letter]],
                {"specification": {"display_name": {}}},
                True,
            )
        )
    # readable records pointing to it
    calls += [
        (
            "web_read reply",
            "surat.letter",
            "web_read",
            [[reply]],
            {"specification": {"reply_to_id": name_spec, "display_name": {}}},
            False,
        ),
        ("read reply", "surat.letter", "read", [[reply], ["reply_to_id"]], {}, False),
        (
            "search_read replies",
            "surat.letter",
            "search_read",
            [[("reply_to_id", "!=", False)], ["reply_to_id", "subject"]],
            {},
            False,
        ),
        (
            "web_search_read replies",
            "surat.letter",
            "web_search_read",
            [[("reply_to_id", "!=", False)]],
            {"specification": {"reply_to_id": name_spec, "display_name": {}}},
            False,
        ),
        (
            "read_group replies",
            "surat.letter",
            "read_group",
            [[("reply_to_id", "!=", False)], ["reply_to_id"], ["reply_to_id"]],
            {},
            False,
        ),
        (
            "web_read_group replies",
            "surat.letter",
            "web_read_group",
            [[("reply_to_id", "!=", False)], ["reply_to_id"], ["reply_to_id"]],
            {},
            False,
        ),
        ("name_search marker", "surat.letter", "name_search", [world.marker], {}, False),
        ("name_search Adv", "surat.letter", "name_search", ["Adv"], {"limit": 500}, False),
        (
            "search_read subject",
            "surat.letter",
            "search_read",
            [[("subject", "ilike", world.marker)], ["subject"]],
            {},
            False,
        ),
        (
            "search_read all letters",
            "surat.letter",
            "search_read",
            [[], ["display_name", "reply_to_id", "subject"]],
            {"limit": 1000},
            False,
        ),
        (
            "read_group by subject",
            "surat.letter",
            "read_group",
            [[], ["subject"], ["subject"]],
            {"lazy": True},
            False,
        ),
        (
            "dispositions",
            "surat.disposition",
            "search_read",
            [[], ["letter_id", "subject", "display_name", "parent_id"]],
            {},
            False,
        ),
        (
            "dispositions by letter",
            "surat.disposition",
            "read_group",
            [[], ["letter_id"], ["letter_id"]],
            {},
            False,
        ),
        (
            "reviews",
            "surat.letter.review",
            "search_read",
            [[], ["letter_id", "display_name"]],
            {},
            False,
        ),
        (
            "shares",
            "surat.letter.share",
            "search_read",
            [[], ["letter_id", "display_name"]],
            {},
            False,
        ),
        (
            "files",
            "surat.archive.file",
            "web_read",
            [[f_secret]],
            {"specification": {"letter_ids": name_spec, "display_name": {}}},
            False,
        ),
        ("files read", "surat.archive.file", "read", [[f_secret], ["letter_ids"]], {}, False),
        (
            "access log",
            "surat.access.log",
            "search_read",
            [[], ["letter_id", "display_name"]],
            {},
            False,
        ),
        (
            "fixity issues",
            "surat.fixity.issue",
            "search_read",
            [[], ["letter_id", "display_name"]],
            {},
            False,
        ),
        (
            "messages of it",
            "mail.message",
            "search_read",
            [
                [("model", "=", "surat.letter"), ("res_id", "in", marked)],
                ["record_name", "body", "subject", "tracking_value_ids"],
            ],
            {},
            False,
        ),
        (
            "messages",
            "mail.message",
            "search_read",
            [[("model", "=", "surat.letter")], ["record_name", "body", "res_id"]],
            {"limit": 2000},
            False,
        ),
        (
            "message body",
            "mail.message",
            "search_read",
            [[("body", "ilike", world.marker)], ["record_name", "body"]],
            {},
            False,
        ),
        (
            "needaction",
            "mail.message",
            "search_read",
            [[("needaction", "=", True)], ["record_name", "body"]],
            {},
            False,
        ),
        (
            "messages by record",
            "mail.message",
            "read_group",
            [[("model", "=", "surat.letter")], ["record_name"], ["record_name"]],
            {},
            False,
        ),
        (
            "followers",
            "mail.followers",
            "search_read",
            [[("res_model", "=", "surat.letter")], ["res_id", "display_name", "name"]],
            {},
            False,
        ),
        (
            "notifications",
            "mail.notification",
            "search_read",
            [[], ["mail_message_id", "res_partner_id"]],
            {},
            False,
        ),
        (
            "activities",
            "mail.activity",
            "search_read",
            [[], ["res_name", "summary", "res_id", "res_model", "display_name"]],
            {},
            False,
        ),
        (
            "activity data",
            "mail.activity",
            "get_activity_data",
            [],
            {"res_model": "surat.letter", "domain": []},
            False,
        ),
        (
            "tracking values",
            "mail.tracking.value",
            "search_read",
            [[], ["old_value_char", "new_value_char", "mail_message_id"]],
            {},
            False,
        ),
        (
            "attachments",
            "ir.attachment",
            "search_read",
            [[("res_model", "=", "surat.letter")], ["res_name", "name", "description"]],
            {},
            False,
        ),
    ]
    for letter in [*marked, reply, letters["mk_reply2_n"]]:
        calls += [
            (
                "thread messages",
                "/mail/thread/messages",
                {"thread_model": "surat.letter", "thread_id": letter},
                None,
                None,
                False,
            ),
            (
                "thread data",
                "/mail/thread/data",
                {
                    "thread_model": "surat.letter",
                    "thread_id": letter,
                    "request_list": [
                        "activities",
                        "attachments",
                        "followers",
                        "scheduledMessages",
                        "suggestedRecipients",
                    ],
                },
                None,
                None,
                False,
            ),
        ]
    calls += [
        ("inbox", "/mail/inbox/messages", {}, None, None, False),
        ("history", "/mail/history/messages", {}, None, None, False),
        ("starred", "/mail/starred/messages", {}, None, None, False),
        (
            "systray",
            "/mail/data",
            {"systray_get_activities": True, "failures": True, "init_messaging": {}},
            None,
            None,
            False,
        ),
    ]
    return calls


def name_probes(world, tally, threads=4):
    marker = world.marker.lower()
    calls = probe_calls(world)

    def run(role):
        actor = world.sessions_one(role)
        for label, model, method, args, kwargs, must_refuse in calls:
            key = f"probe:{label}"
            what = f"{role}: {label} ({model} {method if args is not None else ''})"
            try:
                if args is None:
                    body = actor.route(model, method)
                    answer = {}
                else:
                    body, answer = actor.raw(model, method, args, kwargs)
            except (requests.RequestException, ValueError) as error:
                tally.add("error", key, f"{what}: {error}")
                continue
            error = answer.get("error")
            if marker in body.lower():
                tally.add("leak", key, f"{what}: the answer holds the secret subject")
            elif must_refuse and not error:
                tally.add("leak", key, f"{what}: accepted")
                if method == "create":
                    attempt(actor, model, "unlink", [[answer["result"]]], {})
            elif (
                error
                and (error.get("data") or {}).get("name") not in CLEAN_ERRORS
                and (error.get("data") or {}).get("name") != "odoo.exceptions.AccessDenied"
            ):
                tally.add(
                    "error",
                    key,
                    f"{what}: {error.get('data', {}).get('name')} "
                    f"{error.get('data', {}).get('message')}",
                )
            else:
                tally.add("refused" if error else "allowed", key)

    with ThreadPoolExecutor(max_workers=threads) as pool:
        list(pool.map(run, PROBE_ROLES))


# ---------------------------------------------------------------------------
# Access log: no context key lets an opening leave no trace
# ---------------------------------------------------------------------------
def access_log_cells(world, tally):
    letters = world.records["surat.letter"]
    readers = (
        ("user", "in_reg_r"),
        ("user2", "in_reg_r"),
        ("registrar", "in_reg_r"),
        ("archivist", "in_reg_r"),
        ("head", "in_reg_s"),
        ("user", "in_prog_s"),
        ("head", "in_reg_ts"),
    )
    for role, label in readers:
        actor, letter = world.a[role], letters[label]
        for ctx in VARIANTS:
            count = (
                "SELECT count(*) FROM surat_access_log WHERE user_id = %s AND letter_id = %s "
                "AND action = 'open'"
            )
            before = world.db.value(count, (actor.uid, letter))
            outcome = attempt(
                actor,
                "surat.letter",
                "web_read",
                [[letter]],
                dict(kwargs_for(ctx), specification={"subject": {}, "display_name": {}}),
            )
            key = "access-log:surat.letter"
            what = f"{role} opens {label} ctx={ctx}"
            if outcome[0] != "ok":
                tally.add("unexpected", key, f"{what}: {outcome[1:]}")
            elif world.db.value(count, (actor.uid, letter)) != before + 1:
                tally.add("leak", key, f"{what}: no access log row was written")
            else:
                tally.add("allowed", key)
