"""The review queue: every record awaiting review, what changed since it was last published, and by whom."""

from django.contrib import admin, messages
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from . import workflow
from .history import review_summary
from .models import PublicationState, is_publishable

ACTIONS = {"publish": workflow.publish, "return": workflow.return_to_editor}


def publishable_admins(site):
    return [(model, model_admin) for model, model_admin in site._registry.items() if is_publishable(model)]


def queue_entries(request, site):
    entries = []
    for model, model_admin in publishable_admins(site):
        if not model_admin.has_view_or_change_permission(request):
            continue
        opts = model._meta
        content_type = ContentType.objects.get_for_model(model)
        for record in model.objects.filter(state=PublicationState.IN_REVIEW).select_related("submitted_by"):
            summary = review_summary(record)
            own = request.user.pk in summary.changed_by
            entries.append(
                {
                    "record": record,
                    "model_name": opts.verbose_name,
                    "content_type_id": content_type.pk,
                    "change_url": reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[record.pk]),
                    "history_url": reverse(f"admin:{opts.app_label}_{opts.model_name}_history", args=[record.pk]),
                    "summary": summary,
                    "version": summary.latest.history_id if summary.latest else "",
                    "own_change": own,
                    "can_review": workflow.can_publish(request.user, record),
                }
            )
    entries.sort(key=lambda entry: (entry["record"].submitted_at is None, entry["record"].submitted_at))
    return entries


@require_http_methods(["GET", "POST"])
def review_queue(request):
    site = admin.site
    if request.method == "POST":
        return review_action(request, site)
    context = {
        **site.each_context(request),
        "title": _("Review queue"),
        "entries": queue_entries(request, site),
    }
    return render(request, "admin/core/review_queue.html", context)


def posted_record(request, site):
    try:
        content_type = ContentType.objects.get_for_id(int(request.POST.get("content_type", "")))
        object_id = int(request.POST.get("object_id", ""))
    except (ValueError, ContentType.DoesNotExist):
        raise Http404(_("No such record.")) from None
    model = content_type.model_class()
    if model is None or model not in dict(publishable_admins(site)):
        raise Http404(_("No such record."))
    return get_object_or_404(model, pk=object_id)


def review_action(request, site):
    action = ACTIONS.get(request.POST.get("action", ""))
    if action is None:
        raise Http404(_("No such action."))
    record = posted_record(request, site)
    kwargs = {"comment": request.POST.get("comment", "")} if action is workflow.return_to_editor else {}
    latest = record.history.first()
    if latest is not None and request.POST.get("version") != str(latest.history_id):
        messages.error(
            request,
            _("“%(record)s” changed after this page was loaded: review it again before deciding.") % {"record": record},
        )
        return HttpResponseRedirect(reverse("admin:review_queue"))
    try:
        action(record=record, user=request.user, **kwargs)
    except (PermissionDenied, ValidationError) as error:
        text = "; ".join(error.messages) if isinstance(error, ValidationError) else str(error)
        messages.error(request, f"{record}: {text}")
    else:
        done = (
            _("“%(record)s” is published.")
            if action is workflow.publish
            else _("“%(record)s” went back to its editor.")
        )
        messages.success(request, done % {"record": record})
    return HttpResponseRedirect(reverse("admin:review_queue"))
