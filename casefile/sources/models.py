"""The evidence layer: sources, their archived text, and the passages cited from them."""

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.utils import bulk_update_with_history

from casefile.core.dates import PartialDatesMixin, partial_date_constraints, partial_date_fields
from casefile.core.models import PublishableModel, PublishableQuerySet, TimeStampedModel, publish_permission
from casefile.core.slugs import unique_slug

from . import matching, uploads
from .storage import source_file_storage


class SourceKind(models.TextChoices):
    NEWS_ARTICLE = "news_article", _("news article")
    PRESS_RELEASE = "press_release", _("press release")
    UN_DOCUMENT = "un_document", _("UN document")
    NGO_REPORT = "ngo_report", _("NGO report")
    COURT_JUDGMENT = "court_judgment", _("court judgment")
    TRANSCRIPT = "transcript", _("transcript")
    VIDEO = "video", _("video")
    OTHER = "other", _("other")


class Reliability(models.TextChoices):
    UNASSESSED = "unassessed", _("not yet assessed")
    INDEPENDENT = "independent", _("independent, established publisher")
    OFFICIAL = "official", _("official record (UN, court, government)")
    INTERESTED = "interested", _("published by a party with a stake in the case")
    UNVERIFIED = "unverified", _("origin could not be verified")


class SourceQuerySet(PublishableQuerySet):
    def search(self, query):
        """Sources whose title, publisher or archived text contains every word of ``query``.

        On PostgreSQL the archived text is searched as full text too (English stemming: a search
        for "executions" finds "executed"), best matches first.
        """
        words = query.split()
        if not words:
            return self.none()
        condition = Q()
        for word in words:
            condition &= Q(title__icontains=word) | Q(publisher__icontains=word) | Q(snapshot__icontains=word)
        if self.is_postgresql():
            from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector

            vector = SearchVector("title", weight="A", config="english") + SearchVector(
                "snapshot", weight="B", config="english"
            )
            search = SearchQuery(query, search_type="websearch", config="english")
            return (
                self.annotate(_document=vector, _rank=SearchRank(vector, search))
                .filter(condition | Q(_document=search))
                .order_by("-_rank", "title")
            )
        return self.filter(condition)


class Source(PartialDatesMixin, PublishableModel):
    partial_dates = ("published_on",)

    title = models.CharField(_("title"), max_length=500, help_text=_("The title as the source gives it."))
    slug = models.SlugField(
        _("slug"), max_length=80, unique=True, blank=True, help_text=_("Left empty, it is made from the title.")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=SourceKind.choices, default=SourceKind.NEWS_ARTICLE)
    publisher = models.CharField(
        _("publisher"), max_length=300, blank=True, help_text=_("Only as the source states it.")
    )
    byline = models.CharField(_("byline"), max_length=300, blank=True, help_text=_("As printed, e.g. “Reported by …”."))
    author = models.CharField(_("author"), max_length=300, blank=True)
    published_on, published_on_precision, published_on_approximate = partial_date_fields(
        _("publication date"), help_text=_("Only as the source states it; leave empty if it does not.")
    )
    language = models.CharField(
        _("language"), max_length=10, default="en", help_text=_("Language code, e.g. en, fa, fr.")
    )
    url = models.URLField(_("original URL"), max_length=1000, blank=True)
    archive_url = models.URLField(
        _("archive URL"), max_length=1000, blank=True, help_text=_("A copy in a web archive.")
    )
    accessed_on = models.DateField(_("date accessed"), null=True, blank=True)
    snapshot = models.TextField(
        _("archived text"),
        blank=True,
        help_text=_(
            "Paste the full text of the source. Once a passage of it is cited the text can no "
            "longer be changed, so that every citation keeps pointing at what it quoted."
        ),
    )
    file = models.FileField(
        _("file"),
        upload_to="sources/",
        storage=source_file_storage,
        max_length=200,
        blank=True,
        help_text=_(
            "Optional: the source as a file: PDF, HTML, plain text (.txt, UTF-8) or an image (PNG, JPEG, "
            "GIF, WebP). Images are saved again without their metadata (camera, GPS position); HTML is "
            "cleaned of scripts. A text or HTML file fills the archived text when that is empty. "
            "The public can download the file only once the source is published."
        ),
    )
    snapshot_sha256 = models.CharField(_("SHA-256 of the archived text"), max_length=64, blank=True, editable=False)
    reliability = models.CharField(
        _("reliability"), max_length=12, choices=Reliability.choices, default=Reliability.UNASSESSED
    )
    publisher_note = models.TextField(
        _("note on the publisher"),
        blank=True,
        help_text=_("Who published it and what stake they have in the case, in neutral words."),
    )

    objects = SourceQuerySet.as_manager()

    class Meta:
        ordering = ["-published_on", "title"]
        verbose_name = _("source")
        verbose_name_plural = _("sources")
        permissions = [publish_permission("source", "sources")]
        constraints = [
            *partial_date_constraints("published_on"),
            models.CheckConstraint(
                condition=Q(snapshot="", snapshot_sha256="") | (~Q(snapshot="") & ~Q(snapshot_sha256="")),
                name="sources_source_snapshot_has_hash",
            ),
        ]

    def __str__(self):
        return self.title

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        instance._stored_snapshot = instance.__dict__.get("snapshot")
        return instance

    def get_absolute_url(self):
        return reverse("public:source_detail", kwargs={"slug": self.slug})

    def get_file_url(self):
        """Where the public downloads the file; the view serves it only while the source is published."""
        return reverse("public:source_file", kwargs={"slug": self.slug}) if self.file else ""

    @property
    def published_on_display(self):
        return self.partial_date_display("published_on")

    @property
    def snapshot_changed(self):
        return self.pk is not None and getattr(self, "_stored_snapshot", self.snapshot) != self.snapshot

    def verified_citation_count(self):
        return sum(model.objects.filter(source=self, verified=True).count() for model in citation_models())

    def prepare_file(self):
        """Check and clean a newly uploaded file (``uploads.prepare``); fill an empty archived text from it.

        Raises ``ValidationError`` and changes nothing when the file is refused.
        """
        if not self.file or self.file._committed or self.file is getattr(self, "_prepared_file", None):
            return
        prepared = uploads.prepare(self.file)
        self.file = prepared.content
        self._prepared_file = self.file
        if prepared.text and not self.snapshot.strip():
            self.snapshot = prepared.text

    def fingerprint_snapshot(self):
        """Line endings as LF (browsers post CRLF), then the SHA-256 of the text as stored."""
        self.snapshot = matching.normalise_line_endings(self.snapshot)
        self.snapshot_sha256 = matching.sha256(self.snapshot) if self.snapshot else ""

    def clean(self):
        # Replaces PartialDatesMixin.clean, to report the snapshot's error in the same pass.
        errors = {}
        try:
            self.prepare_file()
        except ValidationError as error:
            errors["file"] = error.messages
        self.fingerprint_snapshot()
        errors |= self.clean_partial_dates()
        if self.snapshot_changed and self.verified_citation_count():
            errors["snapshot"] = _(
                "This text is already cited, so it cannot be changed: the citations would no longer "
                "point at what they quote. Add the new version as a new source."
            )
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs):
        self.prepare_file()
        self.fingerprint_snapshot()
        if not self.slug:
            self.slug = unique_slug(self, self.title)
        reverify = self.snapshot_changed
        super().save(*args, **kwargs)
        self._stored_snapshot = self.snapshot
        if reverify:
            self.reverify_citations()

    def reverify_citations(self):
        """Look every citation up again in the current archived text (after it was added)."""
        for model in citation_models():
            citations = list(model.objects.filter(source=self))
            for citation in citations:
                citation.source = self
                citation.match()
            if citations:
                # In bulk, and each citation keeps a history row of the change.
                bulk_update_with_history(
                    citations,
                    model,
                    ["quote", "start", "end", "prefix", "suffix", "verified"],
                    default_change_reason="Checked again against the archived text",
                )


class Citation(TimeStampedModel):
    """One verbatim passage of one source that supports one fact.

    Each kind of fact has its own concrete citation model with a foreign key named
    ``fact`` (``PositionCitation.fact`` is a ``Position``). The position of the passage
    in the snapshot is computed on save, in the manner of the W3C Web Annotation
    TextQuoteSelector (exact, prefix, suffix) and TextPositionSelector (start, end).
    """

    part_of = "fact"

    source = models.ForeignKey(
        Source,
        on_delete=models.PROTECT,
        related_name="%(app_label)s_%(class)s_set",
        verbose_name=_("source"),
        help_text=_("Type part of the source's title to find it."),
    )
    quote = models.TextField(
        _("quoted passage"),
        help_text=_(
            "Paste the passage as it stands in the source. Line breaks, curly or straight quotes "
            "and dashes may differ; every word must be there."
        ),
    )
    locator = models.CharField(
        _("locator"), max_length=100, blank=True, help_text=_("Page, paragraph or time in a recording, if useful.")
    )
    start = models.PositiveIntegerField(_("start offset"), null=True, blank=True, editable=False)
    end = models.PositiveIntegerField(_("end offset"), null=True, blank=True, editable=False)
    prefix = models.CharField(_("text before"), max_length=matching.CONTEXT_LENGTH, blank=True, editable=False)
    suffix = models.CharField(_("text after"), max_length=matching.CONTEXT_LENGTH, blank=True, editable=False)
    verified = models.BooleanField(
        _("verified"),
        default=False,
        editable=False,
        help_text=_("The passage was found in the source's archived text."),
    )

    class Meta:
        abstract = True
        ordering = ["pk"]
        verbose_name = _("citation")
        verbose_name_plural = _("citations")
        constraints = [
            models.CheckConstraint(condition=~Q(quote=""), name="%(app_label)s_%(class)s_quote_not_empty"),
            models.CheckConstraint(
                condition=Q(verified=False) | Q(start__isnull=False, end__isnull=False, start__lt=F("end")),
                name="%(app_label)s_%(class)s_verified_has_offsets",
            ),
        ]

    def __str__(self):
        quote = self.quote if len(self.quote) <= 60 else f"{self.quote[:59]}…"
        return f"“{quote}” ({self.source})"

    def get_absolute_url(self):
        url = self.source.get_absolute_url()
        return f"{url}#{self.anchor}" if self.verified else url

    @property
    def anchor(self):
        """The passage's stable anchor on its source page; one passage cited twice has one anchor."""
        return f"passage-{self.start}-{self.end}" if self.verified else ""

    def match(self):
        """Locate the quote in the snapshot. False if the source has text and the quote is not in it."""
        snapshot = self.source.snapshot
        passage = matching.locate(snapshot, self.quote) if snapshot else None
        if passage is None:
            self.start = self.end = None
            self.prefix = self.suffix = ""
            self.verified = False
            self.quote = self.quote.strip()
            return not snapshot
        self.quote = passage.exact
        self.start, self.end = passage.start, passage.end
        self.prefix, self.suffix = passage.prefix, passage.suffix
        self.verified = True
        return True

    def not_found_error(self):
        return ValidationError(
            {
                "quote": _(
                    "This passage is not in the archived text of “%(source)s”. Check it for a typing "
                    "error or a word left out: only line breaks, curly quotes and dashes may differ."
                )
                % {"source": self.source}
            }
        )

    def clean(self):
        super().clean()
        if self.source_id and self.quote.strip() and not self.match():
            raise self.not_found_error()

    def save(self, *args, **kwargs):
        if not self.match():
            raise self.not_found_error()
        super().save(*args, **kwargs)


def citation_models():
    """The concrete citation models of every app."""
    return [model for model in apps.get_models() if issubclass(model, Citation)]
