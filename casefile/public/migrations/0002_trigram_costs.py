"""On PostgreSQL: tell the planner what a trigram word similarity costs.

pg_trgm declares its functions as cheap as an integer comparison (COST 1), so that the planner
computes "%>" (word similarity) on every row of the people table rather than asking the trigram
index, which is ten times faster at 30,000 people. A cost of 100 makes it ask the index.
pg_dump does not keep a change to an extension's functions: on a restored database, run
``manage.py migrate public 0001 && manage.py migrate public`` to set the costs again (without
them, search finds the same names, more slowly).
"""

from django.db import migrations

# Literal statements: a function's cost has no Django operation.
SET_COSTS = [
    "ALTER FUNCTION word_similarity(text, text) COST 100",
    "ALTER FUNCTION word_similarity_op(text, text) COST 100",
    "ALTER FUNCTION word_similarity_commutator_op(text, text) COST 100",
]
RESET_COSTS = [
    "ALTER FUNCTION word_similarity(text, text) COST 1",
    "ALTER FUNCTION word_similarity_op(text, text) COST 1",
    "ALTER FUNCTION word_similarity_commutator_op(text, text) COST 1",
]


def set_costs(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for statement in SET_COSTS:
        schema_editor.execute(statement)


def reset_costs(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for statement in RESET_COSTS:
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("public", "0001_search")]

    operations = [migrations.RunPython(set_costs, reset_costs)]
