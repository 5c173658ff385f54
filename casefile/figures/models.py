"""Figures and contested claims, and the questions that facts answer differently.

A ``Question`` is the one conflict mechanism of the case file: the facts that answer it (figures,
an event's date or place, a person's title) are its ``Answer`` rows, shown side by side wherever
either fact is shown, each attributed and cited. The editors may prefer one answer, with a reason
readers see; the others stay shown beside it. A figure always answers one question (its
``question`` field), and its answer row is kept by the figure itself.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from casefile.cases.models import CaseRecord
from casefile.core.dates import PartialDatesMixin, is_persian, partial_date_constraints, partial_date_fields
from casefile.core.jalali import persian_digits
from casefile.core.models import PublishableModel, TimeStampedModel, page_url, publish_permission
from casefile.core.slugs import unique_slug
from casefile.events.models import Event
from casefile.people.models import Person, Position
from casefile.places.models import Site
from casefile.sources.models import Citation


class Question(PublishableModel):
    """What facts answer, sometimes differently ("How many prisoners were executed?", "Where was it held?").

    A record reviewed like the facts: readers see its text, its answers and the preference once a
    reviewer has published it, and a change to a published question (its text, its preference,
    which facts answer it and how) is a revision of it (``core.workflow``), reviewed while the
    published question and the facts that answer it stay on the public site as they are.
    Its answers are its parts.
    """

    text = models.CharField(_("question"), max_length=300)
    slug = models.SlugField(_("slug"), max_length=80, unique=True, blank=True)
    preferred = models.ForeignKey(
        "Answer",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("preferred answer"),
        help_text=_(
            "Optional: the answer the editors consider best supported. The other answers stay shown beside "
            "it, each attributed; readers see the preference and its reason."
        ),
    )
    preferred_reason = models.TextField(
        _("reason for the preference"),
        blank=True,
        help_text=_("Shown to readers, in neutral words: why this answer is preferred (e.g. an official count)."),
    )

    class Meta:
        ordering = ["text"]
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        permissions = [publish_permission("question", "questions")]
        constraints = [
            # Each question is asked once, in each language (modeltranslation adds the constraint of each
            # text); its revision (a draft copy) repeats the text until it is published.
            models.UniqueConstraint(
                fields=["text"],
                condition=Q(revision_of__isnull=True),
                name="figures_question_text_unique",
                violation_error_message=_("This question is asked already: choose it instead."),
            ),
            models.CheckConstraint(
                condition=Q(preferred__isnull=True) | ~Q(preferred_reason=""),
                name="figures_question_preference_has_reason",
                violation_error_message=_("Say why this answer is preferred: readers see the reason."),
            ),
        ]

    # Readers see a question on the pages of the facts that answer it, which show the published
    # question: a revision has no page to preview, and its review page shows what it changes.
    previewable = False

    def __str__(self):
        return self.text

    def get_absolute_url(self):
        return f"{reverse('public:figure_list')}#{self.slug}"

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(self, self.text)
        super().save(*args, **kwargs)

    def clean(self):
        super().clean()
        if self.preferred_id and self.preferred.question_id != self.pk:
            raise ValidationError({"preferred": _("Choose an answer to this question.")})

    def revision_applied(self, *, user):
        """After a revision is published onto this question: each figure asking it answers it, once; no other does.

        A figure's answer is kept by the figure (``Answer.keep_for_figure``): a figure given this question,
        or moved to another, while the revision was reviewed keeps answering the question it asks.
        """
        for answer in Answer.objects.filter(question=self, figure__isnull=False).exclude(figure__question=self):
            answer._history_user = user
            answer.delete()
        figures = Figure._base_manager.filter(question=self, revision_of__isnull=True).exclude(answers__question=self)
        for figure in figures:
            figure._history_user = user
            Answer.keep_for_figure(figure)


def number(value):
    """A whole number with its thousands marked: 30,000; ۳۰٬۰۰۰ on Persian pages."""
    text = f"{value:,}"
    return persian_digits(text.replace(",", "٬")) if is_persian() else text


class Qualifier(models.TextChoices):
    EXACT = "exact", _("exactly")
    AT_LEAST = "at_least", _("at least / over")
    ABOUT = "about", _("about / nearly")
    UP_TO = "up_to", _("up to")
    UNQUANTIFIED = "unquantified", _("no number (e.g. “thousands”)")


class Figure(PartialDatesMixin, CaseRecord):
    partial_dates = ("date",)

    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="figures", verbose_name=_("question"))
    value_text = models.CharField(
        _("figure as stated"),
        max_length=200,
        help_text=_("Exactly as the source words it: “over 30,000”, “thousands”."),
    )
    value_low = models.PositiveBigIntegerField(_("lowest value"), null=True, blank=True)
    value_high = models.PositiveBigIntegerField(
        _("highest value"), null=True, blank=True, help_text=_("For a range only.")
    )
    qualifier = models.CharField(_("qualifier"), max_length=12, choices=Qualifier.choices, default=Qualifier.EXACT)
    claimant = models.CharField(
        _("stated by"), max_length=300, help_text=_("Who states the figure: a person or an organisation.")
    )
    claimant_person = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="figures_stated",
        verbose_name=_("stated by (person)"),
    )
    event = models.ForeignKey(
        Event, on_delete=models.PROTECT, null=True, blank=True, related_name="figures", verbose_name=_("stated at")
    )
    site = models.ForeignKey(
        Site,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="figures",
        verbose_name=_("site"),
        help_text=_("For a number buried at a site."),
    )
    people = models.ManyToManyField(
        Person, blank=True, related_name="figures_about", verbose_name=_("people concerned")
    )
    _history_m2m_fields = ["cases", "people"]
    date, date_precision, date_approximate = partial_date_fields(_("date stated"))
    description = models.TextField(_("description"), blank=True)

    class Meta:
        # Unquantified figures ("thousands") first on every database (PostgreSQL sorts NULL last).
        ordering = ["question", models.F("value_low").asc(nulls_first=True), "pk"]
        verbose_name = _("figure")
        verbose_name_plural = _("figures")
        permissions = [publish_permission("figure", "figures")]
        constraints = [
            *partial_date_constraints("date"),
            models.CheckConstraint(
                condition=Q(value_high__isnull=True) | Q(value_low__isnull=False, value_low__lte=F("value_high")),
                name="figures_figure_range_ordered",
                violation_error_message=_("The lowest value cannot be above the highest."),
            ),
            models.CheckConstraint(
                condition=Q(qualifier=Qualifier.UNQUANTIFIED) | Q(value_low__isnull=False),
                name="figures_figure_quantified_has_value",
                violation_error_message=_("Enter the number, or choose “no number”."),
            ),
            models.CheckConstraint(condition=~Q(claimant=""), name="figures_figure_has_claimant"),
        ]

    def __str__(self):
        return f"{self.value_text} ({self.claimant})"

    def get_absolute_url(self):
        return page_url(self, "public:figure_detail", pk=self.pk)

    @property
    def date_display(self):
        return self.partial_date_display("date")

    @property
    def number_display(self):
        """The figure as a number a reader takes in: "at least 30,000", "2,800 to 3,800"; "" without a number."""
        if self.value_low is None:
            return ""
        low = number(self.value_low)
        if self.value_high is not None and self.value_high != self.value_low:
            pattern = _("about %(low)s to %(high)s") if self.qualifier == Qualifier.ABOUT else _("%(low)s to %(high)s")
            return pattern % {"low": low, "high": number(self.value_high)}
        patterns = {
            Qualifier.AT_LEAST: _("at least %(number)s"),
            Qualifier.ABOUT: _("about %(number)s"),
            Qualifier.UP_TO: _("up to %(number)s"),
        }
        return patterns.get(self.qualifier, "%(number)s") % {"number": low}

    @property
    def answer(self):
        """The figure's answer to its question (kept by ``Answer.keep_for_figure``), or None."""
        return self.answers.filter(question_id=self.question_id).first()

    @property
    def is_preferred(self):
        """Whether the editors marked this figure as the preferred answer to its question."""
        preferred = self.question.preferred
        return preferred is not None and preferred.figure_id == self.pk

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        if not self.revision_of_id:  # a revision's question becomes its live figure's when it is published
            Answer.keep_for_figure(self)


class FigureCitation(Citation):
    fact = models.ForeignKey(Figure, on_delete=models.PROTECT, related_name="citations", verbose_name=_("figure"))

    class Meta(Citation.Meta):
        verbose_name = _("figure citation")
        verbose_name_plural = _("figure citations")


class Answer(TimeStampedModel):
    """One fact's answer to a question: a figure, an event (its date or place), a person (a title).

    Facts whose answers differ are linked as conflicting by their answers to one question and
    shown side by side wherever either fact is shown, each attributed and cited. An answer is
    public when its fact and its question are (``casefile.selectors``): a hidden fact's answer changes
    nothing. An answer is part of its question: changed with it, in its revision, once it is published.
    """

    part_of = "question"

    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="answers", verbose_name=_("question"))
    figure = models.ForeignKey(
        Figure, on_delete=models.CASCADE, null=True, blank=True, related_name="answers", verbose_name=_("figure")
    )
    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, null=True, blank=True, related_name="answers", verbose_name=_("event")
    )
    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, null=True, blank=True, related_name="answers", verbose_name=_("person")
    )
    position = models.ForeignKey(
        Position,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="answers",
        verbose_name=_("position"),
        help_text=_("For a person's title: the position whose citations support this answer."),
    )
    reading = models.CharField(
        _("answer"),
        max_length=300,
        blank=True,
        help_text=_(
            "What this fact says in answer, as its source words it (“Tirana, Albania”, “Co-President”). "
            "Left empty for a figure: its figure as stated is the answer."
        ),
    )

    class Meta:
        ordering = ["question", "pk"]
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [
            models.CheckConstraint(
                condition=Q(figure__isnull=False, event__isnull=True, person__isnull=True)
                | Q(figure__isnull=True, event__isnull=False, person__isnull=True)
                | Q(figure__isnull=True, event__isnull=True, person__isnull=False),
                name="figures_answer_one_fact",
                violation_error_message=_("An answer is one fact: a figure, an event or a person."),
            ),
            models.CheckConstraint(
                condition=Q(position__isnull=True) | Q(person__isnull=False),
                name="figures_answer_position_has_person",
                violation_error_message=_("A position answers for its person: choose the person too."),
            ),
            models.CheckConstraint(
                condition=Q(figure__isnull=False) | ~Q(reading=""),
                name="figures_answer_reading_given",
                violation_error_message=_("Say what this fact answers, as its source words it."),
            ),
            # A figure answers its one question (a question's revision holds a copy of the answer).
            models.UniqueConstraint(fields=["figure", "question"], name="figures_answer_one_per_figure"),
        ]

    def __str__(self):
        return f"{self.question}: {self.text}"

    def get_absolute_url(self):
        return self.fact.get_absolute_url()

    def clean(self):
        super().clean()
        if self.position_id and self.person_id and self.position.person_id != self.person_id:
            raise ValidationError({"position": _("Choose a position of this person.")})

    @property
    def fact(self):
        """The record that answers: the figure, the event or the person."""
        return self.figure or self.event or self.person

    @property
    def cited_fact(self):
        """The fact whose citations support the answer (a person's title: its position)."""
        return self.position or self.fact

    @property
    def text(self):
        return self.reading or (self.figure.value_text if self.figure_id else "")

    @classmethod
    def keep_for_figure(cls, figure):
        """The figure's answer follows its ``question``; a preference for it stays with the question it left."""
        answer = (
            cls.objects.filter(figure=figure, question__revision_of__isnull=True).select_related("question").first()
        )
        if answer is not None and answer.question_id == figure.question_id:
            return answer
        user = getattr(figure, "_history_user", None)
        if answer is None:
            answer = cls(question_id=figure.question_id, figure=figure)
        else:
            left = answer.question
            if left.preferred_id == answer.pk:
                left.preferred, left.preferred_reason = None, ""
                left._history_user = user
                left.save()
            answer.question_id = figure.question_id
        answer._history_user = user
        answer.save()
        return answer
