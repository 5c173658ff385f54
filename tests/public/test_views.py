"""What a reader sees on the public pages, and what they must never see."""

import re
from urllib.parse import quote

import pytest
from django.urls import reverse
from django.utils import translation

from casefile import selectors
from casefile.core import workflow
from casefile.core.models import PublicationState
from casefile.events.models import Testimony
from casefile.people.models import PersonCitation
from tests.factories import (
    CaseFactory,
    EventFactory,
    FigureFactory,
    OrganisationFactory,
    PersonFactory,
    PositionFactory,
    SiteFactory,
    SiteObservationFactory,
    SourceFactory,
    TestimonyFactory,
    VictimFactory,
    cite,
)
from tests.public.demo import add_victims
from tests.public.pages import page_urls

pytestmark = pytest.mark.django_db


def html(client, url):
    response = client.get(url)
    translation.activate("en")  # the request leaves its language active in this thread
    assert response.status_code == 200, url
    return response.content.decode()


def all_pages(client, demo, languages=("", "/fa")):
    for name, url in page_urls(demo).items():
        for prefix in languages:
            yield f"{prefix}{url}" if prefix else url, name, html(client, f"{prefix}{url}" if prefix else url)


def test_every_page_type_answers_in_both_languages(client, demo):
    for url, _name, page in all_pages(client, demo):
        lang, direction = ("fa", "rtl") if url.startswith("/fa/") else ("en", "ltr")
        assert f'<html lang="{lang}" dir="{direction}">' in page, url


def test_the_language_switcher_links_to_the_same_page_in_the_other_language(client, demo):
    url = demo.people["pourmohammadi"].get_absolute_url()
    assert f'href="/fa{url}"' in html(client, url)
    assert f'href="{url}"' in html(client, f"/fa{url}")
    assert 'href="/fa/search/?q=Avaii"' in html(client, "/search/?q=Avaii")


def test_persian_pages_are_translated(client, demo):
    page = html(client, "/fa/")
    assert "گاه‌شمار" in page  # "Timeline"
    assert "منابع" in page  # "Sources"
    assert "Timeline" not in page


def test_no_inline_script_or_style_on_any_page(client, demo):
    for url, _name, page in all_pages(client, demo):
        assert " style=" not in page, url
        assert "<style" not in page, url
        for tag in re.findall(r"<script[^>]*>", page):
            # A JSON-LD data block is never run (and needs no CSP exception); any other script has a src.
            assert " src=" in tag or tag == '<script type="application/ld+json">', (url, tag)


def test_no_page_loads_anything_from_another_host(client, demo):
    for url, _name, page in all_pages(client, demo, languages=("",)):
        for tag in re.findall(r"<(?:script|link|img|iframe)[^>]*>", page):
            if re.search(r'rel="(canonical|alternate)"', tag):
                continue  # an address of this page for search engines (absolute, as they ask), not a load
            assert "http:" not in tag and "https:" not in tag and "//" not in tag, (url, tag)


# Every fact cited ----------------------------------------------------------------------------


def test_a_position_shows_its_passage_and_links_to_it_on_the_source(client, demo):
    position = demo.positions["pour_1988"]
    citation = position.citations.get()
    page = html(client, demo.people["pourmohammadi"].get_absolute_url())
    assert "was a key member of the death committee in the 1988 massacre." in page
    person_url = demo.people["pourmohammadi"].get_absolute_url()
    # The footnote mark leads to the passage, saying which passage and where the reader came from.
    assert re.search(
        rf'<a id="(ref-\d+-\d+)" href="{demo.sources["un"].get_absolute_url()}\?passage={citation.start}-{citation.end}'
        rf'&amp;from={quote(person_url, safe="")}%23\1#{citation.anchor}"',
        page,
    )
    assert "UN experts urge Iran to account for 1988 massacre" in page
    assert "July 1988" in page and "1 July 1988" not in page


def test_the_source_page_highlights_each_passage_at_its_anchor_and_links_back(client, demo):
    citation = demo.positions["pour_1988"].citations.get()
    page = html(client, demo.sources["un"].get_absolute_url())
    assert f'<span id="{citation.anchor}" class="passage-anchor"></span><mark class="passage"' in page
    marked = re.search(
        r'<mark class="passage" data-passages="[^"]*' + citation.anchor + r'[^"]*">(.*?)</mark>', page, re.S
    )
    assert marked.group(1).startswith("Mostafa Pour-Mohammadi, the former Minister of Justice")
    assert f'href="{demo.positions["pour_1988"].get_absolute_url()}"' in page  # in the pop-over after the passage
    assert demo.sources["un"].snapshot_sha256 in page


def test_the_source_page_names_every_fact_that_cites_it_whatever_its_kind(client, db):
    kinds = [
        "case",
        "person",
        "position",
        "victim",
        "organisation",
        "event",
        "named",
        "coded",
        "site",
        "seen",
        "figure",
    ]
    source = SourceFactory(snapshot=" ".join(f"The {kind} passage." for kind in kinds))
    site = SiteFactory(name="Cited Site")
    coded = TestimonyFactory(confidentiality="pseudonymous", text="A coded statement.")
    facts = {
        "case": CaseFactory(title="Cited Case"),
        "person": PersonFactory(name="Cited Person"),
        "position": PositionFactory(person=PersonFactory(name="Holder"), title="Cited Title"),
        "victim": VictimFactory(person=PersonFactory(name="Cited Victim")),
        "organisation": OrganisationFactory(name="Cited Organisation"),
        "event": EventFactory(title="Cited Event"),
        "named": TestimonyFactory(speaker=PersonFactory(name="Named Speaker"), text="A named statement."),
        "coded": coded,
        "site": site,
        "seen": SiteObservationFactory(site=site, status="destroyed"),
        "figure": FigureFactory(value_text="12,000", claimant="Cited Claimant"),
    }
    for kind, fact in facts.items():
        cite(fact.citations.model, fact, source, f"The {kind} passage.")
    page = html(client, source.get_absolute_url())
    assert page.count('class="passage-anchor"') == len(kinds)
    for fact in facts.values():
        assert f'href="{fact.get_absolute_url()}"' in page
    for label in (
        "Cited Case",
        "Cited Person",
        "Holder: Cited Title",
        "Cited Victim",
        "Cited Organisation",
        "Cited Event (",
        "Named Speaker: A named statement.",
        f"{coded.witness_code}: A coded statement.",
        "Cited Site: destroyed",
        "12,000 (Cited Claimant)",
    ):
        assert f"<bdi>{label}" in page, label
    assert coded.witness.name not in page


def test_passages_of_unpublished_facts_are_not_marked_on_the_source(client, demo):
    draft = PersonFactory(name="Draft Official", state=PublicationState.DRAFT)
    citation = cite(PersonCitation, draft, demo.sources["un"], "senior officials of the Intelligence Ministry")
    page = html(client, demo.sources["un"].get_absolute_url())
    assert citation.anchor not in page
    assert "Draft Official" not in page


def test_the_source_page_admits_a_draft_s_passage_in_its_preview_only_and_follows_every_change(client, demo, reviewer):
    # The source page's query is compiled once and kept (outside previews): whatever was read before,
    # a preview of a draft sees its passage, the public never does, and a withdrawal shows at once.
    source = demo.sources["un"]
    draft = PersonFactory(name="Draft Official", state=PublicationState.DRAFT)
    hidden = cite(PersonCitation, draft, source, "senior officials of the Intelligence Ministry")
    shown_person = PersonFactory(name="Published Official")
    shown = cite(PersonCitation, shown_person, source, "senior officials of the Intelligence Ministry")

    def cited():
        return {(type(citation), citation.pk) for citation in selectors.citations_of_source(source)}

    hidden, shown = (PersonCitation, hidden.pk), (PersonCitation, shown.pk)

    with selectors.previewing(draft):
        assert {hidden, shown} <= cited()
    assert shown in cited() and hidden not in cited()
    with selectors.previewing(draft):
        assert hidden in cited()
    page = html(client, source.get_absolute_url())
    assert "Published Official" in page and "Draft Official" not in page

    workflow.withdraw(record=shown_person, user=reviewer)
    assert shown not in cited()
    assert "Published Official" not in html(client, source.get_absolute_url())


def test_a_fact_without_a_published_passage_says_so(client, demo):
    event = EventFactory(title="Uncited event")
    assert "No published passage supports this yet." in html(client, event.get_absolute_url())


def test_a_citation_of_an_unpublished_source_is_not_shown(client, demo):
    event = EventFactory(title="Event cited only by a draft")
    from casefile.events.models import EventCitation

    cite(EventCitation, event, demo.sources["draft"], "Paris ceremony")
    page = html(client, event.get_absolute_url())
    assert "A draft source" not in page
    assert "No published passage supports this yet." in page


# Visibility ----------------------------------------------------------------------------------


def test_a_pseudonymous_witness_is_never_revealed(client, demo):
    hidden = demo.witness
    testimony = demo.testimonies["pseudonymous"]
    for url, _name, page in all_pages(client, demo):
        assert hidden.name not in page, url
    page = html(client, testimony.get_absolute_url())
    assert testimony.witness_code in page
    assert "Sister of a prisoner" not in page  # the description could identify the witness
    for query in ("Hidden+Witness+Realname", "Realname"):
        page = html(client, reverse("public:search") + f"?q={query}")
        assert "Nothing published matches" in page
        assert testimony.witness_code not in page


def test_a_witness_named_elsewhere_is_shown_without_their_coded_testimony(client, demo):
    boumedra = demo.people["boumedra"]
    coded = TestimonyFactory(
        witness__person=boumedra, confidentiality="pseudonymous", text="A coded statement.", state="published"
    )
    page = html(client, boumedra.get_absolute_url())
    assert "It is high time the OHCHR" in page
    assert "A coded statement." not in page and coded.witness_code not in page


def test_confidential_and_draft_records_appear_nowhere(client, demo):
    TestimonyFactory(
        witness__person=demo.people["boumedra"],
        state=PublicationState.DRAFT,
        confidentiality="confidential",
        text="Confidential words",
    )
    EventFactory(title="Draft event", state=PublicationState.DRAFT)
    SiteFactory(name="Draft site", state=PublicationState.DRAFT)
    VictimFactory(person=PersonFactory(name="Draft Victim"), state=PublicationState.DRAFT)
    for url, _name, page in all_pages(client, demo, languages=("",)):
        for secret in ("Confidential words", "Draft event", "Draft site", "Draft Victim", "A draft source"):
            assert secret not in page, (url, secret)
    for query in ("Confidential", "Draft"):
        page = html(client, reverse("public:search") + f"?q={query}")
        assert "Nothing published matches" in page
    assert client.get(demo.sources["draft"].get_absolute_url()).status_code == 404


def test_testimony_list_counts_only_public_testimonies(client, demo):
    TestimonyFactory(speaker=demo.people["boumedra"], state=PublicationState.DRAFT, text="Not yet")
    page = html(client, reverse("public:testimony_list"))
    assert page.count('class="testimony-card"') == selectors.public(Testimony).count() == 2


# Pages ---------------------------------------------------------------------------------------


def test_case_page_counts_each_section_s_public_records_only(client, demo):
    add_victims(demo, 3)
    hidden = PersonFactory(name="Unpublished Victim", cases=[demo.case], state=PublicationState.DRAFT)
    VictimFactory(person=hidden, cases=[demo.case], state=PublicationState.DRAFT)
    page = html(client, demo.case.get_absolute_url())
    shown = dict(re.findall(r'<a href="[^"]*">([^<]+)</a> <span class="meta">(\d+)</span>', page))
    case = demo.case
    assert shown == {
        "Timeline of events": str(selectors.events().filter(cases=case).count()),
        "Officials named in the sources": str(selectors.officials().filter(cases=case).count()),
        "Testimonies": str(selectors.testimonies().filter(cases=case).count()),
        "Prisons, execution sites and mass graves": str(selectors.sites().filter(cases=case).count()),
        "Victims registry": str(selectors.victims().filter(person__cases=case).count()),
        "Figures and who states them": str(selectors.figures().filter(cases=case).count()),
        "Sources": str(selectors.sources().count()),
    }
    assert shown["Victims registry"] != "0" and shown["Officials named in the sources"] != "0"


def test_case_page_shows_conflicting_figures_side_by_side_each_attributed(client, demo):
    page = html(client, demo.case.get_absolute_url())
    question = demo.figures["30000"].question.text
    section = page[page.index(question) :]
    assert "upwards of 30,000" in section and "thousands" in section
    assert "Tahar Boumedra (JVMI)" in section and "UN human rights experts" in section
    for name in ("Timeline", "Officials", "Victims registry", "Sources"):
        assert name in page


def test_timeline_filters_by_kind_and_year(client, demo):
    page = html(client, reverse("public:event_list") + "?kind=conference")
    assert "Conference on the 35th anniversary" in page and "The 1988 massacre<" not in page
    page = html(client, reverse("public:event_list") + "?year=1988")
    assert "The 1988 massacre" in page and "Conference on the 35th" not in page
    page = html(client, demo.events["massacre"].get_absolute_url())
    assert "c. July 1988" in page
    assert "Mostafa Pourmohammadi" in page  # related officials


def test_event_page_shows_who_spoke_there(client, demo):
    page = html(client, demo.events["paris"].get_absolute_url())
    assert "Tahar Boumedra" in page
    assert demo.testimonies["pseudonymous"].witness_code in page
    assert "3 July 2023" in page


def test_official_page_lists_every_spelling_and_positions_over_time(client, demo):
    page = html(client, demo.people["avaei"].get_absolute_url())
    for spelling in ("Alireza Avaei", "Alireza Avaii", "Alireza Avaie", "علیرضا آوایی"):
        assert spelling in page
    assert "c. 1988" in page
    page = html(client, reverse("public:official_list") + "?kind=minister")
    assert "Mostafa Pourmohammadi" in page and "Alireza Avaei" not in page


def test_sites_page_lists_sites_without_javascript_and_serves_leaflet_itself(client, demo):
    page = html(client, reverse("public:site_list"))
    assert "Evin Prison" in page and "Unmarked mass grave" in page
    assert 'data-lat="35.796000"' in page
    assert '<div id="site-map" class="site-map" hidden' in page  # shown by the script only
    assert 'src="/static/vendor/leaflet/leaflet.js"' in page


def test_site_page_shows_status_over_time_and_estimates_with_who_states_them(client, demo):
    page = html(client, demo.sites["graves"].get_absolute_url())
    assert "damaged" in page and "September 2020" in page
    assert "the destruction of mass graves" in page
    assert "70 mass graves with precise locations" in page and "JVMI" in page


def test_victims_registry_filters_and_paginates(client, demo):
    add_victims(demo, 60)
    url = reverse("public:victim_list")
    page = html(client, url)
    assert "63 people found" in page
    assert page.count("<tr>") == 51  # a header row and 50 people
    assert 'rel="next" href="?after=' in page  # pages by cursor (tests/public/test_registry_pages.py)
    evin = demo.sites["evin"].pk
    page = html(client, f"{url}?prison={evin}")
    assert "31 people found" in page
    assert "0 people found" in html(client, f"{url}?year=1989")
    assert "63 people found" in html(client, f"{url}?year=1988&fate=executed&burial_site={demo.sites['graves'].pk}")
    assert "1 person found" in html(client, f"{url}?q=Example+Victim+00042")


def test_victims_registry_offers_only_published_prisons(client, demo):
    SiteFactory(name="Unpublished prison", state=PublicationState.DRAFT)
    assert "Unpublished prison" not in html(client, reverse("public:victim_list"))


def test_figures_page_groups_conflicting_figures_by_question(client, demo):
    page = html(client, reverse("public:figure_list"))
    question = demo.figures["30000"].question
    sections = re.findall(r'<section class="question" id="([^"]+)".*?</section>', page, re.S)
    assert sections == sorted(sections) and question.slug in sections
    section = re.search(rf'<section class="question" id="{question.slug}".*?</section>', page, re.S).group(0)
    assert "upwards of 30,000" in section and "thousands" in section
    assert "70 mass graves" not in section


def test_unknown_record_is_not_found(client, demo):
    assert client.get(reverse("public:person_detail", kwargs={"slug": "nobody"})).status_code == 404
    assert client.get(reverse("public:victim_detail", kwargs={"pk": 999999})).status_code == 404


def test_a_missing_page_says_so_in_the_reader_s_language(client, demo):
    response = client.get("/fa/people/nobody/")
    assert response.status_code == 404
    assert "صفحه پیدا نشد" in response.content.decode()
    assert '<html lang="fa" dir="rtl">' in response.content.decode()
