"""Every person's search text gains the sound keys of their names (casefile.core.text.sound_keys).

Names are read in batches, with the rule the model uses on save, so that old rows find their
other spellings as new ones do.
"""

from django.db import migrations

from casefile.core.text import search_text

BATCH = 2000


def add_sound_keys(apps, schema_editor):
    Person = apps.get_model("people", "Person")
    PersonName = apps.get_model("people", "PersonName")
    aliases = {}
    for person_id, name in PersonName.objects.values_list("person_id", "name").iterator():
        aliases.setdefault(person_id, []).append(name)
    changed = []
    for person in Person.objects.only("pk", "name", "name_fa", "search_text").iterator(chunk_size=BATCH):
        text = search_text(person.name, person.name_fa, *aliases.get(person.pk, []), sounds=True)
        if text != person.search_text:
            person.search_text = text
            changed.append(person)
        if len(changed) >= BATCH:
            Person.objects.bulk_update(changed, ["search_text"])
            changed = []
    Person.objects.bulk_update(changed, ["search_text"])


class Migration(migrations.Migration):
    dependencies = [("people", "0010_revisions_and_review_batches")]

    operations = [migrations.RunPython(add_sound_keys, migrations.RunPython.noop, elidable=True)]
