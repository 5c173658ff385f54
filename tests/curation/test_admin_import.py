"""Importing victims from the admin, as an editor does it: upload, preview, confirm; a bad file changes nothing."""

import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from casefile.core.models import PublicationState
from casefile.people.models import Person, Victim
from tests.factories import CaseFactory, PersonFactory, PersonNameFactory, SiteFactory
from tests.roles import client_for

pytestmark = pytest.mark.django_db

URL = "/admin/people/victim/import/"
HEADER = "name,name_fa,other_names,fate,prison,death_date\n"


@pytest.fixture
def case(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    SiteFactory(name="Evin Prison", slug="evin")
    return CaseFactory(slug="iran-1988")


@pytest.fixture
def editor(client, editor_user):
    return client_for(client, editor_user)


def upload(client, case, text, name="victims.csv"):
    content = text.encode("utf-8") if isinstance(text, str) else text
    return client.post(URL, {"file": SimpleUploadedFile(name, content), "case": case.pk})


def token(page):
    return re.search(r'name="token" value="([0-9a-f]+)"', page).group(1)


def test_the_victim_list_offers_the_import_and_a_sample_file(editor, case):
    assert URL in editor.get(reverse("admin:people_victim_changelist")).text
    page = editor.get(URL)
    assert page.status_code == 200
    assert "?sample=csv" in page.text
    sample = editor.get(URL, {"sample": "csv"})
    assert sample.text.splitlines()[0].startswith("name,name_fa,other_names,fate")


def test_the_preview_shows_every_row_and_writes_nothing_until_confirmed(editor, case):
    response = upload(
        editor, case, HEADER + "Ali Example,,Aly Example,executed,Evin Prison,1988-08\nB Person,,,,,1988\n"
    )
    assert response.status_code == 200
    assert "2 victims will be created as drafts." in response.text
    assert "Ali Example" in response.text and "B Person" in response.text
    assert Victim.objects.count() == 0

    confirmed = editor.post(URL, {"confirm": "1", "token": token(response.text), "case": case.pk})
    assert confirmed.status_code == 302
    assert Victim.objects.count() == 2
    assert set(Victim.objects.values_list("state", flat=True)) == {PublicationState.DRAFT}
    assert Victim.objects.get(person__name="Ali Example").history.first().history_user.username == "edna-editor"
    # The same preview cannot be confirmed twice.
    again = editor.post(URL, {"confirm": "1", "token": token(response.text), "case": case.pk})
    assert again.status_code == 400
    assert Victim.objects.count() == 2


def test_a_file_with_a_bad_row_says_which_row_and_column_and_cannot_be_confirmed(editor, case):
    text = HEADER + "Good Row,,,executed,,1988\nBad Row,,,eaten,Nowhere Prison,1988-13\n"
    response = upload(editor, case, text)
    page = response.text
    assert "nothing will be imported until the file is corrected" in page
    errors = re.search(r'<table id="import-errors">(.*?)</table>', page, re.S).group(1)
    assert "<td>3</td><td>fate</td>" in errors
    assert "is not one of executed" in errors
    assert "<td>3</td><td>prison</td>" in errors
    assert "<td>3</td><td>death_date</td>" in errors
    assert 'name="confirm"' not in page
    assert Victim.objects.count() == 0 and Person.objects.count() == 0


def test_a_forged_confirmation_writes_nothing(editor, case):
    response = editor.post(URL, {"confirm": "1", "token": "../../etc/passwd", "case": case.pk})
    assert response.status_code == 400
    assert "upload the file again" in response.text
    assert Victim.objects.count() == 0


def test_a_name_matching_an_existing_person_in_any_spelling_is_flagged_not_merged(editor, case):
    existing = PersonFactory(name="Ebrahim Raisi")
    PersonNameFactory(person=existing, name="Ebrahim Raeesi")
    response = upload(editor, case, HEADER + "Ebrahim RAEESI,,,executed,,1988\nSomeone Else,,,,,\n")
    assert "1 row may name someone already recorded" in response.text
    assert "<strong>Ebrahim Raisi</strong>" in response.text
    editor.post(URL, {"confirm": "1", "token": token(response.text), "case": case.pk})
    assert Person.objects.filter(name__iexact="ebrahim raeesi").count() == 1  # a new record, not merged
    assert Person.objects.get(pk=existing.pk).name == "Ebrahim Raisi"


def test_an_excel_file_is_read_like_a_csv(editor, case):
    openpyxl = pytest.importorskip("openpyxl")
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["name", "fate", "death_date"])
    sheet.append(["Excel Victim", "executed", 1988])
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = upload(editor, case, buffer.getvalue(), name="victims.xlsx")
    assert "1 victim will be created as a draft." in response.text
    editor.post(URL, {"confirm": "1", "token": token(response.text), "case": case.pk})
    assert Victim.objects.get().partial_date_display("death_date") == "1988"


def test_a_file_that_is_not_a_spreadsheet_is_refused_with_a_reason(editor, case):
    response = upload(editor, case, b"\xff\xfe\x00garbage", name="victims.xlsx")
    assert "cannot be read as an Excel" in response.text
    response = upload(editor, case, b"\xff\xfe\x00garbage", name="victims.csv")
    assert "not UTF-8" in response.text


def test_someone_who_may_not_add_victims_cannot_import(client, case, django_user_model):
    user = django_user_model.objects.create_user(username="visitor", password="a-long-test-password", is_staff=True)
    client.force_login(user)
    assert client.get(URL).status_code == 403
