"""Two app servers behind deploy/nginx.conf, one PostgreSQL and one Redis, on 127.0.0.1.

The sample configuration is started as it is written, with only its ports, certificate paths and
temporary folders changed, in front of two gunicorn servers that share the test database and a
Redis database. A reader's requests are spread over both servers; a page one server rendered is
served by the other from the shared cache; a login on one server is seen by the other; failed
logins counted on one server lock the address out of the other.

Needs nginx (`apt-get install nginx-light`), Redis on 127.0.0.1:6379 and PostgreSQL (the servers
share the test database; SQLite's test database lives in this process's memory). Without nginx or
Redis the tests skip with the reason; under CI (``CI`` set) they fail instead, as the browser tests do.
"""

import os
import re
import shutil
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
import requests
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.db import connection

ROOT = Path(__file__).resolve().parents[1]
HOST = "casefile.example.org"
PASSWORD = "a long pass phrase for two servers"
FAILURE_LIMIT = 2

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.filterwarnings("ignore::urllib3.exceptions.InsecureRequestWarning"),  # our own test certificate
]


def require(condition, reason):
    if not condition:
        if os.environ.get("CI"):
            pytest.fail(f"{reason} (.ci/run installs it)")
        pytest.skip(reason)


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def port_open(port):
    with socket.socket() as sock:
        sock.settimeout(0.5)
        return sock.connect_ex(("127.0.0.1", port)) == 0


def wait_for(url, process, what):
    for _ in range(300):
        if process.poll() is not None:
            raise AssertionError(f"{what} stopped (exit {process.returncode})")
        try:
            requests.get(url, headers={"Host": HOST}, timeout=10, verify=False)  # noqa: S501 - our own test certificate
            return
        except requests.RequestException:
            time.sleep(0.1)
    raise AssertionError(f"{what} did not answer on {url}")


def nginx_config(tmp, upstreams, http_port, https_port):
    """deploy/nginx.conf with its ports, certificate and folders moved to this test's."""
    site = (ROOT / "deploy" / "nginx.conf").read_text()
    replacements = [
        ("127.0.0.1:8001", f"127.0.0.1:{upstreams[0]}"),
        ("127.0.0.1:8002", f"127.0.0.1:{upstreams[1]}"),
        ("listen 80;", f"listen 127.0.0.1:{http_port};"),
        ("listen 443 ", f"listen 127.0.0.1:{https_port} "),
        ("/etc/ssl/casefile/fullchain.pem", str(tmp / "cert.pem")),
        ("/etc/ssl/casefile/privkey.pem", str(tmp / "key.pem")),
    ]
    for old, new in replacements:
        assert old in site, f"deploy/nginx.conf no longer has {old!r}: update this test"
        site = site.replace(old, new)
    (tmp / "site.conf").write_text(site)
    folders = "\n".join(
        f"    {name}_temp_path {tmp / name};" for name in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    (tmp / "nginx.conf").write_text(
        f"daemon off;\nworker_processes 1;\npid {tmp / 'nginx.pid'};\nerror_log {tmp / 'error.log'};\n"
        f"events {{ worker_connections 64; }}\n"
        f"http {{\n    access_log {tmp / 'access.log'};\n{folders}\n    include {tmp / 'site.conf'};\n}}\n"
    )
    return tmp / "nginx.conf"


@pytest.fixture(scope="module")
def cluster(django_db_setup, tmp_path_factory):  # noqa: ARG001 - the servers need the test database made
    nginx = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)
    require(nginx, "nginx is not installed: apt-get install nginx-light")
    require(port_open(6379), "Redis is not running on 127.0.0.1:6379")
    if connection.vendor != "postgresql":
        pytest.skip("several app servers share one PostgreSQL database (SQLite's test database is in memory)")
    tmp = tmp_path_factory.mktemp("deploy")
    subprocess.run(  # noqa: S603 - openssl, fixed arguments
        [shutil.which("openssl") or "/usr/bin/openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", f"/CN={HOST}",
         "-keyout", str(tmp / "key.pem"), "-out", str(tmp / "cert.pem")],
        check=True, capture_output=True,
    )  # fmt: skip
    database = connection.settings_dict
    env = {
        **os.environ,
        "DEBUG": "False",
        "SECRET_KEY": "two-servers-one-secret-" + uuid.uuid4().hex,
        "DATABASE_URL": f"postgres://{database['USER']}@{database['HOST']}:{database['PORT']}/{database['NAME']}",
        "REDIS_URL": "redis://127.0.0.1:6379/14",
        "CACHE_KEY_PREFIX": f"deploy-test-{uuid.uuid4().hex}",
        "ALLOWED_HOSTS": HOST,
        "CSRF_TRUSTED_ORIGINS": f"https://{HOST}",
        "SECURE_PROXY_SSL_HEADER": "HTTP_X_FORWARDED_PROTO,https",
        "CLIENT_IP_HEADER": "HTTP_X_REAL_IP",
        "REQUIRE_2FA": "False",
        "LOGIN_FAILURE_LIMIT": str(FAILURE_LIMIT),
        "STATIC_ROOT": str(tmp / "static"),
        "LOG_LEVEL": "WARNING",
    }
    subprocess.run(  # noqa: S603 - this interpreter, fixed arguments
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], env=env, cwd=ROOT, check=True
    )
    ports = [free_port(), free_port()]
    http_port, https_port = free_port(), free_port()
    processes = []
    try:
        for n, port in enumerate(ports):
            processes.append(
                subprocess.Popen(  # noqa: S603 - our own gunicorn, loopback only
                    [
                        str(Path(sys.executable).parent / "gunicorn"),
                        "casefile.wsgi",
                        f"--bind=127.0.0.1:{port}",
                        "--workers=1",
                        f"--access-logfile={tmp / f'server{n}.log'}",
                        "--log-level=warning",
                    ],
                    env=env,
                    cwd=ROOT,
                )  # fmt: skip
            )
        config = nginx_config(tmp, ports, http_port, https_port)
        processes.append(
            subprocess.Popen([nginx, "-p", str(tmp), "-c", str(config), "-e", str(tmp / "error.log")])  # noqa: S603
        )
        for port, process in zip(ports, processes, strict=False):
            wait_for(f"http://127.0.0.1:{port}/health/", process, f"gunicorn on {port}")
        wait_for(f"https://127.0.0.1:{https_port}/health/", processes[-1], "nginx")
        yield {"tmp": tmp, "servers": ports, "http": http_port, "https": https_port}
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            process.wait(timeout=30)


def through_nginx(cluster, path):
    return f"https://127.0.0.1:{cluster['https']}{path}"


def session():
    reader = requests.Session()
    reader.trust_env = False  # a CA bundle named in the environment would override verify=False
    reader.verify = False
    reader.headers["Host"] = HOST
    return reader


def served_by(cluster, n):
    log = cluster["tmp"] / f"server{n}.log"
    return len(log.read_text().splitlines()) if log.exists() else 0


def login(reader, url, password=PASSWORD):
    """The admin's login form, filled in and sent (its CSRF cookie is ``Secure``: sent by hand over HTTP)."""
    form = reader.get(url)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.text).group(1)
    cookie = f"csrftoken={reader.cookies.get('csrftoken') or form.cookies['csrftoken']}"
    return reader.post(
        url,
        data={"csrfmiddlewaretoken": token, "username": "staff", "password": password},
        headers={"Referer": f"https://{HOST}/admin/login/", "Cookie": cookie},
        allow_redirects=False,
    )


@pytest.fixture
def staff():
    # Hashed as the servers' own settings can check (the tests' settings keep only a fast hasher).
    encoded = PBKDF2PasswordHasher().encode(PASSWORD, "twoserverssalt", iterations=1000)
    return get_user_model().objects.create(username="staff", password=encoded, is_staff=True, is_superuser=True)


def test_nginx_sends_readers_to_both_servers_which_share_one_page_cache(cluster):
    reader = session()
    before = [served_by(cluster, 0), served_by(cluster, 1)]
    answers = [reader.get(through_nginx(cluster, "/"), timeout=30) for _ in range(4)]
    assert [answer.status_code for answer in answers] == [200] * 4
    after = [served_by(cluster, 0), served_by(cluster, 1)]
    assert after[0] > before[0] and after[1] > before[1], "nginx sent every request to one server"
    # Rendered once by one server, then served from Redis by both.
    assert [answer.headers["X-Cache"] for answer in answers] == ["miss", "hit", "hit", "hit"]
    assert answers[0].headers["Content-Encoding"] == "gzip"
    assert answers[1].headers["ETag"] == answers[0].headers["ETag"]
    again = reader.get(through_nginx(cluster, "/"), headers={"If-None-Match": answers[0].headers["ETag"]})
    assert again.status_code == 304
    plain = requests.get(
        f"http://127.0.0.1:{cluster['http']}/", headers={"Host": HOST}, allow_redirects=False, timeout=30
    )
    assert plain.status_code == 301
    assert plain.headers["Location"] == f"https://{HOST}/"


def test_a_login_on_one_server_is_seen_by_the_other(cluster, staff):
    reader = session()
    first, second = (f"http://127.0.0.1:{port}" for port in cluster["servers"])
    # Log in on the first server (as nginx would pass it on: over HTTPS, from the reader's address).
    proxied = {"X-Forwarded-Proto": "https", "X-Real-IP": "127.0.0.1"}
    reader.headers.update(proxied)
    answer = login(reader, f"{first}/admin/login/")
    assert answer.status_code == 302, answer.text[:500]
    cookie = {"sessionid": answer.cookies["sessionid"]}
    for server in (first, second):
        index = requests.get(f"{server}/admin/", headers={"Host": HOST, **proxied}, cookies=cookie, timeout=30)
        assert index.status_code == 200
        assert "Log out" in index.text
    # Through nginx, every request of the session is a logged-in one, whichever server answers it.
    through = session()
    through.cookies.set("sessionid", cookie["sessionid"])
    answers = [through.get(through_nginx(cluster, "/admin/"), allow_redirects=False) for _ in range(4)]
    assert [answer.status_code for answer in answers] == [200] * 4


def test_failed_logins_on_one_server_lock_the_address_out_of_the_other(cluster, staff):
    assert FAILURE_LIMIT == 2
    first, second = (f"http://127.0.0.1:{port}" for port in cluster["servers"])

    def attempt(server, password):
        reader = session()
        reader.headers.update({"X-Forwarded-Proto": "https", "X-Real-IP": "127.0.0.77"})
        return login(reader, f"{server}/admin/login/", password=password)

    # One failure on each server: the second server counts the first's too, and locks the address out.
    assert attempt(first, "wrong").status_code == 200
    assert attempt(second, "wrong").status_code == 429
    refused = attempt(first, PASSWORD)
    assert refused.status_code == 429
    assert "sessionid" not in refused.cookies
