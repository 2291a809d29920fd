"""Browser crawl of the Letters app as each demo role, on a desktop and on a phone.

The crawl (static/src/js/crawl/surat_crawl.js) opens every menu the user sees,
applies each filter and group-by, opens the first record of the list and
switches to each view type; it fails on a client error, a server error (error
dialog, RPC error) or an English source string of this addon left on screen
for a user working in Indonesian. It runs on the demo database (the demo
users, their letters and their language). SURAT_CRAWL_VERBOSE=1 logs each
screen and the texts read.
"""

import json
import logging
import os
import re
from datetime import timedelta
from pathlib import Path

import polib

from odoo import fields
from odoo.tests import HttpCase, tagged

I18N = Path(__file__).parent.parent / "i18n"
ROLES = {
    "clerk": "agendaris",
    "head": "kadis",
    "division head": "kabid.aptika",
    "staff": "staf.aptika",
    "archivist": "arsiparis",
    "manager": "admin",
}
VIEWPORTS = {"desktop": ("1366x768", False), "phone": ("375x667", True)}
# Source strings of the addon that may stay in English on screen, e.g. one the
# addon shares with Odoo core whose Indonesian term core lacks. None so far: a
# string translated to itself in id.po ("Status") is left out already.
ALLOW = set()


def english_strings():
    """The addon's source strings a user in Indonesian must never see as such.

    A string whose Indonesian translation is the same word is left out; the
    text pieces of HTML strings (the help shown by an empty list) are kept.
    """
    translated = {e.msgid: e.msgstr for e in polib.pofile(str(I18N / "id.po"))}
    sources = set(translated)
    sources.update(e.msgid for e in polib.pofile(str(I18N / "surat_menyurat.pot")))
    strings = set()
    for msgid in sources:
        if translated.get(msgid) == msgid:
            continue
        pieces = re.split(r"<[^>]*>", msgid) if "<" in msgid else [msgid]
        for piece in pieces:
            piece = " ".join(piece.split())
            if re.search(r"[A-Za-z]{2}", piece):
                strings.add(piece)
    return sorted(strings)


class _Results(logging.Handler):
    """Keeps the crawl's result lines that the browser writes to the log."""

    def __init__(self):
        super().__init__(logging.INFO)
        self.results = []

    def emit(self, record):
        message = record.getMessage()
        if "surat crawl result " in message:
            self.results.append(json.loads(message.split("surat crawl result ", 1)[1]))


@tagged("post_install", "-at_install", "surat_tour", "surat_crawl")
class TestCrawl(HttpCase):
    def _crawl(self, login, label, english):
        args = {
            "app": "surat_menyurat.surat_menu_root",
            "label": label,
            "english": english,
            "allow": sorted(ALLOW),
            "verbose": bool(os.environ.get("SURAT_CRAWL_VERBOSE")),
        }
        code = "odoo.loader.modules.get('@surat_menyurat/js/crawl/surat_crawl').suratCrawl(%s)"
        code %= json.dumps(args)
        try:
            self.browser_js(
                "/odoo/action-surat_menyurat.surat_home_action",
                code,
                "odoo.isReady === true",
                login=login,
                timeout=300,
                success_signal="surat crawl succeeded",
            )
        except AssertionError as error:
            # the message repeats the code: leave out its list of strings
            raise AssertionError(str(error).replace(code, "suratCrawl()")) from None

    def _records(self):
        """The demo has letters and dispositions; give the other lists a record to open."""
        archivist = self.env.ref("surat_menyurat.demo_user_arsiparis")
        head = self.env.ref("surat_menyurat.demo_user_kadis")
        classification = self.env["surat.classification"].search(
            [("code", "=", "000.5.3.1"), ("company_id", "=", archivist.company_id.id)]
        )
        location = (
            self.env["surat.archive.location"]
            .with_user(archivist)
            .create({"building": "Gedung Arsip", "room": "Ruang 1", "box": "Boks 1"})
        )
        self.env["surat.archive.file"].with_user(archivist).create(
            {
                "classification_id": classification.id,
                "location_id": location.id,
                "description": "Berkas Uji Penjelajahan",
            }
        )
        company = archivist.company_id
        self.env["surat.archive.transfer"].with_user(archivist)._draft_for(company, "transfer")
        self.env["surat.archive.disposal"].with_user(archivist)._draft_for(company)
        today = fields.Date.context_today(head)
        self.env["surat.delegation"].with_user(head).create(
            {
                "delegate_id": self.env.ref("surat_menyurat.demo_user_sekretaris").id,
                "date_from": today + timedelta(days=7),
                "date_to": today + timedelta(days=9),
                "reason": "Perjalanan dinas",
            }
        )

    def test_crawl_every_role_and_viewport(self):
        """Every role, on desktop and phone, goes through every screen of the app cleanly."""
        self.assertTrue(
            self.env.ref("surat_menyurat.demo_user_agendaris", raise_if_not_found=False),
            "the crawl runs on a database with the demo data of surat_menyurat",
        )
        self._records()
        # the strings reach the browser as a public attachment of this test
        # (rolled back with it), not in the code the test log prints
        english = self.env["ir.attachment"].create(
            {
                "name": "surat_crawl_english.json",
                "raw": json.dumps(english_strings()).encode(),
                "mimetype": "application/json",
                "public": True,
            }
        )
        english = "/web/content/%s" % english.id
        handler = _Results()
        # the browser's console lines are logged at INFO under this module's logger
        logger = logging.getLogger(__name__)
        level = logger.level
        logger.setLevel(logging.INFO)
        logger.addHandler(handler)
        failures = []
        try:
            for viewport, (size, touch) in VIEWPORTS.items():
                self.browser_size, self.touch_enabled = size, touch
                for role, login in ROLES.items():
                    user = self.env["res.users"].search([("login", "=", login)])
                    self.assertEqual(user.lang, "id_ID", login)
                    label = "%s/%s" % (role, viewport)
                    try:
                        self._crawl(login, label, english)
                    except AssertionError as error:
                        # go on with the other roles: one report lists every problem
                        failures.append(str(error))
            for result in handler.results:
                logger.info(
                    "crawl %(label)s: %(screens)s screens %(counts)s %(texts)s texts %(seconds)ss",
                    result,
                )
            total = sum(r["screens"] for r in handler.results)
            logger.info("crawl total: %s screens in %s runs", total, len(handler.results))
        finally:
            logger.removeHandler(handler)
            logger.setLevel(level)
        self.assertFalse(failures, "\n\n".join(failures))
        self.assertEqual(len(handler.results), len(ROLES) * len(VIEWPORTS))
        for result in handler.results:
            # the addon's strings reached the browser, which read the screens' text
            self.assertGreater(result["english"], 1000, result)
            self.assertGreater(result["texts"], 100, result)
            self.assertTrue(result["counts"]["records"], result)
