"""The public site. Every view reads through the one visibility rule, ``published()``.

Views are thin: each fetches what its template shows in ``get_queryset`` (or
``get_context_data``) with ``select_related`` and ``Prefetch``, so that no query runs from
a template loop and a page's query count does not grow with the rows it shows.
"""

from django.conf import settings
from django.db.models import Count, F, Prefetch
from django.views.generic import DetailView, ListView, TemplateView
from django_filters.views import FilterView

from casefile.cases.models import Case
from casefile.events.models import Confidentiality, Event, Testimony
from casefile.figures.models import Figure
from casefile.people.models import Person, Position, Victim
from casefile.places.models import Site, SiteObservation
from casefile.sources.models import Source

from .citations import source_citations, with_citations
from .filters import EventFilter, OfficialFilter, SiteFilter, TestimonyFilter, VictimFilter
from .passages import marked_text, passages_of

LATEST = 5
SEARCH_RESULTS = 20


def map_settings():
    return {"map_tile_url": settings.MAP_TILE_URL, "map_tile_attribution": settings.MAP_TILE_ATTRIBUTION}


def published_people(lookup):
    return Prefetch(lookup, queryset=Person.objects.published())


def figures_with_citations(queryset=None):
    queryset = queryset if queryset is not None else Figure.objects.published()
    return queryset.select_related("question", "event", "site").prefetch_related(
        with_citations(Figure), Prefetch("claimant_person", queryset=Person.objects.published())
    )


def testimonies_for_listing(queryset=None):
    queryset = queryset if queryset is not None else Testimony.objects.published()
    return queryset.select_related("speaker", "event").prefetch_related(with_citations(Testimony))


class HomeView(ListView):
    template_name = "public/home.html"
    context_object_name = "cases"

    def get_queryset(self):
        return Case.objects.published()


class CaseDetailView(DetailView):
    template_name = "public/case_detail.html"
    context_object_name = "case"

    def get_queryset(self):
        return Case.objects.published().prefetch_related(with_citations(Case))

    def get_context_data(self, **kwargs):
        case = self.object
        return super().get_context_data(
            figures=figures_with_citations(Figure.objects.published().filter(cases=case)),
            latest_events=Event.objects.published().filter(cases=case).order_by("-updated_at")[:LATEST],
            latest_testimonies=Testimony.objects.published()
            .filter(cases=case)
            .select_related("speaker", "event")
            .order_by("-updated_at")[:LATEST],
            latest_sites=Site.objects.published().filter(cases=case).order_by("-updated_at")[:LATEST],
            latest_officials=Person.objects.published().officials().filter(cases=case).order_by("-updated_at")[:LATEST],
            **kwargs,
        )


# Events ---------------------------------------------------------------------------------------


class EventListView(FilterView):
    template_name = "public/event_list.html"
    filterset_class = EventFilter
    context_object_name = "events"
    paginate_by = 50

    def get_queryset(self):
        return Event.objects.published().order_by("date", "title", "pk").prefetch_related(with_citations(Event))


class EventDetailView(DetailView):
    template_name = "public/event_detail.html"
    context_object_name = "event"

    def get_queryset(self):
        return (
            Event.objects.published()
            .select_related("site")
            .prefetch_related(
                with_citations(Event),
                Prefetch("parent", queryset=Event.objects.published()),
                Prefetch("phases", queryset=Event.objects.published()),
                Prefetch(
                    "people",
                    queryset=Person.objects.published().prefetch_related(
                        Prefetch("positions", queryset=Position.objects.order_by("start_date", "pk"))
                    ),
                ),
                Prefetch("testimonies", queryset=testimonies_for_listing()),
                Prefetch("figures", queryset=figures_with_citations()),
            )
        )

    def get_context_data(self, **kwargs):
        people = list(self.object.people.all())
        return super().get_context_data(
            officials=[person for person in people if person.positions.all()],
            others=[person for person in people if not person.positions.all()],
            site_public=self.object.site if self.object.site and self.object.site.is_published else None,
            **kwargs,
        )


# People ---------------------------------------------------------------------------------------


class OfficialListView(FilterView):
    template_name = "public/official_list.html"
    filterset_class = OfficialFilter
    context_object_name = "officials"
    paginate_by = 50

    def get_queryset(self):
        return (
            Person.objects.published()
            .officials()
            .order_by("name", "pk")
            .prefetch_related("aliases", Prefetch("positions", queryset=Position.objects.order_by("start_date", "pk")))
        )


class PersonListView(ListView):
    """Witnesses, speakers and survivors: the people the case names who are not victims."""

    template_name = "public/person_list.html"
    context_object_name = "people"
    paginate_by = 50

    def get_queryset(self):
        return (
            Person.objects.published()
            .filter(victim__isnull=True)
            .annotate(
                position_count=Count("positions", distinct=True),
            )
            .order_by("name", "pk")
        )


class PersonDetailView(DetailView):
    template_name = "public/person_detail.html"
    context_object_name = "person"

    def get_queryset(self):
        named = Testimony.objects.published().filter(confidentiality=Confidentiality.PUBLIC)
        return Person.objects.published().prefetch_related(
            "aliases",
            with_citations(Person),
            Prefetch(
                "positions",
                queryset=Position.objects.order_by("start_date", "pk").prefetch_related(
                    with_citations(Position), Prefetch("sites", queryset=Site.objects.published())
                ),
            ),
            # Only what the person said under their own name: a pseudonymous testimony is
            # never linked to the person who gave it.
            Prefetch("testimonies", queryset=testimonies_for_listing(named), to_attr="named_testimonies"),
            Prefetch("named_in_testimonies", queryset=testimonies_for_listing(), to_attr="testimonies_naming"),
            Prefetch("figures_stated", queryset=figures_with_citations(), to_attr="published_figures_stated"),
            Prefetch("figures_about", queryset=figures_with_citations(), to_attr="published_figures_about"),
            Prefetch("events", queryset=Event.objects.published(), to_attr="published_events"),
            Prefetch(
                "victim",
                queryset=Victim.objects.published().select_related("prison", "burial_site"),
            ),
        )


class TestimonyListView(FilterView):
    template_name = "public/testimony_list.html"
    filterset_class = TestimonyFilter
    context_object_name = "testimonies"
    paginate_by = 50

    def get_queryset(self):
        return testimonies_for_listing().order_by("date", "pk")


class TestimonyDetailView(DetailView):
    template_name = "public/testimony_detail.html"
    context_object_name = "testimony"

    def get_queryset(self):
        return (
            Testimony.objects.published()
            .select_related("speaker", "event")
            .prefetch_related(with_citations(Testimony), published_people("people"))
        )

    def get_context_data(self, **kwargs):
        testimony = self.object
        speaker_public = (
            not testimony.is_pseudonymous and Person.objects.published().filter(pk=testimony.speaker_id).exists()
        )
        event = testimony.event if testimony.event and testimony.event.is_published else None
        return super().get_context_data(speaker_public=speaker_public, event=event, **kwargs)


# Sites ----------------------------------------------------------------------------------------


class SiteListView(FilterView):
    template_name = "public/site_list.html"
    filterset_class = SiteFilter
    context_object_name = "sites"
    paginate_by = 200

    def get_queryset(self):
        return Site.objects.published().order_by("name", "pk")

    def get_context_data(self, **kwargs):
        return super().get_context_data(**map_settings(), **kwargs)


class SiteDetailView(DetailView):
    template_name = "public/site_detail.html"
    context_object_name = "site"

    def get_queryset(self):
        return Site.objects.published().prefetch_related(
            with_citations(Site),
            Prefetch(
                "observations",
                queryset=SiteObservation.objects.order_by("date", "pk").prefetch_related(
                    with_citations(SiteObservation)
                ),
            ),
            Prefetch("figures", queryset=figures_with_citations()),
            Prefetch("events", queryset=Event.objects.published()),
            Prefetch(
                "positions",
                queryset=Position.objects.published().select_related("person").order_by("start_date", "pk"),
            ),
        )

    def get_context_data(self, **kwargs):
        victims = Victim.objects.published()
        return super().get_context_data(
            prisoner_count=victims.filter(prison=self.object).count(),
            buried_count=victims.filter(burial_site=self.object).count(),
            **map_settings(),
            **kwargs,
        )


# Victims --------------------------------------------------------------------------------------


class VictimListView(FilterView):
    template_name = "public/victim_list.html"
    filterset_class = VictimFilter
    context_object_name = "victims"
    paginate_by = 50

    def get_queryset(self):
        return (
            Victim.objects.published().select_related("person", "prison", "burial_site").order_by("person__name", "pk")
        )


class VictimDetailView(DetailView):
    template_name = "public/victim_detail.html"
    context_object_name = "victim"

    def get_queryset(self):
        return (
            Victim.objects.published()
            .select_related("person")
            .prefetch_related(
                with_citations(Victim),
                "person__aliases",
                Prefetch("prison", queryset=Site.objects.published()),
                Prefetch("burial_site", queryset=Site.objects.published()),
            )
        )


# Figures --------------------------------------------------------------------------------------


class FigureListView(ListView):
    template_name = "public/figure_list.html"
    context_object_name = "figures"
    paginate_by = 100

    def get_queryset(self):
        return figures_with_citations().order_by("question__text", F("value_low").asc(nulls_first=True), "pk")


class FigureDetailView(DetailView):
    template_name = "public/figure_detail.html"
    context_object_name = "figure"

    def get_queryset(self):
        return figures_with_citations().prefetch_related(published_people("people"))

    def get_context_data(self, **kwargs):
        others = figures_with_citations().filter(question=self.object.question).exclude(pk=self.object.pk)
        return super().get_context_data(others=others, **kwargs)


# Sources --------------------------------------------------------------------------------------


class SourceListView(ListView):
    template_name = "public/source_list.html"
    context_object_name = "sources"
    paginate_by = 50

    def get_queryset(self):
        return Source.objects.published().defer("snapshot").order_by("-published_on", "title", "pk")


class SourceDetailView(DetailView):
    template_name = "public/source_detail.html"
    context_object_name = "source"

    def get_queryset(self):
        return Source.objects.published()

    def get_context_data(self, **kwargs):
        citations = source_citations(self.object)
        passages = passages_of(citations)
        return super().get_context_data(
            passages=passages,
            marked_text=marked_text(self.object.snapshot, passages),
            unverified=[c for c in citations if not c.verified],
            **kwargs,
        )


# Search ---------------------------------------------------------------------------------------


class SearchView(TemplateView):
    template_name = "public/search.html"

    def get_context_data(self, **kwargs):
        query = self.request.GET.get("q", "").strip()[:200]
        results = {}
        if query:
            people = Person.objects.published().search(query)
            results = {
                "people": list(people.filter(victim__isnull=True).prefetch_related("aliases")[:SEARCH_RESULTS]),
                "victims": list(Victim.objects.published().search(query).select_related("person")[:SEARCH_RESULTS]),
                "events": list(Event.objects.published().search(query)[:SEARCH_RESULTS]),
                "testimonies": list(
                    Testimony.objects.published().search(query).select_related("speaker", "event")[:SEARCH_RESULTS]
                ),
                "sites": list(Site.objects.published().search(query)[:SEARCH_RESULTS]),
                "sources": list(Source.objects.published().search(query).defer("snapshot")[:SEARCH_RESULTS]),
            }
        return super().get_context_data(
            query=query,
            results=results,
            found=any(results.values()),
            limit=SEARCH_RESULTS,
            **kwargs,
        )
