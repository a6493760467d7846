"""Trigram indexes for the staff's candidate search (``candidates.search``), on PostgreSQL only.

Django's ``icontains`` is ``UPPER(column::text) LIKE UPPER('%word%')`` on PostgreSQL: a GIN index of trigrams on that
very expression answers it without reading every row. SQLite, the embedded default, has no such index and searches
its few rows as before. ``pg_trgm`` is a trusted extension: the database's owner may create it.
"""

from django.db import migrations

SEARCHED_COLUMNS = ("last_name", "first_name", "email", "phone", "reference")


def index_name(column: str) -> str:
    return f"candidates_candidate_{column}_trgm"


def create_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for column in SEARCHED_COLUMNS:
        schema_editor.execute(
            f'CREATE INDEX IF NOT EXISTS {index_name(column)} ON candidates_candidate '
            f'USING gin ((UPPER("{column}"::text)) gin_trgm_ops)'
        )


def drop_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for column in SEARCHED_COLUMNS:
        schema_editor.execute(f"DROP INDEX IF EXISTS {index_name(column)}")


class Migration(migrations.Migration):
    dependencies = [("candidates", "0003_documents_and_retention")]

    operations = [migrations.RunPython(create_indexes, drop_indexes)]
