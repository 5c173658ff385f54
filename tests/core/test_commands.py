import re
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

pytestmark = pytest.mark.django_db


def test_first_run_creates_an_editor_whose_printed_password_logs_in(client):
    out = StringIO()
    call_command("ensure_editor", stdout=out)
    password = re.search(r"password: (\S+)", out.getvalue()).group(1)
    assert len(password) >= 12
    assert client.login(username="editor", password=password)
    assert client.get("/admin/").status_code == 200


def test_later_runs_never_print_a_password_again():
    call_command("ensure_editor", stdout=StringIO())
    out = StringIO()
    call_command("ensure_editor", stdout=out)
    assert "password:" not in out.getvalue()
    assert get_user_model().objects.count() == 1


def test_passwords_differ_between_machines():
    first = StringIO()
    call_command("ensure_editor", stdout=first)
    get_user_model().objects.all().delete()
    second = StringIO()
    call_command("ensure_editor", stdout=second)
    pattern = r"password: (\S+)"
    assert re.search(pattern, first.getvalue()).group(1) != re.search(pattern, second.getvalue()).group(1)
