from django.db import migrations


class Migration(migrations.Migration):
    """Positions name their organisation by the record only (the text was moved by 0031)."""

    dependencies = [("people", "0031_organisations_from_position_texts")]

    operations = [
        migrations.RemoveField(model_name="historicalposition", name="organisation"),
        migrations.RemoveField(model_name="position", name="organisation"),
        migrations.RenameField(model_name="historicalposition", old_name="organisation_record", new_name="organisation"),
        migrations.RenameField(model_name="position", old_name="organisation_record", new_name="organisation"),
    ]
