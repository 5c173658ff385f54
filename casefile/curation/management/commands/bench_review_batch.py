"""`make bench BENCH_ARGS="--review-batch 30000"`: an import of N draft victims submitted as one review
batch and published in one decision, with the time and query count of each step and of the batch's
review page. It empties its database (named *bench*), prints its figures and asserts nothing.
"""

import time

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from casefile import selectors
from casefile.curation.management.commands.generate_demo_data import generate
from casefile.people.models import Victim


def _timed(function):
    start = time.perf_counter()
    result = function()
    return (time.perf_counter() - start) * 1000, result


class Command(BaseCommand):
    help = "Measure submitting and publishing an import of N victims as one review batch. Prints figures."

    def add_arguments(self, parser):
        parser.add_argument("count", type=int)

    def handle(self, *args, count, **options):
        if "bench" not in str(connection.settings_dict["NAME"]):
            raise CommandError("The benchmark empties its database: run it on one named *bench* (make bench).")
        call_command("flush", interactive=False, verbosity=0)
        self.line("database", f"{connection.vendor} {connection.settings_dict['NAME']}")
        ms, _ = _timed(lambda: generate(victims=count, sites=20, officials=0, victims_state="draft"))
        self.line(f"generate_demo_data, {count} draft victims (bulk)", f"{ms:.0f} ms")
        publisher = get_user_model().objects.create_superuser(username="bench-administrator", password=None)
        self.review_batch(count, publisher)

    def review_batch(self, count, publisher):
        """Submit ``count`` draft victims as one batch (an import) and publish it: time and queries of each."""
        from casefile.core import workflow

        User = get_user_model()
        editor = User.objects.create_superuser(username="bench-editor", password=None)
        victims = list(Victim.objects.filter(state="draft"))
        with CaptureQueriesContext(connection) as queries:
            ms, batch = _timed(
                lambda: workflow.submit_batch(victims, user=editor, reason=f"Bench import of {count} victims")
            )
        self.line(f"submit_batch, {count} victims (+ their people)", f"{ms:.0f} ms, {len(queries)} queries")
        with CaptureQueriesContext(connection) as queries:
            ms, _ = _timed(lambda: workflow.publish_batch(batch=batch, user=publisher))
        self.line(f"publish_batch, {count} victims (+ their people)", f"{ms:.0f} ms, {len(queries)} queries")
        self.line("victims public afterwards", str(selectors.victims().count()))
        client = Client()
        client.force_login(publisher)
        with (
            override_settings(
                STORAGES={
                    **settings.STORAGES,
                    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
                },
                ALLOWED_HOSTS=["*"],
                REQUIRE_2FA=False,
            ),
            CaptureQueriesContext(connection) as queries,
        ):
            ms, response = _timed(lambda: client.get(reverse("admin:review_batch", args=[batch.pk])))
        self.line("GET the batch's review page", f"{ms:.0f} ms, {len(queries)} queries, HTTP {response.status_code}")

    def line(self, what, figure):
        self.stdout.write(f"{what:<55} {figure}")
