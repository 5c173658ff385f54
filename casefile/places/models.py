"""Prisons, execution sites, cemeteries and mass graves, and what was observed of them over time."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from casefile.cases.models import CaseRecord
from casefile.core.dates import PartialDatesMixin, partial_date_constraints, partial_date_fields
from casefile.core.models import PublishableQuerySet, TimeStampedModel, page_url, publish_permission
from casefile.core.slugs import unique_slug
from casefile.core.text import search_terms, search_text
from casefile.sources.models import Citation


class SiteKind(models.TextChoices):
    PRISON = "prison", _("prison")
    EXECUTION_SITE = "execution_site", _("execution site")
    CEMETERY = "cemetery", _("cemetery")
    MASS_GRAVE = "mass_grave", _("mass grave")
    CAMP = "camp", _("camp")
    OTHER = "other", _("other")


class CoordinatePrecision(models.TextChoices):
    EXACT = "exact", _("exact")
    APPROXIMATE = "approximate", _("approximate")
    CITY = "city", _("city only")
    UNKNOWN = "unknown", _("unknown")


class CoordinateBasis(models.TextChoices):
    SOURCE = "source", _("as a source gives them")
    EDITORS = "editors", _("editors' geolocation of a well-known place")


class SiteStatus(models.TextChoices):
    INTACT = "intact", _("intact")
    DAMAGED = "damaged", _("damaged")
    DESTROYED = "destroyed", _("destroyed")
    BUILT_OVER = "built_over", _("built over")
    UNKNOWN = "unknown", _("unknown")


class SiteQuerySet(PublishableQuerySet):
    def search(self, query):
        """Sites any of whose names or its city matches every word of ``query``, in any spelling."""
        terms = search_terms(query)
        if not terms:
            return self.none()
        condition = Q()
        for term in terms:
            condition &= Q(search_text__contains=term) | Q(city__icontains=term)
        return self.filter(condition)


class Site(CaseRecord):
    name = models.CharField(_("name"), max_length=300)
    other_names = models.TextField(
        _("other names and spellings"), blank=True, help_text=_("One per line, as the sources write them.")
    )
    slug = models.SlugField(
        _("slug"), max_length=80, unique=True, blank=True, help_text=_("Left empty, it is made from the name.")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=SiteKind.choices, default=SiteKind.OTHER, db_index=True)
    city = models.CharField(_("city"), max_length=200, blank=True)
    province = models.CharField(_("province"), max_length=200, blank=True)
    country = models.CharField(_("country"), max_length=200, blank=True, default="Iran")
    latitude = models.DecimalField(
        _("latitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
    )
    longitude = models.DecimalField(
        _("longitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )
    coordinate_precision = models.CharField(
        _("precision of the coordinates"),
        max_length=12,
        choices=CoordinatePrecision.choices,
        default=CoordinatePrecision.UNKNOWN,
        help_text=_("How exactly the coordinates mark the place. Never publish a guess as exact."),
    )
    coordinate_basis = models.CharField(
        _("where the coordinates come from"),
        max_length=10,
        choices=CoordinateBasis.choices,
        default=CoordinateBasis.EDITORS,
        help_text=_(
            "Where no source gives coordinates, editors may place a well-known place themselves: "
            "the site then says that the location is the editors' geolocation, not a source's claim."
        ),
    )
    description = models.TextField(_("description"), blank=True)
    search_text = models.TextField(_("search text"), blank=True, editable=False)

    objects = SiteQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("site")
        verbose_name_plural = _("sites")
        permissions = [publish_permission("site", "sites")]
        constraints = [
            models.CheckConstraint(
                condition=Q(latitude__isnull=True, longitude__isnull=True)
                | Q(latitude__isnull=False, longitude__isnull=False),
                name="places_site_coordinates_in_pairs",
                violation_error_message=_("Enter both latitude and longitude, or neither."),
            ),
            models.CheckConstraint(
                condition=Q(latitude__isnull=True) | ~Q(coordinate_precision=CoordinatePrecision.UNKNOWN),
                name="places_site_coordinates_have_precision",
                violation_error_message=_("Say how precise the coordinates are."),
            ),
            models.CheckConstraint(
                condition=Q(latitude__isnull=True)
                | Q(latitude__gte=-90, latitude__lte=90, longitude__gte=-180, longitude__lte=180),
                name="places_site_coordinates_in_range",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return page_url(self, "public:site_detail", slug=self.slug)

    @property
    def alias_list(self):
        return [line.strip() for line in self.other_names.splitlines() if line.strip()]

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(self, self.name_en or self.name)
        self.search_text = search_text(self.name_en, self.name_fa, *self.alias_list)
        super().save(*args, **kwargs)


class SiteObservation(PartialDatesMixin, TimeStampedModel):
    """The state of a site as observed at a date, as a source reports it."""

    partial_dates = ("date",)
    part_of = "site"

    site = models.ForeignKey(Site, on_delete=models.CASCADE, related_name="observations", verbose_name=_("site"))
    date, date_precision, date_approximate = partial_date_fields(_("date observed"))
    status = models.CharField(_("status"), max_length=12, choices=SiteStatus.choices, default=SiteStatus.UNKNOWN)
    note = models.TextField(_("what was observed"), blank=True)

    class Meta:
        ordering = ["site", "date", "pk"]
        verbose_name = _("status observation")
        verbose_name_plural = _("status observations")
        constraints = partial_date_constraints("date")

    def __str__(self):
        when = self.partial_date_display("date") or _("undated")
        return f"{self.site}: {self.get_status_display()} ({when})"

    def get_absolute_url(self):
        return f"{self.site.get_absolute_url()}#observation-{self.pk}"


class SiteCitation(Citation):
    fact = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="citations", verbose_name=_("site"))

    class Meta(Citation.Meta):
        verbose_name = _("site citation")
        verbose_name_plural = _("site citations")


class SiteObservationCitation(Citation):
    fact = models.ForeignKey(
        SiteObservation, on_delete=models.PROTECT, related_name="citations", verbose_name=_("observation")
    )

    class Meta(Citation.Meta):
        verbose_name = _("observation citation")
        verbose_name_plural = _("observation citations")
