"""Bad input never gives a server error: every public URL, the admin's lists and forms answer 200, 3xx or 4xx.

The public URLs are found by walking the URL resolver, so pages added later are fuzzed too.
"""

import os
import re
from urllib.parse import quote

import pytest
from django.conf import settings
from django.contrib import admin
from django.urls import reverse
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from tests.factories import (
    CaseFactory,
    EventFactory,
    FigureFactory,
    PersonFactory,
    PositionFactory,
    SiteFactory,
    SourceFactory,
    TestimonyFactory,
    VictimFactory,
)
from tests.test_admin import form_data
from tests.urlwalk import public_url_patterns

pytestmark = pytest.mark.django_db

# Every example runs in the test's one transaction; the records made by the fixture are shared.
# CI draws the same examples every run (a gate that does not flicker); elsewhere they are new each time.
# FUZZ_SCALE=10 runs ten times as many examples, for a longer search now and then.
SCALE = float(os.environ.get("FUZZ_SCALE", "1"))


def examples(n):
    return max(1, round(n * SCALE))


fuzz = hypothesis_settings(
    max_examples=examples(40),
    derandomize=bool(os.environ.get("CI")),
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

# Text that has broken web apps: NUL, surrogates-adjacent planes, RTL marks, SQL and template syntax,
# huge and negative numbers, path tricks.
NASTY = [
    "\x00",
    "%00",
    "'",
    '"',
    "' OR 1=1 --",
    "{{ 7*7 }}",
    "{% debug %}",
    "<script>alert(1)</script>",
    "../../etc/passwd",
    "..",
    "-1",
    "0",
    "1e308",
    "99999999999999999999999999",
    "9223372036854775808",
    "NaN",
    "\u202e\u200f",
    "ی ي ك ک",
    "😀",
    "a" * 2000,
    "%",
    "\\",
    "[]",
    "__proto__",
    "pk__gt",
]
text = st.one_of(st.sampled_from(NASTY), st.text(max_size=50), st.from_regex(r"-?[0-9]{1,25}", fullmatch=True))
QUERY_KEYS = ["q", "page", "p", "o", "sort", "order", "state", "kind", "lang", "language", "format", "year", "from"]
query = st.dictionaries(
    st.one_of(st.sampled_from(QUERY_KEYS), st.text(min_size=1, max_size=20)),
    st.one_of(text, st.lists(text, max_size=3)),
    max_size=4,
)


PARAMETER = re.compile(r"<(?:(?P<converter>[^>:]+):)?(?P<name>[^>]+)>")
PUBLIC_ROUTES = sorted({pattern.route for pattern in public_url_patterns()})


@pytest.fixture
def records():
    """Published and unpublished records of every kind, so that some fuzzed addresses hit real pages."""
    made = []
    for state in ["published", "draft", "withdrawn"]:
        case = CaseFactory(state=state)
        made += [case, SourceFactory(state=state), PersonFactory(state=state, name=f"پورمحمدی {state}")]
        made += [EventFactory(state=state), SiteFactory(state=state), FigureFactory(state=state)]
        made += [VictimFactory(state=state), TestimonyFactory(state=state)]
    PositionFactory()
    slugs = [getattr(record, "slug", "") for record in made if getattr(record, "slug", "")]
    return {"slugs": slugs, "pks": [record.pk for record in made]}


def fill(route, draw, records):
    """A path for ``route`` with every parameter drawn: a real slug or id, or anything at all."""

    def value(match):
        converter = match.group("converter") or "str"
        real = {
            "slug": st.sampled_from(records["slugs"]),
            "int": st.sampled_from(records["pks"]).map(str),
        }.get(converter, st.sampled_from(records["slugs"]))
        return quote(draw(st.one_of(real, text)), safe="")

    path = PARAMETER.sub(value, route)
    if route.startswith("^"):  # a regular expression route: draw a path it matches
        path = draw(st.from_regex(route, fullmatch=True))
    return "/" + path.lstrip("/")


def test_the_walk_finds_the_public_pages():
    assert "" in PUBLIC_ROUTES
    assert "sources/<slug:slug>/" in PUBLIC_ROUTES
    assert not [route for route in PUBLIC_ROUTES if route.startswith(settings.ADMIN_PATH)]


@pytest.mark.parametrize("route", PUBLIC_ROUTES)
@fuzz
@given(data=st.data())
def test_public_urls_answer_bad_input_without_a_server_error(client, records, route, data):
    path = fill(route, data.draw, records)
    response = client.get(path, data.draw(query))
    assert response.status_code < 500, (path, response.status_code)


def changelists():
    return sorted(f"{m._meta.app_label}_{m._meta.model_name}" for m in admin.site._registry)


@pytest.mark.parametrize("name", changelists())
@hypothesis_settings(parent=fuzz, max_examples=examples(25))
@given(
    params=st.fixed_dictionaries(
        {},
        optional={"q": text, "state": text, "o": text, "p": text, "kind__exact": text, "all": text, "e": text},
    )
)
def test_admin_lists_answer_bad_filters_and_searches_without_a_server_error(editor_client, records, name, params):
    response = editor_client.get(reverse(f"admin:{name}_changelist"), params)
    assert response.status_code < 500, (params, response.status_code)
    if response.status_code == 302:  # Django's admin answers unknown filters with ?e=1
        assert editor_client.get(response.url).status_code < 500


@pytest.mark.parametrize("label", ["sources_source", "people_person", "events_event", "places_site"])
@hypothesis_settings(parent=fuzz, max_examples=examples(20))
@given(data=st.data())
def test_admin_forms_answer_bad_input_with_messages_not_errors(editor_client, records, label, data):
    url = reverse(f"admin:{label}_add")
    fields = form_data(editor_client.get(url))
    names = sorted(name for name in fields if not name.endswith(("TOTAL_FORMS", "INITIAL_FORMS")))
    chosen = data.draw(st.lists(st.sampled_from(names), max_size=6, unique=True))
    fields |= {name: data.draw(text) for name in chosen}
    response = editor_client.post(url, fields)
    assert response.status_code in (200, 302, 400), chosen  # 400: a NUL character, refused before the form


@hypothesis_settings(parent=fuzz, max_examples=examples(30))
@given(username=text, password=text, token=text)
def test_login_answers_any_input_without_a_server_error(client, records, username, password, token, settings):
    settings.REQUIRE_2FA = True
    response = client.post(reverse("admin:login"), {"username": username, "password": password, "otp_token": token})
    assert response.status_code in (200, 400, 403, 429)  # 400: a NUL character


@hypothesis_settings(parent=fuzz, max_examples=examples(25))
@given(data=st.data())
def test_cited_passages_answer_any_input_with_messages_not_errors(editor_client, records, source, data):
    """The quote an editor pastes is matched against the archived text: any text, or part of the real one."""
    url = reverse("admin:people_position_add")
    start = data.draw(st.integers(0, len(source.snapshot) - 1))
    passage = source.snapshot[start : start + data.draw(st.integers(0, 200))]
    quote = data.draw(st.one_of(text, st.just(passage), text.map(lambda noise: passage + noise)))
    fields = form_data(editor_client.get(url)) | {
        "person": str(PositionFactory().person.pk),
        "kind": "death_commission",
        "title_en": "Member",
        "citations-TOTAL_FORMS": "1",
        "citations-0-source": str(source.pk),
        "citations-0-quote": quote,
        "citations-0-locator": data.draw(text),
    }
    response = editor_client.post(url, fields)
    assert response.status_code in (200, 302, 400), quote  # 400: a NUL character, refused before the form
