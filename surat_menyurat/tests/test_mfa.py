"""Two-factor login: the head, registry clerks, archivists and administrators."""

from datetime import datetime, timedelta
from xmlrpc.client import Fault

from odoo import http
from odoo.exceptions import AccessError
from odoo.tests import HttpCase, get_db_name, tagged
from odoo.tests.common import HOST, Opener
from odoo.tools import mute_logger

from .common import SuratCommon

PASSWORD = "Sandi-Uji-2026!"


@tagged("post_install", "-at_install", "surat_mfa")
class TestTwoFactorLogin(SuratCommon, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.surat_mfa_required = True
        cls.company.email = "dinas@uji.example"
        for user in (cls.registrar, cls.staff):
            user.write({"password": PASSWORD, "email": f"{user.login}@uji.example"})

    def _login(self, user):
        """A new browser session posts the login form (as Odoo's own login tests do)."""
        self.session = http.root.session_store.new()
        self.session.update(http.get_default_session(), db=get_db_name())
        self.opener = Opener(self.env.cr)
        self.opener.cookies.set("session_id", self.session.sid, domain=HOST, path="/")
        response = self.url_open(
            "/web/login",
            data={"login": user.login, "password": PASSWORD, "csrf_token": self.csrf_token()},
        )
        response.raise_for_status()
        return response

    def csrf_token(self):
        return http.Request.csrf_token(self)

    def _session_uid(self):
        """The user this browser session is logged in as (None before the login ends)."""
        response = self.url_open(
            "/web/session/get_session_info",
            data="{}",
            headers={"Content-Type": "application/json"},
        )
        return response.json().get("result", {}).get("uid")

    def test_key_roles_need_a_second_factor(self):
        """Key roles get a second factor; plain staff do not; the agency may turn it off."""
        for user in (self.head, self.registrar, self.archivist, self.manager):
            self.assertEqual(user._mfa_type(), "totp_mail", user.login)
        for user in (self.staff, self.kabid, self.secretary):
            self.assertIsNone(user._mfa_type(), user.login)
        # an authenticator app replaces the code by e-mail
        self.head.sudo().totp_secret = "JBSWY3DPEHPK3PXP"
        self.assertEqual(self.head._mfa_type(), "totp")
        # a user cannot turn it off for himself: the setting is the agency's
        with self.assertRaises(AccessError):
            self.registrar.company_id.with_user(self.registrar).surat_mfa_required = False
        self.company.surat_mfa_required = False
        self.assertIsNone(self.registrar._mfa_type())

    def test_login_stops_at_the_second_factor(self):
        """The clerk's password alone opens nothing; the code by e-mail does."""
        response = self._login(self.registrar)
        self.assertEqual(response.request.path_url.split("?")[0], "/web/login/totp")
        # nothing is served before the code
        self.assertFalse(self._session_uid())
        home = self.url_open("/odoo", allow_redirects=False)
        self.assertIn("/web/login", home.headers.get("Location", ""))
        # the code sent by e-mail opens the session
        code, _expiry = self.registrar.sudo()._get_totp_mail_code()
        page = self.url_open(
            "/web/login/totp", data={"totp_token": code, "csrf_token": self.csrf_token()}
        )
        self.assertEqual(page.request.path_url, "/odoo")
        self.assertEqual(self._session_uid(), self.registrar.id)

    def test_plain_staff_log_in_with_the_password(self):
        response = self._login(self.staff)
        self.assertEqual(response.request.path_url, "/odoo")
        self.assertEqual(self._session_uid(), self.staff.id)

    def test_scripts_of_key_roles_use_api_keys(self):
        """Over XML-RPC a key role's password is refused; his API key works."""
        db = get_db_name()
        uid = self.registrar.id
        with (
            self.assertRaisesRegex(Fault, "Access Denied"),
            mute_logger("odoo.http", "odoo.addons.base.models.res_users"),
        ):
            self.xmlrpc_object.execute_kw(db, uid, PASSWORD, "res.users", "read", [uid, ["login"]])
        key = (
            self.env["res.users.apikeys"]
            .with_user(self.registrar)
            ._generate(None, "Pemindai", datetime.now() + timedelta(days=1))
        )
        [result] = self.xmlrpc_object.execute_kw(
            db, uid, key, "res.users", "read", [uid, ["login"]]
        )
        self.assertEqual(result["login"], self.registrar.login)
