"""Data steps of the migrations that brought captures and anchors (kept here, used by several apps).

Existing sources get a first capture of their archived text (and of their file); their
existing verified citations are tied to it. Nothing is changed in the texts themselves.
"""

import hashlib

from django.utils.text import slugify


def first_captures(apps, schema_editor):
    Source = apps.get_model("sources", "Source")
    SourceCapture = apps.get_model("sources", "SourceCapture")
    for source in Source.objects.all().iterator():
        if not source.publisher_key and source.publisher:
            Source.objects.filter(pk=source.pk).update(publisher_key=slugify(source.publisher)[:100])
        if SourceCapture.objects.filter(source=source).exists() or not (source.snapshot or source.file):
            continue
        capture = SourceCapture(
            source=source,
            captured_at=source.updated_at,
            text=source.snapshot,
            text_sha256=hashlib.sha256(source.snapshot.encode()).hexdigest() if source.snapshot else "",
            size=len(source.snapshot.encode()),
        )
        if source.file:
            try:
                with source.file.storage.open(source.file.name, "rb") as handle:
                    data = handle.read()
            except OSError:
                data = None
            if data is not None:
                capture.file = source.file.name
                capture.size = len(data)
                capture.file_sha256 = hashlib.sha256(data).hexdigest()
                capture.media_type = {"pdf": "application/pdf", "html": "text/html", "htm": "text/html"}.get(
                    source.file.name.rsplit(".", 1)[-1].lower(), "text/plain"
                )
        capture.save()


def anchor_existing(app_label, *model_names):
    """A RunPython step tying the verified citations of ``model_names`` to their source's first capture."""

    def step(apps, schema_editor):
        SourceCapture = apps.get_model("sources", "SourceCapture")
        for name in model_names:
            model = apps.get_model(app_label, name)
            for capture in SourceCapture.objects.order_by("source_id", "pk").distinct():
                model.objects.filter(source_id=capture.source_id, verified=True, capture__isnull=True).update(
                    capture=capture, anchor_status="verified"
                )

    return step
