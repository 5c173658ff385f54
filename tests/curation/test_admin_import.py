"""Importing from the admin, as an editor does it: upload, preview, confirm; a bad file changes nothing."""

import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from casefile.core.models import PublicationState, ReviewBatch
from casefile.people.models import Person, Victim
from casefile.places.models import Site
from casefile.sources.models import Source
from tests.factories import CaseFactory, PersonFactory, PersonNameFactory, SiteFactory
from tests.roles import client_for

pytestmark = pytest.mark.django_db

URL = "/admin/people/victim/import/"
CONFIRM = "/admin/people/victim/process_import/"
HEADER = "name,name_fa,other_names,fate,prison,death_date\n"
CSV_FORMAT = "0"  # the first of the import formats: CSV, then .xlsx


@pytest.fixture
def case(db):
    SiteFactory(name="Evin Prison", slug="evin")
    return CaseFactory(slug="iran-1988")


@pytest.fixture
def editor(client, editor_user):
    return client_for(client, editor_user)


def upload(client, case, text, name="victims.csv", url=URL, file_format=CSV_FORMAT):
    content = text.encode("utf-8") if isinstance(text, str) else text
    return client.post(
        url, {"import_file": SimpleUploadedFile(name, content), "format": file_format, "case": case.pk if case else ""}
    )


def confirm(client, page, url=CONFIRM):
    fields = dict(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)"', page))
    fields.pop("csrfmiddlewaretoken", None)
    return client.post(url, {**fields, "confirm": "1"})


@pytest.mark.parametrize("model", ["people/victim", "people/person", "sources/source", "places/site"])
def test_every_list_offers_the_import_and_its_sample_files(editor, case, model):
    assert f"/admin/{model}/import/" in editor.get(f"/admin/{model}/").text
    page = editor.get(f"/admin/{model}/import/")
    assert page.status_code == 200
    sample = editor.get(f"/admin/{model}/import/sample.csv")
    header = sample.content.decode().splitlines()[0]
    assert header.split(",")[0] in ("name", "title")
    assert header.split(",")[0] in page.text  # the page lists the columns
    assert f"/admin/{model}/import/sample.xlsx" in page.text
    xlsx = editor.get(f"/admin/{model}/import/sample.xlsx")
    assert xlsx.content[:2] == b"PK"  # a zip: an .xlsx workbook


def test_the_preview_shows_every_row_and_writes_nothing_until_confirmed(editor, case, editor_user):
    response = upload(
        editor, case, HEADER + "Ali Example,,Aly Example,executed,Evin Prison,1988-08\nB Person,,,,,1988\n"
    )
    assert response.status_code == 200
    assert "2 rows will be created as records in one review batch." in response.text
    rows = re.search(r'<table id="import-rows".*?</table>', response.text, re.S).group(0)
    assert "Ali Example" in rows and "B Person" in rows and "Aly Example" in rows and "1988-08" in rows
    assert Victim.objects.count() == 0 and Person.objects.count() == 0

    confirmed = confirm(editor, response.text)
    assert confirmed.status_code == 302
    batch = ReviewBatch.objects.get()
    assert confirmed["Location"] == batch.get_absolute_url()
    assert Victim.objects.count() == 2
    assert set(Victim.objects.values_list("state", flat=True)) == {PublicationState.IN_REVIEW}
    assert set(Victim.objects.values_list("batch", flat=True)) == {batch.pk}
    assert batch.submitted_by == editor_user
    assert Victim.objects.get(person__name="Ali Example").history.first().history_user == editor_user
    # The same preview cannot be confirmed twice: its file is gone.
    again = confirm(editor, response.text)
    assert again.status_code == 302 and again["Location"] == URL
    assert "upload the file again" in editor.get(URL).text
    assert Victim.objects.count() == 2


def test_a_file_with_a_bad_row_says_which_row_and_column_and_cannot_be_confirmed(editor, case):
    text = HEADER + "Good Row,,,executed,,1988\nBad Row,,,eaten,Nowhere Prison,1988-13\n"
    response = upload(editor, case, text)
    page = response.text
    assert "nothing will be imported until the file is corrected" in page
    errors = re.search(r'<table id="import-errors">(.*?)</table>', page, re.S).group(1)
    assert "<td>3</td><td>fate</td><td>“eaten” is not one of: executed" in errors
    assert "<td>3</td><td>prison</td><td>no site is named “Nowhere Prison”" in errors
    assert "<td>3</td><td>death_date</td><td>“1988-13” is not a date: write 1988, 1988-08 or 1988-08-31" in errors
    assert "Good Row" in page  # every row is shown, the good ones too
    assert 'name="confirm"' not in page
    assert Victim.objects.count() == 0 and Person.objects.count() == 0


def test_a_name_matching_an_existing_person_in_any_spelling_is_flagged_not_merged(editor, case):
    existing = PersonFactory(name="Ebrahim Raisi")
    PersonNameFactory(person=existing, name="Ebrahim Raeesi")
    response = upload(editor, case, HEADER + "Ebrahim RAEESI,,,executed,,1988\nSomeone Else,,,,,\n")
    assert "1 row may name someone already recorded" in response.text
    assert "<strong>Ebrahim Raisi</strong>" in response.text
    confirm(editor, response.text)
    assert Person.objects.filter(name__iexact="ebrahim raeesi").count() == 1  # a new record, not merged
    assert Person.objects.get(pk=existing.pk).name == "Ebrahim Raisi"


def test_an_excel_file_is_read_like_a_csv(editor, case):
    openpyxl = pytest.importorskip("openpyxl")
    workbook = openpyxl.Workbook()
    workbook.active.append(["name", "fate", "death_date"])
    workbook.active.append(["Excel Victim", "executed", 1988])
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = upload(editor, case, buffer.getvalue(), name="victims.xlsx", file_format="1")
    assert "1 row will be created as a record in one review batch." in response.text
    confirm(editor, response.text)
    assert Victim.objects.get().partial_date_display("death_date") == "1988"


def test_people_sources_and_sites_are_imported_from_their_lists(editor, case):
    response = upload(editor, case, "name,other_names\nNew Person,Nu Person; نو\n", url="/admin/people/person/import/")
    confirm(editor, response.text, url="/admin/people/person/process_import/")
    assert Person.objects.get(name="New Person").aliases.count() == 2
    response = upload(
        editor, None, "title,kind,text\nA report,ngo_report,Its text.\n", url="/admin/sources/source/import/"
    )
    confirm(editor, response.text, url="/admin/sources/source/process_import/")
    assert Source.objects.get(title="A report").snapshot == "Its text."
    response = upload(editor, case, "name,kind\nA grave,mass_grave\n", url="/admin/places/site/import/")
    confirm(editor, response.text, url="/admin/places/site/process_import/")
    assert Site.objects.get(name="A grave").state == PublicationState.IN_REVIEW
    assert ReviewBatch.objects.count() == 3


def test_records_of_a_case_need_the_case(editor, case):
    response = upload(editor, None, HEADER + "No Case,,,executed,,1988\n")
    assert "Choose the case the records belong to." in response.text
    assert 'name="confirm"' not in response.text


def test_a_file_that_is_not_a_spreadsheet_is_refused_with_a_reason(editor, case):
    response = upload(editor, case, b"\xff\xfe\x00garbage", name="victims.xlsx", file_format="1")
    assert "encountered while trying to read file" in response.text
    assert Victim.objects.count() == 0


def test_someone_who_may_not_add_victims_cannot_import(client, case, django_user_model):
    user = django_user_model.objects.create_user(username="visitor", password="a-long-test-password", is_staff=True)
    client.force_login(user)
    assert client.get(URL).status_code == 403
