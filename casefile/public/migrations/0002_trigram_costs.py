"""On PostgreSQL: price pg_trgm's word similarity so that the planner uses the trigram index
(see ``casefile.public.trigram_costs``)."""

from django.db import migrations

from casefile.public import trigram_costs


def set_costs(apps, schema_editor):
    trigram_costs.set_costs(schema_editor.connection)


def reset_costs(apps, schema_editor):
    trigram_costs.set_costs(schema_editor.connection, cost=trigram_costs.PG_TRGM_COST)


class Migration(migrations.Migration):
    dependencies = [("public", "0001_search")]

    operations = [migrations.RunPython(set_costs, reset_costs)]
