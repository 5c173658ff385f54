"""The evidence layer: sources, their archived text, and the passages cited from them."""

import hashlib

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from simple_history.utils import bulk_update_with_history

from casefile.core.dates import PartialDatesMixin, partial_date_constraints, partial_date_fields
from casefile.core.models import PublishableModel, PublishableQuerySet, TimeStampedModel, page_url, publish_permission
from casefile.core.slugs import unique_slug

from . import anchoring, extract, matching, uploads
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
        """Sources whose title, publisher or archived text holds every word of ``query``.

        On PostgreSQL the search is full text, from the document the database keeps indexed beside
        each source (migration ``0022_search_document``: English stemming, so that "executions" finds
        "executed"), with a title or publisher that contains every word as written; best matches
        first, a match in the title before one in the text. Elsewhere every word must stand in the
        title, the publisher or the text.
        """
        words = query.split()
        if not words:
            return self.none()
        if self.is_postgresql():
            from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVectorField
            from django.db.models.expressions import RawSQL

            # The column PostgreSQL keeps (not a model field: other databases have none); the SQL is the
            # table's own name, nothing from the request.
            column = f'"{self.model._meta.db_table}"."search_document"'
            document = RawSQL(column, [], output_field=SearchVectorField())  # noqa: S611
            search = SearchQuery(query, search_type="websearch", config="english")
            named = Q()
            for word in words:
                named &= Q(title__icontains=word) | Q(publisher__icontains=word)
            return (
                self.annotate(_document=document, _rank=SearchRank(document, search))
                .filter(Q(_document=search) | named)
                .order_by("-_rank", "title", "pk")
            )
        condition = Q()
        for word in words:
            condition &= Q(title__icontains=word) | Q(publisher__icontains=word) | Q(snapshot__icontains=word)
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
    publisher_key = models.SlugField(
        _("publisher key"),
        max_length=100,
        blank=True,
        help_text=_(
            "Sources with the same key count as one source when Casefile counts how many independent "
            "sources support a fact (e.g. “iran-hrm” for every article of one publisher, however it is "
            "spelled). Left empty, it is made from the publisher's name (or, with no publisher, the source "
            "counts on its own)."
        ),
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
            "Paste the full text of the source, or upload its file. Every new text is kept as a new "
            "capture with its SHA-256; earlier captures are never changed, and every citation is "
            "anchored again in the new text (a passage that changed or disappeared is flagged)."
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

    evidence_checked_at = models.DateTimeField(
        _("evidence last checked"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("When `manage.py verify_evidence` last re-hashed the captures and re-anchored the citations."),
    )
    evidence_sound = models.BooleanField(
        _("evidence sound at last check"),
        null=True,
        editable=False,
        help_text=_("Every capture had its recorded hashes and every citation was found, at the last check."),
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
        instance._stored_file = instance.__dict__.get("file")
        return instance

    def get_absolute_url(self):
        return page_url(self, "public:source_detail", slug=self.slug)

    def get_file_url(self):
        """Where the public downloads the file; the view serves it only while the source is published."""
        return reverse("public:source_file", kwargs={"slug": self.slug}) if self.file else ""

    @property
    def published_on_display(self):
        return self.partial_date_display("published_on")

    @property
    def snapshot_changed(self):
        return self.pk is not None and getattr(self, "_stored_snapshot", self.snapshot) != self.snapshot

    @property
    def file_changed(self):
        """A file other than the stored one: a new upload, or a published revision's file."""
        return self.pk is not None and (getattr(self, "_stored_file", None) or "") != (self.file.name or "")

    def prepare_file(self):
        """Check and clean a newly uploaded file (``uploads.prepare``); fill an empty archived text from it.

        Raises ``ValidationError`` and changes nothing when the file is refused.
        """
        if not self.file or self.file._committed or self.file is getattr(self, "_prepared_file", None):
            return
        prepared = uploads.prepare(self.file, self.language)
        self.file = prepared.content
        self._prepared_file = self.file
        self._prepared = prepared
        # The file's text becomes the archived text, unless the editor typed a text of their own
        # in the same change (a transcript of a scanned page, say).
        if prepared.text and (not self.snapshot.strip() or (self.pk is not None and not self.snapshot_changed)):
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
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs):
        self.prepare_file()
        self.fingerprint_snapshot()
        if not self.slug:
            self.slug = unique_slug(self, self.title)
        if not self.publisher_key:
            self.publisher_key = slugify(self.publisher)[:100]
        prepared = getattr(self, "_prepared", None)
        new_capture = (
            self.snapshot_changed or (self.pk is None and (self.snapshot or prepared)) or prepared or self.file_changed
        )
        super().save(*args, **kwargs)
        self._stored_snapshot = self.snapshot
        self._stored_file = self.file.name
        # A revision is a draft of a change, not an archived copy: its text and file become a capture
        # of the live source when a reviewer publishes it.
        if new_capture and not self.revision_of_id:
            self._prepared = None
            capture = SourceCapture.record(source=self, prepared=prepared)
            self.reanchor_citations(capture)

    def latest_capture(self):
        """The newest capture: the one whose text is the archived text now (cached on the instance)."""
        if not hasattr(self, "_latest_capture"):
            self._latest_capture = self.captures.order_by("-captured_at", "-pk").first() if self.pk else None
        return self._latest_capture

    def independence_key(self):
        """Sources with one key count once in corroboration: one publisher, however many articles."""
        return self.publisher_key or f"source-{self.pk}"

    def reanchor_citations(self, capture):
        """Anchor every citation of this source again in ``capture`` (a new capture), with history rows.

        A passage found as it was is ``verified``; found elsewhere, ``moved`` (re-anchored); a
        passage whose place is found with other words in it, ``changed``; one not found, ``lost``.
        Changed and lost citations keep their old capture and anchor, for an editor to resolve.
        """
        text = anchoring.Text(capture.text)
        counts = {}
        for model in citation_models():
            citations = list(model.objects.filter(source=self))
            for citation in citations:
                citation.source = self
                citation.anchor_to(capture, text)
                counts[citation.anchor_status] = counts.get(citation.anchor_status, 0) + 1
            if citations:
                # In bulk, and each citation keeps a history row of the change.
                bulk_update_with_history(
                    citations,
                    model,
                    ANCHOR_FIELDS,
                    default_change_reason="Checked again against the archived text",
                    batch_size=UPDATE_BATCH,
                )
        return counts


def _sha256_bytes(data):
    return hashlib.sha256(data).hexdigest()


class SourceCapture(models.Model):
    """One archived copy of a source, as captured at one time: append-only.

    Keeps the stored file (if any) with its size, media type and SHA-256, and the text that
    citations anchor to with its own SHA-256 (and, for a PDF, the offset where each page begins).
    A capture is never changed or deleted; a new version of the source is a new capture.
    ``manage.py verify_evidence`` recomputes both hashes.
    """

    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="captures", verbose_name=_("source"))
    captured_at = models.DateTimeField(_("captured"), default=timezone.now, db_index=True)
    media_type = models.CharField(_("media type"), max_length=100, default="text/plain")
    file = models.FileField(_("file"), upload_to="sources/", storage=source_file_storage, max_length=200, blank=True)
    size = models.PositiveBigIntegerField(_("size in bytes"), default=0)
    file_sha256 = models.CharField(_("SHA-256 of the file"), max_length=64, blank=True)
    text = models.TextField(_("extracted text"), blank=True)
    text_sha256 = models.CharField(_("SHA-256 of the text"), max_length=64, blank=True)
    page_starts = models.JSONField(_("page offsets"), default=list, blank=True)
    intact = models.BooleanField(_("intact at last check"), null=True)
    checked_at = models.DateTimeField(_("last checked"), null=True, blank=True)

    # Only the result of a check may change; the captured content never does.
    CHECK_FIELDS = frozenset({"intact", "checked_at"})

    class Meta:
        ordering = ["source", "captured_at", "pk"]
        verbose_name = _("capture")
        verbose_name_plural = _("captures")
        constraints = [
            models.CheckConstraint(condition=~Q(text_sha256="") | Q(text=""), name="sources_capture_text_has_hash"),
            models.CheckConstraint(condition=Q(file="") | ~Q(file_sha256=""), name="sources_capture_file_has_hash"),
        ]

    def __str__(self):
        return f"{self.source} ({self.captured_at:%Y-%m-%d %H:%M} UTC, {self.short_hash})"

    def save(self, *args, **kwargs):
        update_fields = kwargs.get("update_fields")
        if self.pk is not None and not (update_fields and set(update_fields) <= self.CHECK_FIELDS):
            raise ValidationError(_("A capture is never changed: add a new capture instead."))
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return f"{self.source.get_absolute_url()}#capture-{self.pk}"

    def delete(self, *args, **kwargs):
        raise ValidationError(_("A capture is never deleted."))

    @property
    def short_hash(self):
        return (self.text_sha256 or self.file_sha256)[:12]

    @classmethod
    def record(cls, *, source, prepared=None):
        """A new capture of ``source``'s archived text now (and of its newly prepared file)."""
        capture = cls(
            source=source, text=source.snapshot, text_sha256=matching.sha256(source.snapshot) if source.snapshot else ""
        )
        if source.file and (
            prepared is not None or not cls.objects.filter(source=source, file=source.file.name).exists()
        ):
            with source.file.open("rb") as handle:
                data = handle.read()
            capture.file = source.file.name
            capture.size = len(data)
            capture.file_sha256 = _sha256_bytes(data)
            capture.media_type = (prepared and prepared.media_type) or uploads.content_type(source.file.name).split(
                ";"
            )[0]
            if prepared and prepared.text and prepared.text == source.snapshot:
                capture.page_starts = prepared.page_starts
        else:
            capture.size = len(source.snapshot.encode("utf-8"))
        capture.save()
        source._latest_capture = capture
        return capture

    def page_of(self, offset):
        return extract.page_of(self.page_starts, offset)

    def problems(self):
        """What no longer matches the hashes recorded at capture time (empty when intact)."""
        found = []
        if matching.sha256(self.text) != self.text_sha256 and (self.text or self.text_sha256):
            found.append(_("the stored text no longer has its recorded SHA-256"))
        if self.file:
            try:
                with self.file.storage.open(self.file.name, "rb") as handle:
                    digest = hashlib.file_digest(handle, "sha256").hexdigest()
            except (FileNotFoundError, OSError):
                found.append(_("the stored file is missing"))
            else:
                if digest != self.file_sha256:
                    found.append(_("the stored file no longer has its recorded SHA-256"))
        return found


class AnchorStatus(models.TextChoices):
    UNVERIFIED = "unverified", _("not verified: the source has no archived text yet")
    VERIFIED = "verified", _("verified")
    MOVED = "moved", _("re-anchored: the passage moved in a newer capture")
    CHANGED = "changed", _("changed in a newer capture: an editor must check it")
    LOST = "lost", _("not found in a newer capture: an editor must check it")


# Citations updated in one statement: one CASE per field and row, so bounded.
UPDATE_BATCH = 500
ANCHOR_FIELDS = [
    "quote",
    "start",
    "end",
    "prefix",
    "suffix",
    "verified",
    "capture",
    "anchor_status",
    "page",
    "found_text",
]


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
    quote_translation_fa = models.TextField(
        _("Casefile's Persian translation of the passage"),
        blank=True,
        help_text=_(
            "Optional. Shown beside the quoted passage, marked as Casefile's translation, never as the "
            "source's words. The citation is anchored to the quoted passage only."
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
    capture = models.ForeignKey(
        "sources.SourceCapture",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("capture"),
        help_text=_("The capture of the source whose text the passage is anchored in."),
    )
    anchor_status = models.CharField(
        _("anchor"), max_length=10, choices=AnchorStatus.choices, default=AnchorStatus.UNVERIFIED, editable=False
    )
    page = models.PositiveIntegerField(_("page"), null=True, blank=True, editable=False)
    found_text = models.TextField(
        _("text now in its place"),
        blank=True,
        editable=False,
        help_text=_("For a passage that changed in a newer capture: what that capture says in its place."),
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

    @property
    def needs_editor(self):
        return self.anchor_status in (AnchorStatus.CHANGED, AnchorStatus.LOST)

    def selectors(self):
        """The passage as W3C Web Annotation selectors (TextQuoteSelector and TextPositionSelector)."""
        if self.start is None:
            return [{"type": "TextQuoteSelector", "exact": self.quote}]
        return [
            {"type": "TextQuoteSelector", "exact": self.quote, "prefix": self.prefix, "suffix": self.suffix},
            {"type": "TextPositionSelector", "start": self.start, "end": self.end},
        ]

    def _set_anchor(self, capture, start, end, prefix, suffix, exact, status):
        self.quote = exact
        self.start, self.end = start, end
        self.prefix, self.suffix = prefix, suffix
        self.verified = True
        self.capture = capture
        self.anchor_status = status
        self.page = capture.page_of(start) if capture is not None else None
        self.found_text = ""

    def _unverified(self):
        self.start = self.end = None
        self.prefix = self.suffix = ""
        self.verified = False
        self.capture = None
        self.page = None
        self.found_text = ""
        self.anchor_status = AnchorStatus.UNVERIFIED
        self.quote = self.quote.strip()

    def match(self):
        """Locate the quote in the snapshot. False if the source has text and the quote is not in it."""
        snapshot = self.source.snapshot
        passage = matching.locate(snapshot, self.quote) if snapshot else None
        if passage is None:
            self._unverified()
            return not snapshot
        capture = self.source.latest_capture()
        if capture is not None and capture.text != snapshot:
            capture = None  # the text is being changed: the new capture is recorded when the source is saved
        self._set_anchor(
            capture, passage.start, passage.end, passage.prefix, passage.suffix, passage.exact, AnchorStatus.VERIFIED
        )
        return True

    def anchor_to(self, capture, text=None):
        """Anchor this citation again in ``capture`` (``text``: its ``anchoring.Text``, prepared once)."""
        if not self.verified and not self.needs_editor:
            # Never anchored yet (the source had no text): look the quote up afresh.
            passage = matching.locate(capture.text, self.quote) if capture.text else None
            if passage is None:
                self._unverified()
            else:
                self._set_anchor(
                    capture,
                    passage.start,
                    passage.end,
                    passage.prefix,
                    passage.suffix,
                    passage.exact,
                    AnchorStatus.VERIFIED,
                )
            return self.anchor_status
        text = text or anchoring.Text(capture.text)
        found = text.reanchor(exact=self.quote, prefix=self.prefix, suffix=self.suffix, start=self.start, end=self.end)
        if found.status in (anchoring.Status.VERIFIED, anchoring.Status.MOVED):
            moved = (
                found.status == anchoring.Status.MOVED
                or self.anchor_status == AnchorStatus.MOVED
                and (self.capture_id == capture.pk)
            )
            status = AnchorStatus.MOVED if moved else AnchorStatus.VERIFIED
            self._set_anchor(capture, found.start, found.end, found.prefix, found.suffix, found.exact, status)
        else:
            # Keep the old capture and anchor: the passage was there when it was cited.
            self.verified = False
            self.anchor_status = found.status
            self.found_text = found.found_text
        return self.anchor_status

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

    def _flagged_and_untouched(self):
        """A flagged citation (changed or lost) saved with its quote and source as they were: kept as flagged.

        So that an editor can change the fact's other fields before resolving the citation.
        """
        if self.pk is None or not self.needs_editor:
            return False
        stored = type(self)._base_manager.filter(pk=self.pk).values("quote", "source_id").first()
        return stored == {"quote": self.quote, "source_id": self.source_id}

    def clean(self):
        super().clean()
        if self.source_id and self.quote.strip() and not self._flagged_and_untouched() and not self.match():
            raise self.not_found_error()

    def save(self, *args, **kwargs):
        if not self._flagged_and_untouched() and not self.match():
            raise self.not_found_error()
        super().save(*args, **kwargs)


def citation_models():
    """The concrete citation models of every app."""
    return [model for model in apps.get_models() if issubclass(model, Citation)]
