"""A public page reads the database in one snapshot, its template included.

Django's ``ATOMIC_REQUESTS`` puts a transaction around the view alone: the template, which reads
a list's rows, ran after it had committed. And on PostgreSQL each statement of a transaction
reads the database as it stands when the statement starts (``READ COMMITTED``), so a list's count
and its rows could disagree while an editor published. A page wrapped here is read in a
``REPEATABLE READ`` transaction (PostgreSQL: every statement sees the first one's snapshot;
SQLite: a transaction always does) and rendered before the transaction ends.
"""

import functools

from django.db import transaction


def in_one_snapshot(view):
    """``view``, read and rendered in one transaction that sees one snapshot of the database."""

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        connection = transaction.get_connection()
        # A kept connection is checked before it is used (CONN_HEALTH_CHECKS, with "SELECT 1"): here,
        # before the transaction, whose first statement must set its isolation level.
        connection.close_if_health_check_failed()
        with transaction.atomic():
            if connection.vendor == "postgresql" and not connection.savepoint_ids:  # not inside another transaction
                with connection.cursor() as cursor:
                    cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
            response = view(request, *args, **kwargs)
            if callable(getattr(response, "render", None)):
                response.render()
        return response

    # The transaction is this one, not the one ATOMIC_REQUESTS would put around the view alone.
    return transaction.non_atomic_requests(wrapped)
