"""Migration operations of the project's own."""

from django.db import migrations


class RunSQLOnPostgreSQL(migrations.RunSQL):
    """``RunSQL`` for what only PostgreSQL has (trigram and expression indexes, a generated
    ``tsvector`` column, a column's storage): run there, nothing on any other database, whose
    queries do without (see each migration)."""

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_backwards(app_label, schema_editor, from_state, to_state)
