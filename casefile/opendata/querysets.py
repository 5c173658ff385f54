"""The querysets of every record type as the API and the downloads read them.

Each starts from a named selector of ``casefile.selectors`` and prefetches, through the same
rule, everything its serializer shows, so that the number of queries does not grow with the rows.
"""

from django.db.models import Prefetch

from casefile import selectors
from casefile.cases.models import Case
from casefile.events.models import Event, Testimony
from casefile.figures.models import Answer, Figure
from casefile.people.models import Organisation, Person, Position, Victim
from casefile.places.models import Site, SiteObservation


def with_citations(fact_model, lookup="citations"):
    """The public citations of ``fact_model`` rows, with their source (not its whole text)."""
    citation_model = fact_model._meta.get_field("citations").related_model
    return Prefetch(lookup, queryset=selectors.citations(citation_model).defer("source__snapshot"))


def _answers_of(lookup):
    """The public answers of a fact, each with its question and every public answer to that question."""
    return Prefetch(
        lookup,
        queryset=selectors.public(Answer)
        .select_related("question")
        .prefetch_related(_question_answers("question__answers")),
        to_attr="public_answers",
    )


def _question_answers(lookup):
    return Prefetch(
        lookup,
        queryset=selectors.public(Answer).select_related("figure", "event", "person").order_by("pk"),
        to_attr="public_answers",
    )


def cases():
    return selectors.cases().prefetch_related(with_citations(Case))


def positions():
    return selectors.positions().prefetch_related(
        with_citations(Position),
        selectors.prefetch("sites", Site, queryset=Site.objects.only("pk", "name", "slug")),
        selectors.prefetch(
            "organisation", Organisation, queryset=Organisation.objects.only("pk", "name", "name_fa", "slug")
        ),
    )


def people(base=None):
    base = selectors.people() if base is None else base
    return base.prefetch_related(
        "aliases",
        with_citations(Person),
        Prefetch("positions", queryset=positions().order_by("start_date", "pk")),
        _answers_of("answers"),
    )


def officials():
    return people(selectors.officials())


def _site_link(lookup):
    return selectors.prefetch(lookup, Site, queryset=Site.objects.only("pk", "name", "slug"))


def victims():
    return (
        selectors.victims()
        .select_related("person")
        .prefetch_related("person__aliases", with_citations(Victim), _site_link("prison"), _site_link("burial_site"))
    )


def events():
    return selectors.events().prefetch_related(
        with_citations(Event),
        _answers_of("answers"),
        _site_link("site"),
        selectors.prefetch("parent", Event, queryset=Event.objects.only("pk", "title", "slug")),
        selectors.prefetch("people", Person, queryset=Person.objects.only("pk", "name", "slug")),
    )


def testimonies():
    return selectors.with_public_speaker(selectors.testimonies()).prefetch_related(
        with_citations(Testimony),
        selectors.prefetch("event", Event, queryset=Event.objects.only("pk", "title", "slug")),
        selectors.prefetch("people", Person, queryset=Person.objects.only("pk", "name", "slug")),
    )


def sites():
    return selectors.sites().prefetch_related(
        with_citations(Site),
        selectors.prefetch(
            "observations",
            SiteObservation,
            queryset=SiteObservation.objects.order_by("date", "pk").prefetch_related(with_citations(SiteObservation)),
        ),
    )


def figures():
    return (
        selectors.figures()
        .select_related("question")
        .prefetch_related(
            with_citations(Figure),
            _question_answers("question__answers"),
            selectors.prefetch("claimant_person", Person, queryset=Person.objects.only("pk", "name", "slug")),
            selectors.prefetch("event", Event, queryset=Event.objects.only("pk", "title", "slug")),
            _site_link("site"),
        )
    )


def sources():
    return selectors.sources().defer("snapshot")


def source_detail():
    return selectors.sources()
