from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.urls import path
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin

from casefile.core.admin import TEXT_DIRECTION_OVERRIDES, BilingualAdminMixin, RecordAdmin

from .corroboration import with_independent_sources
from .models import AnchorStatus, Source, SourceCapture
from .uploads import file_response


class CaptureInline(admin.TabularInline):
    """Every capture of the source, read-only: captures are never changed or deleted."""

    model = SourceCapture
    extra = 0
    can_delete = False
    fields = ["captured_at", "media_type", "size", "pages", "text_sha256", "file_sha256", "check_result"]
    readonly_fields = fields
    verbose_name_plural = _("captures: every archived copy, newest last (a new text or file adds one)")

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description=_("pages"))
    def pages(self, obj):
        return len(obj.page_starts) or "—"

    @admin.display(description=_("last check"))
    def check_result(self, obj):
        if obj.checked_at is None:
            return _("not checked yet")
        verdict = _("intact") if obj.intact else _("TAMPERED: its hashes no longer match")
        return f"{verdict} ({obj.checked_at:%Y-%m-%d %H:%M} UTC)"


@admin.register(Source)
class SourceAdmin(BilingualAdminMixin, RecordAdmin, TranslationAdmin):
    list_display = [
        "title",
        "kind",
        "publisher",
        "published_on_display",
        "reliability",
        "has_snapshot",
        "evidence_sound",
        "state",
    ]
    list_filter = ["state", "kind", "reliability", "language"]
    search_fields = ["title", "publisher", "byline", "author", "url"]
    readonly_fields = ["snapshot_sha256", "evidence_status", "created_at", "updated_at"]
    inlines = [CaptureInline]
    fieldsets = [
        (None, {"fields": ["title", "kind", "state", "language"]}),
        (
            _("Who published it"),
            {"fields": ["publisher", "publisher_key", "byline", "author", "reliability", "publisher_note"]},
        ),
        (
            _("Dates"),
            {"fields": [("published_on", "published_on_precision", "published_on_approximate"), "accessed_on"]},
        ),
        (_("Where it is"), {"fields": ["url", "archive_url"]}),
        (_("Archived text"), {"fields": ["file", "snapshot", "snapshot_sha256", "evidence_status"]}),
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

    @admin.display(description=_("evidence check"))
    def evidence_status(self, obj):
        if obj.evidence_checked_at is None:
            return _("Not checked yet by verify_evidence.")
        when = f"{obj.evidence_checked_at:%Y-%m-%d %H:%M} UTC"
        if obj.evidence_sound:
            return format_html(_("Verified on {}: every capture intact, every citation found."), when)
        return format_html(
            _(
                "Checked on {}: a capture or text was TAMPERED with, or a citation is broken (see the captures and citations)."
            ),
            when,
        )

    @admin.display(description=_("publication date"), ordering="published_on")
    def published_on_display(self, obj):
        return obj.published_on_display

    @admin.display(description=_("archived text"), boolean=True)
    def has_snapshot(self, obj):
        return bool(obj.snapshot)


class CorroborationFilter(admin.SimpleListFilter):
    """Facts by the number of independent sources that support them (one publisher counts once)."""

    title = _("independent sources")
    parameter_name = "sources"

    def lookups(self, request, model_admin):
        return [("0", _("no verified source")), ("1", _("one source only")), ("2", _("two or more"))]

    def queryset(self, request, queryset):
        if self.value() not in ("0", "1", "2"):
            return queryset
        annotated = with_independent_sources(queryset)
        if self.value() == "2":
            return annotated.filter(independent_sources__gte=2)
        return annotated.filter(independent_sources=int(self.value()))


class CitationInline(admin.StackedInline):
    """Citations of one kind of fact: pick the source by typing its title, paste the passage."""

    formfield_overrides = TEXT_DIRECTION_OVERRIDES
    extra = 1
    autocomplete_fields = ["source"]
    fields = ["source", "quote", "quote_translation_fa", "locator", "passage_status"]
    readonly_fields = ["passage_status"]
    verbose_name = _("citation")
    verbose_name_plural = _("citations: the passages that support this fact")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("source")

    @admin.display(description=_("found in the source"))
    def passage_status(self, obj):
        if obj.pk is None:
            return _("Checked when you save.")
        capture = format_html(
            _(" In the capture of {} (SHA-256 {}…){}."),
            f"{obj.capture.captured_at:%Y-%m-%d %H:%M} UTC" if obj.capture else "—",
            obj.capture.short_hash if obj.capture else "",
            format_html(_(", page {}"), obj.page) if obj.page else "",
        )
        if obj.verified:
            return format_html(
                "{}{}{}",
                format_html(
                    _("Verified: characters {}–{} of the archived text, after “…{}”."),
                    obj.start,
                    obj.end,
                    obj.prefix[-20:],
                ),
                _(" Re-anchored: the passage moved in a newer capture.")
                if obj.anchor_status == AnchorStatus.MOVED
                else "",
                capture,
            )
        if obj.needs_editor:
            return format_html(
                '<strong class="errornote">{}</strong>{}<br>{} <q>{}</q><br>{} <q>{}</q><br>{}',
                obj.get_anchor_status_display(),
                capture,
                _("Cited text:"),
                obj.quote,
                _("The newest capture has in its place:"),
                obj.found_text or _("nothing recognisable"),
                _(
                    "Check the source, then paste the passage as it stands now (or cite the earlier capture's text elsewhere)."
                ),
            )
        return _("Not verified: the source has no archived text yet. It will be checked when the text is added.")


def citation_inline(citation_model):
    """The citation inline for one concrete citation model."""
    return type(f"{citation_model.__name__}Inline", (CitationInline,), {"model": citation_model})
