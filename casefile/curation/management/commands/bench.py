"""`make bench`: the site at the real registry's size, measured over HTTP as a reader meets it.

It empties its database (named *bench*), makes the synthetic case (``generate_demo_data``),
loads the curated seed case beside it, times a CSV import, counts each page's queries, then
serves the site with gunicorn and production settings on 127.0.0.1 and drives it with ``wrk``
at 1 and 10 clients: each page cached and uncached, beside a static file of the same size served
by the same server in the same run. Last, it submits the imported drafts as one review batch and
publishes it. It prints its figures and asserts nothing.

``--search-only`` measures name search alone, in process (no HTTP server): the registry search
and the search page for each kind of query a reader types, p50/p95 over ``--runs`` requests with
the page cache off, with each query's SQL count; ``--explain`` adds the plans of the name-search
queries. ``make bench`` runs it on PostgreSQL and on SQLite.
"""

import gc
import os
import re
import resource
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext

from casefile import selectors
from casefile.core import workflow
from casefile.curation.loader import load_case_file
from casefile.curation.management.commands.generate_demo_data import generate, synthetic_case
from casefile.curation.management.commands.import_records import import_file
from casefile.people.models import Person, Victim
from casefile.sources.models import Source, citation_models
from casefile.sources.verification import verify_evidence

SEED = Path(settings.BASE_DIR) / "fixtures" / "seed_case.yaml"
# wrk prints this line at the end of a run: requests, errors, p50, p95, p99 (microseconds), seconds.
WRK_SCRIPT = """
done = function(summary, latency, requests)
  local e = summary.errors
  local non2xx = e.status
  io.write(string.format("RESULT %d %d %d %d %d %f\\n", summary.requests,
    e.connect + e.read + e.write + e.timeout + non2xx,
    latency:percentile(50), latency:percentile(95), latency:percentile(99), summary.duration / 1e6))
end
"""


# (what a reader types, the query): the kinds of name search the registry must answer fast.
# The synthetic names (generate_demo_data) are "<first> <last> <number>" in several spellings.
NAME_SEARCHES = [
    ("an exact name", "Mohammad Eshraghi"),
    ("a transliteration variant", "Hosein Nayeri"),
    ("a misspelling no rule foresees", "Hosseinzadek"),
    ("a name in Persian script", "حسین نیری"),
    ("nothing found (did you mean)", "Zolfagari"),
]


def _timed(function):
    start = time.perf_counter()
    result = function()
    return (time.perf_counter() - start), result


class Command(BaseCommand):
    help = "Measure the site over HTTP with a large registry (gunicorn + wrk on 127.0.0.1). Prints figures."

    def add_arguments(self, parser):
        parser.add_argument("--victims", type=int, default=30000)
        parser.add_argument("--import-rows", type=int, default=30000)
        parser.add_argument("--seconds", type=int, default=4, help="length of each wrk run")
        parser.add_argument("--workers", type=int, default=3)
        parser.add_argument("--skip-http", action="store_true", help="build and count queries only (for tests)")
        parser.add_argument("--sources", type=int, default=5000, help="synthetic sources with an archived text")
        parser.add_argument(
            "--citations", type=int, default=50000, help="synthetic citations of their passages (verify_evidence)"
        )
        parser.add_argument(
            "--recapture", type=int, default=500, help="sources given a new capture, their citations re-anchored"
        )
        parser.add_argument(
            "--search-only",
            action="store_true",
            help="Instead: measure name search alone, in process (registry and search page), on this database.",
        )
        parser.add_argument("--runs", type=int, default=30, help="requests per name search measured (--search-only)")
        parser.add_argument("--explain", action="store_true", help="with --search-only: print the name search's plans")
        parser.add_argument(
            "--reuse",
            action="store_true",
            help="with --search-only: measure the synthetic case already in the database instead of making it again",
        )
        parser.add_argument(
            "--review-batch",
            type=int,
            default=0,
            metavar="N",
            help="Instead: submit an import of N draft victims as one review batch and publish it (bench_review_batch).",
        )

    def handle(
        self,
        *args,
        victims,
        import_rows,
        seconds,
        workers,
        skip_http,
        review_batch,
        sources,
        citations,
        recapture,
        **options,
    ):
        if "bench" not in str(connection.settings_dict["NAME"]):
            raise CommandError("The benchmark empties its database: run it on one named *bench* (make bench).")
        if review_batch:
            call_command("bench_review_batch", review_batch, stdout=self.stdout)
            return
        if options["search_only"]:
            if not (options["reuse"] and synthetic_case() is not None):
                call_command("flush", interactive=False, verbosity=0)
                took, counts = _timed(lambda: generate(victims=victims, sites=150, officials=100))
                self.line(f"generate_demo_data ({counts['victims']} victims, bulk)", f"{took:.1f} s")
                self.analyze()
            self.line("database", f"{connection.vendor} {connection.settings_dict['NAME']}")
            self.name_search(runs=options["runs"], explain=options["explain"])
            return
        if not skip_http and not shutil.which("wrk"):
            raise CommandError("wrk is not installed: apt-get install wrk")
        call_command("flush", interactive=False, verbosity=0)
        self.line("database", f"{connection.vendor} {connection.settings_dict['NAME']}")

        took, counts = _timed(
            lambda: generate(victims=victims, sites=150, officials=100, sources=sources, citations=citations)
        )
        self.line(f"generate_demo_data ({', '.join(f'{n} {what}' for what, n in counts.items())})", f"{took:.1f} s")
        publisher = get_user_model().objects.create_superuser(username="bench-administrator", password=None)
        took, case = _timed(lambda: load_case_file(SEED, publish_as=publisher))
        self.line("load the seed case", f"{took:.1f} s")
        if import_rows:
            path = Path(tempfile.mkdtemp(prefix="casefile-bench-import-")) / "victims.csv"
            path.write_text(
                "name,other_names,fate,death_date\n"
                + "".join(f"Imported Person {n:05d},Imported-{n:05d},executed,1988-08\n" for n in range(import_rows)),
                encoding="utf-8",
            )
            editor = get_user_model().objects.create_superuser(username="bench-editor", password=None)
            took, (batch, _) = _timed(lambda: import_file("victims", path, case=case, user=editor))
            shutil.rmtree(path.parent, ignore_errors=True)
            self.line(
                f"import_records victims, {import_rows} CSV rows (checked, one batch)",
                f"{took:.1f} s ({import_rows / took:.0f} rows/s)",
            )
        self.evidence(recapture)
        # The pages are measured as readers meet them some time after an import: the database has
        # cleaned up after its writes (autovacuum), instead of doing it during the measurements.
        self.analyze()

        pages = self.pages()
        sizes = self.count_queries(pages)
        self.name_search(runs=30)
        with override_settings(ALLOWED_HOSTS=["*"], API_ANONYMOUS_RATE="1000000/hour"):  # measured, not limited
            self.open_data()
        if not skip_http:
            self.serve_and_measure(pages, sizes, seconds, workers)
        if import_rows:  # after the pages were measured, so that they were measured at the size asked for
            with CaptureQueriesContext(connection) as queries:
                took, _ = _timed(lambda: workflow.publish_batch(batch=batch, user=publisher))
            self.line(f"publish_batch, the {import_rows} imported victims", f"{took:.1f} s, {len(queries)} queries")

    def analyze(self):
        """The database as after autovacuum (PostgreSQL: ``VACUUM ANALYZE``, which also lets counts read
        indexes alone) or ``PRAGMA optimize`` (SQLite: ``ANALYZE``): fresh statistics, no dead rows."""
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")

    def name_search(self, runs, explain=False):
        """Each kind of name search on the registry (paged by number, with a count) and on the search
        page, in process with the page cache off: p50/p95 over ``runs`` requests, and SQL queries."""
        client = Client()
        plain_static = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
        # As an app server does after loading (casefile/wsgi.py): what this process made so far (the
        # synthetic case, the import) is kept out of the garbage collector's walks during the requests.
        gc.collect()
        gc.freeze()
        with override_settings(
            PAGE_CACHE=False, ALLOWED_HOSTS=["*"], STORAGES={**settings.STORAGES, "staticfiles": plain_static}
        ):
            self.line("reference: the registry unsearched, paged by number", "")
            self.measure(client, "/victims/", {"page": 2}, runs)
            for what, query in NAME_SEARCHES:
                victims = selectors.victims().search(query).count()
                people = selectors.people_not_in_registry().search(query).count()
                found = f"{victims} victims, {people} other people found"
                if not victims + people:
                    found = f"nothing found, {len(selectors.people().nearest(query))} names suggested"
                self.line(f"name search: {what}", f"q={query} ({found})")
                for page in ("/victims/", "/search/"):
                    self.measure(client, page, {"q": query}, runs)
                if explain:
                    self.explain(query)

    def measure(self, client, page, data, runs):
        """One page, in process: p50/p95 over ``runs`` requests, of the whole request and of its SQL
        statements alone (the rest is Python: the view and its template), and its SQL queries."""
        client.get(page, data)  # once unmeasured: templates, connection
        times, sql_times = [], []
        for _ in range(runs):
            queries = []
            with connection.execute_wrapper(_counting(queries)):
                took, response = _timed(lambda: client.get(page, data))
            times.append(took * 1000)
            sql_times.append(sum(seconds for _sql, seconds in queries) * 1000)
        p50, p95 = _percentiles(times)
        sql_p50, sql_p95 = _percentiles(sql_times)
        self.line(
            f"  {page}?{next(iter(data), '')}=",
            f"p50 {p50:6.1f} ms  p95 {p95:6.1f} ms  (SQL p50 {sql_p50:5.1f} ms  p95 {sql_p95:5.1f} ms, "
            f"{len(queries)} queries, HTTP {response.status_code})",
        )

    def explain(self, query):
        """The plans of the registry's name search (its count and first page) and of the search page's."""
        # The compiled SQL explained directly: QuerySet.explain() puts its EXPLAIN inside the
        # subquery that a filter on a window (the search page's) is written as, which PostgreSQL refuses.
        explain = "EXPLAIN ANALYZE " if connection.vendor == "postgresql" else "EXPLAIN QUERY PLAN "
        matches = selectors.victims().search(query)
        plans = {
            "registry count (the rows it counts)": matches.order_by().values("pk"),
            "registry page": matches.select_related("person")[:50],
            "search page: people and victims": selectors.people_by_name_query(query, 20),
        }
        for label, queryset in plans.items():
            sql, params = queryset.query.sql_with_params()
            with connection.cursor() as cursor:
                cursor.execute(explain + sql, params)
                rows = cursor.fetchall()
            self.stdout.write(f"-- {query}: {label}")
            self.stdout.write("\n".join(str(row[-1]) for row in rows))

    def evidence(self, recapture):
        """verify_evidence over every citation (the synthetic case's and the seed case's), then again
        after a new capture of ``recapture`` sources (each of their citations re-anchored)."""
        total = sum(model.objects.count() for model in citation_models())
        took, report = _timed(verify_evidence)
        self.line(f"verify_evidence, {total} citations", f"{took:.1f} s ({report.summary()})")
        if not recapture:
            return
        sources = list(Source.objects.exclude(snapshot="").order_by("pk")[:recapture])
        anchored = sum(model.objects.filter(source__in=sources).count() for model in citation_models())

        def new_captures():
            for source in sources:
                source.snapshot = "A note added at the top of a new capture.\n\n" + source.snapshot
                source.save()

        took, _ = _timed(new_captures)
        self.line(f"a new capture of {len(sources)} sources, {anchored} citations re-anchored", f"{took:.1f} s")
        took, report = _timed(verify_evidence)
        self.line(f"verify_evidence after it, {total} citations", f"{took:.1f} s ({report.summary()})")

    def open_data(self):
        """The API's first and a deep cursor page, and the whole registry streamed as CSV (in process)."""
        client = Client()
        took, response = _timed(lambda: client.get("/api/v1/victims/?page_size=100"))
        self.line("API victims, first page of 100", f"{took * 1000:.1f} ms, HTTP {response.status_code}")
        hops = 0
        while hops < 200 and response.status_code == 200 and response.json()["next"]:
            response, hops = client.get(response.json()["next"]), hops + 1
        deep = response.request["PATH_INFO"] + "?" + response.request["QUERY_STRING"]
        took, response = _timed(lambda: client.get(deep))
        self.line(f"API victims, page {hops + 1} of 100 (cursor)", f"{took * 1000:.1f} ms, HTTP {response.status_code}")
        start = time.perf_counter()
        streamed = client.get("/data/victims.csv")
        size = sum(len(chunk) for chunk in streamed.streaming_content)
        self.line("/data/victims.csv (all, streamed)", f"{time.perf_counter() - start:.1f} s, {size // 1024} KiB")

    def line(self, what, figure):
        self.stdout.write(f"{what:<58} {figure}")
        self.stdout.flush()

    def pages(self):
        demo = synthetic_case()
        official = Person.objects.filter(positions__isnull=False, cases=demo).order_by("pk").first()
        victim = Victim.objects.filter(cases=demo).order_by("pk").last()
        source = Source.objects.order_by("pk").first()
        registry = selectors.victims().order_by("person__name", "pk").values_list("pk", flat=True)
        deep = registry[min(299 * 50, registry.count() - 1) - 1] if registry.count() > 1 else victim.pk
        pages = [
            ("front", "/"),
            ("case", demo.get_absolute_url()),
            ("registry, first page", "/victims/"),
            ("registry, page 300 (cursor)", f"/victims/?after={deep}"),
            ("registry, page 300 (number)", "/victims/?page=300"),
            ("registry, name search", "/victims/?q=Husayn+Nairi"),
            ("victim", victim.get_absolute_url()),
            ("official", official.get_absolute_url()),
            ("search, a name", "/search/?q=Mohammed+Eshraqi"),
        ]
        if source is not None:
            pages.append(("source", source.get_absolute_url()))
        return pages

    def count_queries(self, pages):
        sizes = {}
        client = Client()
        plain_static = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
        with override_settings(
            PAGE_CACHE=False, ALLOWED_HOSTS=["*"], STORAGES={**settings.STORAGES, "staticfiles": plain_static}
        ):
            for label, url in pages:
                with CaptureQueriesContext(connection) as queries:
                    response = client.get(url)
                sizes[label] = len(response.content)
                self.line(
                    f"queries: {label}",
                    f"{len(queries)} queries, HTTP {response.status_code}, {len(response.content) // 1024} KiB",
                )
        return sizes

    def serve_and_measure(self, pages, sizes, seconds, workers):
        work = Path(tempfile.mkdtemp(prefix="casefile-bench-"))
        static_root = work / "static"
        env = {
            **os.environ,
            "DEBUG": "False",
            "SECURE_SSL_REDIRECT": "False",
            "SECURE_HSTS_SECONDS": "0",
            "STATIC_ROOT": str(static_root),
            "ALLOWED_HOSTS": "127.0.0.1",
            "DATABASE_URL": os.environ.get("DATABASE_URL", ""),
            "CACHE_KEY_PREFIX": f"bench-{os.getpid()}-{time.time_ns()}",
            "LOG_LEVEL": "ERROR",
        }
        env.setdefault("SECRET_KEY", "bench-only-not-a-secret")
        redis = env.get("REDIS_URL") or ("redis://127.0.0.1:6379/15" if _port_open(6379) else "")
        env["REDIS_URL"] = redis
        self.line("page cache", f"Redis {redis}" if redis else "local memory (no Redis found)")
        subprocess.run(
            [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
            env=env,
            check=True,
            cwd=settings.BASE_DIR,
        )
        # Static files of each page's size, served by the same server: the floor a page can reach.
        for label, size in sizes.items():
            (static_root / f"bench-{_slug(label)}.html").write_bytes(b"x" * size)
        script = work / "report.lua"
        script.write_text(WRK_SCRIPT)

        results = {}
        # Free ports, not fixed ones: another bench on the same machine must not answer for this one.
        for mode, port in (("cached", _free_port()), ("uncached", _free_port())):
            server = self.start(env | {"PAGE_CACHE": str(mode == "cached")}, port, workers)
            try:
                for label, url in pages:
                    # Unmeasured first: each worker's first request of a page compiles its templates
                    # and opens its database connection, which a reader meets once per server start.
                    _wrk(port, url, workers * 2, 1, script)
                    for clients in (1, 10):
                        results[(label, mode, clients)] = _wrk(port, url, clients, seconds, script)
                        if mode == "cached":
                            static = f"/static/bench-{_slug(label)}.html"
                            results[(label, "static", clients)] = _wrk(port, static, clients, seconds, script)
                self.line(f"peak memory per worker ({mode})", f"{_peak_worker_memory(server.pid):.0f} MiB")
            finally:
                server.send_signal(signal.SIGTERM)
                server.wait(timeout=30)
        shutil.rmtree(work, ignore_errors=True)
        self.report(pages, results)
        self.line("peak memory of this process", f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB")

    def start(self, env, port, workers):
        server = subprocess.Popen(  # noqa: S603 - our own gunicorn, fixed arguments, loopback only
            [
                str(Path(sys.executable).parent / "gunicorn"),
                "casefile.wsgi",
                f"--bind=127.0.0.1:{port}",
                f"--workers={workers}",
                "--log-level=warning",
            ],
            env=env,
            cwd=settings.BASE_DIR,
        )
        for _ in range(100):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/health/", timeout=1)  # noqa: S310 - loopback only
                break
            except OSError:
                time.sleep(0.2)
        else:
            server.kill()
            raise CommandError(f"gunicorn did not answer on 127.0.0.1:{port}")
        return server

    def report(self, pages, results):
        self.stdout.write("")
        self.stdout.write(
            f"{'page':<30}{'mode':<10}{'1 client p50/p95 ms':>22}{'req/s':>8}"
            f"{'10 clients p50/p95 ms':>24}{'req/s':>8}{'errors':>8}{'p50 vs static':>15}"
        )
        for label, _url in pages:
            static_p50 = results[(label, "static", 1)]["p50"]
            for mode in ("cached", "uncached", "static"):
                one, ten = results[(label, mode, 1)], results[(label, mode, 10)]
                ratio = f"x{one['p50'] / static_p50:.1f}" if static_p50 else "-"
                self.stdout.write(
                    f"{label:<30}{mode:<10}{one['p50']:>10.2f} /{one['p95']:>8.2f}  {one['rps']:>8.0f}"
                    f"{ten['p50']:>12.2f} /{ten['p95']:>8.2f}  {ten['rps']:>8.0f}"
                    f"{one['errors'] + ten['errors']:>8}{ratio:>15}"
                )


def _counting(queries):
    """An execute wrapper that keeps each SQL statement run, with its seconds (not the transaction's own)."""

    def wrapper(execute, sql, params, many, context):
        start = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            if not sql.startswith(("BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE SAVEPOINT")):
                queries.append((sql, time.perf_counter() - start))

    return wrapper


def _percentiles(times):
    """The median and the 95th percentile of ``times``."""
    cuts = statistics.quantiles(times, n=20, method="inclusive")
    return statistics.median(times), cuts[18]


def _slug(label):
    return re.sub(r"[^a-z0-9]+", "-", label.lower()).strip("-")


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _port_open(port):
    with socket.socket() as sock:
        sock.settimeout(0.5)
        return sock.connect_ex(("127.0.0.1", port)) == 0


def _wrk(port, url, clients, seconds, script):
    """One bounded wrk run against 127.0.0.1 (gzip accepted, as browsers do)."""
    output = subprocess.run(  # noqa: S603 - wrk from PATH, fixed arguments, loopback only
        [
            shutil.which("wrk"),
            f"-t{min(clients, 2)}",
            f"-c{clients}",
            f"-d{seconds}s",
            "--timeout=10s",
            "-H",
            "Accept-Encoding: gzip",
            "-s",
            str(script),
            f"http://127.0.0.1:{port}{url}",
        ],
        capture_output=True,
        text=True,
        timeout=seconds + 60,
        check=True,
    ).stdout
    found = re.search(r"RESULT (\d+) (\d+) (\d+) (\d+) (\d+) ([\d.]+)", output)
    requests, errors, p50, p95, p99, duration = found.groups()
    return {
        "requests": int(requests),
        "errors": int(errors),
        "p50": int(p50) / 1000,
        "p95": int(p95) / 1000,
        "p99": int(p99) / 1000,
        "rps": int(requests) / float(duration),
    }


def _peak_worker_memory(master_pid):
    """The largest peak resident size (VmHWM) among gunicorn's workers, in MiB."""
    peak = 0
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            text = status.read_text()
        except OSError:
            continue
        if re.search(rf"^PPid:\s+{master_pid}$", text, re.M):
            found = re.search(r"^VmHWM:\s+(\d+) kB", text, re.M)
            peak = max(peak, int(found.group(1)) / 1024 if found else 0)
    return peak
