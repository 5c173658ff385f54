from django.contrib import admin
from modeltranslation.admin import TranslationAdmin

from casefile.core.admin import BilingualAdminMixin, HistoryAdmin, RecordAdmin
from casefile.sources.admin import CorroborationFilter, citation_inline

from .models import Figure, FigureCitation, Question


@admin.register(Question)
class QuestionAdmin(HistoryAdmin):
    list_display = ["text", "preferred"]
    search_fields = ["text"]
    fields = ["text", "slug", "preferred", "preferred_reason"]
    autocomplete_fields = ["preferred"]

    def workflow_parents(self, obj):
        return list(obj.figures.all())


@admin.register(Figure)
class FigureAdmin(BilingualAdminMixin, RecordAdmin, TranslationAdmin):
    list_display = ["value_text", "claimant", "question", "qualifier", "date", "state"]
    list_filter = ["state", "qualifier", "question", "cases", CorroborationFilter]
    list_select_related = ["question"]
    search_fields = ["value_text", "claimant", "question__text", "description"]
    autocomplete_fields = ["question", "claimant_person", "event", "site", "people"]
    inlines = [citation_inline(FigureCitation)]
    fields = [
        "question",
        "value_text",
        ("value_low", "value_high"),
        "qualifier",
        "claimant",
        "claimant_person",
        "event",
        "site",
        "people",
        ("date", "date_precision", "date_approximate"),
        "state",
        "cases",
        "description",
        "editor_note",
    ]
    filter_horizontal = ["cases"]
