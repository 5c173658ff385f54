"""Turn the free-text organisation of every position into an Organisation record it points to.

Texts that differ only in case or spelling folding ("Iranian judiciary", "Iranian Judiciary")
become one organisation. Past versions of positions in the history point to it too, so that no
organisation a position ever named is lost. The new organisations are drafts without citations:
an editor cites them and submits them for review.
"""

from django.db import migrations
from django.utils import timezone
from django.utils.text import slugify

from casefile.core.roles import sync_roles
from casefile.core.text import compact, search_text

REASON = "Created from the organisation text of positions"


def _slug(name, taken):
    base = (slugify(name) or "organisation")[:70]
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    taken.add(slug)
    return slug


def forwards(apps, schema_editor):
    Organisation = apps.get_model("people", "Organisation")
    HistoricalOrganisation = apps.get_model("people", "HistoricalOrganisation")
    Position = apps.get_model("people", "Position")
    HistoricalPosition = apps.get_model("people", "HistoricalPosition")

    texts = {}
    for model in (Position, HistoricalPosition):
        for text in model.objects.exclude(organisation="").values_list("organisation", flat=True).distinct():
            texts.setdefault(compact(text), text.strip())
    taken = set(Organisation.objects.values_list("slug", flat=True))
    by_key = {}
    now = timezone.now()
    for key, name in texts.items():
        organisation = Organisation.objects.create(
            name=name, slug=_slug(name, taken), search_text=search_text(name), kind="other"
        )
        cases = set()
        for position in Position.objects.filter(organisation__iexact=name).select_related("person"):
            cases |= set(position.person.cases.values_list("pk", flat=True))
        organisation.cases.set(cases)
        HistoricalOrganisation.objects.create(
            id=organisation.pk,
            name=organisation.name,
            slug=organisation.slug,
            search_text=organisation.search_text,
            kind=organisation.kind,
            state=organisation.state,
            created_at=organisation.created_at,
            updated_at=organisation.updated_at,
            history_date=now,
            history_type="+",
            history_change_reason=REASON,
        )
        by_key[key] = organisation
    for model in (Position, HistoricalPosition):
        for row in model.objects.exclude(organisation=""):
            organisation = by_key[compact(row.organisation)]
            model.objects.filter(pk=row.pk).update(organisation_record=organisation.pk)


def backwards(apps, schema_editor):
    Position = apps.get_model("people", "Position")
    HistoricalPosition = apps.get_model("people", "HistoricalPosition")
    Organisation = apps.get_model("people", "Organisation")
    names = dict(Organisation.objects.values_list("pk", "name"))
    for model in (Position, HistoricalPosition):
        for row in model.objects.exclude(organisation_record=None):
            model.objects.filter(pk=row.pk).update(organisation=names.get(row.organisation_record_id, ""))


class Migration(migrations.Migration):
    dependencies = [("people", "0030_organisations"), ("core", "0001_roles")]

    operations = [
        migrations.RunPython(forwards, backwards),
        # Organisations are a new kind of record: give each role its permissions on them.
        migrations.RunPython(sync_roles, migrations.RunPython.noop),
    ]
