"""Footnotes in a real browser (issue 13): every mark leads to its passage, highlighted, under a banner
that names the fact and leads back to the mark. Chromium and fixtures as in ``test_browser``."""

from urllib.parse import parse_qs, urlsplit

import pytest
from django.utils import translation

from casefile.public.passages import fact_label
from casefile.sources.models import citation_models
from tests.public.test_browser import browser, page, site, visit  # noqa: F401 - the shared fixtures

pytestmark = pytest.mark.browser


def facts_of_passage(source_path, start, end):
    """The labels of the facts whose citations quote characters start–end of the source at ``source_path``."""
    labels = set()
    for model in citation_models():
        for citation in model.objects.filter(start=start, end=end).select_related("source"):
            if citation.source.get_absolute_url() == source_path:
                labels.add(fact_label(citation.fact))
    return labels


@pytest.mark.parametrize("page_name", ["official", "event", "figure"])
@pytest.mark.parametrize("language", ["", "/fa"], ids=["en", "fa"])
def test_each_footnote_mark_leads_to_its_highlighted_passage_and_back(page, site, page_name, language):  # noqa: F811
    base, _demo, urls = site
    origin = f"{base}{language}{urls[page_name]}"
    visit(page, origin)
    anchors = page.locator("sup.note-ref a").evaluate_all("links => links.map(a => a.id)")
    assert anchors, f"{page_name}: no footnote mark"
    for anchor in anchors:
        visit(page, origin)
        page.locator(f"#{anchor}").click()
        page.wait_for_selector(".arrival")
        address = urlsplit(page.url)
        start, end = (int(n) for n in parse_qs(address.query)["passage"][0].split("-"))
        assert address.fragment == f"passage-{start}-{end}"
        # The passage is highlighted, in the target colour, and in view.
        marked = page.locator("mark.passage.is-target").first
        assert marked.is_visible()
        assert marked.evaluate("el => getComputedStyle(el).backgroundColor") == "rgb(255, 211, 77)"
        # The banner stands just before it and names the facts the passage supports.
        banner = page.locator(".arrival")
        assert banner.is_visible()
        assert banner.evaluate("el => el.getBoundingClientRect().top < innerHeight")
        with translation.override(language.strip("/") or "en"):  # labels carry dates in the page's calendar
            expected = facts_of_passage(address.path, start, end)  # /fa/sources/… in Persian
        text = banner.inner_text()
        assert expected and all(label in text for label in expected), (text, expected)
        # Its link leads back to the very mark the reader followed.
        banner.locator(".arrival__back").click()
        page.wait_for_url(f"{origin}#{anchor}")
        assert page.evaluate("() => document.querySelector(':target').id") == anchor
        page.wait_for_function(
            "id => { const r = document.getElementById(id).getBoundingClientRect();"
            " return r.top >= 0 && r.bottom <= innerHeight; }",
            arg=anchor,
        )


def test_the_facts_of_a_passage_open_from_the_text_without_javascript(browser, site):  # noqa: F811
    base, _demo, urls = site
    context = browser.new_context(java_script_enabled=False)
    tab = context.new_page()
    visit(tab, base + urls["source"])
    note = tab.locator("details.passage-note").first
    assert note.locator(".passage-note__body").is_hidden()
    note.locator("summary").click()
    body = note.locator(".passage-note__body")
    assert body.is_visible()
    body.locator("a").first.click()
    tab.wait_for_load_state()
    assert urlsplit(tab.url).path != urls["source"]
    context.close()
