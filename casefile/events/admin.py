from django.contrib import admin
from modeltranslation.admin import TranslationAdmin

from casefile.core.admin import BilingualAdminMixin, FoldedSearchMixin, RecordAdmin, conflict_filter
from casefile.sources.admin import CorroborationFilter, citation_inline

from .models import Event, EventCitation, Testimony, TestimonyCitation


@admin.register(Event)
class EventAdmin(BilingualAdminMixin, RecordAdmin, TranslationAdmin):
    list_display = ["title", "kind", "date_display", "city", "state"]
    list_filter = ["state", "kind", "cases", CorroborationFilter, conflict_filter("answers")]
    search_fields = ["title", "title_fa", "place", "city", "country", "description", "description_fa"]
    autocomplete_fields = ["site", "parent", "people"]
    inlines = [citation_inline(EventCitation)]
    fields = [
        "title",
        "kind",
        "state",
        "cases",
        ("date", "date_precision", "date_approximate"),
        ("end_date", "end_date_precision", "end_date_approximate"),
        "place",
        "city",
        "country",
        "site",
        "parent",
        "people",
        "description",
        "editor_note",
        "slug",
    ]
    filter_horizontal = ["cases"]

    @admin.display(description="date", ordering="date")
    def date_display(self, obj):
        return obj.date_display


@admin.register(Testimony)
class TestimonyAdmin(BilingualAdminMixin, FoldedSearchMixin, RecordAdmin, TranslationAdmin):
    """A testimony names its speaker only when public; otherwise it points at a private witness record."""

    folded_search_field = "speaker__search_text"
    list_display = ["__str__", "event", "kind", "confidentiality", "state"]
    list_filter = ["state", "confidentiality", "kind", "language", "cases", CorroborationFilter]
    list_select_related = ["speaker", "witness", "event"]
    search_fields = ["speaker__name", "speaker__name_fa", "witness__code", "text", "speaker_description"]
    autocomplete_fields = ["speaker", "witness", "event", "people"]
    inlines = [citation_inline(TestimonyCitation)]
    fields = [
        "confidentiality",
        "speaker",
        "witness",
        "speaker_description",
        "state",
        "cases",
        "event",
        ("date", "date_precision", "date_approximate"),
        "kind",
        "language",
        "text",
        "people",
        "editor_note",
    ]
    filter_horizontal = ["cases"]
