"""What every Casefile admin page shares: history, publication state, text direction, folded search."""

import dataclasses

from django.contrib import admin, messages
from django.contrib.admin import widgets
from django.contrib.admin.utils import unquote
from django.contrib.admin.views.main import ChangeList
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, router
from django.db.models import Count, Q
from django.db.models.deletion import Collector, ProtectedError, RestrictedError
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from modeltranslation.admin import TranslationTabularInline
from simple_history.admin import SimpleHistoryAdmin
from simple_history.template_utils import HistoricalRecordContextHelper

from . import views, workflow
from .bilingual import missing_persian, missing_persian_condition
from .history import readable_value
from .models import PublicationState, is_part, is_publishable, owning_record
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


class ReadableHistoryHelper(HistoricalRecordContextHelper):
    """History shows what a person reads: choice labels ("in review"), not stored values ("in_review");
    related records by name, not by id; a partial date with its precision ("July 1988")."""

    def context_for_delta_changes(self, delta):
        self.versions = (delta.old_record, delta.new_record)
        return super().context_for_delta_changes(delta)

    def readable(self, change, value, version):
        field = self.model._meta.get_field(change.field)
        if field.many_to_many:  # the related records themselves (simple-history reads them)
            return ", ".join(sorted(map(str, self.prepare_delta_change_value(change, value)))) or "—"
        if field.is_relation and value is not None and not isinstance(value, int | str):
            # A related record, or simple-history's stand-in for a missing one (pk None: no record).
            return "—" if value.pk is None else str(value)
        return readable_value(self.model, change.field, value, version)

    def format_delta_change(self, change):
        old, new = (
            self.readable(change, value, version)
            for value, version in zip((change.old, change.new), self.versions, strict=True)
        )
        old, new = self.stringify_delta_change_values(change, old, new)
        return dataclasses.replace(
            change, field=capfirst(self.model._meta.get_field(change.field).verbose_name), old=old, new=new
        )


def live_part(obj):
    """Whether ``obj`` is a part (a position, a citation) of a record that is on the public site now."""
    if obj is None or is_publishable(type(obj)):
        return False
    record = owning_record(obj)
    return record is not None and record.is_live


class LiveRecordsChangeList(ChangeList):
    """The change list shows each record once: revisions are reached from their live record or the queue."""

    def get_queryset(self, request, exclude_parameters=None):
        return super().get_queryset(request, exclude_parameters).filter(revision_of__isnull=True)


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
        return (
            super().has_delete_permission(request, obj)
            and not (obj is not None and protected_by(obj))
            and not live_part(obj)
        )

    def has_change_permission(self, request, obj=None):
        # A part of a published record is changed through the record's revision, never in place.
        return super().has_change_permission(request, obj) and not live_part(obj)

    def get_historical_record_context_helper(self, request, historical_record):
        return ReadableHistoryHelper(self.model, historical_record)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        # simple-history saves a posted restore even where it shows no "Revert" button.
        if request.method == "POST" and not self.has_change_permission(
            request, self.get_object(request, unquote(object_id))
        ):
            raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        obj = self.get_object(request, unquote(object_id)) if request.method == "GET" else None
        if obj is not None and live_part(obj):
            record = owning_record(obj)
            opts = type(record)._meta
            self.message_user(
                request,
                _(
                    "“%(obj)s” is part of the published %(kind)s “%(record)s”: change it from the %(kind)s's own "
                    "page, which keeps the public page as it is while the change is reviewed."
                )
                % {"obj": obj, "kind": opts.verbose_name, "record": record},
                messages.INFO,
            )
        return super().change_view(request, object_id, form_url, extra_context)

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

    def save_model(self, request, obj, form, change):
        if not change:
            self.join_revision(request, obj)
        super().save_model(request, obj, form, change)

    def join_revision(self, request, obj):
        """A new part (a position, an observation, an answer) of a published record joins the record's revision.

        The revision is started if none is open; the public page stays as published until a reviewer
        publishes the revision. A change to a part already on the public site is not possible here
        (``has_change_permission``): it is made from its record's page, which starts the revision too.
        """
        if not is_part(type(obj)):
            return
        parent = getattr(obj, obj.part_of)
        if parent is None or not is_publishable(type(parent)) or not (parent.state_governed_by() or parent).is_live:
            return
        revision, _copied = workflow.start_revision(record=parent, user=request.user)
        setattr(obj, obj.part_of, revision)
        self.message_user(
            request,
            _(
                "“%(record)s” is published: “%(obj)s” is added to its revision, and the public page shows the "
                "published version until a reviewer publishes the revision."
            )
            % {"record": parent, "obj": obj},
            messages.WARNING,
        )


class RecordAdmin(HistoryAdmin):
    """A publishable record: its state changes only through the review workflow, never by typing it.

    The state is read-only in every form (the change form, the history's restore form); new
    records start as drafts; a change to a published record (its fields or its parts) is saved as
    its revision, and the public page stays as published until a reviewer publishes the revision.
    Editors submit for review; reviewers publish, return (in the review queue) or withdraw.
    """

    list_filter = ["state"]
    readonly_fields = ["created_at", "updated_at"]
    save_on_top = True
    change_form_template = "admin/core/record_change_form.html"
    actions = ["submit_for_review", "publish", "withdraw"]
    review_fields = ["submitted_by", "submitted_at", "reviewed_by", "reviewed_at", "review_comment"]

    def get_changelist(self, request, **kwargs):
        return LiveRecordsChangeList

    def get_search_results(self, request, queryset, search_term):
        results, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        match = request.resolver_match
        if match is not None and match.url_name == "autocomplete":
            # A link from another record (a figure's question, an event's site) leads to the live record.
            results = results.filter(revision_of__isnull=True)
        return results, may_have_duplicates

    def get_changeform_initial_data(self, request):
        """Where there is one case, a new record belongs to it without a choice to make."""
        initial = super().get_changeform_initial_data(request)
        if "cases" in {field.name for field in self.model._meta.many_to_many} and "cases" not in initial:
            from django.apps import apps

            cases = list(
                apps.get_model("cases", "Case")
                .objects.filter(revision_of__isnull=True)
                .values_list("pk", flat=True)[:2]
            )
            if len(cases) == 1:
                initial["cases"] = cases
        return initial

    def get_readonly_fields(self, request, obj=None):
        fields = [*super().get_readonly_fields(request, obj), "state", *self.review_fields]
        if obj is not None and obj.revision_of_id:
            # A revision keeps its live record's address and companions: they are not the revision's to change.
            names = {field.name for field in self.model._meta.fields}
            fields += [name for name in ("slug", *self.model.published_with) if name in names]
        return fields

    def get_inline_instances(self, request, obj=None):
        inlines = super().get_inline_instances(request, obj)
        if obj is not None and obj.revision_of_id:
            # Private rows (contacts) stay with the live record; a revision carries only what is published.
            inlines = [inline for inline in inlines if not getattr(inline.model, "is_private", False)]
        return inlines

    def is_live(self, obj):
        return obj is not None and obj.is_live

    def live_record(self, obj):
        return (obj.state_governed_by() or obj) if obj is not None else None

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        """A change to a published record is saved as its revision: the public page stays as it is.

        Opening a published record that has an open revision leads to the revision. Saving a
        published record without one starts a revision (a copy of it and its parts) and saves the
        form onto the copy; the live record changes only when a reviewer publishes the revision.
        """
        obj = self.get_object(request, unquote(object_id)) if object_id else None
        live = self.live_record(obj)
        if obj is None or not self.is_live(live):
            return super().changeform_view(request, object_id, form_url, extra_context)
        if request.method == "POST" and "_withdraw" in request.POST:
            self._transition(request, workflow.withdraw, [obj], lambda n: _("“%(obj)s” is withdrawn.") % {"obj": obj})
            return HttpResponseRedirect(request.path)
        revision = workflow.open_revision(live)
        if revision is not None:
            target = workflow._companion_revision(revision, obj)
            self.message_user(
                request,
                _(
                    "“%(obj)s” has a revision waiting: this is it. The public page shows the published version until a reviewer publishes it."
                )
                % {"obj": obj},
                messages.INFO,
            )
            return HttpResponseRedirect(self.change_url(target))
        if (
            request.method != "POST"
            or not self.has_change_permission(request, obj)
            or not self._posts_a_change(request, obj)
        ):
            return super().changeform_view(request, object_id, form_url, extra_context)
        try:
            revision, copied = workflow.start_revision(record=obj, user=request.user)
        except (PermissionDenied, ValidationError) as error:
            text = views.error_text(error)
            self.message_user(request, text, messages.ERROR)
            return HttpResponseRedirect(request.path)
        request.POST = self._posted_for_revision(request, obj, revision, copied)
        request.path = self.change_url(revision)
        # A form refused for an error is shown again as the revision's: it posts there next time.
        return super().changeform_view(request, str(revision.pk), form_url or request.path, extra_context)

    def _posts_a_change(self, request, obj):
        """Whether the posted form changes ``obj`` or its parts (saving it unchanged needs no revision)."""
        form = self.get_form(request, obj, change=True)(request.POST, request.FILES, instance=obj)
        formsets, _inlines = self._create_formsets(request, obj, change=True)
        return form.has_changed() or tracked_formsets_changed(formsets)

    def change_url(self, obj):
        opts = type(obj)._meta
        return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])

    def _posted_for_revision(self, request, live, revision, copied):
        """The posted form, pointed at the revision's copies of the live record's parts."""
        data = request.POST.copy()
        for field in self.model._meta.concrete_fields:
            # A link to one of the record's own parts (a question's preferred answer): to the revision's copy.
            value = data.get(field.name)
            if field.many_to_one and value and value.isdigit() and (field.related_model, int(value)) in copied:
                data[field.name] = str(copied[(field.related_model, int(value))])
        for formset, inline in self.get_formsets_with_inlines(request, live):
            if getattr(inline.model, "is_private", False):
                continue
            prefix = formset.get_default_prefix()
            fk = formset.fk.name
            for index in range(int(data.get(f"{prefix}-TOTAL_FORMS") or 0)):
                key = f"{prefix}-{index}-{formset.model._meta.pk.name}"
                old = data.get(key)
                if old and old.isdigit() and (formset.model, int(old)) in copied:
                    data[key] = str(copied[(formset.model, int(old))])
                if data.get(f"{prefix}-{index}-{fk}"):
                    data[f"{prefix}-{index}-{fk}"] = str(revision.pk)
        return data

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None:
            return fieldsets
        return [*fieldsets, (_("Review"), {"fields": self.review_fields, "classes": ["collapse"]})]

    def has_publish_permission(self, request, obj=None):
        return request.user.has_perm(self.model.publish_permission())

    def save_model(self, request, obj, form, change):
        stored = workflow.keep_workflow_fields(obj)
        changed = change and bool(form.changed_data or content_differs(obj))
        if changed and self.is_live(stored):
            # An old version restored from the history: it becomes the revision, the public page stays.
            revision, copied = workflow.start_revision(record=stored, user=request.user)
            for field in workflow._content_fields(type(obj)):
                value = getattr(obj, field.attname)
                # A link to one of the record's own parts (a question's preferred answer) leads to the revision's copy.
                setattr(revision, field.attname, copied.get((field.related_model, value), value))
            revision._history_user = request.user
            revision.full_clean()
            revision.save()
            self.message_user(
                request,
                _("Saved as a revision of “%(obj)s”; the public page shows the published version until it is reviewed.")
                % {"obj": stored},
                messages.WARNING,
            )
            return
        SimpleHistoryAdmin.save_model(self, request, obj, form, change)

    # One transition, from a button or an action, reported to the user however it ends.
    def _transition(self, request, service, records, done_message, **kwargs):
        done = 0
        for record in records:
            try:
                service(record=record, user=request.user, **kwargs)
                done += 1
                if service is workflow.withdraw:
                    self.warn_uncited(request, record)
            except (PermissionDenied, ValidationError) as error:
                text = views.error_text(error)
                self.message_user(request, f"{record}: {text}", messages.ERROR)
        if done:
            self.message_user(request, done_message(done), messages.SUCCESS)
        return done

    def warn_uncited(self, request, record):
        """A withdrawn source's passages leave the public pages that cite it: the reviewer is told which."""
        citing = workflow.live_records_citing(record)
        if citing:
            self.message_user(
                request,
                _(
                    "“%(record)s” is cited by published records, whose facts now show no passage from it: %(names)s. "
                    "Cite another source there, or withdraw them too."
                )
                % {"record": record, "names": "; ".join(f"“{row}”" for row in citing)},
                messages.WARNING,
            )

    @admin.action(description=_("Submit the selected records for review as one batch"), permissions=["change"])
    def submit_for_review(self, request, queryset):
        """Every bulk submission is a review batch; one that needs unpublished records first asks what to do."""
        records = list(queryset.filter(revision_of__isnull=True))
        if len(records) <= views.MAX_LISTED and workflow.dependency_closure(records):
            return HttpResponseRedirect(views.dependencies_url("submit", records))
        reason = _("Bulk submission of %(count)s %(kind)s by %(user)s") % {
            "count": len(records),
            "kind": self.model._meta.verbose_name_plural,
            "user": request.user,
        }
        try:
            batch = workflow.submit_batch(records, user=request.user, reason=reason)
        except (PermissionDenied, ValidationError) as error:
            self.message_user(request, views.error_text(error), messages.ERROR)
            return None
        self.message_user(request, _("Submitted as “%(batch)s”.") % {"batch": batch}, messages.SUCCESS)
        return HttpResponseRedirect(batch.get_absolute_url())

    @admin.action(description=_("Publish the selected records"), permissions=["publish"])
    def publish(self, request, queryset):
        """All the selected records or none; those that need unpublished records lead to the page that adds them."""
        records = list(queryset.filter(revision_of__isnull=True))
        if len(records) <= views.MAX_LISTED and workflow.dependency_closure(records):
            return HttpResponseRedirect(views.dependencies_url("publish", records))
        try:
            published = workflow.publish_with_dependencies(records=records, user=request.user)
        except (PermissionDenied, ValidationError) as error:
            self.message_user(request, views.error_text(error), messages.ERROR)
            return None
        count = len(published)
        self.message_user(
            request, ngettext("%d record published.", "%d records published.", count) % count, messages.SUCCESS
        )
        return None

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
        live = self.live_record(obj)
        context.update(
            {
                "is_live": self.is_live(live),
                "is_revision": obj is not None and bool(obj.revision_of_id),
                "live_url": obj.revision_of.get_absolute_url() if obj is not None and obj.revision_of_id else "",
                "preview_url": reverse("admin:preview", args=[ContentType.objects.get_for_model(obj).pk, obj.pk])
                if obj is not None and obj.previewable and not self.is_live(obj)
                else "",
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
        """The change form's workflow buttons; a record that needs unpublished records asks what to do with them."""
        if "_submit_for_review" in request.POST:
            if workflow.dependency_closure([obj]):
                return HttpResponseRedirect(views.dependencies_url("submit", [obj]))
            self._transition(
                request, workflow.submit_for_review, [obj], lambda n: _("“%(obj)s” is now in review.") % {"obj": obj}
            )
        elif "_withdraw" in request.POST:
            self._transition(request, workflow.withdraw, [obj], lambda n: _("“%(obj)s” is withdrawn.") % {"obj": obj})
        return None

    def response_add(self, request, obj, post_url_continue=None):
        return self._buttons(request, obj) or super().response_add(request, obj, post_url_continue)

    def response_change(self, request, obj):
        return self._buttons(request, obj) or super().response_change(request, obj)


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
    """Shows editors which Persian texts of a record are missing: a list column, a filter, a form note.

    An admin of a record with texts in two languages lists modeltranslation's ``TranslationAdmin``
    last among its bases (``class EventAdmin(BilingualAdminMixin, RecordAdmin, TranslationAdmin)``),
    so that each text is edited in English and Persian side by side while the record admin's own
    ``get_readonly_fields`` and ``get_fieldsets`` (which modeltranslation's do not chain) still apply.
    """

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


# Conflicts: a fact whose answer to a question (``figures.Answer``) differs from another fact's.


def conflicting(queryset, answers):
    """Facts (rows of ``queryset`` with an answer (by the relation ``answers``) to a question another fact answers too."""
    lookup = f"{answers}__question__answers"
    live = Q(**{f"{answers}__question__revision_of__isnull": True})  # not the copies in a question's revision
    in_conflict = queryset.model._default_manager.annotate(_answers=Count(lookup, distinct=True, filter=live)).filter(
        _answers__gte=2
    )
    return in_conflict.values("pk")


def conflict_filter(answers):
    """The admin list filter "conflicting answers" of a kind of fact whose answers are reached by ``answers``."""

    class ConflictFilter(admin.SimpleListFilter):
        title = _("conflicting answers")
        parameter_name = "conflict"

        def lookups(self, request, model_admin):
            return [("yes", _("another fact answers differently")), ("no", _("no conflict recorded"))]

        def queryset(self, request, queryset):
            if self.value() == "yes":
                return queryset.filter(pk__in=conflicting(queryset, answers))
            if self.value() == "no":
                return queryset.exclude(pk__in=conflicting(queryset, answers))
            return queryset

    return ConflictFilter


class BilingualChildInline(ChildInline, TranslationTabularInline):
    """A part of a record (a position, an observation) with its texts in English and Persian side by side."""
