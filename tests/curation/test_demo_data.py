"""The synthetic case for demos and `make bench`: made up, marked so, kept apart from any real case."""

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from casefile import selectors
from casefile.cases.models import Case
from casefile.curation.management.commands.bench import Command as Bench
from casefile.curation.management.commands.generate_demo_data import SYNTHETIC_TITLE, synthetic_case
from casefile.people.models import PositionCitation, VictimCitation
from casefile.sources.verification import verify_evidence
from tests.factories import CaseFactory

pytestmark = pytest.mark.django_db


def test_generate_demo_data_makes_a_marked_synthetic_case_whose_names_search_finds_in_any_spelling():
    out = io.StringIO()
    call_command("generate_demo_data", victims=40, sites=8, officials=3, sources=0, stdout=out)
    assert "40 victims, 3 officials, 8 sites" in out.getvalue()
    case = synthetic_case()
    assert case.title == SYNTHETIC_TITLE and "SYNTHETIC" in case.title
    assert selectors.victims().filter(cases=case).count() == 40
    assert selectors.officials().filter(cases=case).count() == 3
    hossein = selectors.victims().filter(person__name__startswith="Hossein ").first()
    if hossein is not None:
        assert hossein in selectors.victims().search("Husayn")


def test_generate_demo_data_cites_passages_of_made_up_sources_that_verify_and_show_on_the_pages(client):
    out = io.StringIO()
    call_command("generate_demo_data", victims=20, sites=4, officials=2, sources=3, citations=30, stdout=out)
    assert "3 sources, 30 citations" in out.getvalue()
    source = selectors.sources().get(slug="synthetic-source-0001")
    assert "made up" in source.title
    report = verify_evidence()
    assert (report.verified, report.broken, report.tampered, report.sources) == (30, 0, 0, 3), report.summary()
    # Every tenth citation is of an official's position; the others of victims, through the public pages.
    assert PositionCitation.objects.count() == 3 and VictimCitation.objects.count() == 27
    citation = VictimCitation.objects.filter(source=source).select_related("fact").first()
    assert source.snapshot[citation.start : citation.end] == citation.quote
    page = client.get(citation.fact.get_absolute_url()).content.decode()
    assert citation.quote in page and source.get_absolute_url() in page
    assert citation.quote in client.get(source.get_absolute_url()).content.decode()


def test_generate_demo_data_refuses_a_database_with_a_real_case():
    CaseFactory()
    with pytest.raises(CommandError, match="real case"):
        call_command("generate_demo_data", victims=5, sources=0, stdout=io.StringIO())
    assert not Case.objects.filter(title=SYNTHETIC_TITLE).exists()


def test_bench_refuses_a_database_not_made_for_it():
    with pytest.raises(CommandError, match="bench"):
        call_command("bench", skip_http=True, stdout=io.StringIO())


def test_bench_counts_the_queries_of_every_page_type(client):
    call_command("generate_demo_data", victims=30, sites=6, officials=2, sources=4, citations=40, stdout=io.StringIO())
    bench = Bench(stdout=io.StringIO())
    pages = bench.pages()
    sizes = bench.count_queries(pages)
    report = bench.stdout.getvalue()
    for label, _url in pages:
        assert f"queries: {label}" in report
        assert sizes[label] > 0
    assert "HTTP 500" not in report


def test_bench_prints_the_plans_of_the_registry_s_and_the_search_page_s_name_search():
    call_command("generate_demo_data", victims=30, sites=6, officials=2, stdout=io.StringIO())
    bench = Bench(stdout=io.StringIO())
    bench.explain("Hosein Nayeri")
    report = bench.stdout.getvalue()
    for label in ("registry count (the rows it counts)", "registry page", "search page: people and victims"):
        assert f"-- Hosein Nayeri: {label}\n" in report
    assert "people_person" in report
