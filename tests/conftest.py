"""Black-box test fixtures: a real Odoo server, driven from outside.

The session fixture ``odoo_server`` starts odoo-bin (from ODOO_BIN, default
$ODOO_SRC/odoo-bin, with the current Python, i.e. the venv's) with the
production command line of tools/serve.py (deploy/odoo.conf: workers, the
gevent process, proxy_mode, the limits; ODOO_CONF gives the data directory and
master password), on free ports and without cron, so that parallel clients
really run in parallel, on the database TEST_DB (default ``surat_test``, which
``make test`` has just installed with demo data), and stops it at the end.
With SURAT_ODOO_URL set, the tests use that running server instead.

Clients: ``OdooClient`` speaks JSON-RPC the way the web client does
(``/web/session/authenticate``, ``/web/dataset/call_kw``) and the external
API (``/jsonrpc`` ``common``/``object`` services, and XML-RPC through
``xmlrpc()``). Fixtures ``new_client`` (factory of fresh, anonymous
clients) and ``admin`` (a client logged in as ADMIN_LOGIN/ADMIN_PASSWORD,
default admin/admin).
"""

import contextlib
import itertools
import os
import signal
import socket
import subprocess
import sys
import time
import xmlrpc.client
from pathlib import Path

import pytest
import requests

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))
import serve  # noqa: E402 (tools/serve.py: the production command line)

ODOO_SRC = os.environ.get("ODOO_SRC", "/opt/odoo")
ODOO_BIN = os.environ.get("ODOO_BIN", os.path.join(ODOO_SRC, "odoo-bin"))
ODOO_CONF = os.environ.get("ODOO_CONF", str(ROOT / "odoo.conf"))
ADDONS_PATH = os.environ.get(
    "ODOO_ADDONS_PATH",
    "{},{}".format(os.environ.get("SURAT_ADDONS_DIR", ROOT), os.path.join(ODOO_SRC, "addons")),
)
TEST_DB = os.environ.get("TEST_DB", "surat_test")
LOG_DIR = Path(os.environ.get("LOG_DIR", ROOT / "logs"))
ADMIN_LOGIN = os.environ.get("ADMIN_LOGIN", "admin")
ADMIN_PASSWORD = os.environ.get("ADMIN_PASSWORD", "admin")
START_TIMEOUT = float(os.environ.get("ODOO_START_TIMEOUT", "180"))


class RPCError(Exception):
    """A JSON-RPC error answered by Odoo; ``name`` is the exception class."""

    def __init__(self, error):
        data = error.get("data") or {}
        self.error = error
        self.name = data.get("name", "")
        self.message = data.get("message") or error.get("message", "")
        super().__init__(f"{self.name}: {self.message}")


class OdooClient:
    """One HTTP session (cookies) against an Odoo server."""

    _ids = itertools.count(1)

    def __init__(self, url, db, timeout=60):
        self.url = url.rstrip("/")
        self.db = db
        self.timeout = timeout
        self.session = requests.Session()
        self.uid = None

    def jsonrpc(self, path, params=None):
        """POST a JSON-RPC 2.0 call to ``path``; return its result or raise."""
        payload = {
            "jsonrpc": "2.0",
            "method": "call",
            "params": params or {},
            "id": next(self._ids),
        }
        response = self.session.post(self.url + path, json=payload, timeout=self.timeout)
        response.raise_for_status()
        body = response.json()
        if "error" in body:
            raise RPCError(body["error"])
        return body["result"]

    # web client API (session cookie)
    def authenticate(self, login, password):
        """Log in like the web client; return the session info."""
        info = self.jsonrpc(
            "/web/session/authenticate",
            {"db": self.db, "login": login, "password": password},
        )
        self.uid = info["uid"]
        return info

    def call_kw(self, model, method, args=(), kwargs=None):
        """Call a model method as the logged-in user."""
        return self.jsonrpc(
            f"/web/dataset/call_kw/{model}/{method}",
            {
                "model": model,
                "method": method,
                "args": list(args),
                "kwargs": kwargs or {},
            },
        )

    # external API (/jsonrpc, stateless, credentials in every call)
    def call(self, service, method, *args):
        return self.jsonrpc("/jsonrpc", {"service": service, "method": method, "args": list(args)})

    def login(self, login, password):
        """``common.login``: the uid, or False when refused."""
        return self.call("common", "login", self.db, login, password)

    def execute_kw(self, uid, password, model, method, args=(), kwargs=None):
        return self.call(
            "object",
            "execute_kw",
            self.db,
            uid,
            password,
            model,
            method,
            list(args),
            kwargs or {},
        )

    def xmlrpc(self, service):
        """An XML-RPC proxy of ``/xmlrpc/2/<service>`` (common, object)."""
        return xmlrpc.client.ServerProxy(f"{self.url}/xmlrpc/2/{service}", allow_none=True)


def query_db(db, sql, params=(), **dsn):
    """Rows of one SQL query on ``db``, read straight from PostgreSQL (``dsn``: another
    cluster's host and port); the tests' own look behind the server."""
    import psycopg2  # noqa: PLC0415 (only the tests that look into the database)

    conn = psycopg2.connect(dbname=db, **dsn)
    try:
        with conn.cursor() as cr:
            cr.execute(sql, params)
            return cr.fetchall()
    finally:
        conn.close()


class OdooServer:
    def __init__(self, url, db, log_path=None, gevent_port=None, process=None):
        self.url = url
        self.db = db
        self.log_path = log_path
        self.gevent_port = gevent_port  # the gevent process (/websocket)
        self.process = process  # the odoo-bin master (its own process group), if started here
        self.pid = process.pid if process else None  # None: a server at SURAT_ODOO_URL

    def client(self):
        return OdooClient(self.url, self.db)


def _free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _log_tail(path, lines=30):
    try:
        return "\n".join(Path(path).read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return "(no log)"


def _wait_until_up(url, process, log_path, path="/web/login"):
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            pytest.exit(
                f"Odoo exited with {process.returncode} at start-up; "
                f"end of {log_path}:\n{_log_tail(log_path)}",
                returncode=3,
            )
        try:
            if requests.get(url + path, timeout=5).status_code == 200:
                return
        except requests.RequestException:
            pass
        time.sleep(0.5)
    pytest.exit(
        f"Odoo did not answer {url}{path} within {START_TIMEOUT:.0f} s; "
        f"end of {log_path}:\n{_log_tail(log_path)}",
        returncode=3,
    )


def _stop(process):
    # The server runs in its own process group (master, workers, gevent).
    try:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
    except ProcessLookupError:
        pass


@pytest.fixture(scope="session")
def odoo_server():
    """A running Odoo server on TEST_DB (or the one at SURAT_ODOO_URL)."""
    if os.environ.get("SURAT_ODOO_URL"):
        url = os.environ["SURAT_ODOO_URL"].rstrip("/")
        _wait_until_up(url, None, None)
        yield OdooServer(url, TEST_DB)
        return
    with running_server(TEST_DB, "blackbox-server.log") as server:
        yield server


@contextlib.contextmanager
def running_server(db, log_name, port=None, extra_args=()):
    """odoo-bin serving ``db`` multi-process (tools/serve.py) on free ports, stopped on exit.

    ``extra_args``: more odoo-bin options, e.g. another database server or data_dir.
    """
    if not os.path.isfile(ODOO_BIN):
        pytest.exit(f"odoo-bin not found at {ODOO_BIN}: set ODOO_SRC or ODOO_BIN")
    LOG_DIR.mkdir(parents=True, exist_ok=True)
    log_path = LOG_DIR / log_name
    if log_path.exists():
        log_path.unlink()
    port = port or _free_port()
    gevent_port = _free_port()
    config = serve.write_config(LOG_DIR / f"{log_path.stem}.conf", ODOO_CONF)
    cmd = serve.command(
        config,
        db,
        http_port=port,
        gevent_port=gevent_port,
        interface="127.0.0.1",
        logfile=log_path,
        addons_path=ADDONS_PATH,
        # no scheduled actions: they would change the data under test
        extra=["--max-cron-threads=0", *extra_args],
    )
    process = subprocess.Popen(  # noqa: S603
        cmd,
        cwd=ROOT,  # odoo.conf's data_dir is relative to the repository root
        env=serve.environment(),
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(url, process, log_path)
        # the gevent process (/websocket) starts a little later than the workers
        gevent_url = f"http://127.0.0.1:{gevent_port}"
        _wait_until_up(gevent_url, process, log_path, "/websocket/health")
        yield OdooServer(url, db, log_path, gevent_port, process)
    finally:
        _stop(process)


@pytest.fixture
def new_client(odoo_server):
    """Factory of fresh, not logged-in clients (one HTTP session each)."""
    return odoo_server.client


@pytest.fixture
def admin(odoo_server):
    """A client logged in (web session) as the administrator."""
    client = odoo_server.client()
    client.authenticate(ADMIN_LOGIN, ADMIN_PASSWORD)
    return client


@pytest.fixture(scope="session", autouse=True)
def load_registry():
    """Neutralise pytest-odoo's fixture of the same name if its plugin is
    loaded (plain ``pytest tests/`` in the venv): these tests run outside
    Odoo and need no registry in this process."""
    yield
