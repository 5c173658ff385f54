"""The editor, reviewer and administrator groups with their permissions (see casefile/core/roles.py)."""

from django.db import migrations

from casefile.core.roles import remove_roles, sync_roles


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("cases", "0002_workflow_history"),
        ("sources", "0002_workflow_history"),
        ("people", "0002_workflow_history"),
        ("places", "0002_workflow_history"),
        ("events", "0002_workflow_history"),
        ("figures", "0003_workflow_history"),
    ]

    operations = [migrations.RunPython(sync_roles, remove_roles)]
