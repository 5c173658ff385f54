"""``make bench``: the victims registry with 30,000 people. Skipped unless CASEFILE_BENCH is set."""

import datetime
import os
import time

import pytest
from django.db import connection
from django.urls import reverse

from casefile.core.text import search_text
from casefile.people.models import Person, Victim
from tests.factories import SiteFactory

pytestmark = pytest.mark.skipif(not os.environ.get("CASEFILE_BENCH"), reason="a benchmark: run it with make bench")

ROWS = int(os.environ.get("CASEFILE_BENCH_ROWS", "30000"))
# Generous bounds for a 2-core machine; the numbers measured are printed.
LIMIT_SECONDS = 1.0


@pytest.mark.django_db
def test_victims_registry_stays_fast_with_tens_of_thousands_of_rows(client):
    prisons = [SiteFactory(name=f"Prison {n}", kind="prison") for n in range(5)]
    grave = SiteFactory(name="Grave", kind="mass_grave")
    people = Person.objects.bulk_create(
        Person(
            name=f"Victim {n:06d}", slug=f"victim-{n}", state="published", search_text=search_text(f"Victim {n:06d}")
        )
        for n in range(ROWS)
    )
    Victim.objects.bulk_create(
        Victim(
            person=person,
            state="published",
            fate="executed",
            prison=prisons[n % 5],
            burial_site=grave if n % 3 == 0 else None,
            death_date=datetime.date(1987 + n % 3, 8, 1),
            death_date_precision="month",
        )
        for n, person in enumerate(people)
    )
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:  # as autovacuum would after an import
            cursor.execute("ANALYZE")
    url = reverse("public:victim_list")
    cases = {
        "first page": url,
        "page 300": f"{url}?page=300",
        "name search": f"{url}?q=victim+012345",
        "prison and year": f"{url}?prison={prisons[2].pk}&year=1988",
        "burial site, last page": f"{url}?burial_site={grave.pk}&page=last",
        "site-wide search": reverse("public:search") + "?q=victim+02999",
    }
    timings = {}
    for name, target in cases.items():
        client.get(target)  # warm the caches of the database
        start = time.perf_counter()
        response = client.get(target)
        timings[name] = time.perf_counter() - start
        assert response.status_code == 200, name
    print(f"\nVictims registry with {ROWS} victims:")
    for name, seconds in timings.items():
        print(f"  {name:<24} {seconds * 1000:7.1f} ms")
    assert max(timings.values()) < LIMIT_SECONDS, timings
