"""Re-verification of the evidence: every capture re-hashed, every citation anchored again.

``verify_evidence()`` is what ``manage.py verify_evidence`` runs (and ``make bench`` times). For
each source it recomputes the SHA-256 of every capture's stored file and text and of the archived
text, then anchors every citation again in the newest capture (``Citation.anchor_to``). It records
the result on each capture and source (shown in the admin and, as "last verified", on the public
source page) and returns a ``Report``. A citation whose passage changed or was lost is *broken*;
a capture or text whose hash no longer matches is *tampered*.
"""

from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_update_with_history

from . import anchoring, matching
from .models import ANCHOR_FIELDS, UPDATE_BATCH, AnchorStatus, Source, citation_models


@dataclass
class Report:
    verified: int = 0
    reanchored: int = 0
    broken: int = 0
    tampered: int = 0
    unverified: int = 0
    sources: int = 0
    problems: list = field(default_factory=list)

    @property
    def sound(self):
        return not (self.broken or self.tampered)

    def summary(self):
        return (
            f"{self.sources} sources: {self.verified} citations verified, {self.reanchored} re-anchored, "
            f"{self.broken} broken, {self.tampered} tampered "
            f"({self.unverified} not verifiable yet: their source has no archived text)"
        )


def _anchor_state(citation):
    return (citation.anchor_status, citation.verified, citation.start, citation.end, citation.capture_id)


def verify_source(source, report, now):
    problems = []
    captures = list(source.captures.order_by("captured_at", "pk"))
    for capture in captures:
        found = capture.problems()
        capture.intact, capture.checked_at = not found, now
        capture.save(update_fields=["intact", "checked_at"])
        if found:
            report.tampered += 1
            problems.append(
                f"TAMPERED capture {capture.pk} of {capture.captured_at:%Y-%m-%d %H:%M}: {'; '.join(map(str, found))}"
            )
    if source.snapshot and matching.sha256(source.snapshot) != source.snapshot_sha256:
        report.tampered += 1
        problems.append("TAMPERED archived text: it no longer has its recorded SHA-256")
    latest = captures[-1] if captures else None
    if latest is not None and latest.text != source.snapshot:
        report.tampered += 1
        problems.append(f"TAMPERED archived text: it differs from its newest capture {latest.pk}")
    text = anchoring.Text(latest.text) if latest is not None and not problems else None

    for model in citation_models():
        changed = []
        for citation in model.objects.filter(source=source).order_by("pk"):
            label = f"{model._meta.verbose_name} {citation.pk}"
            if text is None:
                if citation.verified or citation.needs_editor:
                    report.broken += 1
                    problems.append(f"BROKEN {label}: its source's archived text cannot be trusted")
                else:
                    report.unverified += 1
                continue
            before = _anchor_state(citation)
            citation.source = source
            status = citation.anchor_to(latest, text)
            if _anchor_state(citation) != before:
                changed.append(citation)
            if status == AnchorStatus.VERIFIED:
                report.verified += 1
            elif status == AnchorStatus.MOVED:
                report.reanchored += 1
            elif status == AnchorStatus.UNVERIFIED:
                report.unverified += 1
            else:
                report.broken += 1
                problems.append(
                    f"BROKEN {label}: passage {citation.get_anchor_status_display()} (“{citation.quote[:60]}”)"
                )
        if changed:
            bulk_update_with_history(
                changed,
                model,
                ANCHOR_FIELDS,
                batch_size=UPDATE_BATCH,
                default_change_reason="Anchored again by verify_evidence",
            )
    Source.objects.filter(pk=source.pk).update(evidence_checked_at=now, evidence_sound=not problems)
    report.problems.extend(f"{source.slug}: {line}" for line in problems)


def verify_evidence(sources=None):
    """Check every source (or the ``sources`` queryset) and return the ``Report``."""
    now = timezone.now()
    report = Report()
    for source in (sources if sources is not None else Source.objects.all()).order_by("pk").iterator(chunk_size=200):
        with transaction.atomic():
            verify_source(source, report, now)
        report.sources += 1
    return report
