"""`make bench BENCH_ARGS="--review-batch 30000"`: an import of N draft victims submitted as one review
batch and published in one decision, with the time and query count of each step and of the batch's
review page. It empties its database (named *bench*), prints its figures and asserts nothing.
"""

import datetime
import time
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.test import Client, override_settings
from django.urls import reverse

from casefile import selectors
from casefile.core.text import search_text
from casefile.curation.loader import load_case_file
from casefile.people.models import Fate, Person, Victim
from casefile.places.models import Site

SEED = Path(settings.BASE_DIR) / "fixtures" / "seed_case.yaml"
FIRST = ["Ali", "Hossein", "Mohammad", "Zahra", "Maryam", "Fatemeh", "Reza", "Mehdi", "Roya", "Hamid"]
LAST = ["Ahmadi", "Karimi", "Rezaei", "Hosseini", "Mousavi", "Jafari", "Sadeghi", "Rahimi", "Ghasemi", "Nouri"]


def _name(n):
    return f"{FIRST[n % 10]} {LAST[(n // 10) % 10]} {n:05d}"


def _timed(function, repeat=1):
    start = time.perf_counter()
    result = function()
    return (time.perf_counter() - start) * 1000, result


class _QueryCounter(list):
    def __call__(self, execute, sql, params, many, context):
        self.append(sql)
        return execute(sql, params, many, context)


class Command(BaseCommand):
    help = "Measure submitting and publishing an import of N victims as one review batch. Prints figures."

    def add_arguments(self, parser):
        parser.add_argument("count", type=int)

    def handle(self, *args, count, **options):
        if "bench" not in str(connection.settings_dict["NAME"]):
            raise CommandError("The benchmark empties its database: run it on one named *bench* (make bench).")
        call_command("flush", interactive=False, verbosity=0)
        self.line("database", f"{connection.vendor} {connection.settings_dict['NAME']}")
        publisher = get_user_model().objects.create_superuser(username="bench-administrator", password=None)
        ms, case = _timed(lambda: load_case_file(SEED, publish_as=publisher))
        self.line("load the seed case", f"{ms:.0f} ms")
        self.review_batch(case, count, publisher)

    def review_batch(self, case, count, publisher):
        """Submit ``count`` draft victims as one batch (an import) and publish it: time and queries of each."""
        from casefile.core import workflow

        User = get_user_model()
        editor = User.objects.create_superuser(username="bench-editor", password=None)
        self.build_registry(case, count, state="draft")
        victims = list(Victim.objects.filter(state="draft"))
        queries = _QueryCounter()
        with connection.execute_wrapper(queries):
            ms, batch = _timed(
                lambda: workflow.submit_batch(victims, user=editor, reason=f"Bench import of {count} victims"), 1
            )
        self.line(f"submit_batch, {count} victims (+ their people)", f"{ms:.0f} ms, {len(queries)} queries")
        queries = _QueryCounter()
        with connection.execute_wrapper(queries):
            ms, _ = _timed(lambda: workflow.publish_batch(batch=batch, user=publisher), 1)
        self.line(f"publish_batch, {count} victims (+ their people)", f"{ms:.0f} ms, {len(queries)} queries")
        self.line("victims public afterwards", str(selectors.victims().count()))
        client = Client()
        client.force_login(publisher)
        with override_settings(
            STORAGES={
                **settings.STORAGES,
                "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
            },
            ALLOWED_HOSTS=["*"],
            REQUIRE_2FA=False,
        ):
            queries = _QueryCounter()
            with connection.execute_wrapper(queries):
                ms, response = _timed(lambda: client.get(reverse("admin:review_batch", args=[batch.pk])), 1)
        self.line("GET the batch's review page", f"{ms:.0f} ms, {len(queries)} queries, HTTP {response.status_code}")

    def line(self, what, figure):
        self.stdout.write(f"{what:<55} {figure}")

    @transaction.atomic
    def build_registry(self, case, count, state="published"):
        prisons = list(Site.objects.filter(kind="prison")) or [None]
        graves = list(Site.objects.filter(kind__in=["mass_grave", "cemetery"])) or [None]
        people = Person.objects.bulk_create(
            Person(name=_name(n), slug=f"victim-{n:05d}", search_text=search_text(_name(n)), state=state)
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
                state=state,
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
