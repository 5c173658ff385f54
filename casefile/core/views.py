"""The review queue, the review of one record or one batch, and the staff preview of a draft.

Every page here sits behind the admin login (``CasefileAdminSite.get_urls``). Their query counts
do not grow with the number of records waiting: the queue reads a few rows per kind of record
and fetches only the page it shows; the diff of a record is on its own review page.
"""

from urllib.parse import urlencode, urlsplit

from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import Resolver404, resolve, reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from casefile import selectors

from . import workflow
from .history import _change, content_field_names, review_summary
from .models import PublicationState, ReviewBatch, is_publishable
from .text import SOUND_MARK, sound_keys

ACTIONS = {"publish": workflow.publish, "return": workflow.return_to_editor}
PER_PAGE = 50


def publishable_admins(site):
    return [(model, model_admin) for model, model_admin in site._registry.items() if is_publishable(model)]


def reviewable_models(request, site):
    return [
        (model, model_admin)
        for model, model_admin in publishable_admins(site)
        if model_admin.has_view_or_change_permission(request)
    ]


def waiting(model):
    return model._base_manager.filter(state=PublicationState.IN_REVIEW)


def waiting_count(request, site):
    """How many records await review, in one query (the admin home and header show it)."""
    querysets = [waiting(model).order_by().values("pk") for model, _admin in reviewable_models(request, site)]
    if not querysets:
        return 0
    first, *rest = querysets
    return first.union(*rest, all=True).count() if rest else first.count()


def own_work(request, site, limit=10):
    """The records an editor works on: their drafts, and what reviewers returned to them (two queries per kind).

    A draft is theirs when they changed it; a returned record is one they submitted that a
    reviewer sent back with a comment, until they submit it again.
    """
    user = request.user
    found = {"returned": [], "drafts": [], "returned_count": 0, "drafts_count": 0}
    for model, _admin in reviewable_models(request, site):
        drafts = model._base_manager.filter(state=PublicationState.DRAFT)
        returned = drafts.filter(submitted_by=user, reviewed_by__isnull=False).exclude(review_comment="")
        mine = drafts.filter(pk__in=model.history.filter(history_user=user).values("id")).exclude(
            pk__in=returned.values("pk")
        )
        for key, queryset in (("returned", returned), ("drafts", mine)):
            rows = list(queryset.order_by("-updated_at")[: limit + 1])
            found[f"{key}_count"] += len(rows) if len(rows) <= limit else queryset.count()
            found[key] += [
                {"record": row, "model_name": model._meta.verbose_name, **_admin_urls(model, row.pk)} for row in rows
            ]
    for key in ("returned", "drafts"):
        found[key] = sorted(found[key], key=lambda entry: entry["record"].updated_at, reverse=True)[:limit]
    return found


def _filters(request, models):
    kinds = {model._meta.label_lower: model for model, _admin in models}
    kind = request.GET.get("kind", "")
    editor = request.GET.get("editor", "")
    batch = request.GET.get("batch", "")
    return (
        kinds,
        kind if kind in kinds else "",
        int(editor) if editor.isdigit() else None,
        int(batch) if batch.isdigit() else None,
    )


def _admin_urls(model, pk):
    opts = model._meta
    content_type = ContentType.objects.get_for_model(model)
    return {
        "content_type_id": content_type.pk,
        "change_url": reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[pk]),
        "review_url": reverse("admin:review_record", args=[content_type.pk, pk]),
        "preview_url": reverse("admin:preview", args=[content_type.pk, pk]) if model.previewable else "",
    }


def queue_page(request, site):
    """One page of the records awaiting review, filtered by kind, editor and batch; a few queries per kind."""
    models = reviewable_models(request, site)
    kinds, kind, editor, batch = _filters(request, models)
    keys = []
    chosen = [(model, model_admin) for model, model_admin in models if not kind or model._meta.label_lower == kind]
    for index, (model, _admin) in enumerate(chosen):
        queryset = waiting(model)
        if editor is not None:
            queryset = queryset.filter(submitted_by=editor)
        queryset = queryset.filter(batch=batch) if batch is not None else queryset.filter(batch__isnull=True)
        for pk, submitted_at in queryset.values_list("pk", "submitted_at"):
            keys.append((submitted_at is None, submitted_at, index, pk))
    keys.sort()
    page = Paginator(keys, PER_PAGE).get_page(request.GET.get("page"))
    wanted = {}
    for _none, _when, index, pk in page.object_list:
        wanted.setdefault(index, []).append(pk)
    fetched = {}
    for index, pks in wanted.items():
        model = chosen[index][0]
        related = ["submitted_by", "batch", *model.published_with]
        for record in model._base_manager.filter(pk__in=pks).select_related(*related):
            fetched[(index, record.pk)] = record
    entries = []
    for _none, _when, index, pk in page.object_list:
        model = chosen[index][0]
        record = fetched[(index, pk)]
        entries.append(
            {
                "record": record,
                "model_name": model._meta.verbose_name,
                "is_revision": bool(record.revision_of_id),
                "can_review": workflow.can_publish(request.user, record),
                **_admin_urls(model, pk),
            }
        )
    return {
        "entries": entries,
        "page": page,
        "kinds": [(label, model._meta.verbose_name_plural) for label, model in kinds.items()],
        "kind": kind,
        "editor": editor,
        "batch": batch,
        "editors": get_user_model().objects.filter(is_staff=True).order_by("username"),
        "batches": open_batches(request, site) if batch is None else [],
        "filter_batch": ReviewBatch.objects.filter(pk=batch).first() if batch is not None else None,
    }


def open_batches(request, site):
    """Batches awaiting a decision, each with how many of its records wait (one query per kind)."""
    batches = list(ReviewBatch.objects.filter(state=ReviewBatch.State.IN_REVIEW).select_related("submitted_by")[:50])
    counts = {}
    for model, _admin in reviewable_models(request, site):
        rows = (
            waiting(model)
            .filter(batch__in=[batch.pk for batch in batches])
            .values("batch")
            .annotate(n=Count("pk"))
            .order_by()
        )
        for row in rows:
            counts[row["batch"]] = counts.get(row["batch"], 0) + row["n"]
    for batch in batches:
        batch.waiting = counts.get(batch.pk, 0)
    return batches


@require_http_methods(["GET", "POST"])
def review_queue(request):
    site = admin.site
    if request.method == "POST":
        return review_action(request, site)
    context = {
        **site.each_context(request),
        "title": _("Review queue"),
        **queue_page(request, site),
    }
    return render(request, "admin/core/review_queue.html", context)


def posted_record(request, site, content_type_id=None, object_id=None):
    try:
        content_type = ContentType.objects.get_for_id(int(content_type_id or request.POST.get("content_type", "")))
        object_id = int(object_id or request.POST.get("object_id", ""))
    except (ValueError, ContentType.DoesNotExist):
        raise Http404(_("No such record.")) from None
    model = content_type.model_class()
    if model is None or model not in dict(publishable_admins(site)):
        raise Http404(_("No such record."))
    if not site._registry[model].has_view_or_change_permission(request):
        raise PermissionDenied
    return get_object_or_404(model._base_manager, pk=object_id)


def error_text(error):
    return "; ".join(error.messages) if isinstance(error, ValidationError) else str(error)


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
    if action is workflow.publish and workflow.unpublished_dependencies([record]):
        # Not refused with a message to read: the page that offers to publish them together.
        return HttpResponseRedirect(dependencies_url("publish", [record]))
    try:
        action(record=record, user=request.user, **kwargs)
    except (PermissionDenied, ValidationError) as error:
        messages.error(request, f"{record}: {error_text(error)}")
    else:
        done = (
            _("“%(record)s” is published.")
            if action is workflow.publish
            else _("“%(record)s” went back to its editor.")
        )
        messages.success(request, done % {"record": record})
    return HttpResponseRedirect(reverse("admin:review_queue"))


# Dependencies: what must be published with a record ----------------------------------------------

DEPENDENCY_ACTIONS = ("submit", "publish")
MAX_LISTED = 100


def record_key(record):
    return f"{ContentType.objects.get_for_model(type(record)).pk}-{record.pk}"


def dependencies_url(action, records):
    """The page that lists what ``records`` need published with them and submits or publishes them together."""
    query = urlencode([("action", action), *(("record", record_key(record)) for record in records)])
    return f"{reverse('admin:dependencies')}?{query}"


def _listed_records(request, site, data):
    records = []
    for value in data.getlist("record")[:MAX_LISTED]:
        content_type_id, _sep, object_id = value.partition("-")
        if not (content_type_id.isdigit() and object_id.isdigit()):
            raise Http404(_("No such record."))
        record = posted_record(request, site, content_type_id, object_id)
        if record not in records:
            records.append(record)
    if not records:
        raise Http404(_("No such record."))
    return records


def _dependency_entry(request, record, action):
    """One record of the page: what it is, where to open it, and whether this action can include it."""
    ready = (
        record.state in (PublicationState.DRAFT, PublicationState.WITHDRAWN) and not record.revision_of_id
        if action == "submit"
        else record.state == PublicationState.IN_REVIEW and workflow.can_publish(request.user, record)
    )
    if ready:
        note = ""
    elif action == "submit":
        note = _("already awaiting review: it stays where it is")
    elif record.state == PublicationState.IN_REVIEW:
        note = _("you may not publish it")
    else:
        note = _("its editor must submit it first")
    return {
        "record": record,
        "model_name": type(record)._meta.verbose_name,
        "ready": ready,
        "note": note,
        **_admin_urls(type(record), record.pk),
    }


@require_http_methods(["GET", "POST"])
def dependencies(request):
    """Submit or publish records together with the unpublished records they cite or link to, in one click.

    GET lists them (each with its state, and whether it can go with this decision); POST does it
    through ``workflow.submit_with_dependencies`` or ``workflow.publish_with_dependencies``, which
    check the permission for each record. ``submit_alone`` submits the records without them
    (they cannot be published before them).
    """
    site = admin.site
    data = request.POST if request.method == "POST" else request.GET
    action = data.get("action", "")
    if action not in DEPENDENCY_ACTIONS:
        raise Http404(_("No such action."))
    records = _listed_records(request, site, data)
    if request.method == "POST":
        return _decide_with_dependencies(request, action, records)
    needed = workflow.dependency_closure(records)
    entries = [_dependency_entry(request, record, action) for record in needed]
    context = {
        **site.each_context(request),
        "title": _("What must be published with it"),
        "action": action,
        "records": [_dependency_entry(request, record, action) for record in records],
        "needed": entries,
        "all_ready": all(entry["ready"] for entry in entries),
        "keys": [record_key(record) for record in records],
    }
    return render(request, "admin/core/review_dependencies.html", context)


def _decide_with_dependencies(request, action, records):
    back = dependencies_url(action, records)
    try:
        if action == "publish":
            published = workflow.publish_with_dependencies(records=records, user=request.user)
            messages.success(
                request,
                ngettext("%(count)s record is published.", "%(count)s records are published together.", len(published))
                % {"count": len(published)},
            )
            return HttpResponseRedirect(reverse("admin:review_queue"))
        if request.POST.get("submit_alone") and len(records) == 1:
            workflow.submit_for_review(record=records[0], user=request.user)
            messages.success(request, _("“%(record)s” is now in review.") % {"record": records[0]})
            return HttpResponseRedirect(_admin_urls(type(records[0]), records[0].pk)["change_url"])
        if request.POST.get("submit_alone"):
            batch = workflow.submit_batch(
                records,
                user=request.user,
                reason=_("%(count)s records submitted by %(user)s") % {"count": len(records), "user": request.user},
            )
        else:
            batch = workflow.submit_with_dependencies(records=records, user=request.user)
    except (PermissionDenied, ValidationError) as error:
        messages.error(request, error_text(error))
        return HttpResponseRedirect(back)
    messages.success(request, _("Submitted for review as “%(batch)s”.") % {"batch": batch})
    return HttpResponseRedirect(batch.get_absolute_url())


# One record ---------------------------------------------------------------------------------------


def revision_changes(revision):
    """What publishing ``revision`` changes on its live record: its own fields, and its parts added or removed."""
    model = type(revision)
    live = model._base_manager.get(pk=revision.revision_of_id)
    changes = []
    for name in content_field_names(model):
        field = model._meta.get_field(name)
        if name in ("slug", "search_text", *model.published_with):
            continue
        if field.many_to_many:
            old = sorted(getattr(live, name).values_list("pk", flat=True))
            new = sorted(getattr(revision, name).values_list("pk", flat=True))
            if old != new:
                related = field.related_model._base_manager
                changes.append(
                    _change_text(
                        field,
                        ", ".join(map(str, related.filter(pk__in=old))),
                        ", ".join(map(str, related.filter(pk__in=new))),
                    )
                )
            continue
        old, new = getattr(live, field.attname), getattr(revision, field.attname)
        if old != new:
            changes.append(_change(model, name, old, new, live, revision))
    parts = []
    for attname, part in workflow._parts(model):
        old = {str(row) for row in part._default_manager.filter(**{attname: live.pk})}
        new = {str(row) for row in part._default_manager.filter(**{attname: revision.pk})}
        label = str(part._meta.verbose_name)
        parts += [{"label": label, "what": what, "kind": _("removed")} for what in sorted(old - new)]
        parts += [{"label": label, "what": what, "kind": _("added")} for what in sorted(new - old)]
    return live, changes, parts


def _change_text(field, old, new):
    from .history import FieldChange

    return FieldChange(label=str(field.verbose_name), old=old or "—", new=new or "—")


@require_http_methods(["GET"])
def review_record(request, content_type_id, object_id):
    site = admin.site
    record = posted_record(request, site, content_type_id, object_id)
    model = type(record)
    context = {
        **site.each_context(request),
        "title": _("Review: %(record)s") % {"record": record},
        "record": record,
        "model_name": model._meta.verbose_name,
        "can_review": workflow.can_publish(request.user, record) and record.state == PublicationState.IN_REVIEW,
        "version": getattr(record.history.first(), "history_id", ""),
        "missing": workflow.unpublished_dependencies([record]),
        "dependencies_url": dependencies_url("publish", [record]),
        **_admin_urls(model, record.pk),
    }
    if record.revision_of_id:
        live, changes, parts = revision_changes(record)
        context.update(
            live=live, changes=changes, part_changes=parts, own_change=workflow.own_change(request.user, record)
        )
    else:
        summary = review_summary(record)
        context.update(
            summary=summary,
            changes=summary.changes,
            child_changes=summary.child_changes,
            own_change=request.user.pk in summary.changed_by,
        )
    return render(request, "admin/core/review_record.html", context)


# One batch ----------------------------------------------------------------------------------------


def batch_summary(batch):
    """Counts by kind, new and changed records, possible duplicates and rows with warnings: a few queries per kind."""

    kinds = []
    for model in workflow._publishable_models():
        rows = model._base_manager.filter(batch=batch)
        counts = rows.aggregate(
            total=Count("pk"),
            changed=Count("pk", filter=~_is_new()),
            waiting=Count("pk", filter=_waiting()),
        )
        if counts["total"]:
            counts["uncited"] = _uncited(model, rows)
            kinds.append(
                {
                    "model": model,
                    "name": model._meta.verbose_name_plural,
                    "label": model._meta.label_lower,
                    **counts,
                    "new": counts["total"] - counts["changed"],
                }
            )
    duplicates = possible_duplicates(batch)
    missing = workflow._dependencies_of(
        {kind["model"]: kind["model"]._base_manager.filter(batch=batch).values("pk") for kind in kinds}
    )
    return {"kinds": kinds, "duplicates": duplicates, "missing": missing}


def _uncited(model, rows):
    """How many of ``rows`` carry no citation at all (a fact the public could not check), or None."""
    from casefile.sources.models import Citation

    for attname, part in workflow._parts(model):
        if issubclass(part, Citation):
            return rows.exclude(pk__in=part._default_manager.values(attname)).count()
    return None


def _name_keys(name, search_text):
    """The keys under which two people may be one: every folded spelling, and the sounds of a name of two words or more."""
    keys = {word for word in search_text.split() if not word.startswith(SOUND_MARK)}
    sounds = sound_keys(name)
    if len(sounds) > 1:
        keys.add(" ".join(sorted(sounds)))
    return keys


def possible_duplicates(batch, limit=50):
    """People of ``batch`` who may be a person already recorded: [(person, the recorded person's name)].

    The search's own folding decides (Pour-Mohammadi and Pourmohammadi, ي and ی, every other
    spelling of either), and so do the sounds of a full name (Hossein Ali and Husayn Ali). Two
    queries, read in chunks, whatever the size of the batch and of the registry.
    """
    from casefile.people.models import Person

    people = Person._base_manager.filter(revision_of__isnull=True)
    recorded = {}
    for name, text in people.exclude(batch=batch).values_list("name", "search_text").iterator(chunk_size=5000):
        for key in _name_keys(name, text):
            recorded.setdefault(key, name)
    found = []
    for person in (
        people.filter(batch=batch).only("pk", "name", "search_text").order_by("name").iterator(chunk_size=5000)
    ):
        match = next((recorded[key] for key in _name_keys(person.name, person.search_text) if key in recorded), None)
        if match is not None:
            found.append((person, match))
            if len(found) >= limit:
                break
    return found


def _is_new():
    return Q(revision_of__isnull=True)


def _waiting():
    return Q(state=PublicationState.IN_REVIEW)


BATCH_ACTIONS = {"publish": workflow.publish_batch, "return": workflow.return_batch}


@require_http_methods(["GET", "POST"])
def review_batch(request, batch_id):
    site = admin.site
    batch = get_object_or_404(ReviewBatch.objects.select_related("submitted_by", "decided_by"), pk=batch_id)
    if request.method == "POST":
        action = BATCH_ACTIONS.get(request.POST.get("action", ""))
        if action is None:
            raise Http404(_("No such action."))
        kwargs = {"comment": request.POST.get("comment", "")} if action is workflow.return_batch else {}
        try:
            action(batch=batch, user=request.user, **kwargs)
        except (PermissionDenied, ValidationError) as error:
            messages.error(request, error_text(error))
        else:
            done = (
                _("%(batch)s is published.")
                if action is workflow.publish_batch
                else _("%(batch)s went back to its editor.")
            )
            messages.success(request, done % {"batch": batch})
        return HttpResponseRedirect(reverse("admin:review_batch", args=[batch.pk]))
    summary = batch_summary(batch)
    sample = []
    for kind in summary["kinds"]:
        model = kind["model"]
        related = ["submitted_by", *model.published_with]
        for record in model._base_manager.filter(batch=batch).select_related(*related).order_by("pk")[:10]:
            sample.append({"record": record, "model_name": model._meta.verbose_name, **_admin_urls(model, record.pk)})
    can_review = any(request.user.has_perm(kind["model"].publish_permission()) for kind in summary["kinds"])
    context = {
        **site.each_context(request),
        "title": str(batch),
        "batch": batch,
        "sample": sample,
        "can_review": can_review and batch.state == ReviewBatch.State.IN_REVIEW,
        "queue_url": reverse("admin:review_queue") + f"?batch={batch.pk}",
        **summary,
    }
    return render(request, "admin/core/review_batch.html", context)


# Preview ------------------------------------------------------------------------------------------


@require_http_methods(["GET"])
def preview(request, content_type_id, object_id):
    """A draft or a revision rendered by the public page's own view, as the public will see it once published.

    Behind the admin login (the admin site adds ``never_cache``); marked as a preview, ``noindex``,
    and read through ``selectors.previewing`` so that no other request ever sees the record.
    """
    record = posted_record(request, admin.site, content_type_id, object_id)
    if not record.previewable:
        raise Http404(_("This record has no page of its own to preview: its review page shows what changed."))
    path = urlsplit(record.get_absolute_url()).path
    try:
        match = resolve(path)
    except Resolver404:
        raise Http404(_("This record has no public page.")) from None
    request.preview_of = record
    with selectors.previewing(record):
        response = match.func(request, *match.args, **match.kwargs)
        if hasattr(response, "render"):
            response.render()
    response["Cache-Control"] = "no-store, private"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response
