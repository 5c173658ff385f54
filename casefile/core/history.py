"""Reading a record's history: what changed since it was last published, and who changed it."""

import difflib
from dataclasses import dataclass, field

from django.db import models
from django.utils.html import escape
from django.utils.safestring import mark_safe
from simple_history.utils import get_m2m_reverse_field_name

from .dates import format_partial_date
from .models import PublicationState, is_part


@dataclass
class FieldChange:
    label: str
    old: object
    new: object
    html: str = ""


@dataclass
class ChildChange:
    """A change to a row that belongs to the record: a citation, a spelling, a position, an observation."""

    label: str
    what: str
    kind: str  # "added", "changed", "deleted"
    user: object
    date: object


@dataclass
class ReviewSummary:
    baseline: object  # the version last published, or None
    latest: object = None  # the current version: what the reviewer sees
    changes: list = field(default_factory=list)
    child_changes: list = field(default_factory=list)
    changed_by: set = field(default_factory=set)  # user pks; None for changes made outside the admin


def versions(record):
    return list(record.history.order_by("history_date", "history_id").select_related("history_user"))


def content_field_names(model):
    excluded = {model._meta.pk.name, *getattr(model, "workflow_fields", ())}
    names = [f.name for f in record_history_model(model).tracked_fields if f.editable and f.name not in excluded]
    return names + [f.name for f in getattr(record_history_model(model), "_history_m2m_fields", [])]


def record_history_model(model):
    return model.history.model


def last_published(history):
    for version in reversed(history):
        if version.state == PublicationState.PUBLISHED:
            return version
    return None


def readable_value(model, name, value, version=None):
    """A value of ``version`` (a record or a historical row) as a reader says it; see ``_display``.

    A partial date reads with its precision, from ``version``: "July 1988", not "1988-07-01".
    """
    model_field = model._meta.get_field(name)
    precision = f"{name}_precision"
    if isinstance(model_field, models.DateField) and version is not None and hasattr(version, precision):
        if value in (None, ""):
            return "—"
        if isinstance(value, str):
            value = model_field.to_python(value)
        return format_partial_date(value, getattr(version, precision), getattr(version, f"{name}_approximate", False))
    return _display(model, name, value)


def _display(model, name, value):
    """A diff value as a reader would say it: related objects by name, choices by label."""
    model_field = model._meta.get_field(name)
    if model_field.many_to_many:
        related = model_field.related_model
        target = get_m2m_reverse_field_name(model_field)
        ids = [row.get(target) for row in value or []]
        objects = related._base_manager.in_bulk([i for i in ids if i is not None])
        return ", ".join(sorted(str(objects.get(i, f"#{i} (deleted)")) for i in ids)) or "—"
    if value in (None, ""):
        return "—"
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if model_field.is_relation:
        related = model_field.related_model._base_manager.filter(pk=value).first()
        return str(related) if related is not None else f"#{value} (deleted)"
    return str(value)


def word_diff(old, new):
    """Old and new text with removed words struck through and added words underlined."""
    old_words, new_words = str(old).split(" "), str(new).split(" ")
    parts = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(a=old_words, b=new_words, autojunk=False).get_opcodes():
        if tag in ("delete", "replace"):
            parts.append(f"<del>{escape(' '.join(old_words[i1:i2]))}</del>")
        if tag in ("insert", "replace"):
            parts.append(f"<ins>{escape(' '.join(new_words[j1:j2]))}</ins>")
        if tag == "equal":
            parts.append(escape(" ".join(old_words[i1:i2])))
    return mark_safe(" ".join(parts))  # noqa: S308 - every part is escaped above


def field_changes(model, old_version, new_version):
    """The content fields that differ between two versions (or everything set, when there is no old one)."""
    names = content_field_names(model)
    if old_version is None:
        changes = []
        for name in names:
            model_field = model._meta.get_field(name)
            if model_field.many_to_many:
                value = list(getattr(new_version, name).values(get_m2m_reverse_field_name(model_field)))
            else:
                value = getattr(new_version, model_field.attname)
            if value not in (None, "", [], False):
                changes.append(_change(model, name, None, value, new_version=new_version))
        return changes
    delta = new_version.diff_against(old_version, included_fields=names)
    return [_change(model, change.field, change.old, change.new, old_version, new_version) for change in delta.changes]


def _change(model, name, old, new, old_version=None, new_version=None):
    model_field = model._meta.get_field(name)
    old_text = readable_value(model, name, old, old_version) if old is not None else "—"
    new_text = readable_value(model, name, new, new_version)
    html = word_diff(old_text, new_text) if isinstance(model_field, models.TextField) else ""
    return FieldChange(label=str(model_field.verbose_name), old=old_text, new=new_text, html=html)


def _child_relations(model):
    """Reverse foreign keys from the rows that are part of ``model``: its spellings, positions,
    observations (deleted with it) and its citations (``fact``), not the citations that cite a source."""
    for relation in model._meta.related_objects:
        child = relation.related_model
        if relation.one_to_many and is_part(child) and child.part_of == relation.field.name:
            yield relation.field.attname, child


def child_changes(model, ids, since, depth=2):
    """Changes since ``since`` to the rows of ``model`` objects ``ids``, and to their own rows (citations of a position)."""
    found = []
    for attname, child in _child_relations(model):
        rows = child.history.filter(**{f"{attname}__in": ids}).select_related("history_user")
        child_ids = set()
        for row in rows.order_by("history_date", "history_id"):
            child_ids.add(row.id)
            if since is None or row.history_date > since:
                kind = {"+": "added", "~": "changed", "-": "deleted"}[row.history_type]
                found.append(
                    ChildChange(
                        label=str(child._meta.verbose_name),
                        what=str(row.instance),
                        kind=kind,
                        user=row.history_user,
                        date=row.history_date,
                    )
                )
        if depth > 1 and child_ids:
            found.extend(child_changes(child, child_ids, since, depth - 1))
    return found


def review_summary(record):
    """What changed in ``record`` since it was last published, and who changed it."""
    model = type(record)
    history = versions(record)
    baseline = last_published(history)
    since = baseline.history_date if baseline else None
    current = history[-1] if history else None
    summary = ReviewSummary(baseline=baseline, latest=current)
    if current is not None and current is not baseline:
        summary.changes = field_changes(model, baseline, current)
    later = history[history.index(baseline) + 1 :] if baseline else history
    previous = baseline
    for version in later:
        if previous is None or field_changes(model, previous, version):
            summary.changed_by.add(version.history_user_id)
        previous = version
    summary.child_changes = child_changes(model, [record.pk], since)
    summary.changed_by |= {change.user.pk if change.user else None for change in summary.child_changes}
    return summary
