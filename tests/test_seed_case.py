"""The curated seed case in fixtures/, loaded whole, as `make run` loads it."""

import re
from pathlib import Path

import pytest
from django.urls import reverse

from casefile import selectors
from casefile.cases.models import Case
from casefile.curation.loader import load_case_file
from casefile.events.models import Event, Testimony
from casefile.figures.models import Figure
from casefile.people.models import Person, PersonName, Position
from casefile.places.models import Site, SiteObservation
from casefile.sources.matching import sha256
from casefile.sources.models import Source, citation_models

SEED = Path(__file__).resolve().parent.parent / "fixtures" / "seed_case.yaml"
FACT_MODELS = [Case, Person, Position, Site, SiteObservation, Event, Testimony, Figure]


@pytest.fixture(scope="module")
def seed_case(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        from django.contrib.auth import get_user_model
        from django.db import transaction

        with transaction.atomic():
            publisher = get_user_model().objects.create_superuser(username="seed-publisher", password=None)
            case = load_case_file(SEED, publish_as=publisher)
            yield case
            transaction.set_rollback(True)


@pytest.fixture
def db_with_seed(seed_case, db):
    return seed_case


def test_every_source_keeps_its_article_whole_with_its_hash(db_with_seed):
    sources = Source.objects.all()
    assert sources.count() == 5
    for source in sources:
        assert source.snapshot_sha256 == sha256(source.snapshot)
    texts = {path.read_text(encoding="utf-8") for path in (SEED.parent / "seed_sources").glob("*.txt")}
    assert {source.snapshot for source in sources} == texts


def test_every_citation_verifies_against_its_source(db_with_seed):
    total = 0
    for model in citation_models():
        for citation in model.objects.select_related("source"):
            total += 1
            assert citation.verified, citation
            assert citation.source.snapshot[citation.start : citation.end] == citation.quote
            assert 20 <= len(citation.quote) <= 500, citation
    assert total > 100


@pytest.mark.parametrize("model", FACT_MODELS, ids=lambda m: m.__name__)
def test_no_record_lacks_a_citation(db_with_seed, model):
    assert model.objects.exists()
    assert not model.objects.filter(citations__isnull=True).exists(), list(model.objects.filter(citations__isnull=True))


def test_every_alias_resolves_to_its_person(db_with_seed):
    aliases = PersonName.objects.select_related("person")
    assert aliases.exists()
    for alias in aliases:
        assert alias.person in Person.objects.search(alias.name), alias.name


@pytest.mark.parametrize(
    ("spelling", "surname"),
    [
        ("Pourmohammadi", "Mohammadi"),
        ("Pour-Mohammadi", "Mohammadi"),
        ("Avaii", "Ava"),
        ("Avaei", "Ava"),
        ("Avaie", "Ava"),
    ],
)
def test_spellings_in_the_articles_find_one_person(db_with_seed, spelling, surname):
    found = list(Person.objects.search(spelling))
    assert len(found) == 1
    assert surname.lower() in found[0].name.lower()


def test_everything_in_the_seed_case_belongs_to_it_and_is_published(db_with_seed):
    for model in [Person, Site, Event, Testimony, Figure]:
        assert not model.objects.exclude(cases=db_with_seed).exists()
        assert selectors.public(model).count() == model.objects.count()


def test_conflicting_victim_figures_stand_side_by_side(db_with_seed):
    figures = Figure.objects.filter(question__text__icontains="executed")
    stated = {figure.value_text.lower() for figure in figures}
    assert any("thousands" in value for value in stated)
    assert any("30,000" in value for value in stated)
    assert len({figure.claimant for figure in figures}) > 3


def test_partial_dates_are_never_given_a_day_the_sources_do_not_state(db_with_seed):
    massacre = Event.objects.filter(kind="massacre").first()
    assert massacre is not None
    assert massacre.date_precision in {"", "month", "year"}


@pytest.mark.parametrize(
    ("spelling", "slug"),
    [
        ("Pourmohammadi", "mostafa-pour-mohammadi"),
        ("Pour-Mohammadi", "mostafa-pour-mohammadi"),
        ("Avaii", "alireza-avaei"),
    ],
)
def test_public_search_finds_the_right_person_for_each_spelling(db_with_seed, client, spelling, slug):
    response = client.get(reverse("public:search"), {"q": spelling})
    assert response.status_code == 200
    people = set(re.findall(r'href="/people/([^/"]+)/"', response.text))
    assert people == {slug}


def test_every_passage_an_officials_page_cites_is_highlighted_on_its_source_page(db_with_seed, client):
    for official in Person.objects.officials():
        page = client.get(official.get_absolute_url())
        assert page.status_code == 200
        links = set(re.findall(r'href="(/sources/[^"#]+/)#(passage-\d+-\d+)"', page.text))
        assert links, official
        for source_url, anchor in links:
            assert f'id="{anchor}"' in client.get(source_url).text, (official, anchor)


def test_verify_evidence_finds_the_seed_case_sound(db_with_seed):
    import io

    from django.core.management import call_command

    out = io.StringIO()
    call_command("verify_evidence", stdout=out)
    citations = sum(model.objects.count() for model in citation_models())
    assert f"{citations} citations verified, 0 re-anchored, 0 broken, 0 tampered" in out.getvalue()
    assert Source.objects.filter(evidence_sound=True).count() == Source.objects.count()
