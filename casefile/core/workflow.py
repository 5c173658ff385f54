"""The editorial workflow: draft → in review → published (or returned, or withdrawn).

Every change of publication state goes through these functions, whether it starts in the change
form, a bulk action, the review queue or a script: they check the permission, call
``full_clean()`` and save, so that the history records who did what. An editor never holds the
``publish_<model>`` permission, and a reviewer cannot publish a record they changed themselves.
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


def own_change(user, record):
    """True if ``user`` changed ``record`` (or a citation or other row of it) since it was last published."""
    return user.pk in review_summary(record).changed_by


@transaction.atomic
def submit_for_review(*, record, user):
    opts = type(record)._meta
    if not user.has_perm(f"{opts.app_label}.change_{opts.model_name}"):
        raise PermissionDenied(_("You may not change this record."))
    _require_state(record, PublicationState.DRAFT, PublicationState.WITHDRAWN)
    record.state = PublicationState.IN_REVIEW
    record.submitted_by = user
    record.submitted_at = timezone.now()
    return _save(record, user=user, reason=_("Submitted for review"))


@transaction.atomic
def publish(*, record, user):
    _require_publisher(user, record)
    _require_state(record, PublicationState.IN_REVIEW)
    if own_change(user, record):
        raise PermissionDenied(
            _("You changed “%(record)s” yourself since it was last published: another reviewer must publish it.")
            % {"record": record}
        )
    record.state = PublicationState.PUBLISHED
    record.reviewed_by = user
    record.reviewed_at = timezone.now()
    record.review_comment = ""
    return _save(record, user=user, reason=_("Published"))


@transaction.atomic
def return_to_editor(*, record, user, comment):
    _require_publisher(user, record)
    _require_state(record, PublicationState.IN_REVIEW)
    if not comment.strip():
        raise ValidationError(_("Say what should change before returning the record to its editor."))
    record.state = PublicationState.DRAFT
    record.reviewed_by = user
    record.reviewed_at = timezone.now()
    record.review_comment = comment.strip()
    return _save(record, user=user, reason=_("Returned to the editor"))


@transaction.atomic
def withdraw(*, record, user, reason=""):
    """Take a record off every public page without deleting it (the visibility rule hides it)."""
    _require_publisher(user, record)
    _require_state(record, PublicationState.DRAFT, PublicationState.IN_REVIEW, PublicationState.PUBLISHED)
    record.state = PublicationState.WITHDRAWN
    record.reviewed_by = user
    record.reviewed_at = timezone.now()
    record.review_comment = reason.strip()
    return _save(record, user=user, reason=_("Withdrawn"))


@transaction.atomic
def reopen_after_change(*, record, user):
    """A published record whose content (or a citation) changed goes back to draft until it is reviewed again."""
    if record.state != PublicationState.PUBLISHED:
        return record
    record.state = PublicationState.DRAFT
    return _save(record, user=user, reason=_("Changed after publication: back to draft until reviewed"))
