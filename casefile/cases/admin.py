from django.contrib import admin
from modeltranslation.admin import TranslationAdmin

from casefile.core.admin import BilingualAdminMixin, RecordAdmin
from casefile.sources.admin import CorroborationFilter, citation_inline

from .models import Case, CaseCitation


@admin.register(Case)
class CaseAdmin(BilingualAdminMixin, RecordAdmin, TranslationAdmin):
    list_display = ["title", "title_fa", "period_display", "state"]
    search_fields = ["title", "title_fa", "summary"]
    list_filter = ["state", CorroborationFilter]
    inlines = [citation_inline(CaseCitation)]
    autocomplete_fields = ["headline_questions"]
    fields = [
        "title",
        "state",
        "summary",
        ("start_date", "start_date_precision", "start_date_approximate"),
        ("end_date", "end_date_precision", "end_date_approximate"),
        "headline_questions",
        "editor_note",
        "slug",
    ]
