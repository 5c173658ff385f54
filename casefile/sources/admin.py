from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.urls import path
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from casefile.core.admin import TEXT_DIRECTION_OVERRIDES, RecordAdmin

from .models import Source
from .uploads import file_response


@admin.register(Source)
class SourceAdmin(RecordAdmin):
    list_display = ["title", "kind", "publisher", "published_on_display", "reliability", "has_snapshot", "state"]
    list_filter = ["state", "kind", "reliability", "language"]
    search_fields = ["title", "publisher", "byline", "author", "url"]
    readonly_fields = ["snapshot_sha256", "created_at", "updated_at"]
    fieldsets = [
        (None, {"fields": ["title", "kind", "state", "language"]}),
        (
            _("Who published it"),
            {"fields": ["publisher", "byline", "author", "reliability", "publisher_note"]},
        ),
        (
            _("Dates"),
            {"fields": [("published_on", "published_on_precision", "published_on_approximate"), "accessed_on"]},
        ),
        (_("Where it is"), {"fields": ["url", "archive_url"]}),
        (_("Archived text"), {"fields": ["file", "snapshot", "snapshot_sha256"]}),
        (_("Notes"), {"fields": ["editor_note", "slug", "created_at", "updated_at"]}),
    ]

    def get_urls(self):
        view = self.admin_site.admin_view(self.file_view)
        return [path("file/<path:name>", view, name="sources_source_file"), *super().get_urls()]

    def file_view(self, request, name):
        """An uploaded file, current or from the history, for staff checking a source of any state."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        if not (Source.objects.filter(file=name).exists() or Source.history.filter(file=name).exists()):
            raise Http404("No source has this file.")
        return file_response(Source._meta.get_field("file").storage, name, "source")

    @admin.display(description=_("publication date"), ordering="published_on")
    def published_on_display(self, obj):
        return obj.published_on_display

    @admin.display(description=_("archived text"), boolean=True)
    def has_snapshot(self, obj):
        return bool(obj.snapshot)


class CitationInline(admin.StackedInline):
    """Citations of one kind of fact: pick the source by typing its title, paste the passage."""

    formfield_overrides = TEXT_DIRECTION_OVERRIDES
    extra = 1
    autocomplete_fields = ["source"]
    fields = ["source", "quote", "locator", "passage_status"]
    readonly_fields = ["passage_status"]
    verbose_name = _("citation")
    verbose_name_plural = _("citations: the passages that support this fact")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("source")

    @admin.display(description=_("found in the source"))
    def passage_status(self, obj):
        if obj.pk is None:
            return _("Checked when you save.")
        if obj.verified:
            return format_html(
                _("Verified: characters {}–{} of the archived text, after “…{}”."), obj.start, obj.end, obj.prefix[-20:]
            )
        return _("Not verified: the source has no archived text yet. It will be checked when the text is added.")


def citation_inline(citation_model):
    """The citation inline for one concrete citation model."""
    return type(f"{citation_model.__name__}Inline", (CitationInline,), {"model": citation_model})
