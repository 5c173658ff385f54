"""What every Casefile admin page shares: history, publication state, text direction, folded search."""

from django.contrib import admin
from django.contrib.admin import widgets
from django.db import models
from django.db.models import Q
from simple_history.admin import SimpleHistoryAdmin

from .text import search_terms

# Persian and English both type into the same fields: let the browser set each field's direction.
TEXT_DIRECTION_OVERRIDES = {
    models.CharField: {"widget": widgets.AdminTextInputWidget(attrs={"dir": "auto"})},
    models.TextField: {"widget": widgets.AdminTextareaWidget(attrs={"dir": "auto"})},
    models.URLField: {"widget": widgets.AdminURLFieldWidget, "assume_scheme": "https"},
    models.SlugField: {"widget": widgets.AdminTextInputWidget},
}


class FoldedSearchMixin:
    """Admin search that also matches the folded names in ``folded_search_field``.

    "pourmohammadi" finds "Pour-Mohammadi", "ي" finds "ی": the same rule as the public search.
    """

    folded_search_field = None

    def get_search_results(self, request, queryset, search_term):
        results, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        terms = search_terms(search_term)
        if self.folded_search_field and terms:
            condition = Q()
            for term in terms:
                condition &= Q(**{f"{self.folded_search_field}__contains": term})
            results = results | queryset.filter(condition)
        return results, may_have_duplicates


class HistoryAdmin(SimpleHistoryAdmin):
    """Every record keeps its history: who changed what and when, with a way back."""

    formfield_overrides = TEXT_DIRECTION_OVERRIDES
    list_per_page = 50


class RecordAdmin(HistoryAdmin):
    """A publishable record: filter by state, see it in the change list."""

    list_filter = ["state"]
    readonly_fields = ["created_at", "updated_at"]
    save_on_top = True


class ChildInline(admin.TabularInline):
    formfield_overrides = TEXT_DIRECTION_OVERRIDES
    extra = 0
    show_change_link = True
