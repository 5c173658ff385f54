"""The data package round trip: the seed case exported, imported into an empty database, exported again."""

import csv
import datetime
import io
import json
import re
import zipfile
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.management import CommandError, call_command
from django.db import transaction

from casefile import selectors
from casefile.cases.models import Case
from casefile.core import workflow
from casefile.core.models import ReviewBatch
from casefile.curation.loader import load_case_file
from casefile.opendata.datapackage import zip_chunks
from casefile.people.models import Person, PersonName, Victim, VictimCitation
from casefile.places.models import Site
from casefile.sources.matching import sha256
from casefile.sources.models import Source, citation_models

SEED = Path(__file__).resolve().parent.parent.parent / "fixtures" / "seed_case.yaml"
NUMBERED = re.compile(r"/(testimonies|figures|victims)/\d+/|(position|observation)-\d+")


@pytest.fixture(scope="module")
def seed_package(django_db_setup, django_db_blocker):
    """The data package of the published seed case, made in a transaction that is then undone."""
    with django_db_blocker.unblock(), transaction.atomic():
        publisher = get_user_model().objects.create_superuser(username="seed-exporter", password=None)
        case = load_case_file(SEED, publish_as=publisher)
        add_published_victim(case, publisher)
        package = b"".join(zip_chunks())
        transaction.set_rollback(True)
    cache.clear()
    return package


def add_published_victim(case, publisher):
    """The seed case has no victim records: one, with another spelling, a prison and a cited passage."""
    person = Person(name="Example Victim", name_fa="قربانی نمونه")
    person.save()
    person.cases.set([case])
    PersonName.objects.create(person=person, name="E. Victim")
    victim = Victim(
        person=person,
        fate="executed",
        prison=Site.objects.order_by("pk").first(),
        death_date=datetime.date(1988, 8, 1),
        death_date_precision="month",
        notes="Named in a passage of the source.",
    )
    victim.full_clean(exclude=["person"])
    victim.save()
    victim.cases.set([case])
    source = Source.objects.order_by("pk").first()
    VictimCitation.objects.create(fact=victim, source=source, quote=source.snapshot[100:160])
    workflow.publish_curated(records=[victim], user=publisher, reason="A victim for the round trip")


def _unnumbered(value):
    """``value`` without database ids (they differ between databases; slugs and texts do not)."""
    if isinstance(value, dict):
        return {key: _unnumbered(item) for key, item in value.items() if key != "id"}
    if isinstance(value, list):
        return [_unnumbered(item) for item in value]
    if isinstance(value, str):
        return NUMBERED.sub(lambda m: f"/{m[1]}/N/" if m[1] else f"{m[2]}-N", value)
    return value


def contents(package):
    """Every file of the package, comparable: records without ids, in a stable order; the descriptor left out."""
    found = {}
    with zipfile.ZipFile(io.BytesIO(package)) as archive:
        for name in archive.namelist():
            text = archive.read(name).decode("utf-8")
            if name.endswith(".json") and name != "datapackage.json":
                records = _unnumbered(json.loads(text))
                found[name] = sorted(json.dumps(record, sort_keys=True, ensure_ascii=False) for record in records)
            elif name == "citations.csv":
                found[name] = sorted(
                    json.dumps(_unnumbered(row), sort_keys=True) for row in csv.DictReader(io.StringIO(text))
                )
    return found


def write(tmp_path, package, change=None):
    """The package as a file, with ``change(name, text) -> text`` applied to its members."""
    path = tmp_path / "casefile.zip"
    with zipfile.ZipFile(io.BytesIO(package)) as source, zipfile.ZipFile(path, "w") as target:
        for name in source.namelist():
            text = source.read(name).decode("utf-8")
            target.writestr(name, change(name, text) if change else text)
    return path


def nothing_written():
    return not (
        Case.objects.exists() or Source.objects.exists() or Person.objects.exists() or ReviewBatch.objects.exists()
    )


@pytest.mark.django_db
def test_an_export_of_the_seed_case_imported_into_an_empty_database_reproduces_it(seed_package, tmp_path):
    get_user_model().objects.create_superuser(username="archivist", password=None)
    assert nothing_written()
    call_command("import_datapackage", str(write(tmp_path, seed_package)), "--user", "archivist", "--publish")
    cache.clear()

    before, after = contents(seed_package), contents(b"".join(zip_chunks()))
    # Organisations have no file in the package: those that no position names cannot come back.
    named = {
        o["url"]
        for p in json.loads(seed_package_member(seed_package, "people.json"))
        for q in p["positions"]
        for o in [q["organisation"]]
        if o
    }
    expected_citations = [
        row
        for row in before.pop("citations.csv")
        if json.loads(row)["fact_type"] != "organisation" or json.loads(row)["fact_url"] in named
    ]
    assert after.pop("citations.csv") == expected_citations
    assert after == before  # every record, its public texts, its citations (quote, offsets, source SHA-256) and links

    # In the database itself: the sources' texts with their hashes, every quote at its stated place.
    exported_texts = {s["slug"]: s for s in json.loads(seed_package_member(seed_package, "sources-text.json"))}
    assert set(Source.objects.values_list("slug", flat=True)) == set(exported_texts)
    for source in Source.objects.all():
        assert source.snapshot == exported_texts[source.slug]["text"]
        assert source.snapshot_sha256 == sha256(source.snapshot) == exported_texts[source.slug]["sha256"]
    citations = [c for model in citation_models() for c in model.objects.select_related("source")]
    assert len(citations) == len(expected_citations)
    for citation in citations:
        assert citation.verified and citation.source.snapshot[citation.start : citation.end] == citation.quote
    assert selectors.cases().get().slug == "iran-1988-massacre"
    victim = selectors.victims().get()
    assert (victim.person.name, victim.fate, victim.death_date_precision) == ("Example Victim", "executed", "month")
    assert list(victim.person.aliases.values_list("name", flat=True)) == ["E. Victim"]


def seed_package_member(package, name):
    with zipfile.ZipFile(io.BytesIO(package)) as archive:
        return archive.read(name).decode("utf-8")


@pytest.mark.django_db
def test_without_publish_the_package_arrives_as_one_review_batch_that_the_public_cannot_see(seed_package, tmp_path):
    get_user_model().objects.create_superuser(username="editor", password=None)
    out = io.StringIO()
    call_command("import_datapackage", str(write(tmp_path, seed_package)), "--user", "editor", stdout=out)
    batch = ReviewBatch.objects.get()
    assert f"review batch {batch.pk}" in out.getvalue()
    assert Person.objects.count() == len(json.loads(seed_package_member(seed_package, "people.json")))
    assert set(Person.objects.values_list("state", "batch")) == {("in_review", batch.pk)}
    assert set(Source.objects.values_list("state", "batch")) == {("in_review", batch.pk)}
    assert not selectors.cases().exists()


@pytest.mark.django_db
def test_a_source_text_that_does_not_match_its_hash_imports_nothing(seed_package, tmp_path):
    get_user_model().objects.create_superuser(username="archivist", password=None)

    def tamper(name, text):
        return text.replace("Tahar Boumedra speaking", "Someone speaking", 1) if name == "sources-text.json" else text

    with pytest.raises(CommandError, match="does not match its SHA-256"):
        call_command(
            "import_datapackage", str(write(tmp_path, seed_package, tamper)), "--user", "archivist", "--publish"
        )
    assert nothing_written()


@pytest.mark.django_db
def test_a_citation_at_other_offsets_than_its_quote_imports_nothing(seed_package, tmp_path):
    get_user_model().objects.create_superuser(username="archivist", password=None)

    def shift(name, text):
        if name != "people.json":
            return text
        people = json.loads(text)
        next(person for person in people if person["citations"])["citations"][0]["start"] += 1
        return json.dumps(people)

    with pytest.raises(CommandError, match="not at"):
        call_command("import_datapackage", str(write(tmp_path, seed_package, shift)), "--user", "archivist")
    assert nothing_written()


@pytest.mark.django_db
def test_a_file_that_is_not_a_data_package_imports_nothing(seed_package, tmp_path):
    get_user_model().objects.create_superuser(username="archivist", password=None)
    not_a_package = tmp_path / "notes.zip"
    not_a_package.write_bytes(b"not a zip")
    with pytest.raises(CommandError, match="not a zip file"):
        call_command("import_datapackage", str(not_a_package), "--user", "archivist")
    without_cases = write(tmp_path, seed_package, lambda name, text: "[]" if name == "cases.json" else text)
    with pytest.raises(CommandError, match="holds one case"):
        call_command("import_datapackage", str(without_cases), "--user", "archivist")
    assert nothing_written()
