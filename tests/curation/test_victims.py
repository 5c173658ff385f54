import datetime

import pytest
from casefile.curation.victims import VictimImportError, import_victims
from django.core.management import CommandError, call_command

from casefile.core.models import PublicationState
from casefile.people.models import Person, Victim
from tests.conftest import SNAPSHOT
from tests.factories import CaseFactory, SiteFactory, SourceFactory

pytestmark = pytest.mark.django_db

HEADER = "name,name_fa,other_names,fate,prison,death_date,burial_site,source,quote\n"


@pytest.fixture
def setting(db):
    SiteFactory(name="Evin Prison", slug="evin")
    SiteFactory(name="Khavaran", slug="khavaran", kind="mass_grave")
    SourceFactory(slug="registry", snapshot=SNAPSHOT)
    return CaseFactory(slug="iran-1988")


def test_rows_become_victims_with_names_dates_sites_and_citations(setting):
    text = HEADER + (
        "Ali Example,\u0639\u0644\u06cc,Aly Example;A. Example,executed,Evin Prison,1988-08,khavaran,registry,"
        "secret mass graves\n"
        "Second Person,,,disappeared,,1988,,,\n"
    )
    assert import_victims(text, case=setting) == 2
    victim = Victim.objects.get(person__name="Ali Example")
    assert victim.prison.name == "Evin Prison"
    assert victim.burial_site.slug == "khavaran"
    assert victim.death_date == datetime.date(1988, 8, 1)
    assert victim.partial_date_display("death_date") == "August 1988"
    assert victim.citations.get().verified
    assert victim.state == PublicationState.DRAFT
    assert list(Person.objects.search("aly example")) == [victim.person]
    assert list(Person.objects.search("\u0639\u0644\u064a")) == [victim.person]


def test_import_is_kept_in_history_with_who_imported(setting, editor):
    import_victims(HEADER + "Ali Example,,Aly Example,executed,,,,,\n", case=setting, user=editor)
    victim = Victim.objects.get()
    record = victim.history.get()
    assert record.history_type == "+"
    assert record.history_user == editor
    assert victim.person.history.get().history_user == editor
    assert victim.person.aliases.get().history.exists()


def test_same_name_twice_gets_two_people_with_their_own_pages(setting):
    import_victims(HEADER + "Ali Example,,,executed,,,,,\nAli Example,,,executed,,,,,\n", case=setting)
    assert sorted(Person.objects.values_list("slug", flat=True)) == ["ali-example", "ali-example-2"]


def test_a_file_with_bad_rows_imports_nothing_and_names_every_problem(setting):
    text = HEADER + (
        "Good Row,,,executed,,1988,,,\n"
        ",,,executed,,,,,\n"
        "Bad Fate,,,shot,,,,,\n"
        "Bad Date,,,executed,,August 1988,,,\n"
        "Bad Site,,,executed,Nowhere,,,,\n"
        "Bad Quote,,,executed,,,,registry,words not in the source\n"
    )
    with pytest.raises(VictimImportError) as error:
        import_victims(text, case=setting)
    messages = "\n".join(error.value.errors)
    assert "row 3: name" in messages
    assert "row 4: fate: 'shot'" in messages
    assert "row 5: death_date: 'August 1988' is not a date" in messages
    assert "row 6: prison: no site named 'Nowhere'" in messages
    assert "row 7: quote: the passage is not in the archived text" in messages
    assert not Person.objects.exists()
    assert not Victim.objects.exists()


def test_unknown_columns_are_refused(setting):
    with pytest.raises(VictimImportError, match="Unknown column age"):
        import_victims("name,age\nA,3\n", case=setting)


def test_command_imports_and_reports(setting, tmp_path):
    path = tmp_path / "victims.csv"
    path.write_text(HEADER + "Ali Example,,,executed,,,,,\n", encoding="utf-8")
    call_command("import_victims", str(path), "--case", "iran-1988")
    assert Victim.objects.count() == 1
    bad = tmp_path / "bad.csv"
    bad.write_text(HEADER + "Other,,,shot,,,,,\n", encoding="utf-8")
    with pytest.raises(CommandError, match="Nothing was imported"):
        call_command("import_victims", str(bad), "--case", "iran-1988")
    assert Victim.objects.count() == 1
    with pytest.raises(CommandError, match="No case"):
        call_command("import_victims", str(path), "--case", "nope")
