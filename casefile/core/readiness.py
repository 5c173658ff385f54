"""Whether the site can serve pages: its database answers and every migration is applied.

``/health/`` tells a load balancer (200 or 503); ``casefile.wsgi`` says at start-up, in the log,
what is wrong. Neither ever shows how the database is reached (host, user, password).
"""

import logging

from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections, transaction
from django.db.migrations.executor import MigrationExecutor
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

logger = logging.getLogger("casefile.readiness")

_migrations_applied = False  # once applied, they stay applied for the life of the process


def problem(alias=DEFAULT_DB_ALIAS):
    """What keeps the database from serving the site, in a sentence without secrets, or None."""
    global _migrations_applied
    connection = connections[alias]
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        if not _migrations_applied:
            executor = MigrationExecutor(connection)
            unapplied = executor.migration_plan(executor.loader.graph.leaf_nodes())
            if unapplied:
                return f"{len(unapplied)} migration(s) not applied: run `manage.py migrate`."
            _migrations_applied = True
    except DatabaseError as error:
        # The driver's first line says what failed (refused, unknown host, no such file); drivers
        # never put the password in it. It goes to the log only, never into a response.
        detail = (str(error).strip().splitlines() or [""])[0][:200]
        return f"the database cannot be used ({type(error).__name__}: {detail}). Check DATABASE_URL and the database server."
    return None


@never_cache
@require_safe
@transaction.non_atomic_requests  # an atomic request would need the database before the check
def health(request):
    """200 when the site can serve pages, 503 when it cannot; the reason is in the server's log."""
    found = problem()
    if found is None:
        return JsonResponse({"status": "ok"})
    logger.error("Health check failed: %s", found)
    response = JsonResponse({"status": "unavailable"}, status=503)
    response._has_been_logged = True  # just above: Django need not log it again
    return response


def log_start_up_state():
    """At start-up: say clearly in the log when the database is not usable, then carry on.

    The server still starts, so that it serves as soon as the database does; until then
    ``/health/`` answers 503 and a load balancer sends it nobody.
    """
    found = problem()
    if found is not None:
        logger.error("Casefile cannot serve pages: %s Every page answers 500 until this is fixed.", found)
    connections.close_all()  # not shared with the workers a server forks
