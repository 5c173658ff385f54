"""The case: the top-level dossier that every record belongs to."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from casefile.core.dates import PartialDatesMixin, partial_date_constraints, partial_date_fields
from casefile.core.models import PublishableModel, page_url, publish_permission
from casefile.core.slugs import unique_slug
from casefile.sources.models import Citation


class Case(PartialDatesMixin, PublishableModel):
    partial_dates = ("start_date", "end_date")

    title = models.CharField(_("title"), max_length=300)
    slug = models.SlugField(
        _("slug"), max_length=80, unique=True, blank=True, help_text=_("Left empty, it is made from the title.")
    )
    summary = models.TextField(
        _("summary"), blank=True, help_text=_("What the case is, in neutral words that attribute every allegation.")
    )
    start_date, start_date_precision, start_date_approximate = partial_date_fields(_("start date"))
    end_date, end_date_precision, end_date_approximate = partial_date_fields(_("end date"))
    headline_questions = models.ManyToManyField(
        "figures.Question",
        blank=True,
        related_name="headline_of",
        verbose_name=_("headline figures"),
        help_text=_(
            "The questions whose figures the case page shows first (e.g. how many were executed), "
            "each with every published figure that answers it, side by side."
        ),
    )

    class Meta:
        ordering = ["title"]
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        permissions = [publish_permission("case", "cases")]
        constraints = [*partial_date_constraints("start_date"), *partial_date_constraints("end_date")]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return page_url(self, "public:case_detail", slug=self.slug)

    @property
    def period_display(self):
        return self.period_between("start_date", "end_date")

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(self, self.title_en or self.title)
        super().save(*args, **kwargs)


class CaseRecord(PublishableModel):
    """A published-or-not record that belongs to one or more cases."""

    cases = models.ManyToManyField(
        Case,
        related_name="%(app_label)s_%(class)s_set",
        verbose_name=_("cases"),
        help_text=_("Every case this record belongs to."),
    )

    # simple-history keeps the many-to-many fields named here in each version too.
    _history_m2m_fields = ["cases"]

    class Meta:
        abstract = True


class CaseCitation(Citation):
    fact = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="citations", verbose_name=_("case"))

    class Meta(Citation.Meta):
        verbose_name = _("case citation")
        verbose_name_plural = _("case citations")
