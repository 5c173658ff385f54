from django.db import migrations

from casefile.core.roles import sync_roles


def persons_follow_their_victim_record(apps, schema_editor):
    """A victim has one publication state: its person takes the victim record's."""
    Person = apps.get_model("people", "Person")
    Victim = apps.get_model("people", "Victim")
    for state in Victim.objects.values_list("state", flat=True).distinct():
        Person.objects.filter(victim__state=state).exclude(state=state).update(state=state)


class Migration(migrations.Migration):
    dependencies = [
        ("people", "0004_witness_records"),
        ("events", "0003_witnesses_behind_codes"),
        ("core", "0001_roles"),
    ]

    operations = [
        migrations.RunPython(persons_follow_their_victim_record, migrations.RunPython.noop),
        # The private witness records are new: give each role its permissions on them.
        migrations.RunPython(sync_roles, migrations.RunPython.noop),
    ]
