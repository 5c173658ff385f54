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
from django.utils import timezone
from django.utils.translation import gettext as _

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


@transaction.atomic
def publish(*, record, user):
    _require_publisher(user, record)
    _require_state(record, PublicationState.IN_REVIEW)
    if own_change(user, record):
        raise PermissionDenied(
            _("You changed “%(record)s” yourself since it was last published: another reviewer must publish it.")
            % {"record": record}
        )
    return _move(
        record,
        user=user,
        reason=_("Published"),
        state=PublicationState.PUBLISHED,
        **_reviewed(user),
    )


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


def create_imported_drafts(*, user, model, write):
    """Create the records of an import, all in one transaction or none: drafts for review, never published.

    ``write`` creates them (in bulk, with their history) and returns what the import reports. An
    import from the admin needs the permission to add ``model``; the command line (``user`` None)
    is the server's operator. The one place where an import's records are created, so that they
    can be gathered into a review batch here.
    """
    if user is not None:
        opts = model._meta
        if not user.has_perm(f"{opts.app_label}.add_{opts.model_name}"):
            raise PermissionDenied(_("You may not add %(records)s.") % {"records": opts.verbose_name_plural})
    with transaction.atomic():
        return write()


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
    _require_state(record, PublicationState.DRAFT, PublicationState.IN_REVIEW, PublicationState.PUBLISHED)
    return _move(
        record,
        user=user,
        reason=_("Withdrawn"),
        state=PublicationState.WITHDRAWN,
        **_reviewed(user, reason),
    )


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


@transaction.atomic
def reopen_after_change(*, record, user):
    """A published record whose parts (or a citation) changed goes back to draft until it is reviewed again.

    Returns the record taken off the public site (the victim record, for a victim's person), or None.
    """
    record = record.state_governed_by() or record
    if record.state != PublicationState.PUBLISHED:
        return None
    return _move(
        record,
        user=user,
        reason=_("Changed after publication: back to draft until reviewed"),
        state=PublicationState.DRAFT,
    )
