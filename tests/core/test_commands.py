import re
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from casefile.core import workflow
from casefile.core.models import PublicationState
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


def passwords(output):
    return dict(re.findall(r"user:\s+(\S+).*\n\s+password: (\S+)", output))


def first_run():
    out = StringIO()
    call_command("ensure_editor", stdout=out)
    return passwords(out.getvalue())


def test_first_run_creates_an_editor_whose_printed_password_logs_in(client):
    password = first_run()["editor"]
    assert len(password) >= 12
    assert client.login(username="editor", password=password)
    assert client.get("/admin/").status_code == 200


def test_first_run_creates_a_reviewer_who_can_publish_what_the_editor_changed(client):
    accounts = first_run()
    User = get_user_model()
    editor, reviewer = User.objects.get(username="editor"), User.objects.get(username="reviewer")
    assert client.login(username="reviewer", password=accounts["reviewer"])
    person = PersonFactory(state="draft")
    person._history_user = editor
    person.save()
    workflow.submit_for_review(record=person, user=editor)
    workflow.publish(record=person, user=reviewer)
    person.refresh_from_db()
    assert person.state == PublicationState.PUBLISHED


def test_later_runs_never_print_a_password_again():
    first_run()
    out = StringIO()
    call_command("ensure_editor", stdout=out)
    assert "password:" not in out.getvalue()
    assert get_user_model().objects.count() == 2


def test_passwords_differ_between_machines():
    first = first_run()
    get_user_model().objects.all().delete()
    second = first_run()
    assert first["editor"] != second["editor"]
    assert first["reviewer"] != second["reviewer"]
