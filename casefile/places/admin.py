from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin

from casefile.core.admin import BilingualAdminMixin, BilingualChildInline, FoldedSearchMixin, HistoryAdmin, RecordAdmin
from casefile.sources.admin import CorroborationFilter, citation_inline

from .models import Site, SiteCitation, SiteObservation, SiteObservationCitation


class SiteObservationInline(BilingualChildInline):
    model = SiteObservation
    fields = ["date", "date_precision", "date_approximate", "status", "note"]
    verbose_name_plural = _("status observations (open one to add its citations)")


@admin.register(Site)
class SiteAdmin(BilingualAdminMixin, FoldedSearchMixin, RecordAdmin, TranslationAdmin):
    folded_search_field = "search_text"
    list_display = ["name", "name_fa", "kind", "city", "province", "coordinate_precision", "state"]
    list_filter = ["state", "kind", "coordinate_precision", "province", "cases", CorroborationFilter]
    search_fields = ["name", "name_fa", "other_names", "city", "province"]
    inlines = [SiteObservationInline, citation_inline(SiteCitation)]
    fieldsets = [
        (None, {"fields": ["name", "other_names", "kind", "state", "cases"]}),
        (
            _("Where"),
            {
                "fields": [
                    "city",
                    "province",
                    "country",
                    ("latitude", "longitude"),
                    "coordinate_precision",
                    "coordinate_basis",
                ]
            },
        ),
        (None, {"fields": ["description", "editor_note", "slug"]}),
    ]
    filter_horizontal = ["cases"]


@admin.register(SiteObservation)
class SiteObservationAdmin(BilingualAdminMixin, HistoryAdmin, TranslationAdmin):
    list_display = ["site", "date", "status"]
    list_filter = ["status", CorroborationFilter]
    list_select_related = ["site"]
    search_fields = ["site__name", "note"]
    autocomplete_fields = ["site"]
    inlines = [citation_inline(SiteObservationCitation)]
    fields = ["site", ("date", "date_precision", "date_approximate"), "status", "note"]
