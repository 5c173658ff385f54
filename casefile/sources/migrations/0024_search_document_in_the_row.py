"""On PostgreSQL: each source's search document kept in its row, compressed, not beside it.

A search ranks every source that matches (``SourceQuerySet.search``), reading each document. Kept
apart in the table's TOAST storage (the default for a value over 2 KB), each was fetched there a
chunk at a time: a name found in 4,785 of 5,000 sources ranked in 31 ms, 10 ms when the documents
are in their rows (storage MAIN: compressed in the row, moved out only if the row would not fit a
page). Existing rows are written again for their documents to move; PostgreSQL recomputes them
(5,000 sources: about 5 s).
"""

from django.db import migrations

from casefile.core.operations import RunSQLOnPostgreSQL

# Literal statements: a column's storage has no Django form.
IN_THE_ROW = [
    "ALTER TABLE sources_source ALTER COLUMN search_document SET STORAGE MAIN",
    "UPDATE sources_source SET title = title",
]
BESIDE_THE_ROW = ["ALTER TABLE sources_source ALTER COLUMN search_document SET STORAGE EXTENDED"]


class Migration(migrations.Migration):
    dependencies = [("sources", "0023_title_publisher_trigram")]

    operations = [RunSQLOnPostgreSQL(IN_THE_ROW, BESIDE_THE_ROW)]
