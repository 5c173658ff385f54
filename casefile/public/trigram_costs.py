"""On PostgreSQL: tell the planner what a trigram word similarity costs.

pg_trgm declares its functions as cheap as an integer comparison (COST 1), so that the planner
computes "%>" (word similarity) on every row of the people table rather than asking the trigram
index, which is ten times faster at 30,000 people. A cost of 100 makes it ask the index.

Set by migration ``public.0002_trigram_costs`` and again by ``manage.py restore`` (pg_dump does
not keep a change to an extension's functions). Changing a function needs its owner: where the
site's database user does not own the extension (it was created by a superuser), the costs are
left as they are, with a warning; search finds the same names, more slowly.
"""

import logging

from django.db import DatabaseError, transaction

logger = logging.getLogger(__name__)

FUNCTIONS = ("word_similarity", "word_similarity_op", "word_similarity_commutator_op")
COST = 100
PG_TRGM_COST = 1


def set_costs(connection, cost=COST):
    """Set the cost of pg_trgm's word-similarity functions on ``connection`` (PostgreSQL only)."""
    if connection.vendor != "postgresql":
        return
    try:
        with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
            for function in FUNCTIONS:
                # Literal names and an integer: a function's cost has no Django operation.
                cursor.execute(f"ALTER FUNCTION {function}(text, text) COST {int(cost)}")
    except DatabaseError as error:
        logger.warning("Trigram search costs left unchanged (%s); name search stays correct, only slower.", error)
