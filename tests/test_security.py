"""Production hardening: HTTPS, cookies, Content-Security-Policy, login lockout, a second factor, error pages."""

import os
import re
import subprocess
import sys
from base64 import b32encode

import pytest
from django.apps import apps
from django.core.checks import run_checks
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from casefile import selectors
from casefile.core.middleware import SESSION_SEEN, SESSION_STARTED
from tests.factories import PersonFactory, SourceFactory
from tests.test_admin import RECORDS, admin_url
from tests.test_fuzz import PUBLIC_ROUTES

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-test-password"


def login(client, username="editor", password=PASSWORD, **extra):
    return client.post(reverse("admin:login"), {"username": username, "password": password, **extra})


def test_http_is_redirected_to_https_with_production_settings(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    response = client.get("/")
    assert response.status_code == 301
    assert response.url.startswith("https://")


def test_behind_a_tls_proxy_the_forwarded_scheme_is_trusted(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    response = client.get("/", HTTP_X_FORWARDED_PROTO="https")
    assert response.status_code == 200
    assert "Strict-Transport-Security" in response.headers
    assert client.get("/", HTTP_X_FORWARDED_PROTO="http").status_code == 301


def test_https_responses_carry_hsts(client, settings):
    assert settings.SECURE_HSTS_SECONDS >= 31_536_000  # DEBUG is off in tests, as in production
    response = client.get("/", secure=True)
    assert response.headers["Strict-Transport-Security"].startswith("max-age=31536000")


def test_session_and_csrf_cookies_are_secure_and_http_only(client, editor):
    client.get(reverse("admin:login"))
    csrf = client.cookies["csrftoken"]
    assert csrf["secure"] and csrf["httponly"]
    response = login(client)
    assert response.status_code == 302
    session = response.cookies["sessionid"]
    assert session["secure"] and session["httponly"]


def test_content_security_policy_forbids_inline_code_and_framing(client):
    policy = client.get("/").headers["Content-Security-Policy"]
    directives = dict(d.strip().split(" ", 1) for d in policy.split(";"))
    assert directives["default-src"] == "'self'"
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert directives["frame-ancestors"] == "'none'"
    assert directives["img-src"] == "'self' data:"
    assert "unsafe-inline" not in policy


def test_a_map_tile_server_can_be_allowed_for_images(client, settings):
    settings.CONTENT_SECURITY_POLICY = {
        **settings.CONTENT_SECURITY_POLICY,
        "DIRECTIVES": {
            **settings.CONTENT_SECURITY_POLICY["DIRECTIVES"],
            "img-src": ["'self'", "data:", "https://tiles.example.org"],
        },
    }
    assert "img-src 'self' data: https://tiles.example.org" in client.get("/").headers["Content-Security-Policy"]


def inline_code(html):
    """Inline scripts and event handlers: what a strict policy blocks and would break the page."""
    # A JSON-LD block is data that no browser runs, so a policy has nothing to block in it.
    scripts = [
        tag
        for tag in re.findall(r"<script\b[^>]*>", html)
        if "src=" not in tag and tag != '<script type="application/ld+json">'
    ]
    handlers = re.findall(r"<[^>]*\son[a-z]+\s*=[^>]*>", html)
    styles = re.findall(r"<style\b", html) + re.findall(r"\sstyle=\"([^\"]*)\"", html)
    # django-simple-history's history list sets one border inline; blocked, it costs a border line.
    styles = [style for style in styles if style != "border-top: 0"]
    return scripts + handlers + styles


def test_public_pages_have_no_inline_code(client):
    """Every public page without parameters, and the page of a published record of every kind."""
    for factory in RECORDS.values():
        factory()
    urls = [f"/{route}" for route in PUBLIC_ROUTES if "<" not in route]
    for model in apps.get_models():
        if hasattr(model.objects, "published") and hasattr(model, "get_absolute_url"):
            urls += [record.get_absolute_url() for record in selectors.public(model)[:1]]
    assert len(urls) >= 8
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        if response["Content-Type"].startswith("text/html"):  # not a download, a feed or JSON
            assert inline_code(response.text) == [], url


@pytest.mark.parametrize("label", sorted(RECORDS))
def test_admin_pages_work_under_the_policy(editor_client, label):
    record = RECORDS[label]()
    for view, args in [("changelist", ()), ("add", ()), ("change", (record.pk,)), ("history", (record.pk,))]:
        response = editor_client.get(admin_url(label, view, *args))
        assert "Content-Security-Policy" in response.headers
        assert inline_code(response.text) == [], (label, view)


def test_admin_login_and_index_work_under_the_policy(client, editor_client, settings):
    assert inline_code(client.get(reverse("admin:login")).text) == []
    settings.REQUIRE_2FA = True
    assert inline_code(Client().get(reverse("admin:login")).text) == []
    settings.REQUIRE_2FA = False
    assert inline_code(editor_client.get(reverse("admin:index")).text) == []


class TestLoginLockout:
    def test_repeated_failures_lock_the_account_with_a_clear_message(self, client, editor, settings):
        for _ in range(settings.AXES_FAILURE_LIMIT - 1):
            assert login(client, password="wrong").status_code == 200
        response = login(client, password="wrong")
        assert response.status_code == 429
        assert "Login refused for now" in response.text
        assert "5 failed login attempts" in response.text
        assert "refused for 15 minutes" in response.text
        assert "Content-Security-Policy" in response.headers

    def test_the_right_password_is_refused_while_locked(self, client, editor, settings):
        for _ in range(settings.AXES_FAILURE_LIMIT):
            login(client, password="wrong")
        response = login(client)
        assert response.status_code == 429
        assert "_auth_user_id" not in client.session

    def test_a_few_typing_errors_do_not_lock_anyone_out(self, client, editor):
        login(client, password="wrong")
        login(client, password="wrong")
        assert login(client).status_code == 302
        assert client.get(reverse("admin:index")).status_code == 200

    @pytest.mark.parametrize("require_2fa", [False, True])
    def test_an_overlong_user_name_is_a_form_error(self, client, settings, require_2fa):
        settings.REQUIRE_2FA = require_2fa
        response = login(client, username="x" * 300)
        assert response.status_code == 200
        assert "at most 150 characters" in response.text

    def test_the_test_clients_login_still_works(self, client, editor):
        assert client.login(username="editor", password=PASSWORD)
        assert client.get(reverse("admin:index")).status_code == 200

    def test_lockout_follows_the_address_set_by_the_proxy(self, editor, settings):
        settings.CLIENT_IP_HEADER = "HTTP_X_REAL_IP"
        attacker = Client(HTTP_X_REAL_IP="203.0.113.9")
        for n in range(settings.AXES_FAILURE_LIMIT):
            login(attacker, username=f"guess{n}", password="wrong")
        assert login(attacker).status_code == 429
        assert login(Client(HTTP_X_REAL_IP="198.51.100.7")).status_code == 302

    def test_a_stranger_cannot_lock_staff_out_by_their_user_name(self, editor, settings):
        settings.CLIENT_IP_HEADER = "HTTP_X_REAL_IP"
        office = Client(HTTP_X_REAL_IP="198.51.100.7")
        assert login(office).status_code == 302  # staff logged in from here before
        office.logout()
        for n in range(settings.LOGIN_ACCOUNT_FAILURE_LIMIT + 5):
            login(Client(HTTP_X_REAL_IP=f"203.0.113.{n}"), password="wrong")
        assert login(office).status_code == 302
        assert login(Client(HTTP_X_REAL_IP="198.51.100.8"), username="someone-else").status_code == 200

    def test_guessing_one_account_from_many_addresses_is_slowed(self, editor, settings):
        settings.CLIENT_IP_HEADER = "HTTP_X_REAL_IP"
        for n in range(settings.LOGIN_ACCOUNT_FAILURE_LIMIT):
            # Each address stays under its own limit of AXES_FAILURE_LIMIT.
            assert login(Client(HTTP_X_REAL_IP=f"203.0.113.{n}"), password="wrong").status_code == 200
        response = login(Client(HTTP_X_REAL_IP="203.0.113.200"))  # even the right password
        assert response.status_code == 429
        assert f"refused for {settings.LOGIN_ACCOUNT_LOCKOUT_MINUTES} minutes" in response.text

    def test_a_client_cannot_escape_the_lockout_by_claiming_another_address(self, editor, settings):
        settings.CLIENT_IP_HEADER = "HTTP_X_FORWARDED_FOR"
        for n in range(settings.AXES_FAILURE_LIMIT):
            # The proxy appends the address it saw; what comes before is the client's claim.
            login(Client(HTTP_X_FORWARDED_FOR=f"10.0.0.{n}, 203.0.113.9"), username=f"guess{n}", password="wrong")
        assert login(Client(HTTP_X_FORWARDED_FOR="10.9.9.9, 203.0.113.9")).status_code == 429


class TestSecondFactor:
    @pytest.fixture(autouse=True)
    def _production(self, settings):
        settings.REQUIRE_2FA = True

    @pytest.fixture
    def device(self, editor):
        return TOTPDevice.objects.create(user=editor, name="phone")

    def test_staff_logged_in_with_a_password_only_are_sent_to_login(self, client, editor):
        client.force_login(editor)
        response = client.get(reverse("admin:index"))
        assert response.status_code == 302
        assert response.url.startswith(reverse("admin:login"))

    def test_login_asks_for_a_one_time_password(self, client):
        assert 'name="otp_token"' in client.get(reverse("admin:login")).text

    def test_password_without_the_code_is_refused(self, client, device):
        response = login(client)
        assert response.status_code == 200
        assert client.get(reverse("admin:index")).status_code == 302

    def test_staff_without_a_device_are_told_how_to_get_one(self, client, editor):
        response = login(client, otp_token="123456")
        assert "Staff without an authenticator app yet" in response.text
        assert "add_totp_device" in response.text

    @staticmethod
    def page(response):
        """The login page as a person sees it, without the form's one-time CSRF token."""
        return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", response.text)

    def test_any_failure_gets_the_same_answer_and_no_password_is_echoed(self, client, device):
        wrong_code = f"{(totp(device.bin_key) + 1) % 1_000_000:06d}"
        right_password = login(client, otp_token=wrong_code)
        wrong_password = login(client, password="a-wrong-password", otp_token=wrong_code)
        no_code = login(client)
        assert right_password.status_code == wrong_password.status_code == no_code.status_code == 200
        assert self.page(right_password) == self.page(wrong_password) == self.page(no_code)
        assert "correct user name, password and one-time code" in right_password.text
        assert PASSWORD not in right_password.text
        assert 'name="otp_device"' not in right_password.text

    def test_a_user_with_two_devices_logs_in_with_either(self, client, device, editor):
        second = TOTPDevice.objects.create(user=editor, name="second phone")
        assert login(client, otp_token=f"{totp(second.bin_key):06d}").status_code == 302

    def test_wrong_codes_count_towards_the_lockout(self, client, device, settings):
        wrong_code = f"{(totp(device.bin_key) + 1) % 1_000_000:06d}"
        for _ in range(settings.AXES_FAILURE_LIMIT - 1):
            assert login(client, otp_token=wrong_code).status_code == 200
        assert login(client, otp_token=wrong_code).status_code == 429
        assert login(client, otp_token=f"{totp(device.bin_key):06d}").status_code == 429

    def test_wrong_code_is_refused(self, client, device):
        code = f"{(totp(device.bin_key) + 1) % 1_000_000:06d}"
        assert login(client, otp_token=code).status_code == 200
        assert client.get(reverse("admin:index")).status_code == 302

    def test_password_and_code_open_the_admin(self, client, device):
        response = login(client, otp_token=f"{totp(device.bin_key):06d}")
        assert response.status_code == 302, response.context["form"].errors
        assert client.get(reverse("admin:index")).status_code == 200

    def test_local_site_with_debug_on_asks_for_no_code(self, client, editor, settings):
        settings.REQUIRE_2FA = False
        assert "otp_token" not in client.get(reverse("admin:login")).text
        assert login(client).status_code == 302
        assert client.get(reverse("admin:index")).status_code == 200


def test_administrator_enrols_a_device_from_the_command_line(editor, capsys, client, settings):
    call_command("add_totp_device", "editor")
    out = capsys.readouterr().out
    url = re.search(r"otpauth://totp/\S+", out).group(0)
    assert "issuer=Casefile" in url
    device = TOTPDevice.objects.get(user=editor)
    settings.REQUIRE_2FA = True
    assert login(client, otp_token=f"{totp(device.bin_key):06d}").status_code == 302
    assert client.get(reverse("admin:index")).status_code == 200


def test_no_qr_prints_the_key_without_the_qr_code(editor, capsys):
    call_command("add_totp_device", "editor", "--no-qr")
    out = capsys.readouterr().out
    assert not set("█▀▄") & set(out)
    assert "QR code" not in out
    assert b32encode(TOTPDevice.objects.get(user=editor).bin_key).decode() in out
    call_command("add_totp_device", "editor")
    assert set("█▀▄") & set(capsys.readouterr().out)


def test_a_lost_phone_is_replaced_and_its_codes_stop_working(editor, client, settings):
    call_command("add_totp_device", "editor", "--no-qr")
    lost = TOTPDevice.objects.get(user=editor)
    call_command("add_totp_device", "editor", "--replace", "--no-qr")
    new = TOTPDevice.objects.get(user=editor)
    assert new.pk != lost.pk
    settings.REQUIRE_2FA = True
    assert login(client, otp_token=f"{totp(new.bin_key):06d}").status_code == 302
    client.logout()
    assert login(client, otp_token=f"{totp(lost.bin_key):06d}").status_code == 200
    assert client.get(reverse("admin:index")).status_code == 302


def test_enrolling_an_unknown_user_is_refused(db):
    with pytest.raises(CommandError, match="no user named 'nobody'"):
        call_command("add_totp_device", "nobody")


def test_the_admin_never_shows_a_devices_secret_again(editor_client, editor):
    device = TOTPDevice.objects.create(user=editor, name="phone")
    assert editor_client.get(reverse("admin:otp_totp_totpdevice_config", args=[device.pk])).status_code == 403
    assert editor_client.get(reverse("admin:otp_totp_totpdevice_qrcode", args=[device.pk])).status_code == 403
    assert editor_client.get(reverse("admin:otp_totp_totpdevice_config", args=[device.pk + 99])).status_code == 403
    assert device.key not in editor_client.get(reverse("admin:otp_totp_totpdevice_change", args=[device.pk])).text


def test_admin_lives_at_the_configured_path():
    """Settings are read at start-up: start a fresh Django with ADMIN_PATH set."""
    script = (
        "import django; django.setup()\n"
        "from django.conf import settings\n"
        "settings.STORAGES = {**settings.STORAGES, 'staticfiles': {'BACKEND': "
        "'django.contrib.staticfiles.storage.StaticFilesStorage'}}  # no collectstatic in tests\n"
        "from django.test import Client; from django.urls import reverse\n"
        "print(reverse('admin:index'), reverse('admin:login'), Client().get('/admin/').status_code)"
    )
    environment = {**os.environ, "ADMIN_PATH": "editors-7f3a/", "DJANGO_SETTINGS_MODULE": "casefile.settings"}
    environment |= {"DEBUG": "False", "SECRET_KEY": "x", "SECURE_SSL_REDIRECT": "False", "ALLOWED_HOSTS": "testserver"}
    command = [sys.executable, "-c", script]
    result = subprocess.run(command, env=environment, capture_output=True, text=True, check=True)  # noqa: S603
    assert result.stdout.split() == ["/editors-7f3a/", "/editors-7f3a/login/", "404"]


class TestErrorPages:
    def test_not_found_page_is_the_sites_own_and_says_nothing_of_the_record(self, client):
        draft = SourceFactory(title="Secret draft title", state="draft")
        response = client.get(draft.get_absolute_url())
        assert response.status_code == 404
        assert "Page not found" in response.text
        assert "Secret draft title" not in response.text
        assert draft.slug not in response.text
        assert "Content-Security-Policy" in response.headers

    def test_server_error_page_shows_no_details(self, settings):
        settings.ROOT_URLCONF = "tests.error_urls"
        client = Client(raise_request_exception=False)
        response = client.get("/boom/")
        assert response.status_code == 500
        assert "Something went wrong" in response.text
        assert "Traceback" not in response.text
        assert "witness-marker" not in response.text

    def test_bad_request_and_forbidden_pages_are_the_sites_own(self, settings):
        settings.ROOT_URLCONF = "tests.error_urls"
        client = Client(raise_request_exception=False)
        assert "Bad request" in client.get("/bad/").text
        assert "Not allowed" in client.get("/forbidden/").text

    def test_expired_form_page_explains_itself(self, editor):
        client = Client(enforce_csrf_checks=True)
        response = login(client)
        assert response.status_code == 403
        assert "Form expired" in response.text


def test_person_page_of_a_draft_is_not_found(client):
    assert client.get(PersonFactory(state="draft").get_absolute_url()).status_code == 404


def test_nul_characters_are_a_bad_request_not_a_server_error(editor_client):
    response = editor_client.get(reverse("admin:sources_source_changelist"), {"q": "evin\x00"})
    assert response.status_code == 400
    assert "Bad request" in response.text
    assert editor_client.get("/sources/a%00b/").status_code == 400


def test_check_deploy_warns_when_the_second_factor_is_off(settings):
    settings.REQUIRE_2FA = True
    assert "casefile.W001" not in {message.id for message in run_checks(include_deployment_checks=True)}
    settings.REQUIRE_2FA = False
    assert "casefile.W001" in {message.id for message in run_checks(include_deployment_checks=True)}


def title(response):
    return re.search(r"<title>(.*?)</title>", response.text, re.S).group(1).strip()


def test_page_titles_name_the_site_once(editor, settings):
    settings.ROOT_URLCONF = "tests.error_urls"
    client = Client(raise_request_exception=False)
    for _ in range(settings.AXES_FAILURE_LIMIT):
        locked = login(client, password="wrong")
    pages = {
        "Login refused for now · Casefile": locked,
        "Bad request · Casefile": client.get("/bad/"),
        "Not allowed · Casefile": client.get("/forbidden/"),
        "Page not found · Casefile": client.get("/no-such-page/"),
        "Form expired · Casefile": login(Client(enforce_csrf_checks=True)),
        "Case files · Casefile": client.get("/"),
    }
    assert {expected: title(response) for expected, response in pages.items()} == {key: key for key in pages}
    persian = title(client.get("/fa/no-such-page/"))
    assert len(persian.split(" · ")) == len(set(persian.split(" · "))) == 2


class TestStaffSessions:
    @staticmethod
    def rewind(client, key, seconds):
        session = client.session
        session[key] -= seconds
        session.save()

    def test_the_session_cookie_ends_with_the_browser(self, client, editor):
        cookie = login(client).cookies["sessionid"]
        assert cookie["max-age"] == "" and cookie["expires"] == ""

    def test_a_session_ends_after_30_minutes_idle(self, editor_client, settings):
        assert settings.SESSION_IDLE_MINUTES == 30
        index = reverse("admin:index")
        assert editor_client.get(index).status_code == 200
        self.rewind(editor_client, SESSION_SEEN, 29 * 60)
        assert editor_client.get(index).status_code == 200  # and the clock starts again
        self.rewind(editor_client, SESSION_SEEN, 31 * 60)
        response = editor_client.get(index)
        assert response.status_code == 302
        assert response.url.startswith(reverse("admin:login"))
        assert "_auth_user_id" not in editor_client.session

    def test_a_busy_session_ends_12_hours_after_its_login(self, editor_client, settings):
        assert settings.SESSION_MAX_HOURS == 12
        index = reverse("admin:index")
        self.rewind(editor_client, SESSION_STARTED, 11 * 3600)
        assert editor_client.get(index).status_code == 200
        self.rewind(editor_client, SESSION_STARTED, 3600 + 1)
        assert editor_client.get(index).status_code == 302

    def test_the_limits_are_settings(self, editor_client, settings):
        settings.SESSION_IDLE_MINUTES = 5
        self.rewind(editor_client, SESSION_SEEN, 6 * 60)
        assert editor_client.get(reverse("admin:index")).status_code == 302

    def test_a_password_change_ends_the_users_other_sessions(self, editor):
        laptop, phone = Client(), Client()
        laptop.force_login(editor)
        phone.force_login(editor)
        response = laptop.post(
            reverse("admin:password_change"),
            {"old_password": PASSWORD, "new_password1": "another-long-pass-9", "new_password2": "another-long-pass-9"},
        )
        assert response.status_code == 302
        assert laptop.get(reverse("admin:index")).status_code == 200
        assert phone.get(reverse("admin:index")).status_code == 302
