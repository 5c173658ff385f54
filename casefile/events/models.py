"""What happened, and what people said about it: events and testimonies."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from casefile.cases.models import CaseRecord
from casefile.core.dates import PartialDatesMixin, partial_date_constraints, partial_date_fields
from casefile.core.models import PublishableQuerySet, page_url, publish_permission, published_rows
from casefile.core.slugs import unique_slug
from casefile.core.text import folded_match, search_terms, search_text
from casefile.people.models import (
    Person,
    Witness,
    new_witness_code,  # noqa: F401 - named by migrations 0001 and 0002
)
from casefile.places.models import Site
from casefile.sources.models import Citation


class EventKind(models.TextChoices):
    MASSACRE = "massacre", _("massacre")
    MASSACRE_PHASE = "massacre_phase", _("phase of the massacre")
    DECREE = "decree", _("decree or fatwa")
    UN_RESOLUTION = "un_resolution", _("UN resolution")
    UN_COMMUNICATION = "un_communication", _("UN communication")
    UN_VISIT = "un_visit", _("UN visit")
    UN_REPORT = "un_report", _("UN report")
    COURT_RULING = "court_ruling", _("court ruling")
    NGO_REPORT = "ngo_report", _("NGO report")
    CONFERENCE = "conference", _("conference")
    COMMEMORATION = "commemoration", _("commemoration")
    PROTEST = "protest", _("protest")
    OTHER = "other", _("other")


class EventQuerySet(PublishableQuerySet):
    def search(self, query):
        """Events whose title or place matches every word of ``query``, in any spelling."""
        terms = search_terms(query)
        if not terms:
            return self.none()
        return self.filter(folded_match("search_text", terms))


class Event(PartialDatesMixin, CaseRecord):
    partial_dates = ("date", "end_date")

    title = models.CharField(_("title"), max_length=300)
    slug = models.SlugField(
        _("slug"), max_length=80, unique=True, blank=True, help_text=_("Left empty, it is made from the title.")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=EventKind.choices, default=EventKind.OTHER, db_index=True)
    date, date_precision, date_approximate = partial_date_fields(_("date"))
    end_date, end_date_precision, end_date_approximate = partial_date_fields(_("end date"))
    place = models.CharField(_("place"), max_length=300, blank=True, help_text=_("Where, as the source states it."))
    city = models.CharField(_("city"), max_length=200, blank=True)
    country = models.CharField(_("country"), max_length=200, blank=True)
    site = models.ForeignKey(
        Site, on_delete=models.PROTECT, null=True, blank=True, related_name="events", verbose_name=_("site")
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="phases",
        verbose_name=_("part of"),
        help_text=_("The larger event this one is a phase or part of."),
    )
    people = models.ManyToManyField(Person, blank=True, related_name="events", verbose_name=_("people involved"))
    _history_m2m_fields = ["cases", "people"]
    description = models.TextField(
        _("description"), blank=True, help_text=_("Attribute every allegation: “According to …”.")
    )
    search_text = models.TextField(_("search text"), blank=True, editable=False)

    objects = EventQuerySet.as_manager()

    class Meta:
        ordering = ["date", "title"]
        verbose_name = _("event")
        verbose_name_plural = _("events")
        permissions = [publish_permission("event", "events")]
        constraints = [
            *partial_date_constraints("date"),
            *partial_date_constraints("end_date"),
            models.CheckConstraint(
                condition=Q(date__isnull=True) | Q(end_date__isnull=True) | Q(date__lte=models.F("end_date")),
                name="events_event_starts_before_it_ends",
                violation_error_message=_("An event cannot end before it starts."),
            ),
        ]

    def __str__(self):
        date = self.date_display
        return f"{self.title} ({date})" if date else self.title

    def get_absolute_url(self):
        return page_url(self, "public:event_detail", slug=self.slug)

    @property
    def date_display(self):
        return self.period_between("date", "end_date")

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(self, self.title_en or self.title)
        self.search_text = search_text(self.title_en, self.title_fa, self.place, self.city, self.country)
        super().save(*args, **kwargs)


class Confidentiality(models.TextChoices):
    PUBLIC = "public", _("public: the witness is named")
    PSEUDONYMOUS = "pseudonymous", _("pseudonymous: shown under a code, never the name")
    CONFIDENTIAL = "confidential", _("confidential: never shown publicly")


class TestimonyKind(models.TextChoices):
    SURVIVOR = "survivor", _("survivor's account")
    WITNESS = "witness", _("witness account")
    FAMILY = "family", _("family member's account")
    EXPERT = "expert", _("expert statement")
    OFFICIAL = "official", _("official's statement")
    OTHER = "other", _("other")


class TestimonyQuerySet(PublishableQuerySet):
    def search(self, query):
        """Testimonies whose statement contains every word of ``query``, or whose named speaker matches.

        The speaker's name is searched only where the witness is named: a search for the name of
        a pseudonymous witness must not find their testimony.
        """
        words = query.split()
        terms = search_terms(query)
        if not words or not terms:
            return self.none()
        in_text = Q()
        for word in words:
            in_text &= Q(text__icontains=word) | Q(
                speaker_description__icontains=word, confidentiality=Confidentiality.PUBLIC
            )
        by_name = Q(confidentiality=Confidentiality.PUBLIC) & folded_match("speaker__search_text", terms)
        return self.filter(in_text | by_name)


class Testimony(PartialDatesMixin, CaseRecord):
    """What a person said or wrote, where and when, with its confidentiality."""

    partial_dates = ("date",)

    speaker = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="testimonies",
        verbose_name=_("speaker (named)"),
        help_text=_("Only for a public testimony, whose witness agreed to be named. Type part of any spelling."),
    )
    witness = models.ForeignKey(
        Witness,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="testimonies",
        verbose_name=_("witness (private)"),
        help_text=_(
            "Only for a pseudonymous or confidential testimony: the private witness record, whose code is "
            "all the public sees. Never choose a speaker as well."
        ),
    )
    speaker_description = models.CharField(
        _("speaker as described"),
        max_length=500,
        blank=True,
        help_text=_("Who the speaker is, as the source describes them."),
    )
    event = models.ForeignKey(
        Event,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="testimonies",
        verbose_name=_("event"),
        help_text=_("Where it was said, if at an event."),
    )
    date, date_precision, date_approximate = partial_date_fields(_("date"))
    kind = models.CharField(
        _("kind"), max_length=10, choices=TestimonyKind.choices, default=TestimonyKind.OTHER, db_index=True
    )
    language = models.CharField(_("language"), max_length=10, default="en", help_text=_("Language code, e.g. en, fa."))
    text = models.TextField(_("statement"), help_text=_("What was said, as the source reports it."))
    people = models.ManyToManyField(
        Person, blank=True, related_name="named_in_testimonies", verbose_name=_("people named")
    )
    _history_m2m_fields = ["cases", "people"]
    witness_code = models.CharField(
        _("witness code"),
        max_length=12,
        blank=True,
        editable=False,
        db_index=True,
        help_text=_("The private witness record's code, the only thing the public sees of a withheld witness."),
    )
    confidentiality = models.CharField(
        _("confidentiality"),
        max_length=12,
        choices=Confidentiality.choices,
        default=Confidentiality.PUBLIC,
        db_index=True,
        help_text=_("Witnesses inside Iran risk reprisal: when in doubt, choose pseudonymous or confidential."),
    )

    objects = TestimonyQuerySet.as_manager()

    class Meta:
        ordering = ["date", "pk"]
        verbose_name = _("testimony")
        verbose_name_plural = _("testimonies")
        permissions = [publish_permission("testimony", "testimonies")]
        constraints = [
            *partial_date_constraints("date"),
            models.CheckConstraint(condition=~Q(text=""), name="events_testimony_text_not_empty"),
            models.CheckConstraint(
                condition=~(Q(confidentiality=Confidentiality.CONFIDENTIAL) & published_rows()),
                name="events_testimony_confidential_never_published",
                violation_error_message=_("A confidential testimony cannot be published."),
            ),
            models.CheckConstraint(
                condition=Q(confidentiality=Confidentiality.PUBLIC, witness__isnull=True)
                | (~Q(confidentiality=Confidentiality.PUBLIC) & Q(speaker__isnull=True)),
                name="events_testimony_withheld_has_no_public_speaker",
                violation_error_message=_(
                    "A public testimony names its speaker and has no private witness; a pseudonymous or "
                    "confidential one has a private witness and no speaker."
                ),
            ),
        ]

    def __str__(self):
        return f"{self.public_speaker_name}: {self.text[:60]}"

    def save(self, *args, **kwargs):
        # Public pages read the code from here, so that no public query reads the private witness table.
        self.witness_code = self.witness.code if self.witness_id and self.is_pseudonymous else ""
        super().save(*args, **kwargs)

    def clean(self):
        super().clean()
        if self.is_pseudonymous:
            errors = {}
            if self.speaker_id:
                errors["speaker"] = _(
                    "A pseudonymous or confidential testimony names no speaker: choose its private witness instead."
                )
            if not self.witness_id:
                errors["witness"] = _("Choose (or add) the private witness record of this testimony.")
            if errors:
                raise ValidationError(errors)
        else:
            if self.witness_id:
                raise ValidationError(
                    {"witness": _("A public testimony names its speaker: leave the private witness empty.")}
                )
            if not self.speaker_id:
                raise ValidationError({"speaker": _("Choose the speaker of this public testimony.")})

    def get_absolute_url(self):
        return page_url(self, "public:testimony_detail", pk=self.pk)

    @property
    def is_pseudonymous(self):
        return self.confidentiality != Confidentiality.PUBLIC

    @property
    def public_speaker_name(self):
        """The name the public may see: the witness code unless the witness agreed to be named."""
        if self.is_pseudonymous:
            return self.witness_code
        return self.speaker.name if self.speaker_id else ""

    @property
    def public_speaker_label(self):
        """How the public pages name the speaker: "Witness W-…" for a withheld identity, else the name."""
        if self.is_pseudonymous:
            return _("Witness %(code)s") % {"code": self.public_speaker_name}
        return self.public_speaker_name

    @property
    def public_speaker_description(self):
        """Who the speaker is, for the public: nothing when the witness is behind a code (it could identify them)."""
        return "" if self.is_pseudonymous else self.speaker_description

    @property
    def date_display(self):
        return self.partial_date_display("date")


class EventCitation(Citation):
    fact = models.ForeignKey(Event, on_delete=models.PROTECT, related_name="citations", verbose_name=_("event"))

    class Meta(Citation.Meta):
        verbose_name = _("event citation")
        verbose_name_plural = _("event citations")


class TestimonyCitation(Citation):
    fact = models.ForeignKey(Testimony, on_delete=models.PROTECT, related_name="citations", verbose_name=_("testimony"))

    class Meta(Citation.Meta):
        verbose_name = _("testimony citation")
        verbose_name_plural = _("testimony citations")
