"""`make bench`: build a registry of tens of thousands of victims and measure what readers wait for.

It prints its figures; it asserts nothing. Run it on a database made for it
(`make bench` uses a throw-away SQLite file, or BENCH_DATABASE_URL).
"""

import datetime
import resource
import statistics
import time
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.test import Client, override_settings
from django.urls import NoReverseMatch, reverse

from casefile import selectors
from casefile.core.text import search_text
from casefile.curation.loader import load_case_file
from casefile.curation.victims import import_victims
from casefile.people.models import Fate, Person, Victim, VictimCitation
from casefile.places.models import Site
from casefile.sources.models import Source, citation_models
from casefile.sources.verification import verify_evidence

SEED = Path(settings.BASE_DIR) / "fixtures" / "seed_case.yaml"
FIRST = ["Ali", "Hossein", "Mohammad", "Zahra", "Maryam", "Fatemeh", "Reza", "Mehdi", "Roya", "Hamid"]
LAST = ["Ahmadi", "Karimi", "Rezaei", "Hosseini", "Mousavi", "Jafari", "Sadeghi", "Rahimi", "Ghasemi", "Nouri"]

# What a copied citation keeps of the citation it copies: its passage and anchor.
COPIED = ["source_id", "quote", "start", "end", "prefix", "suffix", "verified", "capture_id", "anchor_status", "page"]


def _name(n):
    return f"{FIRST[n % 10]} {LAST[(n // 10) % 10]} {n:05d}"


def _timed(function, repeat):
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        result = function()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), result


class _QueryCounter(list):
    def __call__(self, execute, sql, params, many, context):
        self.append(sql)
        return execute(sql, params, many, context)


class Command(BaseCommand):
    help = "Measure import speed, search and page times with a large victims registry. Prints figures."

    def add_arguments(self, parser):
        parser.add_argument("--victims", type=int, default=30000)
        parser.add_argument("--repeat", type=int, default=5)
        parser.add_argument("--citations", type=int, default=50000, help="Citations to re-verify with verify_evidence.")

    def handle(self, *args, victims, repeat, citations, **options):
        if "bench" not in str(connection.settings_dict["NAME"]):
            raise CommandError("The benchmark empties its database: run it on one named *bench* (make bench).")
        call_command("flush", interactive=False, verbosity=0)
        self.line("database", f"{connection.vendor} {connection.settings_dict['NAME']}")

        publisher = get_user_model().objects.create_superuser(username="bench-administrator", password=None)
        ms, case = _timed(lambda: load_case_file(SEED, publish_as=publisher), 1)
        self.line("load the seed case", f"{ms:.0f} ms")

        ms, _ = _timed(lambda: self.build_registry(case, victims), 1)
        self.line(f"bulk-create {victims} victims", f"{ms:.0f} ms")

        rows = 1000
        csv = "name,other_names,fate,death_date\n" + "".join(
            f"Imported {_name(n)},Imported-{n:05d},executed,1988-08\n" for n in range(rows)
        )
        ms, _ = _timed(lambda: import_victims(csv, case=case), 1)
        self.line(f"import_victims, {rows} CSV rows (validated)", f"{ms:.0f} ms ({rows / ms * 1000:.0f} rows/s)")

        for query in ["Pourmohammadi", "rezaei 00020", "Hosseini"]:
            ms, count = _timed(lambda q=query: selectors.people().search(q).count(), repeat)
            self.line(f"Person.search({query!r})", f"{ms:.1f} ms, {count} found")

        with override_settings(
            STORAGES={
                **settings.STORAGES,
                "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
            },
            ALLOWED_HOSTS=["*"],
        ):
            self.pages(case, repeat)
        self.evidence(citations)
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        self.line("peak memory of this process", f"{peak:.0f} MiB")

    def evidence(self, count):
        """verify_evidence over the seed case's citations plus ``count`` more on the victims."""
        templates = [c for model in citation_models() for c in model.objects.filter(verified=True)]
        victims = list(Victim.objects.order_by("pk")[:count])
        if not templates or not victims:
            return
        VictimCitation.objects.bulk_create(
            VictimCitation(
                fact=victims[n % len(victims)],
                **{name: getattr(templates[n % len(templates)], name) for name in COPIED},
            )
            for n in range(count)
        )
        total = sum(model.objects.count() for model in citation_models())
        ms, report = _timed(verify_evidence, 1)
        self.line(f"verify_evidence, {total} citations", f"{ms / 1000:.1f} s ({report.summary()})")

        def new_captures():
            for source in Source.objects.exclude(snapshot=""):
                source.snapshot = "A note added at the top of a new capture.\n\n" + source.snapshot
                source.save()

        ms, _ = _timed(new_captures, 1)
        self.line(f"a new capture of every source, {total} citations re-anchored", f"{ms / 1000:.1f} s")
        ms, report = _timed(verify_evidence, 1)
        self.line(f"verify_evidence after it, {total} citations", f"{ms / 1000:.1f} s ({report.summary()})")

    def line(self, what, figure):
        self.stdout.write(f"{what:<55} {figure}")

    @transaction.atomic
    def build_registry(self, case, count):
        prisons = list(Site.objects.filter(kind="prison")) or [None]
        graves = list(Site.objects.filter(kind__in=["mass_grave", "cemetery"])) or [None]
        people = Person.objects.bulk_create(
            Person(name=_name(n), slug=f"victim-{n:05d}", search_text=search_text(_name(n)), state="published")
            for n in range(count)
        )
        victims = Victim.objects.bulk_create(
            Victim(
                person=person,
                fate=Fate.EXECUTED if n % 7 else Fate.DISAPPEARED,
                prison=prisons[n % len(prisons)],
                burial_site=graves[n % len(graves)] if n % 3 == 0 else None,
                death_date=datetime.date(1987 + n % 3, 8, 1),
                death_date_precision="month",
                state="published",
            )
            for n, person in enumerate(people)
        )
        Person.cases.through.objects.bulk_create(
            Person.cases.through(person_id=person.pk, case_id=case.pk) for person in people
        )
        Victim.cases.through.objects.bulk_create(
            Victim.cases.through(victim_id=victim.pk, case_id=case.pk) for victim in victims
        )
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:  # as autovacuum would after an import
                cursor.execute("ANALYZE")

    def pages(self, case, repeat):
        client = Client()
        person = Person.objects.filter(positions__isnull=False).first()
        victim = Victim.objects.order_by("pk").last()
        source = Source.objects.first()
        prison = Victim.objects.exclude(prison=None).values_list("prison", flat=True).first()
        grave = Victim.objects.exclude(burial_site=None).values_list("burial_site", flat=True).first()
        candidates = [
            ("front page", "public:home", {}, ""),
            ("case page", "public:case_detail", {"slug": case.slug}, ""),
            ("official's page", "public:person_detail", {"slug": person.slug}, ""),
            ("source page", "public:source_detail", {"slug": source.slug}, ""),
            ("victims registry, first page", "public:victim_list", {}, ""),
            ("victims registry, page 300", "public:victim_list", {}, "?page=300"),
            ("victims registry, last page", "public:victim_list", {}, "?page=last"),
            ("victims registry, name search", "public:victim_list", {}, "?q=rezaei+00020"),
            ("victims registry, prison and year", "public:victim_list", {}, f"?prison={prison}&year=1988"),
            ("victims registry, burial site, last page", "public:victim_list", {}, f"?burial_site={grave}&page=last"),
            ("victim page", "public:victim_detail", {"pk": victim.pk}, ""),
            ("search 'Pour-Mohammadi'", "public:search", {}, "?q=Pour-Mohammadi"),
            ("figures", "public:figure_list", {}, ""),
        ]
        for label, name, kwargs, query in candidates:
            try:
                url = reverse(name, kwargs=kwargs) + query
            except NoReverseMatch:
                self.line(f"GET {label}", "(no such page yet)")
                continue
            queries = _QueryCounter()
            with connection.execute_wrapper(queries):
                client.get(url)
            ms, response = _timed(lambda u=url: client.get(u), repeat)
            self.line(
                f"GET {label}",
                f"{ms:.1f} ms median of {repeat}, {len(queries)} queries, HTTP {response.status_code}, "
                f"{len(response.content) // 1024} KiB",
            )
