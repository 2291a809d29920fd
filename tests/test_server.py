"""Black-box tests of a running Odoo server: HTTP and JSON-RPC basics."""

import pytest
import requests
from conftest import ADMIN_LOGIN, ADMIN_PASSWORD, RPCError


def test_login_page_answers(odoo_server):
    """The login page answers 200 with a login form."""
    response = requests.get(odoo_server.url + "/web/login", timeout=30)
    assert response.status_code == 200
    assert 'name="login"' in response.text


def test_version_is_18(new_client):
    """/jsonrpc common.version reports Odoo 18.0."""
    version = new_client().call("common", "version")
    assert version["server_serie"] == "18.0"
    assert tuple(version["server_version_info"][:2]) == (18, 0)


def test_admin_authenticates_over_jsonrpc(admin):
    """The administrator logs in through /web/session/authenticate and reads
    his own user through /web/dataset/call_kw."""
    assert admin.uid
    [user] = admin.call_kw("res.users", "read", [[admin.uid]], {"fields": ["login", "active"]})
    assert user["login"] == ADMIN_LOGIN
    assert user["active"] is True


def test_external_api_login_and_execute_kw(new_client):
    """common.login and object.execute_kw work over JSON-RPC and XML-RPC."""
    client = new_client()
    uid = client.login(ADMIN_LOGIN, ADMIN_PASSWORD)
    assert uid
    count = client.execute_kw(
        uid, ADMIN_PASSWORD, "res.users", "search_count", [[("id", "=", uid)]]
    )
    assert count == 1
    common = client.xmlrpc("common")
    assert common.authenticate(client.db, ADMIN_LOGIN, ADMIN_PASSWORD, {}) == uid


def test_wrong_password_is_refused(new_client):
    """A wrong password opens no session and is refused by the external API."""
    client = new_client()
    with pytest.raises(RPCError) as caught:
        client.authenticate(ADMIN_LOGIN, ADMIN_PASSWORD + "-wrong")
    assert caught.value.name == "odoo.exceptions.AccessDenied"
    assert client.uid is None
    assert client.login(ADMIN_LOGIN, ADMIN_PASSWORD + "-wrong") is False
    # the session stayed anonymous: a model call is refused
    with pytest.raises(RPCError) as caught:
        client.call_kw("res.users", "search_count", [[]])
    assert caught.value.name == "odoo.http.SessionExpiredException"
