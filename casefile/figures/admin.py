from django.contrib import admin
from django.db.models import Count
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin

from casefile.core.admin import BilingualAdminMixin, ChildInline, HistoryAdmin, RecordAdmin, conflict_filter
from casefile.sources.admin import CorroborationFilter, citation_inline

from .models import Answer, Figure, FigureCitation, Question


class AnswerInline(ChildInline):
    """The facts that answer the question; a figure's answer is kept by the figure (its question)."""

    model = Answer
    fk_name = "question"
    extra = 1
    fields = ["figure", "event", "person", "position", "reading"]
    readonly_fields = ["figure"]
    autocomplete_fields = ["event", "person", "position"]
    verbose_name_plural = _("answers: the facts that answer this question, shown side by side")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("figure", "event", "person", "position")


class PreferenceFilter(admin.SimpleListFilter):
    title = _("preferred answer")
    parameter_name = "preferred"

    def lookups(self, request, model_admin):
        return [("yes", _("one answer preferred")), ("no", _("no preference"))]

    def queryset(self, request, queryset):
        if self.value() in ("yes", "no"):
            return queryset.filter(preferred__isnull=self.value() == "no")
        return queryset


class AnswerKindFilter(admin.SimpleListFilter):
    title = _("answered by")
    parameter_name = "kind"

    def lookups(self, request, model_admin):
        return [("figure", _("figures")), ("event", _("events")), ("person", _("people"))]

    def queryset(self, request, queryset):
        if self.value() in ("figure", "event", "person"):
            return queryset.filter(**{f"answers__{self.value()}__isnull": False}).distinct()
        return queryset


@admin.register(Question)
class QuestionAdmin(RecordAdmin):
    """A question, its answers and the editors' preference, reviewed like any record.

    A change to a published question (its text, its preference, an answer added, changed or removed)
    is saved as its revision: the question and the facts that answer it stay on the public site as
    published until a reviewer publishes the revision.
    """

    list_display = ["text", "answer_count", "preferred", "state"]
    list_filter = ["state", PreferenceFilter, AnswerKindFilter]
    list_select_related = ["preferred__figure", "preferred__event", "preferred__person", "preferred__question"]
    search_fields = ["text", "preferred_reason"]
    fields = ["text", "slug", "preferred", "preferred_reason", "state"]
    inlines = [AnswerInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(_answers=Count("answers"))

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        # The preference is one of this question's own answers (a revision's: its copies).
        preferred = form.base_fields.get("preferred")
        if preferred is not None:
            preferred.queryset = Answer.objects.filter(question=obj).select_related(
                "question", "figure", "event", "person"
            )
        return form

    @admin.display(description=_("answers"), ordering="_answers")
    def answer_count(self, obj):
        return obj._answers


@admin.register(Answer)
class AnswerAdmin(HistoryAdmin):
    """Found by the question's "preferred answer" field; answers are added and changed from their question.

    An answer is part of its question: one added here to a published question joins the question's
    revision, and one on the public site is changed from the question's page (which starts the revision).
    """

    list_display = ["__str__", "question"]
    list_select_related = ["question", "figure", "event", "person"]
    search_fields = ["question__text", "reading", "figure__value_text", "event__title", "person__name"]
    autocomplete_fields = ["question", "event", "person", "position"]
    readonly_fields = ["figure"]
    fields = ["question", "figure", "event", "person", "position", "reading"]

    def has_module_permission(self, request):
        return False


@admin.register(Figure)
class FigureAdmin(BilingualAdminMixin, RecordAdmin, TranslationAdmin):
    list_display = ["value_text", "claimant", "question", "qualifier", "date", "state"]
    list_filter = ["state", "qualifier", "question", "cases", CorroborationFilter, conflict_filter("answers")]
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
