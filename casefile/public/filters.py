"""Filters of the public lists. Every choice offered is itself read through ``casefile.selectors``."""

import datetime

import django_filters
from django import forms
from django.db.models import Q
from django.forms.utils import flatatt
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from casefile import selectors
from casefile.core.bilingual import keys_and_texts
from casefile.core.dates import DatePrecision
from casefile.core.jalali import nowruz
from casefile.core.text import latin_digits
from casefile.events.models import Event, EventKind, Testimony, TestimonyKind
from casefile.people.models import Fate, Person, PositionKind, Victim
from casefile.places.models import Site, SiteKind


class QuickSelect(forms.Select):
    """A ``<select>`` written in Python, the same HTML as Django's templates give it.

    Django renders a template for every ``<option>``, and builds a dictionary of attributes for
    each first: the registry's two lists of sites (300 options) took about a third of its page's time.
    """

    def render(self, name, value, attrs=None, renderer=None):
        chosen_values = {str(v) for v in self.format_value(value)}
        chosen = False  # a single select marks its first match only, as Django's ``optgroups`` does

        def options(choices):
            nonlocal chosen
            for option_value, label in choices:
                if isinstance(label, list | tuple):  # a group of options
                    yield f'<optgroup label="{conditional_escape(option_value)}">{"".join(options(label))}</optgroup>'
                    continue
                option_value = "" if option_value is None else option_value
                selected = (not chosen or self.allow_multiple_selected) and str(option_value) in chosen_values
                chosen |= selected
                yield (
                    f'<option value="{conditional_escape(option_value)}"{" selected" if selected else ""}>'
                    f"{conditional_escape(label)}</option>"
                )

        final_attrs = self.build_attrs(self.attrs, attrs)
        if self.allow_multiple_selected:
            final_attrs["multiple"] = True
        # Each value and label is escaped in ``options`` as format_html would, without its cost per option.
        every_option = mark_safe("".join(options(self.choices)))  # noqa: S308 - escaped in options()
        return format_html('<select name="{}"{}>{}</select>', name, flatatt(final_attrs), every_option)


class ListedModelChoices(django_filters.fields.ModelChoiceIterator):
    """The choices of a list of records, read in one plain query as (key, label) pairs.

    Django reads them with ``iterator()``: on PostgreSQL a server-side cursor, declared after the
    request's transaction has committed (``WITH HOLD``), which costs three round trips for 150 rows;
    and it makes a record of each row to label it. The label here is the field's ``label_field``,
    in the reader's language as the record's own would be.
    """

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        if self.field.null_label is not None:
            yield (self.field.null_value, self.field.null_label)
        yield from keys_and_texts(self.queryset, self.field.label_field)


class ListedModelChoiceField(django_filters.fields.ModelChoiceField):
    iterator = ListedModelChoices

    def __init__(self, *args, label_field="name", **kwargs):
        self.label_field = label_field
        super().__init__(*args, **kwargs)


class ModelChoiceFilter(django_filters.ModelChoiceFilter):
    field_class = ListedModelChoiceField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", QuickSelect)
        super().__init__(*args, **kwargs)


class ChoiceFilter(django_filters.ChoiceFilter):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", QuickSelect)
        super().__init__(*args, **kwargs)


class YearField(forms.CharField):
    def to_python(self, value):
        value = latin_digits(super().to_python(value)).strip()
        if not value:
            return None
        if not value.isascii() or not value.isdigit() or not 1 <= int(value) < 9999:
            raise forms.ValidationError(_("Enter a year, such as 1988 or 1367."), code="invalid")
        return int(value)


def public_prisons(request):
    return selectors.sites().filter(kind=SiteKind.PRISON).only("pk", "name")


def public_burial_sites(request):
    return (
        selectors.sites()
        .filter(kind__in=[SiteKind.MASS_GRAVE, SiteKind.CEMETERY, SiteKind.EXECUTION_SITE])
        .only("pk", "name")
    )


# A year below this is a Solar Hijri year (1367), one above it a Gregorian year (1988).
SOLAR_HIJRI_BEFORE = 1700


def year_range(year):
    """The first day of ``year`` and of the year after, in either calendar: 1367 is 21 March 1988 – 20 March 1989."""
    if year < SOLAR_HIJRI_BEFORE:
        return nowruz(year), nowruz(year + 1)
    return datetime.date(year, 1, 1), datetime.date(year + 1, 1, 1)


def in_year(queryset, field, year):
    """Rows whose partial date ``field`` falls in ``year`` (Gregorian or Solar Hijri), using the column's index.

    A date known only to the month or the year is found in every year its span overlaps: "1988"
    is found under 1366 and 1367, "July 1988" under 1367.
    """
    if year is None:
        return queryset
    year = int(year)
    if not 1 <= year < 9999:
        return queryset.none()
    start, end = year_range(year)
    precision = f"{field}_precision"
    condition = (
        Q(**{f"{field}__gte": start, f"{field}__lt": end})
        | Q(**{precision: DatePrecision.MONTH, f"{field}__gte": start.replace(day=1), f"{field}__lt": end})
        | Q(**{precision: DatePrecision.YEAR, f"{field}__gte": start.replace(month=1, day=1), f"{field}__lt": end})
    )
    return queryset.filter(condition)


class YearFilter(django_filters.CharFilter):
    """A year in either calendar and either set of digits: 1988, ۱۹۸۸, 1367 or ۱۳۶۷. Anything else is refused."""

    field_class = YearField


def in_years(queryset, field, first=None, last=None):
    """Rows whose ``field`` falls from the year ``first`` to the year ``last`` (either may be open, either
    calendar). As a range, so that the column's index is used; an undated row has no place in a range."""
    years = [None if year is None else int(year) for year in (first, last)]
    if any(year is not None and not 1 <= year < 9999 for year in years):
        return queryset.none()
    first, last = years
    if first is not None:
        queryset = queryset.filter(**{f"{field}__gte": year_range(first)[0]})
    if last is not None:
        queryset = queryset.filter(**{f"{field}__lt": year_range(last)[1]})
    return queryset


class VictimFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Name, in any spelling"), method="search")
    prison = ModelChoiceFilter(label=_("Prison"), queryset=public_prisons)
    fate = ChoiceFilter(label=_("Fate"), choices=Fate.choices)
    year = YearFilter(label=_("Year of death (1988 or 1367)"), method="death_year")
    burial_site = ModelChoiceFilter(label=_("Place of burial"), queryset=public_burial_sites)

    class Meta:
        model = Victim
        fields = ["q", "prison", "fate", "year", "burial_site"]

    def search(self, queryset, name, value):
        return queryset.search(value) if value.strip() else queryset

    def death_year(self, queryset, name, value):
        return in_year(queryset, "death_date", value)


class EventFilter(django_filters.FilterSet):
    kind = ChoiceFilter(label=_("Kind"), choices=EventKind.choices)
    year_from = YearFilter(label=_("From the year"), method="from_year")
    year_to = YearFilter(label=_("To the year"), method="to_year")
    year = YearFilter(label=_("Year (1988 or 1367)"), method="in_year")

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
    kind = ChoiceFilter(label=_("Position"), choices=PositionKind.choices, field_name="positions__kind", distinct=True)

    class Meta:
        model = Person
        fields = ["kind"]


class SiteFilter(django_filters.FilterSet):
    kind = ChoiceFilter(label=_("Kind"), choices=SiteKind.choices)

    class Meta:
        model = Site
        fields = ["kind"]


class TestimonyFilter(django_filters.FilterSet):
    kind = ChoiceFilter(label=_("Kind"), choices=TestimonyKind.choices)

    class Meta:
        model = Testimony
        fields = ["kind"]
