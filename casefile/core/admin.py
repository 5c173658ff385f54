"""What every Casefile admin page shares: history, publication state, text direction, folded search."""

from django.contrib import admin, messages
from django.contrib.admin import widgets
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, router
from django.db.models.deletion import Collector, ProtectedError, RestrictedError
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from simple_history.admin import SimpleHistoryAdmin

from . import workflow
from .bilingual import missing_persian, missing_persian_condition
from .models import PublicationState, is_publishable, owning_record
from .text import folded_match, search_terms

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
            results = results | queryset.filter(folded_match(self.folded_search_field, terms))
        return results, may_have_duplicates


def protected_by(obj):
    """The rows that stop ``obj`` from being deleted (citations of it, records citing a source), or []."""
    collector = Collector(using=router.db_for_write(type(obj)))
    try:
        collector.collect([obj])
    except (ProtectedError, RestrictedError) as error:
        return list(getattr(error, "protected_objects", None) or error.restricted_objects)
    return []


def content_differs(obj):
    """Whether ``obj`` differs from its stored row in anything but the workflow's own fields."""
    stored = type(obj)._base_manager.filter(pk=obj.pk).first() if obj.pk else None
    if stored is None:
        return True
    ignored = getattr(obj, "workflow_fields", ("created_at", "updated_at"))
    return any(
        field.value_from_object(stored) != field.value_from_object(obj)
        for field in obj._meta.concrete_fields
        if field.name not in ignored
    )


def tracked_formsets_changed(formsets):
    """Whether an inline that is part of the record (not a private one, such as contacts) changed."""
    return any(formset.has_changed() for formset in formsets if not getattr(formset.model, "is_private", False))


def warn_reopened(model_admin, request, record):
    model_admin.message_user(
        request,
        _("“%(record)s” was published; this change takes it off the public site until a reviewer publishes it again.")
        % {"record": record},
        messages.WARNING,
    )


class HistoryAdmin(SimpleHistoryAdmin):
    """Every record keeps its history: who changed what and when, with a way back.

    Rows are deleted one at a time, never in bulk, and a row that something else depends on
    (a cited source, a fact with citations) is not deleted at all: the admin says why.
    """

    formfield_overrides = TEXT_DIRECTION_OVERRIDES
    list_per_page = 50

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and not (obj is not None and protected_by(obj))

    def delete_view(self, request, object_id, extra_context=None):
        obj = self.get_object(request, unquote(object_id))
        blockers = protected_by(obj) if obj is not None else []
        if blockers:
            hint = (
                _(" Withdraw it instead: it disappears from the public site and stays in the record.")
                if is_publishable(type(obj))
                else ""
            )
            self.message_user(
                request,
                _("“%(obj)s” cannot be deleted: %(count)s other rows depend on it, such as “%(first)s”.%(hint)s")
                % {"obj": obj, "count": len(blockers), "first": blockers[0], "hint": hint},
                messages.ERROR,
            )
            opts = self.model._meta
            return HttpResponseRedirect(reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk]))
        return super().delete_view(request, object_id, extra_context)

    # A part of a record (a position of a person, an observation of a site) belongs to a
    # record, which goes back to review when the part changes.
    def workflow_parents(self, obj):
        record = owning_record(obj)
        return [record] if record is not None else []

    def reopen_parents(self, request, obj):
        for parent in self.workflow_parents(obj):
            reopened = workflow.reopen_after_change(record=parent, user=request.user)
            if reopened is not None:
                warn_reopened(self, request, reopened)

    def save_model(self, request, obj, form, change):
        # The restore form of the history saves through here too, with nothing "changed" in the form.
        changed = form.has_changed() or content_differs(obj)
        super().save_model(request, obj, form, change)
        if changed:
            self.reopen_parents(request, obj)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        if tracked_formsets_changed(formsets):
            self.reopen_parents(request, form.instance)

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        self.reopen_parents(request, obj)


class RecordAdmin(HistoryAdmin):
    """A publishable record: its state changes only through the review workflow, never by typing it.

    The state is read-only in every form (the change form, the history's restore form); new
    records start as drafts; content changed after publication sends the record back to draft.
    Editors submit for review; reviewers publish, return (in the review queue) or withdraw.
    """

    list_filter = ["state"]
    readonly_fields = ["created_at", "updated_at"]
    save_on_top = True
    change_form_template = "admin/core/record_change_form.html"
    actions = ["submit_for_review", "publish", "withdraw"]
    review_fields = ["submitted_by", "submitted_at", "reviewed_by", "reviewed_at", "review_comment"]

    def get_readonly_fields(self, request, obj=None):
        return [*super().get_readonly_fields(request, obj), "state", *self.review_fields]

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None:
            return fieldsets
        return [*fieldsets, (_("Review"), {"fields": self.review_fields, "classes": ["collapse"]})]

    def has_publish_permission(self, request, obj=None):
        return request.user.has_perm(self.model.publish_permission())

    def save_model(self, request, obj, form, change):
        workflow.keep_workflow_fields(obj)
        changed = change and bool(form.changed_data or content_differs(obj))
        SimpleHistoryAdmin.save_model(self, request, obj, form, change)
        if changed:
            # Back to draft through the workflow, with the records published with it (a victim's person).
            self.reopen_parents(request, obj)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        if change and tracked_formsets_changed(formsets):
            self.reopen_parents(request, form.instance)

    def workflow_parents(self, obj):
        return [obj.state_governed_by() or obj]

    # One transition, from a button or an action, reported to the user however it ends.
    def _transition(self, request, service, records, done_message, **kwargs):
        done = 0
        for record in records:
            try:
                service(record=record, user=request.user, **kwargs)
                done += 1
            except (PermissionDenied, ValidationError) as error:
                text = "; ".join(error.messages) if isinstance(error, ValidationError) else str(error)
                self.message_user(request, f"{record}: {text}", messages.ERROR)
        if done:
            self.message_user(request, done_message(done), messages.SUCCESS)
        return done

    @admin.action(description=_("Submit the selected records for review"), permissions=["change"])
    def submit_for_review(self, request, queryset):
        self._transition(
            request,
            workflow.submit_for_review,
            queryset,
            lambda n: ngettext("%d record submitted for review.", "%d records submitted for review.", n) % n,
        )

    @admin.action(description=_("Publish the selected records"), permissions=["publish"])
    def publish(self, request, queryset):
        self._transition(
            request,
            workflow.publish,
            queryset,
            lambda n: ngettext("%d record published.", "%d records published.", n) % n,
        )

    @admin.action(description=_("Withdraw the selected records from the public site"), permissions=["publish"])
    def withdraw(self, request, queryset):
        self._transition(
            request,
            workflow.withdraw,
            queryset,
            lambda n: ngettext("%d record withdrawn.", "%d records withdrawn.", n) % n,
        )

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        state = obj.state if obj is not None else PublicationState.DRAFT
        context.update(
            {
                "can_submit_for_review": state in (PublicationState.DRAFT, PublicationState.WITHDRAWN),
                "can_withdraw": obj is not None
                and state != PublicationState.WITHDRAWN
                and self.has_publish_permission(request, obj),
                "review_queue_url": reverse("admin:review_queue"),
                "state_label": capfirst(PublicationState(state).label),
            }
        )
        return super().render_change_form(request, context, add, change, form_url, obj)

    def _buttons(self, request, obj):
        if "_submit_for_review" in request.POST:
            self._transition(
                request, workflow.submit_for_review, [obj], lambda n: _("“%(obj)s” is now in review.") % {"obj": obj}
            )
        elif "_withdraw" in request.POST:
            self._transition(request, workflow.withdraw, [obj], lambda n: _("“%(obj)s” is withdrawn.") % {"obj": obj})

    def response_add(self, request, obj, post_url_continue=None):
        self._buttons(request, obj)
        return super().response_add(request, obj, post_url_continue)

    def response_change(self, request, obj):
        self._buttons(request, obj)
        return super().response_change(request, obj)


class ChildInline(admin.TabularInline):
    formfield_overrides = TEXT_DIRECTION_OVERRIDES
    extra = 0
    show_change_link = True


class MissingPersianFilter(admin.SimpleListFilter):
    """Records with a text (title, description …) filled in English and not yet in Persian."""

    title = _("Persian translation")
    parameter_name = "persian"

    def lookups(self, request, model_admin):
        return [("missing", _("a Persian text is missing")), ("complete", _("every text in Persian"))]

    def queryset(self, request, queryset):
        condition = missing_persian_condition(queryset.model)
        if self.value() == "missing":
            return queryset.filter(condition)
        if self.value() == "complete":
            return queryset.exclude(condition)
        return queryset


class BilingualAdminMixin:
    """Shows editors which Persian texts of a record are missing: a list column, a filter, a form note."""

    @admin.display(description=_("Persian missing"))
    def persian_missing(self, obj):
        return ", ".join(missing_persian(obj)) or "—"

    def get_list_display(self, request):
        return [*super().get_list_display(request), "persian_missing"]

    def get_list_filter(self, request):
        return [*super().get_list_filter(request), MissingPersianFilter]

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None and request.method == "GET":
            missing = missing_persian(obj)
            if missing:
                self.message_user(
                    request,
                    _("Not yet in Persian: %(fields)s. Persian readers see the English text, marked as such.")
                    % {"fields": ", ".join(missing)},
                    messages.INFO,
                )
        return super().render_change_form(request, context, add=add, change=change, form_url=form_url, obj=obj)
