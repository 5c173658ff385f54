"""The editorial workflow: draft → in review → published (or returned, or withdrawn).

Every change of publication state goes through these functions, whether it starts in the change
form, a bulk action, the review queue, a loader or an import: they check the permission, call
``full_clean()`` and save, so that the history records who did what. An editor never holds the
``publish_<model>`` permission, and a reviewer cannot publish a record they changed themselves.
Nothing else in Casefile writes ``state``.

Records listed in a model's ``published_with`` (a victim's person) share its state: they move
with it, in the same transaction, and cannot be moved on their own.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from .cache import content_changed
from .history import review_summary
from .models import PublicationState


def can_publish(user, record):
    return user.is_active and user.has_perm(type(record).publish_permission())


def _require_publisher(user, record):
    if not can_publish(user, record):
        raise PermissionDenied(_("Only a reviewer may publish, return or withdraw a record."))


def _require_state(record, *states):
    governor = record.state_governed_by()
    if governor is not None:
        raise ValidationError(
            _("“%(record)s” is reviewed with its %(kind)s record “%(governor)s”: submit, publish or withdraw that.")
            % {"record": record, "kind": type(governor)._meta.verbose_name, "governor": governor}
        )
    if record.state not in states:
        raise ValidationError(
            _("“%(record)s” is %(state)s: this cannot be done now.")
            % {"record": record, "state": record.get_state_display()}
        )


def _save(record, *, user, reason):
    record._history_user = user
    record._change_reason = reason
    record.full_clean()
    record.save()
    return record


def _companions(record):
    for name in type(record).published_with:
        companion = getattr(record, name)
        if companion is not None:
            yield companion


def _move(record, *, user, reason, state, **fields):
    """Set ``state`` (and the review ``fields``) on ``record`` and on the records published with it."""
    for target in (record, *_companions(record)):
        target.state = state
        for name, value in fields.items():
            setattr(target, name, value)
        _save(target, user=user, reason=reason)
    content_changed()  # no cached public page outlives a change of state
    return record


def _reviewed(user, comment=""):
    """The review fields a reviewer's decision sets."""
    return {"reviewed_by": user, "reviewed_at": timezone.now(), "review_comment": comment.strip()}


def own_change(user, record):
    """True if ``user`` changed ``record`` (or a part of it, or a record published with it) since it was last published."""
    return any(user.pk in review_summary(target).changed_by for target in (record, *_companions(record)))


@transaction.atomic
def submit_for_review(*, record, user):
    opts = type(record)._meta
    if not user.has_perm(f"{opts.app_label}.change_{opts.model_name}"):
        raise PermissionDenied(_("You may not change this record."))
    _require_state(record, PublicationState.DRAFT, PublicationState.WITHDRAWN)
    return _move(
        record,
        user=user,
        reason=_("Submitted for review"),
        state=PublicationState.IN_REVIEW,
        submitted_by=user,
        submitted_at=timezone.now(),
    )


def _require_may_publish(user, record):
    _require_publisher(user, record)
    _require_state(record, PublicationState.IN_REVIEW)
    if own_change(user, record):
        raise PermissionDenied(
            _("You changed “%(record)s” yourself since it was last published: another reviewer must publish it.")
            % {"record": record}
        )


@transaction.atomic
def publish(*, record, user):
    _require_may_publish(user, record)
    _require_dependencies([record])
    return _publish(record, user)


def _publish(record, user):
    if record.revision_of_id:
        live = _apply_revision(record, user=user, reason=_("Published a revision"), review=_reviewed(user))
        content_changed()
        return live
    _move(
        record,
        user=user,
        reason=_("Published"),
        state=PublicationState.PUBLISHED,
        **_reviewed(user),
    )
    content_changed()
    return record


@transaction.atomic
def publish_curated(*, records, user, reason):
    """Publish records that a loader created from a curated case file, as ``user``'s recorded decision.

    For the curated seed case: an administrator or reviewer named on the command line takes
    responsibility for the whole file, which the loader verified quote by quote. Each record's
    history says who published it, when, and ``reason``.
    """
    for record in records:
        _require_publisher(user, record)
        _require_state(record, PublicationState.DRAFT, PublicationState.IN_REVIEW)
        _move(
            record,
            user=user,
            reason=reason,
            state=PublicationState.PUBLISHED,
            **_reviewed(user),
        )
    return records


def create_imported_batch(*, user, model, reason, write):
    """Create the records of an import as one review batch, all in one transaction or none; never published.

    ``write(fields)`` creates the records (in bulk, with their history), giving each (and each record
    published with it) the review ``fields`` set here: in review, in the new batch, submitted by
    ``user``, who needs the permission to add ``model``. Returns the ``ReviewBatch``; a reviewer
    publishes or returns it (``publish_batch``, ``return_batch``).
    """
    from .models import ReviewBatch

    opts = model._meta
    if user is None or not user.has_perm(f"{opts.app_label}.add_{opts.model_name}"):
        raise PermissionDenied(_("You may not add %(records)s.") % {"records": opts.verbose_name_plural})
    with transaction.atomic():
        batch = ReviewBatch(reason=reason[:300], submitted_by=user)
        batch.full_clean()
        batch.save()
        fields = {
            "state": PublicationState.IN_REVIEW,
            "batch": batch,
            "submitted_by": user,
            "submitted_at": timezone.now(),
        }
        if not write(fields):
            raise ValidationError(_("The file holds no records to import."))
    return batch


@transaction.atomic
def return_to_editor(*, record, user, comment):
    _require_publisher(user, record)
    _require_state(record, PublicationState.IN_REVIEW)
    if not comment.strip():
        raise ValidationError(_("Say what should change before returning the record to its editor."))
    return _move(
        record,
        user=user,
        reason=_("Returned to the editor"),
        state=PublicationState.DRAFT,
        **_reviewed(user, comment),
    )


@transaction.atomic
def withdraw(*, record, user, reason=""):
    """Take a record off every public page without deleting it (the visibility rule hides it)."""
    _require_publisher(user, record)
    if record.revision_of_id:
        raise ValidationError(_("A revision is never public: return it to its editor instead of withdrawing it."))
    _require_state(record, PublicationState.DRAFT, PublicationState.IN_REVIEW, PublicationState.PUBLISHED)
    _move(
        record,
        user=user,
        reason=_("Withdrawn"),
        state=PublicationState.WITHDRAWN,
        **_reviewed(user, reason),
    )
    content_changed()
    return record


def live_records_citing(source, limit=20):
    """Published records with a citation of ``source``: withdrawing it hides those passages from the public."""
    from casefile.sources.models import Citation, citation_models

    from .models import owning_record

    if not isinstance(source, Citation.source.field.related_model):
        return []
    found = []
    for model in citation_models():
        for citation in model._default_manager.filter(source=source).select_related("fact")[:limit]:
            record = owning_record(citation)
            if record is not None and record.is_live and record not in found:
                found.append(record)
    return found[:limit]


def keep_workflow_fields(record):
    """Put back the stored workflow fields of ``record`` before an edit is saved.

    A form (or a restored old version) never sets the state or the review fields: a new record
    is a draft with none, a changed one keeps what the workflow last set.
    """
    stored = type(record)._base_manager.filter(pk=record.pk).first() if record.pk else None
    for name in record.workflow_fields:
        if name in ("created_at", "updated_at"):
            continue
        field = record._meta.get_field(name)
        setattr(record, field.attname, field.get_default() if stored is None else getattr(stored, field.attname))
    return stored


# Revisions: a published record stays live while a change to it is drafted and reviewed ------------


def _content_fields(model):
    """The fields a revision carries over to its live record: its content, not its identity or its state."""
    excluded = {*model.workflow_fields, "slug", "search_text", *model.published_with}
    return [field for field in model._meta.concrete_fields if not field.primary_key and field.name not in excluded]


def _parts(model):
    """(foreign key attname, part model) of every row that is part of ``model``: spellings, positions, citations."""
    from .history import _child_relations

    return list(_child_relations(model))


def open_revision(record):
    """The revision of ``record`` being drafted or reviewed, or None."""
    return (
        type(record)
        ._base_manager.filter(revision_of=record, state__in=(PublicationState.DRAFT, PublicationState.IN_REVIEW))
        .first()
    )


def _copy_row(row, *, user, reason, **overrides):
    model = type(row)
    copy = model(**{field.attname: getattr(row, field.attname) for field in model._meta.concrete_fields})
    copy.pk = None
    for name, value in overrides.items():
        setattr(copy, name, value)
    copy._history_user = user
    copy._change_reason = reason
    copy.save()
    for field in model._meta.many_to_many:
        getattr(copy, field.name).set(getattr(row, field.name).all())
    return copy


def _copy_parts(model, old_pk, new_pk, *, user, reason, copied, depth=2):
    for attname, part in _parts(model):
        for row in part._default_manager.filter(**{attname: old_pk}).order_by("pk"):
            old = row.pk
            new = _copy_row(row, user=user, reason=reason, **{attname: new_pk})
            copied[(part, old)] = new.pk
            if depth > 1:
                _copy_parts(part, old, new.pk, user=user, reason=reason, copied=copied, depth=depth - 1)


@transaction.atomic
def start_revision(*, record, user):
    """Start a revision of the published ``record``: a draft copy of it and its parts, for an editor to change.

    The live record, its page, its place in lists and search and the back-links of its sources
    stay exactly as published until a reviewer publishes the revision. Returns ``(revision, copied)``:
    the revision of ``record`` and ``{(part model, live part pk): revision part pk}``.
    If a revision is already open, it is returned (with nothing copied).
    """
    opts = type(record)._meta
    if not user.has_perm(f"{opts.app_label}.change_{opts.model_name}"):
        raise PermissionDenied(_("You may not change this record."))
    governor = record.state_governed_by()
    live = governor or record
    if not live.is_live:
        raise ValidationError(_("Only a published record gets a revision; change a draft directly."))
    existing = open_revision(live)
    if existing is not None:
        return (_companion_revision(existing, record) if governor else existing), {}
    reason = _("Revision started")
    copied = {}
    companions = {}
    for name in type(live).published_with:
        companion = getattr(live, name)
        companion_copy = _copy_row(
            companion, user=user, reason=reason, revision_of=companion, state=PublicationState.DRAFT, slug=""
        )
        _clear_review(companion_copy)
        _copy_parts(type(companion), companion.pk, companion_copy.pk, user=user, reason=reason, copied=copied)
        companions[name] = companion_copy
    fields = {"revision_of": live, "state": PublicationState.DRAFT, "batch": None, **companions}
    if any(field.name == "slug" for field in type(live)._meta.concrete_fields):
        fields["slug"] = ""
    revision = _copy_row(live, user=user, reason=reason, **fields)
    _clear_review(revision)
    _copy_parts(type(live), live.pk, revision.pk, user=user, reason=reason, copied=copied)
    _link_own_copies(revision, copied, user=user, reason=reason)
    return (_companion_revision(revision, record) if governor else revision), copied


def _link_own_copies(revision, copied, *, user, reason):
    """The revision's links to the live record's own parts (a question's preferred answer) lead to its copies."""
    changed = False
    for field in type(revision)._meta.concrete_fields:
        key = (field.related_model, getattr(revision, field.attname))
        if field.many_to_one and key in copied:
            setattr(revision, field.attname, copied[key])
            changed = True
    if changed:
        revision._history_user = user
        revision._change_reason = reason
        revision.save()


def _clear_review(revision):
    type(revision)._base_manager.filter(pk=revision.pk).update(
        submitted_by=None, submitted_at=None, reviewed_by=None, reviewed_at=None, review_comment=""
    )
    for name in ("submitted_by", "submitted_at", "reviewed_by", "reviewed_at"):
        setattr(revision, name, None)
    revision.review_comment = ""


def _companion_revision(revision, record):
    """The part of ``revision`` that revises ``record`` (the person of a victim's revision)."""
    for name in type(revision).published_with:
        companion = getattr(revision, name)
        if companion.revision_of_id == record.pk and type(companion) is type(record):
            return companion
    return revision


def _delete_parts(model, pk, *, user, reason, depth=2):
    for attname, part in _parts(model):
        rows = list(part._default_manager.filter(**{attname: pk}))
        for row in rows:
            if depth > 1:
                _delete_parts(part, row.pk, user=user, reason=reason, depth=depth - 1)
            row._history_user = user
            row._change_reason = reason
            row.delete()


def _move_parts(model, from_pk, to_pk, *, user, reason):
    """Hand the revision's parts to the live record (each keeps its history; their own parts follow them)."""
    for attname, part in _parts(model):
        for row in part._default_manager.filter(**{attname: from_pk}):
            setattr(row, attname, to_pk)
            row._history_user = user
            row._change_reason = reason
            row.save()


def _apply_revision(revision, *, user, reason, review):
    """Copy ``revision`` onto its live record (keeping the live id and URL), then remove the revision."""
    live = type(revision)._base_manager.get(pk=revision.revision_of_id)
    model = type(live)
    for field in _content_fields(model):
        setattr(live, field.attname, getattr(revision, field.attname))
    live.state = PublicationState.PUBLISHED
    live.submitted_by_id, live.submitted_at = revision.submitted_by_id, revision.submitted_at
    for name, value in review.items():
        setattr(live, name, value)
    live.batch = None
    _delete_parts(model, live.pk, user=user, reason=reason)
    _move_parts(model, revision.pk, live.pk, user=user, reason=reason)
    for field in model._meta.many_to_many:
        getattr(live, field.name).set(getattr(revision, field.name).all())
    if hasattr(live, "fill_derived_fields"):
        live.search_text = ""
    _save(live, user=user, reason=reason)
    companions = [getattr(revision, name) for name in model.published_with]
    revision._history_user = user
    revision._change_reason = _("Published onto the live record")
    revision.delete()
    if hasattr(live, "revision_applied"):
        live.revision_applied(user=user)  # a rule of the record's own (a question's figures answer it)
    for companion in companions:
        companion.refresh_from_db()
        _apply_revision(companion, user=user, reason=reason, review=review)
    return live


# Dependencies: what a record needs published before (or with) it ----------------------------------


def _citation_sources(model, pks, depth=2):
    """Pairs (citation model, queryset of source ids) cited by ``model`` rows ``pks`` and their parts."""
    from casefile.sources.models import Citation

    found = []
    for attname, part in _parts(model):
        if issubclass(part, Citation):
            found.append(part._default_manager.filter(**{f"{attname}__in": pks}).values("source"))
        elif depth > 1:
            part_pks = part._default_manager.filter(**{f"{attname}__in": pks}).values("pk")
            found.extend(_citation_sources(part, part_pks, depth - 1))
    return found


def unpublished_dependencies(records):
    """Records that ``records`` cite or link to and that are not published, nor among ``records``.

    Publishing ``records`` without them would show a fact whose citations are hidden, or a link
    to a page the public cannot open. A bounded number of queries: a few per kind of record.
    """

    by_model = {}
    for record in records:
        by_model.setdefault(type(record), set()).add(record.pk)
        for companion in _companions(record):
            by_model.setdefault(type(companion), set()).add(companion.pk)
    return _dependencies_of(by_model)


def _dependencies_of(by_model):
    """``by_model``: {model: pks or a queryset of pks}; returns the unpublished records they need."""
    from casefile.sources.models import Source

    from .models import is_publishable

    needed = {}
    for model, pks in by_model.items():
        for sources in _citation_sources(model, pks):
            needed.setdefault(Source, []).append(sources)
        for field in model._meta.concrete_fields:
            target = field.related_model
            if field.is_relation and target is not None and is_publishable(target) and field.name != "revision_of":
                if field.name in model.published_with:
                    continue
                needed.setdefault(target, []).append(
                    model._base_manager.filter(pk__in=pks, **{f"{field.name}__isnull": False}).values(field.name)
                )
    missing = []
    for target, querysets in needed.items():
        rows = target._base_manager.exclude(state=PublicationState.PUBLISHED)
        condition = None
        for queryset in querysets:
            part = rows.filter(pk__in=queryset)
            condition = part if condition is None else condition | part
        own = by_model.get(target)
        if own is not None:
            condition = condition.exclude(pk__in=own)
        missing.extend(condition.order_by("pk")[:20])
    return missing


def _require_dependencies(records):
    missing = unpublished_dependencies(records)
    if missing:
        names = "; ".join(f"{type(row)._meta.verbose_name} “{row}” ({row.get_state_display()})" for row in missing)
        raise ValidationError(
            _(
                "Not published: it cites or links to records that are not public yet: %(names)s. "
                "Publish them first, or select them together and submit them as one batch."
            )
            % {"names": names}
        )


def dependency_closure(records, *, rounds=5):
    """Every unpublished record that ``records`` need, directly or through one another.

    A cited draft source, a linked draft site and the draft sources that site cites: each one
    once, as the record whose review decides its state (a victim for a victim's person).
    """
    records = list(records)
    found = []
    for _round in range(rounds):
        missing = []
        for row in unpublished_dependencies([*records, *found]):
            row = row.state_governed_by() or row
            if row not in found and row not in records and row not in missing:
                missing.append(row)
        if not missing:
            break
        found.extend(missing)
    return found


@transaction.atomic
def submit_with_dependencies(*, records, user):
    """Submit ``records`` and the unpublished records they need as one review batch, for one decision.

    Dependencies that already await review stay where they are (the reviewer publishes them with
    these, see ``publish_with_dependencies``). Returns the batch.
    """
    records = list(records)
    needed = [
        row
        for row in dependency_closure(records)
        if row.state in (PublicationState.DRAFT, PublicationState.WITHDRAWN) and not row.revision_of_id
    ]
    if len(records) == 1:
        reason = _("“%(record)s” and the records it needs, submitted by %(user)s")
    else:
        reason = _("%(count)s records and the records they need, submitted by %(user)s")
    reason = reason % {"record": records[0] if records else "", "count": len(records), "user": user}
    return submit_batch([*records, *needed], user=user, reason=reason[:300])


@transaction.atomic
def publish_with_dependencies(*, records, user):
    """Publish ``records`` and every unpublished record they need, in one transaction or not at all.

    Each one is checked as if published alone (the reviewer's permission for its kind, its state,
    not the reviewer's own change); the dependencies go first. Returns every record published.
    """
    records = list(records)
    together = [*dependency_closure(records), *records]
    for record in together:
        _require_may_publish(user, record)
    _require_dependencies(together)
    return [_publish(record, user) for record in together]


# Batches: an import or a bulk action is reviewed as one --------------------------------------------

CHUNK = 2000
WORKFLOW_REASONS = ("Submitted for review", "Published", "Returned to the editor", "Withdrawn")


def _publishable_models():
    from django.apps import apps

    from .models import is_publishable

    return [model for model in apps.get_models() if is_publishable(model) and model.__module__.startswith("casefile")]


def _chunks(pks):
    pks = list(pks)
    for start in range(0, len(pks), CHUNK):
        yield pks[start : start + CHUNK]


def _bulk_move(model, pks, *, user, reason, **fields):
    """Set ``fields`` on rows ``pks`` of ``model`` in bulk, with one history row each (a few queries per chunk)."""
    now = timezone.now()
    for chunk in _chunks(pks):
        model._base_manager.filter(pk__in=chunk).update(updated_at=now, **fields)
        rows = list(model._base_manager.filter(pk__in=chunk))
        model.history.bulk_history_create(
            rows, update=True, default_user=user, default_change_reason=reason, default_date=now, batch_size=CHUNK
        )


def _companion_pks(model, pks):
    """{companion model: pks} of the records published with rows ``pks`` of ``model`` (victims' people)."""
    found = {}
    for name in model.published_with:
        field = model._meta.get_field(name)
        ids = []
        for chunk in _chunks(pks):
            ids.extend(model._base_manager.filter(pk__in=chunk).values_list(field.attname, flat=True))
        found[field.related_model] = ids
    return found


@transaction.atomic
def submit_batch(records, *, user, reason):
    """Submit ``records`` (drafts or withdrawn records, of any kinds) for review as one ``ReviewBatch``.

    What an import or a bulk action calls. ``records`` is a list of records, or a queryset (an
    import's new rows: only their ids are read). The records (and those published with them, a
    victim's person) move to review in bulk, with a history row each: a few queries per kind of
    record, not per record. Returns the batch; the reviewer publishes or returns it as a whole or
    record by record.
    """
    from .models import ReviewBatch

    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Say what the batch is (the import's file, the change's purpose)."))
    by_model = {}
    if isinstance(records, QuerySet):
        pks = list(records.values_list("pk", flat=True))
        if pks:
            by_model[records.model] = pks
    else:
        for record in records:
            by_model.setdefault(type(record), []).append(record.pk)
    if not by_model:
        raise ValidationError(_("Select at least one record to submit."))
    for model, pks in by_model.items():
        opts = model._meta
        if not user.has_perm(f"{opts.app_label}.change_{opts.model_name}"):
            raise PermissionDenied(_("You may not change these records."))
        for other in _publishable_models():
            for name in other.published_with:
                if other._meta.get_field(name).related_model is model and any(
                    other._base_manager.filter(**{f"{name}__in": chunk}).exists() for chunk in _chunks(pks)
                ):
                    raise ValidationError(
                        _("Some of these %(kind)s are reviewed with their %(other)s record: submit those instead.")
                        % {"kind": opts.verbose_name_plural, "other": other._meta.verbose_name}
                    )
        for chunk in _chunks(pks):
            wrong = (
                model._base_manager.filter(pk__in=chunk)
                .exclude(state__in=(PublicationState.DRAFT, PublicationState.WITHDRAWN))
                .first()
            )
            if wrong is not None:
                raise ValidationError(
                    _("“%(record)s” is %(state)s: only drafts and withdrawn records are submitted.")
                    % {"record": wrong, "state": wrong.get_state_display()}
                )
    batch = ReviewBatch.objects.create(reason=reason, submitted_by=user)
    fields = {
        "state": PublicationState.IN_REVIEW,
        "batch": batch,
        "submitted_by": user,
        "submitted_at": timezone.now(),
    }
    for model, pks in by_model.items():
        for companion, companion_pks in _companion_pks(model, pks).items():
            _bulk_move(companion, companion_pks, user=user, reason=_("Submitted for review"), **fields)
        _bulk_move(model, pks, user=user, reason=_("Submitted for review"), **fields)
    return batch


def batch_members(batch):
    """{model: queryset} of the records of ``batch`` still awaiting review."""
    found = {}
    for model in _publishable_models():
        queryset = model._base_manager.filter(batch=batch, state=PublicationState.IN_REVIEW)
        found[model] = queryset
    return found


def _check_batch_decision(batch, user, members):
    from .models import ReviewBatch

    if batch.state != ReviewBatch.State.IN_REVIEW:
        raise ValidationError(_("This batch was already decided."))
    present = {
        model: pks for model, queryset in members.items() if (pks := list(queryset.values_list("pk", flat=True)))
    }
    if not present:
        raise ValidationError(_("Nothing in this batch awaits review."))
    for model in present:
        if not user.is_active or not user.has_perm(model.publish_permission()):
            raise PermissionDenied(_("Only a reviewer may publish, return or withdraw a record."))
    return present


@transaction.atomic
def publish_batch(*, batch, user):
    """Publish every record of ``batch`` still in review, in one transaction and in bulk.

    Refused as a whole if the reviewer submitted or changed any of it, or if any record cites or
    links to a record that is neither public nor in the batch (the message names them).
    New records are published in bulk (a few queries per kind of record and per 2,000 records);
    revisions are applied one by one onto their live records.
    """
    members = batch_members(batch)
    present = _check_batch_decision(batch, user, members)
    if batch.submitted_by_id == user.pk:
        raise PermissionDenied(_("You submitted this batch yourself: another reviewer must publish it."))
    for model, pks in present.items():
        for chunk in _chunks(pks):
            if (
                model.history.filter(id__in=chunk, history_user=user)
                .exclude(history_change_reason__in=[_(reason) for reason in WORKFLOW_REASONS])
                .exists()
            ):
                raise PermissionDenied(
                    _("You changed records of this batch yourself: another reviewer must publish it.")
                )
    missing = _dependencies_of({model: members[model].values("pk") for model in present})
    if missing:
        names = "; ".join(f"{type(row)._meta.verbose_name} “{row}” ({row.get_state_display()})" for row in missing)
        raise ValidationError(
            _("The batch cites or links to records that are not public and not in it: %(names)s.") % {"names": names}
        )
    review = _reviewed(user)
    published = []
    for model in present:
        for revision in members[model].filter(revision_of__isnull=False, **_not_governed(model)):
            published.append(_apply_revision(revision, user=user, reason=_("Published a revision"), review=review))
    for model in present:
        pks = list(members[model].filter(revision_of__isnull=True).values_list("pk", flat=True))
        _bulk_move(model, pks, user=user, reason=_("Published"), state=PublicationState.PUBLISHED, **review)
    _close_batch(batch, user, "")
    content_changed()
    return batch


def _not_governed(model):
    """Rows of ``model`` that are not reviewed through another record (a victim's person is applied with it)."""
    conditions = {}
    for other in _publishable_models():
        for name in other.published_with:
            if other._meta.get_field(name).related_model is model:
                conditions[f"{other._meta.get_field(name).related_query_name()}__isnull"] = True
    return conditions


@transaction.atomic
def return_batch(*, batch, user, comment):
    """Send every record of ``batch`` still in review back to its editor, with the reviewer's comment."""
    members = batch_members(batch)
    present = _check_batch_decision(batch, user, members)
    if not comment.strip():
        raise ValidationError(_("Say what should change before returning the batch to its editor."))
    for model, pks in present.items():
        _bulk_move(
            model,
            pks,
            user=user,
            reason=_("Returned to the editor"),
            state=PublicationState.DRAFT,
            **_reviewed(user, comment),
        )
    _close_batch(batch, user, comment)
    return batch


def _close_batch(batch, user, comment):
    from .models import ReviewBatch

    batch.state = ReviewBatch.State.DECIDED
    batch.decided_by = user
    batch.decided_at = timezone.now()
    batch.comment = comment.strip()
    batch.full_clean()
    batch.save()
