"""Filters of the public lists. Every choice offered is itself read through ``casefile.selectors``."""

import datetime

import django_filters
from django.utils.translation import gettext_lazy as _

from casefile import selectors
from casefile.events.models import Event, EventKind, Testimony, TestimonyKind
from casefile.people.models import Fate, Person, PositionKind, Victim
from casefile.places.models import Site, SiteKind


def public_prisons(request):
    return selectors.sites().filter(kind=SiteKind.PRISON).only("pk", "name")


def public_burial_sites(request):
    return (
        selectors.sites()
        .filter(kind__in=[SiteKind.MASS_GRAVE, SiteKind.CEMETERY, SiteKind.EXECUTION_SITE])
        .only("pk", "name")
    )


def in_years(queryset, field, first=None, last=None):
    """Rows whose ``field`` falls from the year ``first`` to the year ``last`` (either may be open).

    As a range, so that the column's index is used; an undated row has no place in a range.
    """
    years = [None if year is None else int(year) for year in (first, last)]
    if any(year is not None and not 1 <= year < 9999 for year in years):
        return queryset.none()
    first, last = years
    if first is not None:
        queryset = queryset.filter(**{f"{field}__gte": datetime.date(first, 1, 1)})
    if last is not None:
        queryset = queryset.filter(**{f"{field}__lt": datetime.date(last + 1, 1, 1)})
    return queryset


def in_year(queryset, field, year):
    """Rows whose ``field`` falls in ``year``."""
    return in_years(queryset, field, year, year)


class VictimFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Name, in any spelling"), method="search")
    prison = django_filters.ModelChoiceFilter(label=_("Prison"), queryset=public_prisons)
    fate = django_filters.ChoiceFilter(label=_("Fate"), choices=Fate.choices)
    year = django_filters.NumberFilter(label=_("Year of death"), method="death_year")
    burial_site = django_filters.ModelChoiceFilter(label=_("Place of burial"), queryset=public_burial_sites)

    class Meta:
        model = Victim
        fields = ["q", "prison", "fate", "year", "burial_site"]

    def search(self, queryset, name, value):
        return queryset.search(value) if value.strip() else queryset

    def death_year(self, queryset, name, value):
        return in_year(queryset, "death_date", value)


class EventFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=EventKind.choices)
    year_from = django_filters.NumberFilter(label=_("From the year"), method="from_year")
    year_to = django_filters.NumberFilter(label=_("To the year"), method="to_year")
    year = django_filters.NumberFilter(label=_("Year"), method="in_year")

    class Meta:
        model = Event
        fields = ["kind", "year_from", "year_to", "year"]

    def in_year(self, queryset, name, value):
        return in_year(queryset, "date", value)

    def from_year(self, queryset, name, value):
        return in_years(queryset, "date", first=value)

    def to_year(self, queryset, name, value):
        return in_years(queryset, "date", last=value)


class OfficialFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(
        label=_("Position"), choices=PositionKind.choices, field_name="positions__kind", distinct=True
    )

    class Meta:
        model = Person
        fields = ["kind"]


class SiteFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=SiteKind.choices)

    class Meta:
        model = Site
        fields = ["kind"]


class TestimonyFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=TestimonyKind.choices)

    class Meta:
        model = Testimony
        fields = ["kind"]
