"""`manage.py generate_demo_data`: a synthetic case at the real registry's size, for benchmarks and demos.

Every row belongs to one case titled "SYNTHETIC DEMO DATA", whose records are made up: victims
with Latin and Persian-script names in the spellings sources use for one name (so that search is
measured on realistic variants), prisons and graves, officials with positions, sources with an
archived text (one capture each) and citations of passages of that text on the victims and the
officials' positions, anchored and verified as an editor's citation would be. It refuses a
database that holds any other case, so that made-up rows never mix with a real case.
"""

import datetime
import random

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from casefile.cases.models import Case
from casefile.core.cache import content_changed
from casefile.core.slugs import slugify
from casefile.core.text import search_text
from casefile.people.models import (
    Fate,
    Person,
    PersonName,
    Position,
    PositionCitation,
    PositionKind,
    Victim,
    VictimCitation,
)
from casefile.places.models import Site, SiteKind
from casefile.sources import matching
from casefile.sources.models import AnchorStatus, Source, SourceCapture, SourceKind

SYNTHETIC_TITLE = "SYNTHETIC DEMO DATA (made up, not a real case)"
SYNTHETIC_SLUG = "synthetic-demo-data"

# (usual spelling, other spellings, Persian script)
FIRST = [
    ("Hossein", ["Hosein", "Husayn", "Hussein"], "حسین"),
    ("Mohammad", ["Muhammad", "Mohamad", "Mohammed"], "محمد"),
    ("Ali", ["Aly"], "علی"),
    ("Zahra", ["Zahraa"], "زهرا"),
    ("Maryam", ["Mariam"], "مریم"),
    ("Fatemeh", ["Fateme", "Fatima"], "فاطمه"),
    ("Reza", ["Rida"], "رضا"),
    ("Mehdi", ["Mahdi"], "مهدی"),
    ("Esmaeil", ["Ismail", "Esmail"], "اسماعیل"),
    ("Javad", ["Djavad", "Jawad"], "جواد"),
    ("Yousef", ["Yusuf"], "یوسف"),
    ("Roya", [], "رویا"),
]
LAST = [
    ("Eshraghi", ["Eshraqi"], "اشراقی"),
    ("Nayyeri", ["Nayeri", "Nairi"], "نیری"),
    ("Mousavi", ["Musavi", "Moosavi"], "موسوی"),
    ("Ghasemi", ["Qasemi"], "قاسمی"),
    ("Hosseinzadeh", ["Hosseinzade", "Hossein-zadeh"], "حسین‌زاده"),
    ("Karimi", ["Kareemi"], "کریمی"),
    ("Rezaei", ["Rezaee", "Rezai"], "رضایی"),
    ("Ahmadi", ["Ahmady"], "احمدی"),
    ("Jafari", ["Jafary", "Ja'fari"], "جعفری"),
    ("Sadeghi", ["Sadeqi"], "صادقی"),
    ("Rahimi", [], "رحیمی"),
    ("Nouri", ["Nuri"], "نوری"),
    ("Zolfaghari", ["Zolfaqari"], "ذوالفقاری"),
    ("Shahrokhi", ["Shahrukhi"], "شاهرخی"),
]


def synthetic_case():
    return Case.objects.filter(slug=SYNTHETIC_SLUG).first()


class Command(BaseCommand):
    help = "Make a synthetic case of a given size (clearly marked made-up) for benchmarks and demos."

    def add_arguments(self, parser):
        parser.add_argument("--victims", type=int, default=30000)
        parser.add_argument("--sites", type=int, default=150)
        parser.add_argument("--officials", type=int, default=100)
        parser.add_argument("--sources", type=int, default=5000)
        parser.add_argument("--citations", type=int, default=50000)
        parser.add_argument("--seed", type=int, default=1988)

    def handle(self, *args, victims, sites, officials, sources, citations, seed, **options):
        if Case.objects.exclude(slug=SYNTHETIC_SLUG).exists():
            raise CommandError(
                "This database holds a real case: generate synthetic data only on a database of its own."
            )
        if synthetic_case() is not None:
            raise CommandError("The synthetic case exists already: flush the database first.")
        counts = generate(
            victims=victims, sites=sites, officials=officials, sources=sources, citations=citations, seed=seed
        )
        self.stdout.write(", ".join(f"{n} {what}" for what, n in counts.items()))


@transaction.atomic
def generate(*, victims, sites, officials, sources=0, citations=0, seed=1988, victims_state="published"):
    """Bulk-create the synthetic case (published, as a demo needs it shown): one transaction, no history.

    ``victims_state="draft"`` makes the victims and their people drafts, as an import leaves them
    before review (the review-batch benchmark).
    """
    rng = random.Random(seed)  # noqa: S311 - made-up names, not secrets
    published = {"state": "published"}
    case = Case.objects.create(
        title=SYNTHETIC_TITLE,
        slug=SYNTHETIC_SLUG,
        summary="Every record of this case is made up by `manage.py generate_demo_data`, to measure the site.",
        **published,
    )
    kinds = [SiteKind.PRISON, SiteKind.MASS_GRAVE, SiteKind.CEMETERY, SiteKind.EXECUTION_SITE]
    site_rows = Site.objects.bulk_create(
        Site(
            name=f"Synthetic site {n:03d}",
            slug=f"synthetic-site-{n:03d}",
            kind=kinds[n % len(kinds)],
            search_text=search_text(f"Synthetic site {n:03d}"),
            **published,
        )
        for n in range(sites)
    )
    prisons = [s for s in site_rows if s.kind == SiteKind.PRISON] or [None]
    graves = [s for s in site_rows if s.kind in (SiteKind.MASS_GRAVE, SiteKind.CEMETERY)] or [None]

    people, aliases = [], []
    for n in range(victims + officials):
        first, last = FIRST[rng.randrange(len(FIRST))], LAST[rng.randrange(len(LAST))]
        name = f"{first[0]} {last[0]} {n:05d}"
        other = [f"{f} {la} {n:05d}" for f in first[1][:1] for la in (last[1][:1] or [last[0]])]
        name_fa = f"{first[2]} {last[2]}"
        person = Person(
            name=name,
            name_fa=name_fa,
            slug=f"{slugify(name)}",
            search_text=search_text(name, name_fa, *other, sounds=True),
            state=victims_state if n < victims else "published",
        )
        people.append(person)
        aliases.append(other)
    people = Person.objects.bulk_create(people, batch_size=2000)
    PersonName.objects.bulk_create(
        (PersonName(person=p, name=a, script="latin") for p, names in zip(people, aliases, strict=True) for a in names),
        batch_size=5000,
    )
    victim_rows = Victim.objects.bulk_create(
        (
            Victim(
                person=person,
                fate=Fate.EXECUTED if n % 7 else Fate.DISAPPEARED,
                prison=prisons[n % len(prisons)],
                burial_site=graves[n % len(graves)] if n % 3 == 0 else None,
                death_date=datetime.date(1987 + n % 3, 1 + n % 12, 1),
                death_date_precision="month",
                state=victims_state,
            )
            for n, person in enumerate(people[:victims])
        ),
        batch_size=2000,
    )
    position_kinds = list(PositionKind)
    positions = Position.objects.bulk_create(
        Position(
            person=person,
            kind=position_kinds[n % len(position_kinds)],
            title=f"Synthetic position {n}",
            start_date=datetime.date(1985 + n % 5, 1, 1),
            start_date_precision="year",
        )
        for n, person in enumerate(people[victims:])
    )
    Position.sites.through.objects.bulk_create(
        Position.sites.through(position_id=p.pk, site_id=site_rows[n % len(site_rows)].pk)
        for n, p in enumerate(positions)
    )
    Person.cases.through.objects.bulk_create(
        (Person.cases.through(person_id=p.pk, case_id=case.pk) for p in people), batch_size=5000
    )
    Victim.cases.through.objects.bulk_create(
        (Victim.cases.through(victim_id=v.pk, case_id=case.pk) for v in victim_rows), batch_size=5000
    )
    Site.cases.through.objects.bulk_create(Site.cases.through(site_id=s.pk, case_id=case.pk) for s in site_rows)
    counts = {"victims": len(victim_rows), "officials": len(positions), "sites": len(site_rows)}
    if sources:
        counts |= cited_sources(rng, sources, citations, victim_rows, positions)
    content_changed()  # a bulk insert sends no signals
    return counts


PARAGRAPHS_PER_SOURCE = 12
# One in this many citations is of an official's position, the others of victims.
POSITION_SHARE = 10


def synthetic_text(rng, n, names):
    """A made-up archived text: paragraphs of sentences, some naming the people ``names`` lists.

    Returns the text and the (start, end) of each sentence, for citations to quote.
    """
    parts, sentences, at = [], [], 0
    for paragraph in range(PARAGRAPHS_PER_SOURCE):
        line = []
        for sentence in range(4):
            name = names[rng.randrange(len(names))]
            text = (
                f"Synthetic statement {paragraph}.{sentence} of made-up source {n:04d}: according to this "
                f"invented account, {name} was held in a synthetic prison in the summer of 1988."
            )
            start = at + sum(len(s) + 1 for s in line)
            sentences.append((start, start + len(text)))
            line.append(text)
        paragraph_text = " ".join(line)
        parts.append(paragraph_text)
        at += len(paragraph_text) + 2
    return "\n\n".join(parts), sentences


def cited_sources(rng, sources, citations, victims, positions):
    """``sources`` published made-up sources, each with one capture of its text, and ``citations``
    verified citations of their sentences: most on victims, one in ``POSITION_SHARE`` on positions."""
    names = [victim.person.name for victim in victims[:2000]] or ["an unnamed prisoner"]
    texts = [synthetic_text(rng, n, names) for n in range(sources)]
    source_rows = Source.objects.bulk_create(
        (
            Source(
                title=f"Synthetic source {n:04d} (made up)",
                slug=f"synthetic-source-{n:04d}",
                kind=SourceKind.OTHER,
                publisher=f"Synthetic publisher {n % 250:03d}",
                publisher_key=f"synthetic-publisher-{n % 250:03d}",
                published_on=datetime.date(1990 + n % 35, 1 + n % 12, 1),
                published_on_precision="month",
                snapshot=text,
                snapshot_sha256=matching.sha256(text),
                state="published",
            )
            for n, (text, _sentences) in enumerate(texts)
        ),
        batch_size=500,
    )
    captures = SourceCapture.objects.bulk_create(
        (
            SourceCapture(
                source=source,
                text=source.snapshot,
                text_sha256=source.snapshot_sha256,
                size=len(source.snapshot.encode("utf-8")),
            )
            for source in source_rows
        ),
        batch_size=500,
    )
    rows = {VictimCitation: [], PositionCitation: []}
    for n in range(citations if victims or positions else 0):
        index = n % len(source_rows)
        text, sentences = texts[index]
        start, end = sentences[(n // len(source_rows)) % len(sentences)]
        on_position = positions and (n % POSITION_SHARE == 0 or not victims)
        model, facts = (PositionCitation, positions) if on_position else (VictimCitation, victims)
        rows[model].append(
            model(
                fact=facts[len(rows[model]) % len(facts)],  # spread evenly over the facts of each kind
                source=source_rows[index],
                capture=captures[index],
                quote=text[start:end],
                start=start,
                end=end,
                prefix=text[max(0, start - matching.CONTEXT_LENGTH) : start],
                suffix=text[end : end + matching.CONTEXT_LENGTH],
                verified=True,
                anchor_status=AnchorStatus.VERIFIED,
            )
        )
    for model, objects in rows.items():
        model.objects.bulk_create(objects, batch_size=2000)
    return {"sources": len(source_rows), "citations": sum(len(objects) for objects in rows.values())}
