"""Abstract bases that every Casefile record shares: timestamps, history and publication state."""

import re

from django.conf import settings
from django.db import connections, models
from django.db.models import Q
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


def page_url(record, viewname, **kwargs):
    """``reverse(viewname, kwargs=kwargs)``, worked out once per record, language and address prefix.

    A page that links one record many times asks once: a registry page links its rows' prisons and
    burial sites, an official's page each note's source from its mark and from the note itself.
    """
    key = (translation.get_language(), get_script_prefix(), get_urlconf(), viewname, *kwargs.items())
    urls = record.__dict__.setdefault("_page_urls", {})
    if key not in urls:
        urls[key] = address(viewname, **kwargs)
    return urls[key]


# A key or slug that every public address's converter takes (``<int:…>``, ``<slug:…>``), and the
# values an address carries as they are (no quoting): a number, or a slug of Latin letters and digits.
_PLACEHOLDER = "7331771"
_AS_IT_IS = re.compile(r"[-a-zA-Z0-9_]+")
_ADDRESSES = {}


def address(viewname, **kwargs):
    """``reverse(viewname, kwargs=kwargs)``; for one key or plain slug, from the view's address worked
    out once per language and prefix with a placeholder in the value's place.

    ``reverse`` tries each pattern of the view and checks the address it makes against it, for every
    link: a registry page has 50 rows of two or three links.
    """
    if len(kwargs) == 1:
        ((name, value),) = kwargs.items()
        if (type(value) is int and value >= 0) or (type(value) is str and _AS_IT_IS.fullmatch(value)):
            key = (translation.get_language(), get_script_prefix(), get_urlconf(settings.ROOT_URLCONF), viewname, name)
            parts = _ADDRESSES.get(key)
            if parts is None:
                parts = _ADDRESSES[key] = reverse(viewname, kwargs={name: _PLACEHOLDER}).split(_PLACEHOLDER)
            if len(parts) == 2:
                return str(value).join(parts)
    return reverse(viewname, kwargs=kwargs)


class TimeStampedModel(models.Model):
    """Created and updated times, and a full history of every change (who, when, what)."""

    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    history = HistoricalRecords(inherit=True)

    # A part of a record (another spelling, a position, an observation, a citation) names the
    # foreign key to the record it belongs to; see ``is_part`` and ``owning_record``.
    part_of = None

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        # Under English, a bilingual text's column ``x`` and its history are written from ``x_en``
        # (see ``casefile.core.bilingual``), whatever language the editor works in.
        with translation.override(settings.MODELTRANSLATION_DEFAULT_LANGUAGE):
            super().save(*args, **kwargs)


class PublicationState(models.TextChoices):
    DRAFT = "draft", _("draft")
    IN_REVIEW = "in_review", _("in review")
    PUBLISHED = "published", _("published")
    WITHDRAWN = "withdrawn", _("withdrawn")


def published_rows(prefix=""):
    """The rows in the published state (``prefix``: the path to them), the one test of that state.

    ``casefile.selectors`` builds every visibility rule on it. The database's own guard (a
    confidential testimony is never published) and the partial indexes that serve the rules' counts
    name it too, instead of writing the state again: an index is used only for a query whose
    conditions imply its own, so the two must not drift apart.
    """
    return Q(**{f"{prefix}state": PublicationState.PUBLISHED})


class PublishableQuerySet(models.QuerySet):
    """Queries of publishable records. What the public may see is decided in ``casefile.selectors`` only."""

    def is_postgresql(self):
        return connections[self.db].vendor == "postgresql"


class PublishableModel(TimeStampedModel):
    state = models.CharField(
        _("publication state"),
        max_length=10,
        choices=PublicationState.choices,
        default=PublicationState.DRAFT,
        db_index=True,
        help_text=_("Only published records are shown to the public."),
    )
    editor_note = models.TextField(
        _("editor's note"),
        blank=True,
        help_text=_(
            "Shown to readers: a discrepancy between sources, or within one, and how it was "
            "recorded. Cite both passages."
        ),
    )

    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("submitted for review by"),
    )
    submitted_at = models.DateTimeField(_("submitted for review at"), null=True, blank=True, editable=False)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("last reviewed by"),
    )
    reviewed_at = models.DateTimeField(_("last reviewed at"), null=True, blank=True, editable=False)
    review_comment = models.TextField(
        _("reviewer's comment"),
        blank=True,
        editable=False,
        help_text=_("Why a reviewer returned the record to its editor. Never shown to the public."),
    )

    # A revision is a draft copy of a published record: the live record stays on the public site,
    # exactly as published, while the revision is edited and reviewed (see ``core.workflow``).
    revision_of = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        editable=False,
        related_name="revisions",
        verbose_name=_("revision of"),
        help_text=_("The published record this draft will replace when a reviewer publishes it."),
    )
    batch = models.ForeignKey(
        "core.ReviewBatch",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("review batch"),
    )

    objects = PublishableQuerySet.as_manager()

    # The fields the editorial workflow sets; every other field is the record's content.
    workflow_fields = (
        "state",
        "revision_of",
        "batch",
        "submitted_by",
        "submitted_at",
        "reviewed_by",
        "reviewed_at",
        "review_comment",
        "created_at",
        "updated_at",
    )

    class Meta:
        abstract = True

    # Records whose publication state is this record's own (a victim's person): the workflow
    # moves them with it, and refuses to move them on their own.
    published_with = ()

    # Whether a draft or a revision can be shown by its public page before it is published (the staff preview).
    previewable = True

    def state_governed_by(self):
        """The record whose review decides this one's state, if not this record itself."""
        return None

    @property
    def is_live(self):
        """Published and not a revision: the version of the record that the public site shows now.

        Whether the public may see it (its parents, its confidentiality) is for ``casefile.selectors``.
        """
        return self.state == PublicationState.PUBLISHED and not self.revision_of_id

    @classmethod
    def publish_permission(cls):
        """The permission a reviewer needs to publish, return or withdraw records of this model."""
        return f"{cls._meta.app_label}.publish_{cls._meta.model_name}"


class ReviewBatch(models.Model):
    """Records submitted for review together (an import, a bulk action), decided in one go or one by one."""

    class State(models.TextChoices):
        IN_REVIEW = "in_review", _("in review")
        DECIDED = "decided", _("decided")

    reason = models.CharField(
        _("reason"), max_length=300, help_text=_("What the batch is: the import's file, the bulk change's purpose.")
    )
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.IN_REVIEW)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("submitted by"),
    )
    submitted_at = models.DateTimeField(_("submitted at"), auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    comment = models.TextField(_("reviewer's comment"), blank=True)

    class Meta:
        ordering = ["-submitted_at", "-pk"]
        verbose_name = _("review batch")
        verbose_name_plural = _("review batches")

    def __str__(self):
        return _("Batch %(number)s: %(reason)s") % {"number": self.pk, "reason": self.reason}

    def get_absolute_url(self):
        return reverse("admin:review_batch", args=[self.pk])


def is_publishable(model):
    """A record with a publication state of its own, reviewed before it is public.

    Read from ``Meta.permissions`` so that it also holds for the models of a migration's state.
    """
    return any(codename == f"publish_{model._meta.model_name}" for codename, _name in model._meta.permissions)


def is_part(model):
    """A row that belongs to one record and is reviewed and published with it."""
    return getattr(model, "part_of", None) is not None


def owning_record(row):
    """The publishable record ``row`` is part of (the person of a citation of a position), or None."""
    while is_part(type(row)):
        row = getattr(row, row.part_of)
    return row if row is not None and is_publishable(type(row)) else None


def publish_permission(model_name, verbose_name_plural):
    """``Meta.permissions`` entry of a publishable model (Django does not interpolate it in an abstract base)."""
    return (f"publish_{model_name}", f"Can publish, return and withdraw {verbose_name_plural}")
