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
from casefile.people.models import Fate, Person, Victim
from casefile.places.models import Site
from casefile.sources.models import Source

SEED = Path(settings.BASE_DIR) / "fixtures" / "seed_case.yaml"
FIRST = ["Ali", "Hossein", "Mohammad", "Zahra", "Maryam", "Fatemeh", "Reza", "Mehdi", "Roya", "Hamid"]
LAST = ["Ahmadi", "Karimi", "Rezaei", "Hosseini", "Mousavi", "Jafari", "Sadeghi", "Rahimi", "Ghasemi", "Nouri"]


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
        parser.add_argument("--import-rows", type=int, default=30000, help="rows of the CSV import measured")
        parser.add_argument("--repeat", type=int, default=5)

    def handle(self, *args, victims, repeat, import_rows, **options):
        if "bench" not in str(connection.settings_dict["NAME"]):
            raise CommandError("The benchmark empties its database: run it on one named *bench* (make bench).")
        call_command("flush", interactive=False, verbosity=0)
        self.line("database", f"{connection.vendor} {connection.settings_dict['NAME']}")

        publisher = get_user_model().objects.create_superuser(username="bench-administrator", password=None)
        ms, case = _timed(lambda: load_case_file(SEED, publish_as=publisher), 1)
        self.line("load the seed case", f"{ms:.0f} ms")

        ms, _ = _timed(lambda: self.build_registry(case, victims), 1)
        self.line(f"bulk-create {victims} victims", f"{ms:.0f} ms")

        rows = import_rows
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
            API_ANONYMOUS_RATE="1000000/hour",  # measured, not limited
        ):
            self.pages(case, repeat)
            self.open_data(repeat)
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        self.line("peak memory of this process", f"{peak:.0f} MiB")

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

    def open_data(self, repeat):
        """The API's first and a deep cursor page, and the whole registry streamed as CSV."""
        client = Client()
        url, hops = "/api/v1/victims/?page_size=100", 0
        ms, response = _timed(lambda: client.get(url), repeat)
        self.line("GET API victims, first page of 100", f"{ms:.1f} ms median of {repeat}, HTTP {response.status_code}")
        while hops < 200 and response.status_code == 200 and response.json()["next"]:
            response, hops = client.get(response.json()["next"]), hops + 1
        deep = response.request["PATH_INFO"] + "?" + response.request["QUERY_STRING"]
        ms, response = _timed(lambda: client.get(deep), repeat)
        self.line(f"GET API victims, page {hops + 1} of 100 (cursor)", f"{ms:.1f} ms median of {repeat}")
        start = time.perf_counter()
        streamed = client.get("/data/victims.csv")
        size = sum(len(chunk) for chunk in streamed.streaming_content)
        ms = (time.perf_counter() - start) * 1000
        self.line("GET /data/victims.csv (all, streamed)", f"{ms:.0f} ms, {size // 1024} KiB")

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
