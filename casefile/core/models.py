"""Abstract bases that every Casefile record shares: timestamps, history and publication state."""

from django.db import connections, models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class TimeStampedModel(models.Model):
    """Created and updated times, and a full history of every change (who, when, what)."""

    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    history = HistoricalRecords(inherit=True)

    class Meta:
        abstract = True


class PublicationState(models.TextChoices):
    DRAFT = "draft", _("draft")
    IN_REVIEW = "in_review", _("in review")
    PUBLISHED = "published", _("published")
    WITHDRAWN = "withdrawn", _("withdrawn")


class PublishableQuerySet(models.QuerySet):
    """The one rule of what the public may see. Every public view, feed and export calls it."""

    def published(self):
        return self.filter(state=PublicationState.PUBLISHED)

    def is_postgresql(self):
        return connections[self.db].vendor == "postgresql"

    def visible_to(self, user):
        """Staff see every record (the admin); everybody else sees what is published."""
        if user is not None and user.is_active and user.is_staff:
            return self.all()
        return self.published()


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

    objects = PublishableQuerySet.as_manager()

    class Meta:
        abstract = True

    @property
    def is_published(self):
        return self.state == PublicationState.PUBLISHED
