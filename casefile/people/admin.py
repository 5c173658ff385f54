from django.contrib import admin
from django.db.models import Count
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from modeltranslation.admin import TranslationAdmin, TranslationStackedInline

from casefile.core.admin import (
    TEXT_DIRECTION_OVERRIDES,
    BilingualAdminMixin,
    ChildInline,
    FoldedSearchMixin,
    HistoryAdmin,
    RecordAdmin,
    conflict_filter,
    live_part,
)
from casefile.sources.admin import CorroborationFilter, citation_inline

from .models import (
    Contact,
    Organisation,
    OrganisationCitation,
    Person,
    PersonCitation,
    PersonName,
    Position,
    PositionCitation,
    Victim,
    VictimCitation,
    Witness,
)


class PersonNameInline(ChildInline):
    model = PersonName
    fields = ["name", "script"]
    show_change_link = False
    verbose_name_plural = _("other spellings of the name (every spelling the sources use)")


class PositionInline(TranslationStackedInline):
    """A person's positions, stacked so that every field fits a 1,280-pixel window.

    Each position links to its citations: the link opens the position's own form in the admin's
    popup window, where its citations are added, and the person's page stays open behind it.
    Its title and place are edited in English and Persian side by side (modeltranslation).
    """

    model = Position
    formfield_overrides = TEXT_DIRECTION_OVERRIDES
    extra = 0
    show_change_link = True
    fields = [
        ("kind", "organisation"),
        ("title",),
        ("place",),
        ("start_date", "start_date_precision"),
        ("end_date", "end_date_precision"),
        "citations",
    ]
    readonly_fields = ["citations"]
    autocomplete_fields = ["organisation"]
    verbose_name_plural = _("positions and posts (each with its own citations)")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("organisation").annotate(citation_count=Count("citations"))

    @admin.display(description=_("citations"))
    def citations(self, obj):
        if obj is None or obj.pk is None:
            return _("Save the person first; then this position gets a link to add its citations.")
        count = getattr(obj, "citation_count", 0)
        label = ngettext("%(count)s citation", "%(count)s citations", count) % {"count": count}
        if live_part(obj):
            return format_html(
                "{} · {}", label, _("to add one, save a change to this person: the change is a revision")
            )
        return format_html(
            '{} · <a href="{}?_popup=1" class="related-widget-wrapper-link position-citations" data-popup="yes" '
            'id="change_position_citations_{}">{}</a>',
            label,
            reverse("admin:people_position_change", args=[obj.pk]),
            obj.pk,
            _("add or change its citations"),
        )


class PostInline(ChildInline):
    """The posts held in an organisation, listed on its page.

    Read-only here: a post is part of its person's record, so it is added and changed from the
    person (or opened by its link), where a change sends the person back to review.
    """

    model = Position
    fk_name = "organisation"
    fields = ["person", "kind", "title", "title_fa", "period_display"]
    readonly_fields = fields
    verbose_name = _("post")
    verbose_name_plural = _("posts and memberships in this organisation (added and changed from each person)")

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ContactInline(admin.StackedInline):
    """Private contact details: shown only to those with the permission (reviewers, administrators)."""

    model = Contact
    extra = 0
    fields = ["name", "phone", "email", "address", "consent", "notes"]
    verbose_name_plural = _("private contacts (never public; seen only by reviewers and administrators)")


class PersonContactInline(ContactInline):
    fk_name = "person"


class WitnessContactInline(ContactInline):
    fk_name = "witness"


class IsOfficialFilter(admin.SimpleListFilter):
    title = _("official")
    parameter_name = "official"

    def lookups(self, request, model_admin):
        return [("yes", _("has positions")), ("no", _("no position"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.officials()
        if self.value() == "no":
            return queryset.filter(positions__isnull=True)
        return queryset


@admin.register(Organisation)
class OrganisationAdmin(BilingualAdminMixin, FoldedSearchMixin, RecordAdmin, TranslationAdmin):
    folded_search_field = "search_text"
    list_display = ["name", "name_fa", "kind", "parent", "state", "updated_at"]
    list_filter = ["state", "kind", "cases"]
    list_select_related = ["parent"]
    search_fields = ["name", "name_fa", "other_names"]
    autocomplete_fields = ["parent"]
    inlines = [PostInline, citation_inline(OrganisationCitation)]
    fields = [
        "name",
        "other_names",
        "kind",
        "parent",
        "state",
        "cases",
        "description",
        "editor_note",
        "slug",
    ]
    filter_horizontal = ["cases"]


@admin.register(Person)
class PersonAdmin(BilingualAdminMixin, FoldedSearchMixin, RecordAdmin, TranslationAdmin):
    folded_search_field = "search_text"
    list_display = ["name", "name_fa", "state", "updated_at"]
    list_filter = ["state", IsOfficialFilter, "cases", CorroborationFilter, conflict_filter("answers")]
    search_fields = ["name", "name_fa", "aliases__name"]
    inlines = [PersonNameInline, PositionInline, citation_inline(PersonCitation), PersonContactInline]
    fields = [
        "name",
        "name_fa_added_by_editors",
        "state",
        "cases",
        "description",
        "editor_note",
        "slug",
    ]
    filter_horizontal = ["cases"]

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        form.instance.update_search_text()


@admin.register(Position)
class PositionAdmin(BilingualAdminMixin, FoldedSearchMixin, HistoryAdmin, TranslationAdmin):
    folded_search_field = "person__search_text"
    list_display = ["person", "title", "organisation", "kind", "place", "period_display"]
    list_filter = ["kind", CorroborationFilter]
    list_select_related = ["person", "organisation"]
    search_fields = ["person__name", "person__name_fa", "title", "title_fa", "organisation__name", "place"]
    autocomplete_fields = ["person", "organisation", "sites"]
    inlines = [citation_inline(PositionCitation)]
    fields = [
        "person",
        "kind",
        "title",
        "organisation",
        "place",
        "sites",
        ("start_date", "start_date_precision", "start_date_approximate"),
        ("end_date", "end_date_precision", "end_date_approximate"),
        "description",
    ]

    @admin.display(description=_("period"), ordering="start_date")
    def period_display(self, obj):
        return obj.period_display


@admin.register(Victim)
class VictimAdmin(FoldedSearchMixin, RecordAdmin):
    folded_search_field = "person__search_text"
    list_display = ["person", "fate", "prison", "death_date", "burial_site", "state"]
    list_filter = ["state", "fate", "prison", "cases", CorroborationFilter]
    list_select_related = ["person", "prison", "burial_site"]
    search_fields = ["person__name", "person__name_fa", "affiliation"]
    autocomplete_fields = ["person", "prison", "burial_site"]
    inlines = [citation_inline(VictimCitation)]
    fields = [
        "person",
        "state",
        "cases",
        "fate",
        "affiliation",
        "prison",
        ("arrest_date", "arrest_date_precision", "arrest_date_approximate"),
        ("death_date", "death_date_precision", "death_date_approximate"),
        "burial_site",
        "notes",
        "editor_note",
    ]
    filter_horizontal = ["cases"]


@admin.register(Witness)
class WitnessAdmin(admin.ModelAdmin):
    """The private identity behind testimonies given under a code or in confidence. Never public."""

    list_display = ["code", "name", "person", "updated_at"]
    list_select_related = ["person"]
    search_fields = ["code", "name", "person__name", "person__name_fa"]
    autocomplete_fields = ["person"]
    fields = ["code", "name", "person", "notes"]
    readonly_fields = ["code"]
    inlines = [WitnessContactInline]
    formfield_overrides = TEXT_DIRECTION_OVERRIDES


@admin.register(Contact)
class ContactAdmin(admin.ModelAdmin):
    """Private contacts of witnesses and families. Not in the history: a deleted contact is gone."""

    list_display = ["name", "person", "phone", "email", "updated_at"]
    list_select_related = ["person"]
    search_fields = ["name", "person__name", "person__name_fa", "phone", "email"]
    autocomplete_fields = ["person", "witness"]
    fields = ["person", "witness", "name", "phone", "email", "address", "consent", "notes"]
