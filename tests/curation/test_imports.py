"""Imports from the command line (import_records, import_victims): every row checked, one review batch or nothing."""

import datetime
import io

import pytest
from django.core.management import CommandError, call_command

from casefile.core import workflow
from casefile.core.models import PublicationState, ReviewBatch
from casefile.people.models import Person, Victim
from casefile.places.models import Site
from casefile.sources.models import Source
from tests.conftest import SNAPSHOT
from tests.factories import CaseFactory, PersonFactory, PersonNameFactory, SiteFactory, SourceFactory

pytestmark = pytest.mark.django_db

HEADER = "name,name_fa,other_names,fate,prison,death_date,burial_site,source,quote\n"


@pytest.fixture
def setting(db):
    SiteFactory(name="Evin Prison", slug="evin")
    SiteFactory(name="Khavaran", slug="khavaran", kind="mass_grave")
    SourceFactory(slug="registry", snapshot=SNAPSHOT)
    return CaseFactory(slug="iran-1988")


def run(tmp_path, text, *args, kind="victims", name="victims.csv", user="edna-editor"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8") if isinstance(text, str) else path.write_bytes(text)
    out, err = io.StringIO(), io.StringIO()
    call_command("import_records", kind, str(path), *args, "--user", user, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_rows_become_victims_in_one_review_batch_with_names_dates_sites_and_citations(
    setting, tmp_path, editor_user, reviewer
):
    text = HEADER + (
        "Ali Example,\u0639\u0644\u06cc,Aly Example;A. Example,executed,Evin Prison,1988-08,khavaran,registry,"
        "secret mass graves\n"
        "Second Person,,,disappeared,,1988,,,\n"
    )
    out, err = run(tmp_path, text, "--case", "iran-1988")
    assert "Imported 2 victims as review batch" in out
    assert "2/2 rows checked" in err  # the progress bar
    victim = Victim.objects.get(person__name="Ali Example")
    assert victim.prison.name == "Evin Prison"
    assert victim.burial_site.slug == "khavaran"
    assert victim.death_date == datetime.date(1988, 8, 1)
    assert victim.partial_date_display("death_date") == "August 1988"
    assert victim.citations.get().verified
    assert list(victim.cases.values_list("slug", flat=True)) == ["iran-1988"]
    # Drafts in review, in one batch submitted by the editor; nothing public until a reviewer publishes.
    batch = ReviewBatch.objects.get()
    assert batch.submitted_by == editor_user and "victims.csv" in batch.reason
    assert set(Victim.objects.values_list("state", "batch")) == {(PublicationState.IN_REVIEW, batch.pk)}
    assert victim.person.state == PublicationState.IN_REVIEW
    assert list(Person.objects.search("aly example")) == [victim.person]
    assert list(Person.objects.search("\u0639\u0644\u064a")) == [victim.person]
    record = victim.history.get()
    assert record.history_type == "+" and record.history_user == editor_user
    assert victim.person.aliases.count() == 2 and victim.person.aliases.first().history.exists()
    workflow.publish_batch(batch=batch, user=reviewer)
    victim.refresh_from_db()
    assert victim.state == PublicationState.PUBLISHED and victim.person.state == PublicationState.PUBLISHED


def test_same_name_twice_gets_two_people_with_their_own_pages(setting, tmp_path, editor_user):
    run(tmp_path, HEADER + "Ali Example,,,executed,,,,,\nAli Example,,,executed,,,,,\n", "--case", "iran-1988")
    assert sorted(Person.objects.values_list("slug", flat=True)) == ["ali-example", "ali-example-2"]


def test_a_file_with_bad_rows_imports_nothing_and_names_every_row_column_and_remedy(setting, tmp_path, editor_user):
    text = HEADER + (
        "Good Row,,,executed,,1988,,,\n"
        ",,,executed,,,,,\n"
        "Bad Fate,,,shot,,,,,\n"
        "Bad Date,,,executed,,August 1988,,,\n"
        "Bad Site,,,executed,Nowhere,,,,\n"
        "Bad Quote,,,executed,,,,registry,words not in the source\n"
    )
    with pytest.raises(CommandError) as error:
        run(tmp_path, text, "--case", "iran-1988")
    message = str(error.value)
    assert "Nothing was imported" in message
    assert "row 3: name: is empty: every row needs a name." in message
    assert "row 4: fate: “shot” is not one of: executed" in message
    assert "row 5: death_date: “August 1988” is not a date: write 1988, 1988-08 or 1988-08-31" in message
    assert "row 6: prison: no site is named “Nowhere”" in message
    assert "row 7: quote: the passage is not in the archived text" in message
    assert not Person.objects.exists() and not Victim.objects.exists() and not ReviewBatch.objects.exists()


def test_unknown_columns_and_missing_case_or_account_are_refused(setting, tmp_path, editor_user):
    with pytest.raises(CommandError, match="Unknown column age"):
        run(tmp_path, "name,age\nA,3\n", "--case", "iran-1988")
    with pytest.raises(CommandError, match="No case"):
        run(tmp_path, HEADER + "A,,,,,,,,\n", "--case", "nope")
    with pytest.raises(CommandError, match="--case"):
        run(tmp_path, HEADER + "A,,,,,,,,\n")
    with pytest.raises(CommandError, match="No account"):
        run(tmp_path, HEADER + "A,,,,,,,,\n", "--case", "iran-1988", user="nobody")
    assert not Victim.objects.exists()


def test_an_account_that_may_not_add_records_imports_nothing(setting, tmp_path, django_user_model):
    django_user_model.objects.create_user(username="visitor", password="a-long-test-password", is_staff=True)
    with pytest.raises(CommandError, match="may not add"):
        run(tmp_path, HEADER + "A,,,,,,,,\n", "--case", "iran-1988", user="visitor")
    assert not Victim.objects.exists() and not ReviewBatch.objects.exists()


def test_import_victims_keeps_its_name_and_an_excel_file_is_read(setting, tmp_path, editor_user):
    openpyxl = pytest.importorskip("openpyxl")
    workbook = openpyxl.Workbook()
    workbook.active.append(["name", "fate", "death_date"])
    workbook.active.append(["Excel Victim", "executed", datetime.datetime(1988, 8, 30)])
    workbook.active.append(["Year Only", "executed", 1988])
    path = tmp_path / "victims.xlsx"
    workbook.save(path)
    call_command("import_victims", str(path), "--case", "iran-1988", "--user", "edna-editor", stdout=io.StringIO())
    assert Victim.objects.get(person__name="Excel Victim").partial_date_display("death_date") == "30 August 1988"
    assert Victim.objects.get(person__name="Year Only").partial_date_display("death_date") == "1988"


def test_people_with_their_spellings_are_imported_and_duplicates_are_flagged_not_merged(setting, tmp_path, editor_user):
    from casefile.curation.resources import PersonResource

    existing = PersonFactory(name="Ebrahim Raisi")
    PersonNameFactory(person=existing, name="Ebrahim Raeesi")
    dataset = PersonResource.sample_dataset()
    dataset.append(["Ebrahim RAEESI", "", "Raeesi, E.", ""])
    result = PersonResource(case=setting, user=editor_user).import_data(dataset, dry_run=True)
    flagged = [row.duplicates for row in result.rows]
    assert flagged == [[], ["Ebrahim Raisi"]]
    assert Person.objects.count() == 1  # a dry run writes nothing
    run(tmp_path, "name,other_names\nEbrahim RAEESI,Raeesi E.; ابراهیم رئیسی\n", "--case", "iran-1988", kind="people")
    imported = Person.objects.exclude(pk=existing.pk).get()
    assert imported.state == PublicationState.IN_REVIEW and imported.aliases.count() == 2
    assert Person.objects.get(pk=existing.pk).name == "Ebrahim Raisi"


def test_sources_with_their_text_and_sites_are_imported_as_batches(setting, tmp_path, editor_user):
    run(
        tmp_path,
        "title,kind,publisher,published_on,url,text\n"
        "A report,NGO report,Some NGO,2017-08,https://example.org/r,The full text of the report.\n",
        kind="sources",
        name="sources.csv",
    )
    source = Source.objects.get(title="A report")
    assert source.state == PublicationState.IN_REVIEW and source.batch is not None
    assert source.snapshot_sha256 and source.captures.count() == 1
    assert source.partial_date_display("published_on") == "August 2017"
    run(
        tmp_path,
        "name,kind,city,latitude,longitude,coordinate_precision\nGohardasht Prison,prison,Karaj,35.83,50.93,approximate\n",
        "--case",
        "iran-1988",
        kind="sites",
        name="sites.csv",
    )
    site = Site.objects.get(name="Gohardasht Prison")
    assert site.state == PublicationState.IN_REVIEW and str(site.latitude) == "35.830000"
    with pytest.raises(CommandError, match="give both latitude and longitude"):
        run(tmp_path, "name,latitude\nHalf,35\n", "--case", "iran-1988", kind="sites", name="bad.csv")
