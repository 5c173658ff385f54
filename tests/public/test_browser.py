"""The public site in a real browser: Debian's Chromium driven by Playwright.

Checks every page type with axe-core (no serious or critical violation, in English and in
Persian) and with the Nu Html Checker (no error), and what only a browser shows: a
citation's link landing on its highlighted passage, the map drawn from our own files
without asking any other host, the list of sites without JavaScript, phones and print.

Needs /usr/bin/chromium, java and the npm packages axe-core and vnu-jar (``.ci/run``
installs them into .ci/work/npm). Missing, the tests skip with the reason; under CI
(``CI`` set) they fail instead, so that CI can never pass without running them.
"""

import json
import os
import re
import shutil
import subprocess
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.utils import translation

from tests.factories import SiteFactory
from tests.public.demo import build_demo
from tests.public.pages import page_urls

# Playwright's sync API runs an event loop in this thread; the ORM calls made beside it are
# ordinary synchronous calls, which Django would otherwise refuse.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path(os.environ.get("CASEFILE_CHROMIUM", "/usr/bin/chromium"))
NODE_MODULES = Path(os.environ.get("CASEFILE_NODE_MODULES", ROOT / ".ci" / "work" / "npm" / "node_modules"))
AXE = NODE_MODULES / "axe-core" / "axe.min.js"
VNU = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
LANGUAGES = ["", "/fa"]


def require(condition, reason):
    if not condition:
        if os.environ.get("CI"):
            pytest.fail(f"{reason} (.ci/run installs it)")
        pytest.skip(reason)


@pytest.fixture(scope="module")
def browser():
    require(CHROMIUM.exists(), f"Chromium not found at {CHROMIUM}: apt-get install chromium")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:  # pragma: no cover - playwright is in requirements.txt
        require(False, "Playwright is not installed: pip install -r requirements.txt")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context()
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def site(live_server, transactional_db):
    translation.activate("en")
    demo = build_demo()
    return live_server.url, demo, page_urls(demo)


def visit(page, url):
    response = page.goto(url)
    assert response.status == 200, url
    return response


def test_nu_html_checker_finds_no_error_in_any_page_type(client, db, tmp_path):
    java = shutil.which("java")
    require(java, "java not found: apt-get install default-jre-headless")
    require(VNU.exists(), f"vnu.jar not found at {VNU}: npm install vnu-jar")
    demo = build_demo()
    files = []
    for name, url in page_urls(demo).items():
        for language in LANGUAGES:
            response = client.get(f"{language}{url}")
            translation.activate("en")
            assert response.status_code == 200
            path = tmp_path / f"{name}{language.replace('/', '-')}.html"
            path.write_bytes(response.content)
            files.append(str(path))
    result = subprocess.run(  # noqa: S603 - our own saved pages, checked by a pinned vnu.jar
        [java, "-jar", str(VNU), "--errors-only", "--format", "json", *files],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    messages = json.loads(result.stderr or result.stdout or '{"messages": []}')["messages"]
    errors = [f"{Path(m.get('url', '')).name}:{m.get('lastLine')}: {m.get('message')}" for m in messages]
    assert not errors, "\n".join(errors)


def test_a_citation_leads_to_its_passage_highlighted_in_the_source(page, site):
    base, demo, _urls = site
    citation = demo.positions["pour_1988"].citations.get()
    visit(page, base + demo.people["pourmohammadi"].get_absolute_url())
    page.click(f'a[href$="#{citation.anchor}"]')
    page.wait_for_url(re.compile(re.escape(demo.sources["un"].get_absolute_url()) + rf"\?[^#]*#{citation.anchor}$"))
    marked = page.locator(f'mark.passage[data-passages~="{citation.anchor}"]').first
    assert marked.is_visible()
    assert marked.inner_text().startswith("Mostafa Pour-Mohammadi, the former Minister of Justice")
    assert "is-target" in marked.get_attribute("class")
    # Highlighted in the target colour, not only the colour of every cited passage.
    assert marked.evaluate("el => getComputedStyle(el).backgroundColor") == "rgb(255, 211, 77)"
    assert marked.evaluate("el => { const r = el.getBoundingClientRect(); return r.top >= 0 && r.top < innerHeight; }")


def test_the_sites_map_is_drawn_from_our_own_files_and_asks_no_other_host(page, site):
    base, demo, urls = site
    host = urlsplit(base).netloc
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    visit(page, base + urls["sites"])
    page.wait_for_selector("#site-map.leaflet-container")
    assert page.locator("#site-map").is_visible()
    assert page.locator("#site-map path.leaflet-interactive").count() == 1  # Evin has coordinates
    others = [url for url in requested if urlsplit(url).netloc != host]
    assert not others, others
    assert any(url.endswith("/static/vendor/leaflet/leaflet.js") for url in requested)


def test_the_sites_page_works_without_javascript(browser, site):
    base, demo, urls = site
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    visit(page, base + urls["sites"])
    assert page.locator("#site-map").is_hidden()
    assert page.get_by_role("link", name="Evin Prison").is_visible()
    page.get_by_role("link", name="Unmarked mass grave").click()
    assert page.get_by_role("heading", name="Unmarked mass grave").is_visible()
    context.close()


def test_the_language_switcher_turns_the_page_persian_and_right_to_left(page, site):
    base, demo, urls = site
    visit(page, base + urls["official"])
    page.get_by_role("link", name="فارسی").click()
    page.wait_for_url(f"**/fa{urls['official']}")
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert page.locator("html").get_attribute("lang") == "fa"
    assert page.get_by_role("link", name="گاه‌شمار").is_visible()


@pytest.mark.parametrize("language", LANGUAGES, ids=["en", "fa"])
def test_pages_fit_a_phone_screen(browser, site, language):
    base, _demo, urls = site
    context = browser.new_context(viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True)
    page = context.new_page()
    wide = []
    for name, url in urls.items():
        visit(page, f"{base}{language}{url}")
        overflow = page.evaluate("() => document.documentElement.scrollWidth - document.documentElement.clientWidth")
        if overflow > 1:
            wide.append(f"{name}: {overflow}px too wide")
    context.close()
    assert not wide, wide


def test_print_shows_the_record_without_the_site_navigation(page, site):
    base, demo, urls = site
    for name in ("case", "official", "source"):
        visit(page, base + urls[name])
        page.emulate_media(media="print")
        assert page.locator(".site-nav").is_hidden(), name
        assert page.locator("h1").is_visible(), name
        page.emulate_media(media="screen")


STRICT_CSP = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; object-src 'none'; base-uri 'none'"
)


def test_pages_and_the_map_work_under_a_strict_content_security_policy(page, site):
    base, _demo, urls = site

    def with_csp(route):
        response = route.fetch()
        route.fulfill(response=response, headers={**response.headers, "content-security-policy": STRICT_CSP})

    refused = []
    page.on(
        "console", lambda message: refused.append(message.text) if "Content Security Policy" in message.text else None
    )
    page.route(f"{base}/**", with_csp)
    for name in ("sites", "site", "source", "official", "victims"):
        assert visit(page, base + urls[name]).headers["content-security-policy"] == STRICT_CSP
    page.goto(base + urls["sites"])
    page.wait_for_selector("#site-map.leaflet-container path.leaflet-interactive")
    # Requests still in flight (the favicon, a tile) would otherwise be fetched after the page
    # closes and fail whichever browser test runs next.
    page.unroute_all(behavior="wait")
    assert not refused, refused


# Issue 13: every page type at a phone's and a desktop's width, the map's base map, the timeline.

SCREENSHOTS = ROOT / ".ci" / "work" / "screenshots"
WIDTHS = {390: 844, 1280: 900}


AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]


def axe_problems(page, where):
    """The serious and critical axe-core violations of the page shown, one line each."""
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        "async (tags) => await axe.run(document, {resultTypes: ['violations'], runOnly: {type: 'tag', values: tags}})",
        AXE_TAGS,
    )
    return [
        f"{where}: {violation['id']} {violation['help']} {[node['target'] for node in violation['nodes']][:3]}"
        for violation in result["violations"]
        if violation["impact"] in ("serious", "critical")
    ]


@pytest.mark.parametrize("width", sorted(WIDTHS), ids=lambda width: f"{width}px")
def test_every_page_type_fits_the_width_and_passes_axe_in_both_languages(browser, site, width):
    """Every page type, in English and Persian, at a phone's and a desktop's width: no horizontal
    scroll, no serious or critical axe-core violation, and a screenshot of the whole page kept in
    .ci/work/screenshots for a person to look at."""
    require(AXE.exists(), f"axe-core not found at {AXE}: npm install axe-core")
    base, _demo, urls = site
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    # axe is injected as an inline script, which the site's CSP rightly refuses: let the test's
    # own script through (test_pages_and_the_map_work_under_a_strict_content_security_policy
    # checks the pages under the policy).
    context = browser.new_context(
        viewport={"width": width, "height": WIDTHS[width]},
        is_mobile=width < 500,
        has_touch=width < 500,
        bypass_csp=True,
    )
    page = context.new_page()
    problems = []
    for language in LANGUAGES:
        for name, url in urls.items():
            visit(page, f"{base}{language}{url}")
            where = f"{width}px {language}{url} ({name})"
            overflow = page.evaluate(
                "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
            )
            if overflow > 1:
                problems.append(f"{where}: {overflow}px too wide")
            page.screenshot(path=str(SCREENSHOTS / f"{name}-{language.strip('/') or 'en'}-{width}.png"), full_page=True)
            problems += axe_problems(page, where)
    context.close()
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("language", LANGUAGES, ids=["en", "fa"])
def test_the_registry_filter_fits_a_phone_with_a_long_option_open(browser, site, language):
    """A burial site with a long name made the registry 790 px wide on a 390 px phone."""
    base, demo, urls = site
    SiteFactory(
        name="Khavaran cemetery, the unmarked graves of political prisoners executed in Tehran in the summer of 1988",
        kind="cemetery",
        cases=[demo.case],
    )
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    page = context.new_page()
    visit(page, f"{base}{language}{urls['victims']}")
    page.locator(".filters__toggle").click()
    assert page.locator("#id_burial_site").is_visible()
    assert "Khavaran" in page.locator("#id_burial_site").inner_text()
    overflow = page.evaluate("() => document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 1, f"{overflow}px too wide"
    assert page.locator("#id_burial_site").bounding_box()["width"] <= 390
    context.close()


def test_the_phone_header_collapses_behind_a_menu_button(browser, site):
    base, _demo, urls = site
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    page = context.new_page()
    visit(page, base + urls["victims"])
    assert page.locator(".site-nav").is_hidden()
    assert page.locator(".site-header").bounding_box()["height"] < 160
    page.get_by_role("button", name="Menu").click()
    assert page.get_by_role("link", name="Timeline").is_visible()
    context.close()


def test_the_map_draws_the_shipped_base_map_and_each_marker_leads_to_its_site(page, site):
    base, demo, urls = site
    host = urlsplit(base).netloc
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    visit(page, base + urls["sites"])
    page.wait_for_selector("#site-map.site-map--basemap")
    assert page.locator("#site-map path").count() > 30  # country and province outlines, and the marker
    assert all(urlsplit(url).netloc == host for url in requested)
    page.locator("#site-map .site-marker").first.click(force=True)
    page.wait_for_url(f"**{demo.sites['evin'].get_absolute_url()}")


def test_the_timeline_draws_events_on_a_scale_and_filters_them(page, site):
    base, _demo, urls = site
    visit(page, base + urls["timeline"])
    page.wait_for_selector("#timeline-scale .timeline-bar")
    bars = page.locator("#timeline-scale .timeline-bar").count()
    assert bars == page.locator(".timeline__event[data-start]:not([data-start=''])").count()
    page.fill("#id_year_from", "2000")
    assert page.locator("#timeline-scale .timeline-bar").count() < bars
    assert page.locator(".timeline__event:not([hidden])").count() < page.locator(".timeline__event").count()


def test_the_case_page_shows_its_summary_headlines_and_sections_within_three_phone_screens(browser, site):
    base, _demo, urls = site
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    page = context.new_page()
    for language in LANGUAGES:
        visit(page, f"{base}{language}{urls['case']}")
        assert page.locator(".headline-figures").is_visible()
        bottom = page.evaluate(
            "() => document.querySelector('.case-sections').getBoundingClientRect().bottom + scrollY"
        )
        assert bottom < 3 * 844, f"{language}: the sections end at {bottom}px"
    context.close()


def test_printed_links_show_full_addresses_under_the_pages_address(page, site):
    base, demo, urls = site
    visit(page, base + urls["official"])
    page.emulate_media(media="print")
    assert page.locator(".print-address").is_visible()
    assert f"{base}{urls['official']}" in page.locator(".print-address").inner_text()
    after = page.evaluate("() => getComputedStyle(document.querySelector('main a[href^=\"/\"]'), '::after').content")
    assert after.startswith(f'" <{base}/'), after
