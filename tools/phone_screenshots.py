#!/usr/bin/env python3
"""Screenshots of the main phone screens for docs/mobile.md, taken for real.

Headless Chromium at 375x667 with touch, driven over the DevTools protocol
(websocket-client, as Odoo's test browser), against a running server with the
demo data. The head (kadis) has a report to accept: when none waits, the
demo's kabid.sandistik reports back on one of his dispositions through
JSON-RPC first, as he would on his own phone.

    python tools/phone_screenshots.py --url http://localhost:8069 --db surat_demo

Every step waits for its element and for the page to settle: no fixed sleeps.
"""

import argparse
import base64
import http.cookiejar
import io
import json
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import websocket
from PIL import Image

WIDTH, HEIGHT = 375, 667


class Page:
    """One Chromium tab: evaluate, wait for a selector, click, capture."""

    def __init__(self, ws_url):
        self.ws = websocket.create_connection(ws_url, timeout=120, suppress_origin=True)
        self.next_id = 0

    def send(self, method, **params):
        self.next_id += 1
        self.ws.send(json.dumps({"id": self.next_id, "method": method, "params": params}))
        while True:
            message = json.loads(self.ws.recv())
            if message.get("id") == self.next_id:
                if "error" in message:
                    raise RuntimeError("%s: %s" % (method, message["error"]))
                return message.get("result", {})

    def eval(self, expression):
        result = self.send(
            "Runtime.evaluate", expression=expression, awaitPromise=True, returnByValue=True
        )
        if "exceptionDetails" in result:
            raise RuntimeError("%s: %s" % (expression, result["exceptionDetails"]))
        return result["result"].get("value")

    def wait(self, selector, timeout=90):
        """Wait for `selector`, then for the DOM to stay still 500 ms (RPCs, images)."""
        deadline = time.monotonic() + timeout
        while not self.eval("!!document.querySelector(%s)" % json.dumps(selector)):
            if time.monotonic() > deadline:
                raise TimeoutError(selector)
            time.sleep(0.2)  # polling interval, not a wait for the page
        self.eval(
            """new Promise((resolve) => {
                let timer = setTimeout(resolve, 500);
                new MutationObserver(() => {
                    clearTimeout(timer);
                    timer = setTimeout(resolve, 500);
                }).observe(document.body, {subtree: true, childList: true, attributes: true});
                setTimeout(resolve, 15000);
            }).then(() => document.fonts.ready).then(() => true)"""
        )

    def click(self, selector):
        self.wait(selector)
        self.eval("document.querySelector(%s).click()" % json.dumps(selector))

    def goto(self, url):
        """Navigate, and wait until the previous document is gone."""
        self.eval("window.suratOldPage = true")
        self.send("Page.navigate", url=url)
        deadline = time.monotonic() + 60
        while self.eval("!!window.suratOldPage || document.readyState !== 'complete'"):
            if time.monotonic() > deadline:
                raise TimeoutError(url)
            time.sleep(0.2)  # polling interval, not a wait for the page

    def shot(self, path):
        # toasts of what just happened (a report arriving) would hide the screen
        if self.eval(
            "[...document.querySelectorAll('.o_notification_close')]"
            ".map((button) => button.click()).length"
        ):
            self.wait("body:not(:has(.o_notification))")
        data = base64.b64decode(self.send("Page.captureScreenshot", format="png")["data"])
        image = Image.open(io.BytesIO(data)).convert("RGB")
        # 256 colours: a third of the size, text still sharp
        image.quantize(colors=256).save(path, optimize=True)
        print("%s: %d bytes" % (path, path.stat().st_size))


def rpc(opener, url, path, params):
    body = json.dumps({"jsonrpc": "2.0", "method": "call", "params": params}).encode()
    request = urllib.request.Request(url + path, body, headers={"Content-Type": "application/json"})
    reply = json.loads(opener.open(request).read())
    if "error" in reply:
        raise RuntimeError(reply["error"]["data"]["message"])
    return reply["result"]


def call(opener, url, model, method, args, kwargs=None):
    path = "/web/dataset/call_kw/%s/%s" % (model, method)
    params = {"model": model, "method": method, "args": args, "kwargs": kwargs or {}}
    return rpc(opener, url, path, params)


def ensure_report_for_head(url, db):
    """The demo has no report waiting for the head: kabid.sandistik reports one back."""
    opener = urllib.request.build_opener(
        urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
    )
    login = {"db": db, "login": "kadis", "password": "kadis"}
    rpc(opener, url, "/web/session/authenticate", login)
    waiting = call(
        opener,
        url,
        "surat.disposition",
        "search_count",
        [[("author_id.login", "=", "kadis"), ("state", "=", "reported")]],
    )
    if waiting:
        return
    login.update(login="kabid.sandistik", password="kabid.sandistik")
    rpc(opener, url, "/web/session/authenticate", login)
    domain = [("user_id.login", "=", "kabid.sandistik"), ("state", "in", ("read", "sent"))]
    ids = call(opener, url, "surat.disposition", "search", [domain], {"limit": 1})
    report = "Sudah ditindaklanjuti; hasil rapat terlampir di surat."
    call(opener, url, "surat.disposition", "write", [ids, {"report": report}])
    call(opener, url, "surat.disposition", "action_done", [ids])


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_chromium(binary, profile):
    port = free_port()
    process = subprocess.Popen(
        [
            binary,
            "--headless=new",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--disable-extensions",
            "--no-first-run",
            "--no-default-browser-check",
            "--hide-scrollbars",
            "--remote-debugging-address=127.0.0.1",
            "--remote-debugging-port=%d" % port,
            "--user-data-dir=%s" % profile,
            "--window-size=%d,%d" % (WIDTH, HEIGHT),
            "about:blank",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    while True:
        try:
            with urllib.request.urlopen("http://127.0.0.1:%d/json/list" % port) as reply:
                pages = [t for t in json.loads(reply.read()) if t["type"] == "page"]
            if pages:
                return process, pages[0]["webSocketDebuggerUrl"]
        except OSError:
            pass
        if time.monotonic() > deadline:
            process.kill()
            raise TimeoutError("Chromium did not start")
        time.sleep(0.2)  # polling interval while Chromium starts


def login(page, url, db, user):
    page.send("Network.clearBrowserCookies")
    page.goto("%s/web/login?db=%s" % (url, db))
    page.wait("form.oe_login_form")
    payload = json.dumps({"jsonrpc": "2.0", "params": {"db": db, "login": user, "password": user}})
    page.eval(
        "fetch('/web/session/authenticate', {method: 'POST', "
        "headers: {'Content-Type': 'application/json'}, body: %s})"
        ".then((r) => r.json()).then((r) => !!r.result)" % json.dumps(payload)
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", default="http://localhost:8069")
    parser.add_argument("--db", required=True)
    parser.add_argument("--out", default=str(Path(__file__).parent.parent / "docs" / "mobile"))
    parser.add_argument("--chromium", default=shutil.which("chromium") or "chromium")
    args = parser.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    url = args.url.rstrip("/")
    ensure_report_for_head(url, args.db)

    profile = tempfile.mkdtemp(prefix="surat-shots-")
    process, ws_url = start_chromium(args.chromium, profile)
    try:
        page = Page(ws_url)
        page.send("Page.enable")
        page.send("Network.enable")
        page.send(
            "Emulation.setDeviceMetricsOverride",
            width=WIDTH,
            height=HEIGHT,
            deviceScaleFactor=1,
            mobile=True,
        )
        page.send("Emulation.setTouchEmulationEnabled", enabled=True, maxTouchPoints=5)

        login(page, url, args.db, "kadis")
        page.goto(url + "/odoo")
        page.wait(".o_surat_home_tile[data-tile=to_dispose] .o_surat_home_count")
        page.shot(out / "01-home-head.png")

        page.click(".o_surat_home_tile[data-tile=to_dispose]")
        page.click(".o_kanban_record, .o_data_row td.o_data_cell")
        page.wait(".o_form_view .o_surat_dispose_button")
        page.shot(out / "02-letter-to-dispose.png")

        page.click(".o_form_view .o_surat_dispose_button")
        page.wait(".modal .o_field_widget[name=instruction_ids] .form-check")
        page.shot(out / "03-dispose-dialog.png")

        page.goto(url + "/odoo")
        page.click(".o_surat_home_tile[data-tile=reports]")
        page.click(".o_kanban_record, .o_data_row td.o_data_cell")
        page.wait(".o_surat_phone_actions button[name=action_accept]")
        page.shot(out / "04-disposition-big-buttons.png")

        page.click(".o_surat_phone_actions button[name=action_open_return_dialog]")
        page.wait(".modal .o_field_widget[name=return_note] textarea")
        page.shot(out / "05-return-dialog.png")

        page.goto(url + "/odoo/action-surat_menyurat.surat_letter_incoming_action")
        page.wait(".o_kanban_record, .o_data_row")
        page.shot(out / "06-inbox.png")
    finally:
        process.kill()
        process.wait()
        shutil.rmtree(profile, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
