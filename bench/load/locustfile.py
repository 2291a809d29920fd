"""A working day of the agency's correspondence, as Locust users (issue 14, "Load held").

Every simulated user logs in like a person (``/web/session/authenticate``) and then
speaks the JSON-RPC of the web client: ``get_views`` once, ``web_search_read`` of the
list views with the list's own fields and ``count_limit=10001``, ``web_read`` of the
forms with the form's fields, ``onchange``/``web_save`` of new records and wizards,
``call_button`` for the buttons, ``name_search`` for the pickers. Between two actions
(one screen: a list, a form, a wizard sent) the user thinks 5-15 s (SURAT_LOAD_THINK).

Roles (``fixed_count``: 32 users in all), demo logins (login = password):
  6 clerks (agendaris) register incoming letters with a 1-5 MB PDF scan;
  1 head of agency (kadis) disposes registered letters to the divisions and accepts
    the division heads' reports;
  4 division heads (kabid.ikp, kabid.aptika, kabid.sandistik, sekretaris) forward
    their dispositions to their staff, accept the staff's reports and report back;
  19 staff (kasi.*, staf.aptika, kasubbag.*) open their inbox, read letters and
    scans, search, and report on their dispositions;
  2 archivists (arsiparis) file finished letters.
Several Locust users share a login, each with its own session; a session claims the
record it acts on, so two sessions of one person never race for the same disposition.
An action whose queue is empty falls back to a read-only screen: an empty queue is not
an error.

Before Locust starts, bench/load_day.py resolves the demo world's ids and seeds every
queue (world.py: letters to dispose, dispositions to forward, to report, to accept,
letters to file) through the same RPC, as the same users, so that a 60-second run
already exercises every request type (``request_types.py``). Settings (environment):
SURAT_LOAD_DB (database), SURAT_LOAD_WORLD (the world's JSON file), SURAT_LOAD_THINK
("5,15" s), SURAT_LOAD_SCAN_MB ("1,5").
"""

import itertools
import json
import os
import random
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

from locust import HttpUser, between, task
from locust.exception import RescheduleTask

sys.path.insert(0, str(Path(__file__).resolve().parent))
import request_types as rt  # noqa: E402
from world import (  # noqa: E402
    CLASSIFICATIONS,
    DIVISIONS,
    OPEN,
    SEARCHES,
    SENDERS,
    STAFF,
    WORLD,
    Rpc,
    letter_values,
    spec_of,
)

DB = os.environ.get("SURAT_LOAD_DB", "")
THINK = tuple(float(x) for x in os.environ.get("SURAT_LOAD_THINK", "5,15").split(","))
SCAN_MB = tuple(float(x) for x in os.environ.get("SURAT_LOAD_SCAN_MB", "1,5").split(","))
# records a session took from a queue shared with other sessions of its login
CLAIMED = set()
# the ids of the demo world, written by bench/load_day.py (world.resolve_world)
WORLD.update(json.loads(Path(os.environ["SURAT_LOAD_WORLD"]).read_text()))


class LocustRpc(Rpc):
    """The same JSON-RPC through Locust's client: each call is one named request, and a
    JSON-RPC error (an Odoo exception) a failure of that request type."""

    def post(self, name, path, params):
        payload = {"jsonrpc": "2.0", "method": "call", "params": params, "id": next(self._ids)}
        with self.session.post(path, json=payload, name=name, catch_response=True) as resp:
            try:
                body = resp.json()
            except ValueError:
                resp.failure("HTTP %s, not JSON" % resp.status_code)
                raise RescheduleTask() from None
            if "error" in body:
                data = body["error"].get("data") or {}
                resp.failure("%s: %s" % (data.get("name"), data.get("message")))
                raise RescheduleTask()
            return body["result"]


# ---------------------------------------------------------------------------
# The users
# ---------------------------------------------------------------------------
class OdooUser(HttpUser):
    """One person's browser session; subclasses list the logins and the actions."""

    abstract = True
    wait_time = between(*THINK)
    logins = ()
    models = ()  # the models whose views this role's screens load
    actions = ()  # (method name, weight)

    def on_start(self):
        cls = type(self)
        if "_counter" not in cls.__dict__:
            cls._counter = itertools.count()
        k = next(cls._counter)
        n = len(self.logins)
        self.login_name = self.logins[k % n]
        self.rpc = LocustRpc(self.client, DB)
        self.rpc.login(self.login_name, self.login_name, rt.LOGIN)
        self.views = {}
        for model, types in self.models:
            result = self.rpc.kw(
                rt.LOAD_VIEWS,
                model,
                "get_views",
                [],
                views=[[False, t] for t in types],
                options={"load_filters": True, "toolbar": True},
            )
            for view_type, view in result["views"].items():
                arch = ET.fromstring(view["arch"])
                self.views[model, view_type] = spec_of(arch, model, result["models"])
        # the first round goes through every action once, each session of a role
        # starting one action further (the actions are listed busiest queue first),
        # so that a short run exercises them all; then the weights decide
        names = [name for name, _weight in self.actions]
        shift = (k // n + k % n) % len(names)
        self.scan_seen = False
        self.first_round = names[shift:] + names[:shift]

    @task
    def act(self):
        if self.first_round:
            name = self.first_round.pop(0)
        else:
            names, weights = zip(*self.actions, strict=True)
            name = random.choices(names, weights)[0]
        getattr(self, name)()

    # -- shared screens ---------------------------------------------------
    def claim(self, ids):
        """One record of the list that no other session took (sessions of one login
        share the work: all the users live in this one process, so the check and the
        claim cannot be interleaved), or None."""
        free = [i for i in ids if i not in CLAIMED]
        if not free:
            return None
        chosen = random.choice(free)
        CLAIMED.add(chosen)
        return chosen

    def list(self, name, model, domain, limit=80, order=""):
        return self.rpc.kw(
            name,
            model,
            "web_search_read",
            [],
            domain=domain,
            specification=self.views[model, "list"],
            offset=0,
            limit=limit,
            order=order,
            count_limit=10001,
        )

    def read_form(self, name, model, record_id):
        return self.rpc.kw(
            name,
            model,
            "web_read",
            [[record_id]],
            specification=self.views[model, "form"],
            context={"bin_size": True},
        )[0]

    def chatter(self, model, record_id):
        self.rpc.post(
            rt.CHATTER,
            "/mail/thread/messages",
            {"thread_model": model, "thread_id": record_id, "limit": 30},
        )

    def home(self):
        self.rpc.kw(rt.HOME, "surat.letter", "surat_home_data")

    def accept_report(self, role):
        """Accept one of the reports sent back on the dispositions this user gave."""
        reports = self.list(
            f"{role}: reports list",
            "surat.disposition",
            [("author_id", "=", self.rpc.uid), ("state", "=", "reported")],
        )
        if not reports["records"]:
            return self.home()
        chosen = random.choice(reports["records"])["id"]
        self.rpc.button(f"{role}: accept report", "surat.disposition", "action_accept", [chosen])

    def wizard(self, prefix, model, action, values):
        """A button that opens a wizard: the action, the wizard's defaults (onchange),
        its save with the user's choices, and its confirm button."""
        context = dict(action.get("context") or {})
        defaults = self.rpc.kw(
            prefix + " (wizard onchange)",
            model,
            "onchange",
            [[], {}, [], self.views[model, "form"]],
            context=context,
        )
        values = values(defaults.get("value") or {})
        saved = self.rpc.kw(
            prefix + " (save wizard)",
            model,
            "web_save",
            [[], values],
            specification={"display_name": {}},
            context=context,
        )
        return self.rpc.button(
            prefix + " (confirm)", model, "action_confirm", [saved[0]["id"]], context=context
        )


LETTER_VIEWS = ("surat.letter", ("list", "form", "search"))
DISPOSITION_VIEWS = ("surat.disposition", ("list", "form", "search"))
DISPOSE_VIEWS = ("surat.letter.dispose", ("form",))
INCOMING = [("direction", "=", "incoming")]


class Clerk(OdooUser):
    fixed_count = 6
    logins = ("agendaris",)
    models = (LETTER_VIEWS,)
    actions = (("register", 3), ("incoming_list", 2), ("home", 1))

    def incoming_list(self):
        self.list("clerk: incoming list", "surat.letter", INCOMING)

    def register(self):
        form = self.views["surat.letter", "form"]
        context = {"default_direction": "incoming"}
        self.rpc.kw(
            "clerk: new letter form (onchange)",
            "surat.letter",
            "onchange",
            [[], {}, [], form],
            context=context,
        )
        senders = self.rpc.kw(
            "clerk: sender name_search",
            "res.partner",
            "name_search",
            [],
            name=random.choice(SENDERS),
            limit=8,
        )
        classes = self.rpc.kw(
            "clerk: classification name_search",
            "surat.classification",
            "name_search",
            [],
            name=random.choice(CLASSIFICATIONS),
            limit=8,
        )
        size = int(random.uniform(*SCAN_MB) * 1024 * 1024)
        vals = letter_values(self.rpc.uid, size)
        leaves = [c[0] for c in classes if c[0] in WORLD["classification"]]
        vals.update(
            partner_id=random.choice(senders)[0] if senders else random.choice(WORLD["partners"]),
            classification_id=leaves[0] if leaves else random.choice(WORLD["classification"]),
            department_id=WORLD["dept"][random.choice(list(DIVISIONS.values()))[0]],
        )
        self.rpc.kw(
            "clerk: scan picked (onchange, duplicate check)",
            "surat.letter",
            "onchange",
            [[], vals, ["scan_file"], form],
            context=context,
        )
        saved = self.rpc.kw(
            "clerk: save letter with scan",
            "surat.letter",
            "web_save",
            [[], vals],
            specification=form,
            context=context,
        )
        self.rpc.button(
            "clerk: register letter", "surat.letter", "action_register", [saved[0]["id"]]
        )


class Head(OdooUser):
    fixed_count = 1
    logins = ("kadis",)
    models = (LETTER_VIEWS, DISPOSITION_VIEWS, DISPOSE_VIEWS)
    actions = (("accept", 2), ("dispose", 4), ("home", 1))

    def dispose(self):
        letters = self.list(
            "head: to-dispose list", "surat.letter", INCOMING + [("state", "=", "registered")]
        )["records"]
        if not letters:
            return self.home()
        letter = random.choice(letters[:10])["id"]
        record = self.read_form("head: open letter", "surat.letter", letter)
        self.chatter("surat.letter", letter)
        # the wizard proposes the letter's processing unit; the head picks one if none
        division = (record.get("department_id") or {}).get("id")
        if division not in WORLD["dept"].values():
            division = WORLD["dept"][random.choice(list(DIVISIONS.values()))[0]]
        action = self.rpc.button(
            "head: dispose (open wizard)", "surat.letter", "action_open_dispose_wizard", [letter]
        )

        def values(defaults):
            return {
                "letter_id": letter,
                "department_ids": [(6, 0, [division])],
                "instruction_ids": [(6, 0, random.sample(WORLD["instructions"], 2))],
                "note": "Mohon ditindaklanjuti sesuai ketentuan.",
                "deadline": defaults.get("deadline"),
            }

        self.wizard("head: dispose", "surat.letter.dispose", action, values)

    def accept(self):
        self.accept_report("head")


class DivisionHead(OdooUser):
    fixed_count = 4
    logins = tuple(DIVISIONS)
    models = (DISPOSITION_VIEWS, DISPOSE_VIEWS, LETTER_VIEWS)
    actions = (("forward", 3), ("accept", 2), ("report_back", 2), ("inbox", 2), ("home", 1))

    def inbox(self, extra=()):
        domain = [
            ("user_id", "=", self.rpc.uid),
            ("state", "in", OPEN),
            ("is_info_copy", "=", False),
            *extra,
        ]
        return self.list("division head: inbox list", "surat.disposition", domain)["records"]

    def open(self, disposition):
        record = self.read_form("division head: open disposition", "surat.disposition", disposition)
        if record["state"] == "sent":
            self.rpc.kw(rt.MARK_READ, "surat.disposition", "action_read", [[disposition]])
        return record

    def forward(self):
        # (a top-secret letter's recipients cannot forward it: docs/access-policy.md)
        todo = self.inbox([("child_ids", "=", False), ("security_level", "!=", "top_secret")])
        if not todo:
            return self.home()
        disposition = random.choice(todo)["id"]
        self.open(disposition)
        action = self.rpc.button(
            "division head: forward (open wizard)",
            "surat.disposition",
            "action_forward",
            [disposition],
        )
        staff = DIVISIONS[self.login_name][1]

        def values(defaults):
            return {
                "letter_id": action["context"]["default_letter_id"],
                "parent_id": disposition,
                "user_ids": [(6, 0, [WORLD["uid"][random.choice(staff)]])],
                "instruction_ids": [(6, 0, random.sample(WORLD["instructions"], 1))],
                "note": "Untuk ditindaklanjuti dan dilaporkan.",
                "deadline": defaults.get("deadline"),
            }

        self.wizard("division head: forward", "surat.letter.dispose", action, values)

    def accept(self):
        self.accept_report("division head")

    def report_back(self):
        ready = self.inbox(
            [
                ("child_ids", "!=", False),
                ("child_ids", "not any", [("state", "not in", ["done", "cancelled"])]),
            ]
        )
        if not ready:
            return self.home()
        disposition = random.choice(ready)["id"]
        self.open(disposition)
        self.rpc.kw(
            "division head: save report",
            "surat.disposition",
            "web_save",
            [[disposition], {"report": "Telah dilaksanakan oleh seksi terkait."}],
            specification=self.views["surat.disposition", "form"],
        )
        self.rpc.button(
            "division head: report back", "surat.disposition", "action_done", [disposition]
        )


class Staff(OdooUser):
    fixed_count = 19
    logins = tuple(STAFF)
    models = (DISPOSITION_VIEWS, LETTER_VIEWS)
    actions = (
        ("report", 2),
        ("inbox", 4),
        ("read_letter", 4),
        ("search", 3),
        ("letters", 3),
        ("home", 2),
    )

    def inbox(self):
        domain = [
            ("user_id", "=", self.rpc.uid),
            ("state", "in", OPEN),
            ("is_info_copy", "=", False),
        ]
        return self.list("staff: inbox list", "surat.disposition", domain)["records"]

    def open(self, disposition):
        record = self.read_form("staff: open disposition", "surat.disposition", disposition)
        if record["state"] == "sent":
            self.rpc.kw(rt.MARK_READ, "surat.disposition", "action_read", [[disposition]])
        return record

    def report(self):
        disposition = self.claim([r["id"] for r in self.inbox()])
        if not disposition:
            return self.letters()
        record = self.open(disposition)
        if any(c["state"] not in ("done", "cancelled") for c in record.get("child_ids") or []):
            return  # what he forwarded is not closed yet: he only looked
        self.rpc.kw(
            "staff: save report",
            "surat.disposition",
            "web_save",
            [[disposition], {"report": "Sudah dilaksanakan, hasil terlampir."}],
            specification=self.views["surat.disposition", "form"],
        )
        self.rpc.button("staff: report back", "surat.disposition", "action_done", [disposition])

    def letters(self):
        return self.list("staff: letter list", "surat.letter", INCOMING)["records"]

    def read_letter(self):
        letters = self.letters()
        if not letters:
            return
        letter = random.choice(letters[:20])["id"]
        record = self.read_form("staff: open letter", "surat.letter", letter)
        self.chatter("surat.letter", letter)
        if record.get("scan_file") and (not self.scan_seen or random.random() < 0.3):
            self.scan_seen = True
            # the form's PDF viewer loads the scan
            url = "/web/content?model=surat.letter&field=scan_file&id=%s" % letter
            with self.client.get(
                url, name="staff: open scan (/web/content)", catch_response=True
            ) as resp:
                if resp.status_code != 200 or not resp.content.startswith(b"%PDF"):
                    resp.failure("HTTP %s, %s" % (resp.status_code, resp.content[:40]))

    def search(self):
        words = random.choice(SEARCHES)
        self.list("search fulltext", "surat.letter", INCOMING + [("fulltext", "ilike", words)])


class Archivist(OdooUser):
    fixed_count = 2
    logins = ("arsiparis",)
    models = (
        LETTER_VIEWS,
        ("surat.archive.filing", ("form",)),
        ("surat.archive.file", ("list", "form", "search")),
    )
    actions = (("file", 3), ("files", 1), ("home", 1))

    def file(self):
        domain = INCOMING + [
            ("file_id", "=", False),
            ("state", "in", ["done", "cancelled"]),
            ("classification_id", "in", WORLD["classification"]),
        ]
        letters = self.list("archivist: letters to file", "surat.letter", domain)["records"]
        letter = self.claim([r["id"] for r in letters])
        if not letter:
            return self.files()
        action = self.rpc.button(
            "archivist: file (open wizard)", "surat.letter", "action_open_filing_wizard", [letter]
        )

        def values(defaults):
            def ref(value):
                return value["id"] if isinstance(value, dict) else value

            vals = {
                "mode": "file",
                "letter_ids": [(6, 0, [letter])],
                "classification_id": ref(defaults.get("classification_id")),
                "year": defaults.get("year"),
            }
            if defaults.get("file_id"):
                vals["file_id"] = ref(defaults["file_id"])
            else:
                vals.update(create_new=True, description=defaults.get("description"))
            return vals

        self.wizard("archivist: file", "surat.archive.filing", action, values)

    def files(self):
        self.list("archivist: archive files list", "surat.archive.file", [])
