"""The public site. Every view reads through the one visibility rule, ``casefile.selectors``.

Views are thin: each fetches what its template shows in ``get_queryset`` (or
``get_context_data``) with ``select_related`` and ``Prefetch``, so that no query runs from
a template loop and a page's query count does not grow with the rows it shows.
"""

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q, Subquery, Value, Window
from django.db.models.functions import Coalesce
from django.http import Http404
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.views.generic import DetailView, ListView, TemplateView
from django_filters.views import FilterView

from casefile import selectors
from casefile.cases.models import Case
from casefile.events.models import Event, Testimony
from casefile.figures.models import Figure
from casefile.people.models import Organisation, Person, PersonName, Position, Victim
from casefile.places.models import Site, SiteObservation

from .citations import source_citations, with_citations
from .filters import EventFilter, OfficialFilter, SiteFilter, TestimonyFilter, VictimFilter
from .footnotes import came_from, requested_passage
from .passages import arrival_facts, marked_text, passages_of
from .timeline import place_on_scale

LATEST = 5
SEARCH_RESULTS = 20


def counts(model, key, **querysets):
    """Several counts in one query, as subqueries of one for the row ``key`` of ``model``: its one row
    is ``{name: count}``."""

    def count(queryset):
        rows = queryset.order_by().annotate(_all=Value(1)).values("_all")
        # COUNT(*) where no row can come twice: the database may count from an index alone.
        counted = Count("pk", distinct=True) if queryset.query.distinct else Count("*")
        return Coalesce(Subquery(rows.annotate(n=counted).values("n")), 0)

    return model.objects.filter(pk=key).values(**{name: count(qs) for name, qs in querysets.items()})


def map_settings():
    return {"map_tile_url": settings.MAP_TILE_URL, "map_tile_attribution": settings.MAP_TILE_ATTRIBUTION}


def figures_joined(queryset=None):
    """Public figures with their claimant, event and site (``None`` where hidden) and question joined."""
    queryset = queryset if queryset is not None else selectors.figures()
    queryset = selectors.select_public(queryset, claimant_person=Person, event=Event, site=Site)
    return queryset.select_related("question__preferred")


def figures_with_citations(queryset=None):
    return figures_joined(queryset).prefetch_related(with_citations(Figure))


def testimonies_joined(queryset=None):
    """Public testimonies with their speaker (if public) and event (``None`` where hidden) joined."""
    queryset = queryset if queryset is not None else selectors.testimonies()
    return selectors.select_public(selectors.with_public_speaker(queryset), event=Event)


def testimonies_for_listing(queryset=None):
    return testimonies_joined(queryset).prefetch_related(with_citations(Testimony))


class HomeView(ListView):
    template_name = "public/home.html"
    context_object_name = "cases"

    def get_queryset(self):
        return selectors.cases()


class CaseDetailView(DetailView):
    template_name = "public/case_detail.html"
    context_object_name = "case"

    def get_queryset(self):
        return selectors.cases().prefetch_related(with_citations(Case))

    def get_context_data(self, **kwargs):
        case = self.object
        (section_counts,) = selectors.prepared(_case_counts, case.pk)
        return super().get_context_data(
            headline_figures=selectors.other_answers(selectors.prepared(_case_headline_figures, case.pk)),
            figure_count=section_counts["figures"],
            section_counts=section_counts,
            latest_events=selectors.prepared(_case_latest_events, case.pk),
            latest_testimonies=selectors.prepared(_case_latest_testimonies, case.pk),
            latest_sites=selectors.prepared(_case_latest_sites, case.pk),
            latest_officials=selectors.prepared(_case_latest_officials, case.pk),
            **kwargs,
        )


# The case page's queries, each prepared (``selectors.prepared``): the same for every case.


def _case_counts(case):
    return counts(
        Case,
        case,
        figures=selectors.figures().filter(cases=case),
        events=selectors.events().filter(cases=case),
        officials=selectors.officials().filter(cases=case),
        testimonies=selectors.testimonies().filter(cases=case),
        sites=selectors.sites().filter(cases=case),
        victims=selectors.victims().filter(person__cases=case),
        sources=selectors.sources(),
    )


def _case_headline_figures(case):
    headline = selectors.figures().filter(cases=case, question__headline_of=case)
    return figures_joined(headline).order_by("question__text", F("value_low").asc(nulls_first=True), "pk")


def _case_latest_events(case):
    return selectors.events().filter(cases=case).order_by("-updated_at")[:LATEST]


def _case_latest_testimonies(case):
    return selectors.with_public_speaker(selectors.testimonies().filter(cases=case)).order_by("-updated_at")[:LATEST]


def _case_latest_sites(case):
    return selectors.sites().filter(cases=case).order_by("-updated_at")[:LATEST]


def _case_latest_officials(case):
    return selectors.officials().filter(cases=case).order_by("-updated_at")[:LATEST]


# Events ---------------------------------------------------------------------------------------


class EventListView(FilterView):
    template_name = "public/event_list.html"
    filterset_class = EventFilter
    context_object_name = "events"
    paginate_by = 50

    def get_queryset(self):
        return (
            selectors.events()
            .order_by(F("date").asc(nulls_last=True), "title", "pk")
            .prefetch_related(with_citations(Event))
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        place_on_scale(context["events"])
        return context


class EventDetailView(DetailView):
    template_name = "public/event_detail.html"
    context_object_name = "event"

    def get_queryset(self):
        return selectors.events().prefetch_related(
            with_citations(Event),
            selectors.prefetch("site", Site),
            selectors.prefetch("parent", Event),
            selectors.prefetch("phases", Event),
            selectors.prefetch(
                "people",
                Person,
                queryset=Person.objects.prefetch_related(
                    Prefetch("positions", queryset=selectors.positions().order_by("start_date", "pk"))
                ),
            ),
            Prefetch("testimonies", queryset=testimonies_for_listing()),
            Prefetch("figures", queryset=figures_with_citations()),
        )

    def get_context_data(self, **kwargs):
        people = list(self.object.people.all())
        return super().get_context_data(
            conflicts=selectors.conflicts(event=self.object),
            officials=[person for person in people if person.positions.all()],
            others=[person for person in people if not person.positions.all()],
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
            selectors.officials()
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
            selectors.people_not_in_registry()
            .annotate(
                position_count=Count("positions", distinct=True),
            )
            .order_by("name", "pk")
        )


def _testimonies_of_person(person):
    return _own_or_naming(
        testimonies_joined(), person, "speaker", Testimony.people.through, "testimony", "names_person"
    )


def _figures_of_person(person):
    return _own_or_naming(figures_joined(), person, "claimant_person", Figure.people.through, "figure", "about_person")


def _own_or_naming(records, person, own, naming, named, flag):
    """``records`` that are ``person``'s own (``own``) or name them (the table ``naming``), each once
    (no DISTINCT) with ``flag``: whether it names them."""
    naming = naming.objects.filter(person=person)
    return records.filter(Q(**{own: person}) | Q(pk__in=naming.values(named))).annotate(
        **{flag: Exists(naming.filter(**{named: OuterRef("pk")}))}
    )


def _person_by_slug(slug):
    # A public person's victim record is public too: they share one state.
    return selectors.people().filter(slug=slug).select_related("victim")


def _aliases_of_person(person):
    return PersonName.objects.filter(person=person)


def _positions_of_person(person):
    positions = selectors.positions().filter(person=person).order_by("start_date", "pk")
    return selectors.select_public(positions, organisation=Organisation).prefetch_related(
        selectors.prefetch("sites", Site)
    )


def _events_of_person(person):
    return selectors.events().filter(people=person)


class PersonDetailView(DetailView):
    template_name = "public/person_detail.html"
    context_object_name = "person"

    def get_object(self, queryset=None):
        """The person with their spellings, positions and events: each a prepared query (the same
        for every person), read into the person as ``prefetch_related`` would."""
        found = list(selectors.prepared(_person_by_slug, self.kwargs["slug"]))
        if not found:
            raise Http404(_("No such page."))
        (person,) = found
        selectors.give(person, "aliases", selectors.prepared(_aliases_of_person, person.pk))
        selectors.give(person, "positions", selectors.prepared(_positions_of_person, person.pk))
        person.public_events = list(selectors.prepared(_events_of_person, person.pk))
        return person

    def get_context_data(self, **kwargs):
        person = self.object
        # One query each for testimonies and figures, split here: what the person said under their
        # own name (a withheld testimony has no speaker at all) and what names them; what they state
        # and what concerns them.
        # Each row once without DISTINCT (which made PostgreSQL plan a sort of every joined column).
        testimonies = list(selectors.prepared(_testimonies_of_person, person.pk))
        person.named_testimonies = [t for t in testimonies if t.speaker_id == person.pk]
        person.testimonies_naming = [t for t in testimonies if t.names_person]
        figures = list(selectors.prepared(_figures_of_person, person.pk))
        person.public_figures_stated = [f for f in figures if f.claimant_person_id == person.pk]
        person.public_figures_about = [f for f in figures if f.about_person]
        # The citations of the person, their positions, testimonies, figures and conflicting answers:
        # one query for every kind.
        conflicts = selectors.conflicts(
            person=person, cited_with=[person, *person.positions.all(), *testimonies, *figures]
        )
        return super().get_context_data(conflicts=conflicts, **kwargs)


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
        return testimonies_for_listing().prefetch_related(selectors.prefetch("people", Person))


# Organisations --------------------------------------------------------------------------------


class OrganisationListView(ListView):
    template_name = "public/organisation_list.html"
    context_object_name = "organisations"
    paginate_by = 100

    def get_queryset(self):
        return (
            selectors.organisations()
            .order_by("name", "pk")
            .prefetch_related(selectors.prefetch("parent", Organisation))
            .annotate(post_count=Count("posts", filter=selectors.condition(Position, "posts__"), distinct=True))
        )


class OrganisationDetailView(DetailView):
    """An organisation with its members and posts over time, each post with its citations."""

    template_name = "public/organisation_detail.html"
    context_object_name = "organisation"

    def get_queryset(self):
        return selectors.organisations().prefetch_related(
            with_citations(Organisation),
            selectors.prefetch("parent", Organisation),
            selectors.prefetch("children", Organisation, queryset=Organisation.objects.order_by("name", "pk")),
            Prefetch(
                "posts",
                queryset=selectors.positions()
                .select_related("person")
                .order_by(F("start_date").asc(nulls_last=True), "person__name", "pk")
                .prefetch_related(with_citations(Position)),
                to_attr="public_posts",
            ),
        )


# Sites ----------------------------------------------------------------------------------------


class SiteListView(FilterView):
    template_name = "public/site_list.html"
    filterset_class = SiteFilter
    context_object_name = "sites"
    paginate_by = 200

    def get_queryset(self):
        return selectors.sites().order_by("name", "pk")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**map_settings(), **kwargs)
        listed = list(context["sites"])
        context["located_count"] = sum(site.latitude is not None for site in listed)
        context["unlocated_count"] = len(listed) - context["located_count"]
        return context


class SiteDetailView(DetailView):
    template_name = "public/site_detail.html"
    context_object_name = "site"

    def get_queryset(self):
        return selectors.sites().prefetch_related(
            with_citations(Site),
            selectors.prefetch(
                "observations",
                SiteObservation,
                queryset=SiteObservation.objects.order_by("date", "pk").prefetch_related(
                    with_citations(SiteObservation)
                ),
            ),
            Prefetch("figures", queryset=figures_with_citations()),
            selectors.prefetch("events", Event),
            Prefetch(
                "positions",
                queryset=selectors.positions().select_related("person").order_by("start_date", "pk"),
            ),
        )

    def get_context_data(self, **kwargs):
        victims = selectors.victims()
        return super().get_context_data(
            prisoner_count=victims.filter(prison=self.object).count(),
            buried_count=victims.filter(burial_site=self.object).count(),
            **map_settings(),
            **kwargs,
        )


# Victims --------------------------------------------------------------------------------------


class KeysetPage:
    """One page of rows after (or before) a cursor row: as fast at the end of the registry as at its start.

    An offset makes the database walk every row before the page; a cursor (``?after=<id>``,
    ``?before=<id>``: the last or first row of the neighbouring page) lets it start at the page
    through the index, and a link to it stays valid however many rows are added before it.
    """

    def __init__(self, rows, *, count, has_previous, has_next):
        self.object_list = rows
        self.count = count
        self.has_previous = has_previous
        self.has_next = has_next
        self.previous_cursor = rows[0].pk if rows and has_previous else None
        self.next_cursor = rows[-1].pk if rows and has_next else None


class KeyPaginator(Paginator):
    """Pages by number whose rows are chosen by their keys alone: a deep page of a long list sorts
    narrow rows (the keys and what they are ordered by) to find its own, then reads only those whole.
    Page 300 of the registry sorted 30,000 rows of a kilobyte each, on disk: its rows' query went from
    39 to 27 ms, the page from 70 to 54 ms in process."""

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        keys = self.object_list.values("pk")[bottom:top]
        return self._get_page(self.object_list.filter(pk__in=keys), number, self)


class CountedPaginator(Paginator):
    """Pages by number whose rows come with the number of all rows, in the same query (a window count).

    For searches, whose matches cost more to find than to read: a name spelt in a way no rule foresees
    finds its close names by trigram similarity, 36 ms on 30,000 victims, which a count and a page
    would each pay. A later page past the last has no row to carry the count: it is then counted alone.
    """

    def page(self, number):
        if self.object_list.query.distinct or self.orphans or number < 1:
            return super().page(number)
        bottom = (number - 1) * self.per_page
        rows = list(self.object_list.annotate(_matches=Window(Count("*")))[bottom : bottom + self.per_page])
        if not rows:
            if number == 1:  # nothing matches: there is nothing to count either
                self.__dict__["count"] = 0
            return super().page(number)
        self.__dict__["count"] = rows[0]._matches  # ``count`` is a cached property
        return self._get_page(rows, number, self)


class VictimListView(FilterView):
    template_name = "public/victim_list.html"
    filterset_class = VictimFilter
    context_object_name = "victims"
    paginate_by = 50
    ordering = ("person__name", "pk")

    # What a row shows (``registry_rows``) and no more: a record's notes, workflow and search keys are
    # neither read nor made into its Python object, 50 victims, 50 people and their sites a page.
    row_fields = (
        *("fate", "death_date", "death_date_precision", "death_date_approximate", "prison", "burial_site"),
        *("person__name", "person__name_en", "person__name_fa", "person__slug"),
    )
    site_fields = ("name", "slug")

    def get_queryset(self):
        sites = Site.objects.only(*self.site_fields)
        return (
            selectors.victims()
            .select_related("person")
            .only(*self.row_fields)
            .prefetch_related(selectors.prefetch("prison", Site, sites), selectors.prefetch("burial_site", Site, sites))
            .order_by(*self.ordering)
        )

    def get_paginator(self, queryset, per_page, **kwargs):
        # A search's page reads its count with its rows (finding the matches is what costs).
        paginator = CountedPaginator if self.request.GET.get("q", "").strip() else KeyPaginator
        return paginator(queryset, per_page, **kwargs)

    def paginate_queryset(self, queryset, page_size):
        """Cursor pages in name order; a search (ranked) or an old ``?page=N`` address pages by number."""
        if self.request.GET.get("q", "").strip() or "page" in self.request.GET:
            return super().paginate_queryset(queryset, page_size)
        after, before = self.request.GET.get("after"), self.request.GET.get("before")
        rows = queryset
        if after or before:
            try:
                cursor = int(after or before)
            except ValueError:
                raise Http404(_("No such page.")) from None
            anchor = queryset.filter(pk=cursor).values_list("person__name", flat=True).first()
            if anchor is None:
                raise Http404(_("No such page."))
            # The first condition says nothing the second does not; it lets the database start at
            # the anchor in the index of names instead of testing every row (7 ms to 0.5 ms).
            if after:
                rows = rows.filter(person__name__gte=anchor).filter(
                    Q(person__name__gt=anchor) | Q(person__name=anchor, pk__gt=cursor)
                )
            else:
                rows = rows.filter(person__name__lte=anchor).filter(
                    Q(person__name__lt=anchor) | Q(person__name=anchor, pk__lt=cursor)
                )
                rows = rows.order_by("-person__name", "-pk")
        rows = list(rows[: page_size + 1])
        more = len(rows) > page_size
        rows = rows[:page_size]
        if before:
            rows.reverse()
        page = KeysetPage(
            rows,
            count=queryset.count(),
            has_previous=bool(after) or (bool(before) and more),
            has_next=bool(before) or more,
        )
        return None, page, rows, page.has_previous or page.has_next

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        page = context.get("page_obj")
        if isinstance(page, KeysetPage):
            context.update(keyset=page, result_count=page.count)
        else:
            context["result_count"] = (
                context["paginator"].count if context.get("paginator") else len(context["victims"])
            )
        return context


class VictimDetailView(DetailView):
    template_name = "public/victim_detail.html"
    context_object_name = "victim"

    def get_queryset(self):
        return (
            selectors.victims()
            .select_related("person")
            .prefetch_related(
                with_citations(Victim),
                "person__aliases",
                selectors.prefetch("prison", Site),
                selectors.prefetch("burial_site", Site),
            )
        )


# Figures --------------------------------------------------------------------------------------


class FigureListView(ListView):
    template_name = "public/figure_list.html"
    context_object_name = "figures"
    paginate_by = 100

    def get_queryset(self):
        return figures_joined().order_by("question__text", F("value_low").asc(nulls_first=True), "pk")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["figures"] = selectors.other_answers(context["figures"])
        return context


class FigureDetailView(DetailView):
    template_name = "public/figure_detail.html"
    context_object_name = "figure"

    def get_queryset(self):
        return figures_with_citations().prefetch_related(selectors.prefetch("people", Person))

    def get_context_data(self, **kwargs):
        others = figures_with_citations().filter(question=self.object.question).exclude(pk=self.object.pk)
        (question,) = selectors.conflicts(figure=self.object) or [None]
        other_answers = [answer for answer in question.shown_answers if not answer.figure_id] if question else []
        return super().get_context_data(others=others, other_answers=other_answers, question=question, **kwargs)


# Sources --------------------------------------------------------------------------------------


class SourceListView(ListView):
    template_name = "public/source_list.html"
    context_object_name = "sources"
    paginate_by = 50

    def get_queryset(self):
        return selectors.sources().defer("snapshot").order_by("-published_on", "title", "pk")


class SourceDetailView(DetailView):
    template_name = "public/source_detail.html"
    context_object_name = "source"

    def get_queryset(self):
        return selectors.sources()

    def get_context_data(self, **kwargs):
        citations = source_citations(self.object)
        passages = passages_of(citations)
        # Arriving from a footnote (?passage=START-END&from=PAGE#MARK): a banner before the passage
        # names the facts it supports and leads back to the mark.
        wanted = requested_passage(self.request)
        target = next((p for p in passages if (p.start, p.end) == wanted), None)
        arrival = ""
        if target is not None:
            arrival = render_to_string(
                "public/_arrival.html",
                {"passage": target, "back": came_from(self.request), "facts": arrival_facts(target)},
                request=self.request,
            )
        return super().get_context_data(
            passages=passages,
            marked_text=marked_text(
                self.object.snapshot, passages, target=target.anchor if target else None, arrival=arrival
            ),
            unverified=[c for c in citations if not c.verified],
            captures=list(selectors.captures(self.object)),
            **kwargs,
        )


# Search ---------------------------------------------------------------------------------------


class SearchView(TemplateView):
    template_name = "public/search.html"

    def get_context_data(self, **kwargs):
        query = self.request.GET.get("q", "").strip()[:200]
        results = {}
        if query:
            people, victims = selectors.people_by_name(query, SEARCH_RESULTS)
            results = {
                "people": people,
                "victims": victims,
                "events": list(selectors.events().search(query)[:SEARCH_RESULTS]),
                "testimonies": list(testimonies_for_listing(selectors.testimonies().search(query))[:SEARCH_RESULTS]),
                "organisations": list(selectors.organisations().search(query)[:SEARCH_RESULTS]),
                "sites": list(selectors.sites().search(query)[:SEARCH_RESULTS]),
                "sources": list(selectors.sources().search(query)[:SEARCH_RESULTS]),  # with the text: its excerpt
            }
        found = any(results.values())
        return super().get_context_data(
            query=query,
            results=results,
            found=found,
            suggestions=list(selectors.people().nearest(query)) if query and not found else [],
            limit=SEARCH_RESULTS,
            **kwargs,
        )
