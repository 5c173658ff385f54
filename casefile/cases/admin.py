from django.contrib import admin

from casefile.core.admin import RecordAdmin
from casefile.sources.admin import CorroborationFilter, citation_inline

from .models import Case, CaseCitation


@admin.register(Case)
class CaseAdmin(RecordAdmin):
    list_display = ["title", "title_fa", "period_display", "state"]
    search_fields = ["title", "title_fa", "summary"]
    list_filter = ["state", CorroborationFilter]
    inlines = [citation_inline(CaseCitation)]
    autocomplete_fields = ["headline_questions"]
    fields = [
        "title",
        "title_fa",
        "state",
        "summary",
        "summary_fa",
        ("start_date", "start_date_precision", "start_date_approximate"),
        ("end_date", "end_date_precision", "end_date_approximate"),
        "headline_questions",
        "editor_note",
        "slug",
    ]
