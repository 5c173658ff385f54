"""The canary: nothing hidden ever reaches a public URL.

Every field that must never be public holds a unique marker (``zqx`` and five letters): every
text field of every draft, in-review and withdrawn record and of its parts (spellings,
positions, observations, citations), every field that identifies a witness who testified
under a code or in confidence, the confidential testimonies themselves, private contacts,
reviewers' comments, and the names of the staff who edited. Published records link to the
hidden ones wherever the models allow it.

Then an anonymous visitor walks every public URL the site has, found generically so that the
walk grows with the site: every URL pattern outside the admin (each parameter tried with every
slug and primary key there is, hidden ones included), every record's ``get_absolute_url()``,
list pages with and without query strings, every GET form on any page submitted with the
markers as its query, every link, sitemap ``<loc>`` and JSON URL found on the way, a 404 page,
in English and in Persian. No response (body or headers) may contain a marker, except one
the request itself carried (a search page repeating the query is not a leak; other markers
of the same record are placed to catch it).
"""

import contextlib
import itertools
import re
from collections import deque
from urllib.parse import urlencode, urljoin, urlsplit

import pytest
from django.apps import apps
from django.conf import settings
from django.db import models
from django.urls import NoReverseMatch, reverse
from django.urls.converters import IntConverter, SlugConverter
from django.utils import translation

from casefile import selectors
from casefile.cases.models import Case, CaseRecord
from casefile.core.models import PublicationState, PublishableModel
from casefile.events.models import Event, Testimony
from casefile.figures.models import Figure, Question
from casefile.people.models import Contact, Organisation, Person, PersonName, Position, Victim, Witness
from casefile.places.models import Site, SiteObservation
from casefile.sources.models import Source, citation_models
from tests.factories import (
    AnswerFactory,
    CaseFactory,
    EventFactory,
    FigureFactory,
    OrganisationFactory,
    PersonFactory,
    PositionFactory,
    QuestionFactory,
    SiteFactory,
    SiteObservationFactory,
    SourceFactory,
    TestimonyFactory,
    VictimFactory,
)
from tests.urlwalk import public_url_patterns

pytestmark = pytest.mark.django_db

PREFIX = "zqx"
HIDDEN_STATES = [PublicationState.DRAFT, PublicationState.IN_REVIEW, PublicationState.WITHDRAWN]
FACTORIES = {
    Case: CaseFactory,
    Source: SourceFactory,
    Person: PersonFactory,
    Victim: VictimFactory,
    Site: SiteFactory,
    Event: EventFactory,
    Testimony: TestimonyFactory,
    Figure: FigureFactory,
    Organisation: OrganisationFactory,
    Question: QuestionFactory,
}
# Filled by the workflow or derived from other fields: never typed, so not marked directly.
UNMARKED_FIELDS = {"state", "snapshot_sha256", "search_text", "witness_code", "quote"}
# Fields people search by: their first marker word is used as a search query on every list and form.
SEARCHED_FIELDS = {
    "name",
    "name_fa",
    "title",
    "title_fa",
    "other_names",
    "text",
    "speaker_description",
    "value_text",
    "claimant",
    "description",
    "snapshot",
    "affiliation",
}
MAX_REQUESTS = 25000  # the API, downloads and feeds (issue 10) add many addresses to walk
MAX_COMBINATIONS = 400
LINK = re.compile(r"""(?:href|src|action)\s*=\s*["']([^"']+)["']|<loc>\s*([^<\s]+)\s*</loc>|"(/[^"\s]*)\"""")
ABSOLUTE = re.compile(r"https?://testserver(/[^\s\"'<>]*)")
FORM = re.compile(r"<form\b([^>]*)>(.*?)</form>", re.S | re.I)
METHOD = re.compile(r"""method\s*=\s*["']?(\w+)""", re.I)
ACTION = re.compile(r"""action\s*=\s*["']([^"']*)["']""", re.I)
INPUT_NAME = re.compile(r"""<(?:input|textarea)\b[^>]*\bname\s*=\s*["']([^"']+)["']""", re.I)
SELECT_NAME = re.compile(r"""<select\b[^>]*\bname\s*=\s*["']([^"']+)["']""", re.I)
QUERY_STRINGS = [
    {"page": "2"},
    {"page": "last"},
    {"page": "0"},
    {"format": "json"},
    {"format": "csv"},
    {"sort": "-name"},
    {"lang": "fa"},
]


class Markers:
    """Unique marker strings, each remembered with the field it was put in."""

    def __init__(self):
        self.where = {}
        self.search_terms = []

    def new(self, where):
        n = len(self.where)
        letters = "".join(chr(ord("a") + (n // 26**i) % 26) for i in reversed(range(5)))
        marker = f"{PREFIX}{letters}"
        self.where[marker] = where
        return marker

    def value_for(self, field, where):
        """A marked value that ``field`` accepts, or None."""
        first = self.new(where)
        if field.name in SEARCHED_FIELDS:
            self.search_terms.append(first)
        if isinstance(field, models.URLField):
            return f"https://{first}.example.org/"
        if isinstance(field, models.EmailField):
            return f"{first}@example.org"
        if isinstance(field, models.SlugField):
            return first
        if isinstance(field, models.TextField) or field.max_length >= 2 * len(first) + 1:
            # Two words: a search for the first must not bring back the second.
            return f"{first} {self.new(where)}"
        return first if field.max_length >= len(first) else None

    def fill(self, obj, label, skip=()):
        """Put a marker in every free-text field of ``obj`` and save it."""
        for field in obj._meta.concrete_fields:
            if (
                field.name in UNMARKED_FIELDS
                or field.name in skip
                or field.choices
                or not isinstance(field, models.CharField | models.TextField)
            ):
                continue
            value = self.value_for(field, f"{label}.{field.name}")
            if value is not None:
                setattr(obj, field.attname, value)
        obj.save()
        return obj

    def leaks(self, text, allowed):
        # A CSRF token (64 random letters and digits, as in the API docs page's script) holds the
        # prefix by chance about once in a thousand pages: it is no record's text.
        text = re.sub(r"(?<![a-z0-9])[a-z0-9]{64}(?![a-z0-9])", "", text.lower())
        for marker in allowed:
            text = text.replace(marker, "")
        found = []
        for match in re.finditer(PREFIX, text):
            marker = text[match.start() : match.start() + len(PREFIX) + 5]
            context = text[max(0, match.start() - 60) : match.start() + 60].replace("\n", " ")
            found.append(f"{marker} ({self.where.get(marker, 'part of a marker')}) in …{context}…")
        return found


def hidden_citations(markers, record, label, hidden_source, public_source):
    """A hidden record cites a hidden source and a published one; neither citation may show."""
    for model in citation_models():
        if model._meta.get_field("fact").related_model is type(record):
            for source in (hidden_source, public_source):
                citation = model(fact=record, source=source, quote=source.snapshot.split(".")[0])
                markers.fill(citation, f"{label} citation")


def build_world(markers):
    """Published records (no markers) linked to every kind of hidden record and field (markers)."""
    case = CaseFactory(title="The 1988 massacre", slug="the-1988-massacre")
    public_source = SourceFactory(title="A published source", snapshot="A published passage. It stays public.")
    hidden_source = markers.fill(SourceFactory(state=PublicationState.DRAFT), "draft source")
    hidden_source.snapshot = f"{markers.new('draft source text')} passage. More."
    hidden_source.save()

    # Staff who edit and review are never named publicly.
    staff = apps.get_model(settings.AUTH_USER_MODEL).objects.create_user(
        username=markers.new("staff username"),
        first_name=markers.new("staff first name"),
        last_name=markers.new("staff last name"),
        email=f"{markers.new('staff email')}@example.org",
        is_staff=True,
    )

    hidden = {}
    for model, factory in FACTORIES.items():
        for state in HIDDEN_STATES:
            label = f"{state} {model._meta.model_name}"
            record = factory(state=state, **({"cases": [case]} if issubclass(model, CaseRecord) else {}))
            if model is Figure:
                record.question = markers.fill(QuestionFactory(), f"question only of a {label}")
            markers.fill(record, label)
            hidden_citations(markers, record, label, hidden_source, public_source)
            hidden.setdefault(model, []).append(record)

    # The parts of hidden records.
    for person in hidden[Person]:
        markers.fill(PersonName(person=person), f"spelling of a {person.state} person")
        position = markers.fill(PositionFactory(person=person), f"position of a {person.state} person")
        hidden_citations(markers, position, f"position of a {person.state} person", hidden_source, public_source)
    for site in hidden[Site]:
        observation = markers.fill(SiteObservationFactory(site=site), f"observation of a {site.state} site")
        hidden_citations(markers, observation, f"observation of a {site.state} site", hidden_source, public_source)

    # Witnesses: the identity behind a withheld testimony lives in a private witness record, with
    # its contacts. One of them is also a published person, who stays public and unlinked.
    also_public = PersonFactory(name="A published person who also testified", cases=[case])
    witnesses = [also_public]
    for level, state in [
        ("pseudonymous", PublicationState.PUBLISHED),
        ("confidential", PublicationState.DRAFT),
        ("confidential", PublicationState.IN_REVIEW),
    ]:
        # The code of a pseudonymous witness is public; a confidential witness's is not.
        witness = markers.fill(
            Witness(person=also_public), f"{level} witness", skip=("code",) if level == "pseudonymous" else ()
        )
        markers.fill(Contact(witness=witness), f"contact of a {level} witness")
        testimony = TestimonyFactory(witness=witness, confidentiality=level, state=state, cases=[case])
        if level == "confidential":
            markers.fill(testimony, f"{state} confidential testimony")
        else:
            testimony.text = "What the witness said, which may be public."
            testimony.speaker_description = markers.value_for(
                Testimony._meta.get_field("speaker_description"), "description of a pseudonymous witness"
            )
            testimony.save()
    markers.fill(Contact(person=PersonFactory(name="A published official", cases=[case])), "contact of an official")

    # Published records that point at hidden ones.
    draft_case, draft_site, draft_event = hidden[Case][0], hidden[Site][0], hidden[Event][0]
    draft_person, draft_source = hidden[Person][0], hidden[Source][0]
    official = PersonFactory(name="Published official", cases=[case, draft_case])
    official.review_comment = markers.new("reviewer's comment on a published person")
    official.submitted_by = official.reviewed_by = staff
    official._history_user = staff
    official.save()
    draft_organisation = hidden[Organisation][0]
    position = PositionFactory(person=official, title="Prosecutor", organisation=draft_organisation)
    position.sites.add(draft_site)
    OrganisationFactory(name="Published organisation", parent=draft_organisation, cases=[case])
    PositionFactory(person=draft_person, title="Member", organisation=OrganisationFactory(name="Public body"))
    event = EventFactory(title="Published event", site=draft_site, parent=draft_event, cases=[case, draft_case])
    event.people.add(draft_person, *witnesses)
    victim = VictimFactory(person=PersonFactory(name="Published victim"), prison=draft_site, burial_site=draft_site)
    FigureFactory(claimant_person=witnesses[0], event=draft_event, site=draft_site).people.add(
        draft_person, witnesses[0]
    )
    named = TestimonyFactory(speaker=official, event=draft_event, text="A named public statement.", cases=[case])
    named.people.add(draft_person, *witnesses)
    SiteObservationFactory(site=SiteFactory(name="Published site"), note="Seen in 2019.")
    # A published event answers hidden questions, and a revision of a published question it answers.
    for question in hidden[Question]:
        markers.fill(AnswerFactory(question=question, event=event), f"answer to a {question.state} question")
    asked = QuestionFactory(text="A published question")
    AnswerFactory(question=asked, event=event, reading="A published answer")
    revision = markers.fill(
        QuestionFactory(state=PublicationState.DRAFT, revision_of=asked), "revision of a published question"
    )
    markers.fill(AnswerFactory(question=revision, event=event), "answer in a revision of a published question")
    # A published record whose earlier, draft version held text that was never published.
    revised = markers.fill(EventFactory(state=PublicationState.DRAFT, cases=[case]), "earlier draft of an event")
    for field in revised._meta.concrete_fields:  # every text in every language, as fill() marked them
        if (
            field.name not in UNMARKED_FIELDS
            and not field.choices
            and isinstance(field, models.CharField | models.TextField)
        ):
            setattr(revised, field.attname, "")
    revised.title, revised.state = "Revised and published event", PublicationState.PUBLISHED
    revised.save()
    del draft_source, victim
    return hidden


def url_patterns():
    """(reversible name or None, route text, converters) of every URL pattern outside the admin."""
    for pattern in public_url_patterns():
        yield pattern.name, pattern.route, pattern.converters


def candidate_values():
    """Every slug and primary key in the database, hidden records' included, and some that match nothing."""
    keys, slugs = {"0", "999999"}, {"no-such-thing"}
    for model in apps.get_models():
        if model._meta.app_label in ("admin", "sessions", "contenttypes", "auth") or model.__name__.startswith(
            "Historical"
        ):
            continue
        keys.update(str(pk) for pk in model._base_manager.values_list("pk", flat=True))
        for field in model._meta.concrete_fields:
            if isinstance(field, models.SlugField):
                slugs.update(model._base_manager.exclude(**{field.name: ""}).values_list(field.name, flat=True))
    return sorted(keys, key=int), sorted(slugs)


def seed_urls():
    keys, slugs = candidate_values()
    urls = {"/", "/no-such-page-anywhere/"}
    for name, route, converters in url_patterns():
        if not converters:
            if name:
                with contextlib.suppress(NoReverseMatch):
                    urls.add(reverse(name))
            else:
                urls.add("/" + route.lstrip("^").rstrip("$").replace("\\", ""))
            continue
        if name is None:
            continue
        choices = [
            keys if isinstance(conv, IntConverter) else slugs if isinstance(conv, SlugConverter) else slugs + keys
            for conv in converters.values()
        ]
        for values in itertools.islice(itertools.product(*choices), MAX_COMBINATIONS):
            try:
                urls.add(reverse(name, kwargs=dict(zip(converters, values, strict=True))))
            except NoReverseMatch:
                continue
    for model in apps.get_models():
        if hasattr(model, "get_absolute_url") and not model.__name__.startswith("Historical") and model is not Contact:
            for obj in model._base_manager.all():
                urls.add(obj.get_absolute_url().split("#")[0])
    return urls


def is_public(path):
    return (
        path.startswith("/")
        and not path.startswith("//")
        and not path.startswith("/" + settings.ADMIN_PATH)
        and not path.startswith(
            settings.STATIC_URL if settings.STATIC_URL.startswith("/") else "/" + settings.STATIC_URL
        )
    )


def links(base, text):
    found = set()
    for match in LINK.finditer(text):
        href = next(group for group in match.groups() if group is not None)
        found.add(urljoin(base, href.replace("&amp;", "&")))
    found.update(urljoin(base, m.group(1)) for m in ABSOLUTE.finditer(text))
    return {urlsplit(url)._replace(scheme="", netloc="", fragment="").geturl() for url in found}


def form_queries(base, text, terms):
    """Every GET form on the page, submitted with each search term in each field a reader types in.

    A list (``<select>``) accepts only its own options, which are public records: it is submitted
    with one term, so that a value it does not offer is tried once, not once per term.
    """
    found = set()
    for attributes, body in FORM.findall(text):
        method = METHOD.search(attributes)
        if method and method.group(1).lower() != "get":
            continue
        action = ACTION.search(attributes)
        target = urlsplit(urljoin(base, action.group(1) if action else base)).path
        for name in set(INPUT_NAME.findall(body)):
            found.update(f"{target}?{urlencode({name: term})}" for term in terms)
        for name in set(SELECT_NAME.findall(body)):
            found.update(f"{target}?{urlencode({name: term})}" for term in terms[:1])
    return found


def body(response):
    content = b"".join(response.streaming_content) if response.streaming else response.content
    headers = "\n".join(f"{key}: {value}" for key, value in response.items())
    return headers + "\n" + content.decode("utf-8", errors="replace")


def walk(client, markers, language, until_a_leak=False):
    """Visit every public URL reachable from the seeds; return (leaks, {url: status}).

    ``until_a_leak``: stop at the first page that shows a hidden value.
    """
    terms = markers.search_terms
    with translation.override(language):
        queue = deque(sorted(seed_urls()))
    list_pages = [name for name, _route, converters in url_patterns() if name and not converters]
    for name in list_pages:
        with translation.override(language):
            try:
                path = reverse(name)
            except NoReverseMatch:
                continue
        queue.extend(f"{path}?{urlencode(query)}" for query in QUERY_STRINGS)
        queue.extend(f"{path}?{urlencode({'q': term})}" for term in terms)
    seen, statuses, leaks = set(), {}, []
    while queue and len(seen) < MAX_REQUESTS:
        url = queue.popleft()
        if url in seen or not is_public(url):
            continue
        seen.add(url)
        response = client.get(url, HTTP_ACCEPT_LANGUAGE=language)
        statuses[url] = response.status_code
        text = body(response)
        allowed = {m for m in markers.where if m in url.lower()}
        leaks.extend(f"{url} [{language}] {leak}" for leak in markers.leaks(text, allowed))
        if leaks and until_a_leak:
            return leaks, statuses
        if response.status_code in (301, 302, 303, 307, 308):
            queue.append(urlsplit(urljoin(url, response["Location"]))._replace(scheme="", netloc="").geturl())
        if response.status_code == 200:
            queue.extend(sorted(links(url, text) - seen))
            queue.extend(sorted(form_queries(url, text, terms) - seen))
    assert len(seen) < MAX_REQUESTS, "the walk did not finish: raise MAX_REQUESTS"
    return leaks, statuses


@pytest.fixture
def markers():
    found = Markers()
    build_world(found)
    return found


def test_every_publishable_model_is_in_the_canary():
    publishable = {m for m in apps.get_models() if issubclass(m, PublishableModel)}
    assert publishable <= set(FACTORIES), "add a factory for the new model to FACTORIES"


@pytest.mark.parametrize("language", [code for code, _name in settings.LANGUAGES])
def test_no_hidden_field_reaches_any_public_url(client, markers, language):
    leaks, statuses = walk(client, markers, language)
    assert not leaks, "\n".join(leaks[:40])

    # The walk did reach the public site: every published record's page answered.
    for model in FACTORIES:
        for record in selectors.public(model):
            url = record.get_absolute_url().split("#")[0]
            assert statuses.get(url) == 200, (url, statuses.get(url))
    assert statuses["/no-such-page-anywhere/"] == 404
    # The files for load balancers, crawlers and researchers were walked too, and hold nothing hidden.
    for name in ("health", "robots_txt", "security_txt"):
        assert statuses.get(reverse(name)) == 200, name
    assert sum(status == 404 for status in statuses.values()) > 20  # hidden records' pages were tried


def test_the_canary_sees_a_leak(client, markers):
    """A hidden person published by mistake is reported by the walk (the canary can fail)."""
    leaked = Person.objects.filter(state=PublicationState.DRAFT, name__startswith=PREFIX).first()
    Person.objects.filter(pk=leaked.pk).update(state=PublicationState.PUBLISHED)
    leaks, _statuses = walk(client, markers, settings.LANGUAGE_CODE, until_a_leak=True)
    assert any("draft person.name" in leak for leak in leaks), leaks


def test_hidden_parts_exist_for_every_kind_of_part(markers):
    """The world holds marked parts of each kind, so the walk covers them."""
    wheres = set(markers.where.values())
    for kind in ("spelling of", "position of", "observation of", "citation", "contact of", "witness.code"):
        assert any(kind in where for where in wheres), kind
    assert Position.objects.filter(title__startswith=PREFIX).exists()
    assert SiteObservation.objects.filter(note__startswith=PREFIX).exists()
