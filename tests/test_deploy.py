"""The production setup (deploy/, docs/deploy.md), checked without Docker.

- deploy/docker-compose.yml validates (``docker-compose config``) and holds the
  services docs/deploy.md describes;
- the test server (tests/conftest.py) runs the production command line of
  tools/serve.py: deploy/odoo.conf, several workers and a gevent process that
  answers /websocket (the HTTP workers cannot);
- deploy/nginx/surat.conf.template, rendered for the test server's ports with a
  self-signed certificate, in front of it: the login page over https, gzip, the
  /websocket upgrade reaching gevent, 413 above the upload limit;
- deploy/backup/backup.sh: one archive of the database and its files, retention.
docker-compose and nginx come from Debian (apt-get install -y docker-compose
nginx; .ci/run installs them, `make test` says when they are missing).
"""

import configparser
import http.client
import json
import os
import re
import shutil
import signal
import socket
import ssl
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path

import psutil
import pytest
import requests
import websocket
import yaml
from conftest import ODOO_CONF, ROOT, TEST_DB, _free_port

DEPLOY = ROOT / "deploy"
COMPOSE = DEPLOY / "docker-compose.yml"
NGINX_TEMPLATE = DEPLOY / "nginx" / "surat.conf.template"
MAX_BODY_MB = 128  # client_max_body_size of the template (Odoo's own request limit)


def _production():
    conf = configparser.ConfigParser(interpolation=None)
    conf.read(DEPLOY / "odoo.conf")
    return conf["options"]


# --- the compose file ---


def test_compose_file_validates_with_the_documented_services():
    compose = shutil.which("docker-compose")
    if not compose:
        pytest.fail("docker-compose not installed: apt-get install -y docker-compose")
    # only env.example's settings, none of this shell's
    env = {k: os.environ[k] for k in ("PATH", "HOME", "LANG") if k in os.environ}
    cmd = [compose, "--env-file", DEPLOY / "env.example", "-f", COMPOSE, "config"]
    result = subprocess.run(cmd, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    assert result.returncode == 0, result.stderr
    services = yaml.safe_load(result.stdout)["services"]
    assert {"db", "odoo", "nginx", "backup"} <= set(services)
    production = _production()

    odoo = services["odoo"]
    assert "/opt/surat/tools/serve.py" in odoo["command"], "Odoo starts through tools/serve.py"
    assert "--workers=4" in odoo["command"]
    assert int(production["workers"]) > 1 and production["gevent_port"] == "8072"
    assert production.getboolean("proxy_mode") and not production.getboolean("list_db")
    assert "ports" not in odoo, "only nginx publishes ports"
    assert {"8069", "8072"} <= set(odoo["expose"])

    db = services["db"]
    assert "pg_isready" in " ".join(db["healthcheck"]["test"])
    assert any(v.endswith(":/var/lib/postgresql/data:rw") for v in db["volumes"])
    assert odoo["depends_on"]["db"]["condition"] == "service_healthy"

    nginx = services["nginx"]
    assert {p["target"] for p in nginx["ports"]} == {80, 443}
    env = nginx["environment"]
    assert env["ODOO_HTTP"] == f"odoo:{production['http_port']}"
    assert env["ODOO_GEVENT"] == f"odoo:{production['gevent_port']}"
    assert env["SERVER_NAME"] == "surat.example.go.id"
    assert any("surat.conf.template" in v for v in nginx["volumes"])
    template = NGINX_TEMPLATE.read_text()
    websocket_block = re.search(r"location /websocket \{(.*?)\}", template, re.S).group(1)
    assert "proxy_pass http://odoo_gevent;" in websocket_block
    assert "server ${ODOO_GEVENT};" in template

    backup = services["backup"]
    assert backup["command"][-1].endswith("deploy/backup/backup.sh")
    assert "odoo-data:/var/lib/odoo:ro" in backup["volumes"]
    assert any(v.startswith("backups:") for v in backup["volumes"])
    assert backup["environment"]["BACKUP_KEEP_DAYS"] == "30"


# --- the server of the black-box tests: the production command line ---


def _children(pid):
    return psutil.Process(pid).children(recursive=True)


def test_server_runs_workers_and_a_gevent_process(odoo_server):
    if odoo_server.pid is None:
        pytest.skip("a server at SURAT_ODOO_URL: not started here")
    master = psutil.Process(odoo_server.pid)
    config = next(a.split("=", 1)[1] for a in master.cmdline() if a.startswith("--config="))
    running = configparser.ConfigParser(interpolation=None)
    running.read(config)
    for key, value in _production().items():
        if key != "data_dir":  # the machine's own
            assert running["options"][key] == value, key
    workers = int(_production()["workers"])
    deadline = time.monotonic() + 20
    while True:
        children = _children(odoo_server.pid)
        gevent = [p for p in children if "gevent" in p.cmdline()]
        http_workers = [p for p in children if "gevent" not in p.cmdline()]
        if (len(gevent), len(http_workers)) == (1, workers) or time.monotonic() > deadline:
            break
        time.sleep(0.5)
    assert len(gevent) == 1, [p.cmdline() for p in children]
    assert len(http_workers) == workers, [p.cmdline() for p in children]
    assert f"--gevent-port={odoo_server.gevent_port}" in gevent[0].cmdline()

    ws = websocket.create_connection(
        f"ws://127.0.0.1:{odoo_server.gevent_port}/websocket", timeout=10
    )
    try:
        assert ws.getstatus() == 101
    finally:
        ws.close()
    # The HTTP workers refuse it (Odoo logs "Couldn't bind the websocket"):
    # hence the proxy's /websocket route.
    http_url = odoo_server.url.replace("http://", "ws://")
    with pytest.raises(websocket.WebSocketBadStatusException):
        websocket.create_connection(f"{http_url}/websocket", timeout=10)


# --- nginx in front of it ---


def _wait_port(port, process, log):
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"nginx exited: {Path(log).read_text(errors='replace')[-2000:]}")
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    pytest.fail("nginx did not listen")


@pytest.fixture(scope="module")
def proxy(odoo_server):
    """nginx with the production template, for this server's ports, on 127.0.0.1."""
    nginx = shutil.which("nginx") or shutil.which("nginx", path="/usr/sbin:/sbin")
    if not nginx:
        pytest.fail("nginx not installed: apt-get install -y nginx")
    prefix = Path(tempfile.mkdtemp(prefix="surat-nginx-"))
    prefix.chmod(0o755)  # nginx's workers may run as another user
    live = prefix / "letsencrypt" / "live" / "localhost"
    live.mkdir(parents=True)
    subprocess.run(  # noqa: S603
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1"]  # noqa: S607
        + ["-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost"]
        + ["-keyout", live / "privkey.pem", "-out", live / "fullchain.pem"],
        check=True,
        capture_output=True,
    )
    http_port, https_port = _free_port(), _free_port()
    gevent = f"127.0.0.1:{odoo_server.gevent_port}"
    site = NGINX_TEMPLATE.read_text()
    for name, value in {
        "${SERVER_NAME}": "localhost",
        "${ODOO_HTTP}": odoo_server.url.removeprefix("http://"),
        "${ODOO_GEVENT}": gevent,
        "listen 80;": f"listen 127.0.0.1:{http_port};",
        "listen 443 ssl;": f"listen 127.0.0.1:{https_port} ssl;",
        "/etc/letsencrypt/": f"{prefix}/letsencrypt/",
        "/var/www/certbot": f"{prefix}/certbot",
    }.items():
        assert name in site, name
        site = site.replace(name, value)
    (prefix / "surat.conf").write_text(site)
    temp_paths = "".join(
        f"    {kind}_temp_path {prefix}/{kind};\n"
        for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    (prefix / "nginx.conf").write_text(
        f"daemon off;\nworker_processes 1;\npid {prefix}/nginx.pid;\n"
        f"error_log {prefix}/error.log;\nevents {{ worker_connections 128; }}\n"
        f"http {{\n    access_log {prefix}/access.log;\n{temp_paths}"
        f"    include {prefix}/surat.conf;\n}}\n"
    )
    log = prefix / "error.log"
    args = [nginx, "-p", prefix, "-e", log, "-c", prefix / "nginx.conf"]
    check = subprocess.run([*args, "-t"], capture_output=True, text=True, check=False)  # noqa: S603
    assert check.returncode == 0, check.stderr
    process = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # noqa: S603
    try:
        _wait_port(https_port, process, log)
        yield {
            "url": f"https://localhost:{https_port}",
            "http_url": f"http://localhost:{http_port}",
            "port": https_port,
            "ca": str(live / "fullchain.pem"),
        }
    finally:
        process.send_signal(signal.SIGQUIT)  # graceful: finish the open requests
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        shutil.rmtree(prefix, ignore_errors=True)


def test_proxy_serves_odoo_over_https_with_gzip(proxy):
    session = requests.Session()
    ca = proxy["ca"]  # per request: REQUESTS_CA_BUNDLE would override session.verify
    page = session.get(proxy["url"] + "/web/login", verify=ca, timeout=30)
    assert page.status_code == 200 and 'name="login"' in page.text
    asset = re.search(r'src="(/web/assets/[^"]+\.js)"', page.text).group(1)
    script = session.get(
        proxy["url"] + asset, headers={"Accept-Encoding": "gzip"}, verify=ca, timeout=60
    )
    assert script.status_code == 200
    assert script.headers.get("Content-Encoding") == "gzip"
    # http only redirects to https (and serves the certificate challenge)
    plain = requests.get(proxy["http_url"] + "/web/login", allow_redirects=False, timeout=10)
    assert plain.status_code == 301
    assert plain.headers["Location"] == "https://localhost/web/login"
    manager = session.get(proxy["url"] + "/web/database/manager", verify=ca, timeout=10)
    assert manager.status_code == 404


def test_proxy_routes_websocket_to_gevent(proxy):
    ws = websocket.create_connection(
        f"wss://localhost:{proxy['port']}/websocket",
        sslopt={"ca_certs": proxy["ca"]},
        timeout=10,
    )
    try:
        assert ws.getstatus() == 101  # the HTTP workers would answer 500
    finally:
        ws.close()


def test_proxy_upload_limit(proxy):
    context = ssl.create_default_context(cafile=proxy["ca"])

    def post(path, length, body=b""):
        conn = http.client.HTTPSConnection("localhost", proxy["port"], context=context, timeout=60)
        try:
            conn.putrequest("POST", path)
            conn.putheader("Content-Type", "application/json")
            conn.putheader("Content-Length", str(length))
            conn.endheaders(body or None)
            response = conn.getresponse()
            return response.status, response.read()
        finally:
            conn.close()

    # above the limit: refused by nginx from the header alone
    status, _body = post("/web/dataset/call_kw", MAX_BODY_MB * 1024 * 1024 + 1)
    assert status == 413
    # the largest scan the addon takes (50 MB) sent by the web client: base64 in
    # JSON-RPC, 67 MB, reaches Odoo (nginx's default limit is 1 MB), which answers
    # (no session here)
    scan = "A" * (67 * 1024 * 1024)
    params = {"model": "surat.letter", "method": "create", "args": [{"scan_file": scan}]}
    body = json.dumps({"jsonrpc": "2.0", "method": "call", "params": params}).encode()
    status, answer = post("/web/dataset/call_kw/surat.letter/create", len(body), body)
    assert status == 200, answer[:500]
    assert json.loads(answer)["error"]["data"]["name"] == "odoo.http.SessionExpiredException"


# --- the backup service's script ---


def _data_dir():
    conf = configparser.ConfigParser(interpolation=None)
    conf.read(ODOO_CONF)
    path = Path(conf.get("options", "data_dir", fallback="~/.local/share/Odoo")).expanduser()
    return path if path.is_absolute() else ROOT / path


def _run_backup(directory, db):
    env = dict(
        os.environ,
        SURAT_DB=db,
        BACKUP_DIR=str(directory),
        BACKUP_ONCE="1",
        BACKUP_KEEP_DAYS="30",
        DATA_DIR=str(_data_dir()),
        PYTHON=sys.executable,
    )
    script = DEPLOY / "backup" / "backup.sh"
    return subprocess.run(["sh", script], env=env, capture_output=True, text=True, check=False)  # noqa: S603, S607


def test_backup_service_script_writes_an_archive_and_applies_retention(tmp_path):
    old = time.time() - 40 * 86400
    for name, mtime in [
        (f"{TEST_DB}-20200101-013000.tar", old),  # past retention: deleted
        (f"{TEST_DB}-20261120-013000.tar", time.time() - 5 * 86400),  # kept
        ("other-20200101-013000.tar", old),  # another database's: kept
    ]:
        (tmp_path / name).write_bytes(b"")
        os.utime(tmp_path / name, (mtime, mtime))

    failed = _run_backup(tmp_path, "surat_no_such_database")
    assert failed.returncode != 0
    assert (tmp_path / "FAILED").exists(), "the health check sees a failed backup"
    assert (tmp_path / f"{TEST_DB}-20200101-013000.tar").exists(), "a failure deletes nothing"

    result = _run_backup(tmp_path, TEST_DB)
    assert result.returncode == 0, result.stderr
    names = sorted(p.name for p in tmp_path.iterdir())
    new = [n for n in names if re.fullmatch(rf"{TEST_DB}-\d{{8}}-\d{{6}}\.tar", n)]
    assert f"{TEST_DB}-20200101-013000.tar" not in names
    assert {f"{TEST_DB}-20261120-013000.tar", "other-20200101-013000.tar"} <= set(names)
    assert "FAILED" not in names
    archive = next(n for n in new if n != f"{TEST_DB}-20261120-013000.tar")
    with tarfile.open(tmp_path / archive) as tar:
        members = set(tar.getnames())
    assert {"manifest.json", "dump.pgc"} <= members
