"""Full-text search of sources on PostgreSQL from a stored, indexed document.

``search_document`` is a generated column: the title (weight A), the publisher (weight C) and the
archived text (weight B) as an English ``tsvector``, which PostgreSQL itself keeps in step with every
write (a save, a bulk insert, a restore), with a GIN index. The site searched a vector computed from
every source's text at each request before: 15 s for one search of 5,000 sources. Other databases
have no such column; their search reads the text itself (``SourceQuerySet.search``).
"""

from django.db import migrations

from casefile.core.operations import RunSQLOnPostgreSQL

# Literal statements: PostgreSQL's generated tsvector columns have no portable Django form.
ADD_DOCUMENT = [
    """
    ALTER TABLE sources_source ADD COLUMN IF NOT EXISTS search_document tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('english'::regconfig, coalesce(title, '')), 'A')
        || setweight(to_tsvector('english'::regconfig, coalesce(snapshot, '')), 'B')
        || setweight(to_tsvector('english'::regconfig, coalesce(publisher, '')), 'C')
    ) STORED
    """,
    "CREATE INDEX IF NOT EXISTS sources_source_search_document ON sources_source USING gin (search_document)",
]
DROP_DOCUMENT = [
    "DROP INDEX IF EXISTS sources_source_search_document",
    "ALTER TABLE sources_source DROP COLUMN IF EXISTS search_document",
]


class Migration(migrations.Migration):
    dependencies = [("sources", "0021_texts_in_english_and_persian")]

    operations = [RunSQLOnPostgreSQL(ADD_DOCUMENT, DROP_DOCUMENT)]
