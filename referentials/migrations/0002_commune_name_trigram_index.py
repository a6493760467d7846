"""A trigram index on the communes' names, for the staff's candidate search (``candidates.search``), on PostgreSQL.

A search word is looked up among some 35,000 communes' names with ``icontains``: the index answers it without
reading them all. SQLite, the embedded default, has none.
"""

from django.db import migrations

INDEX = "referentials_commune_name_trgm"


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(
        f'CREATE INDEX IF NOT EXISTS {INDEX} ON referentials_commune USING gin ((UPPER("name"::text)) gin_trgm_ops)'
    )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("referentials", "0001_initial")]

    operations = [migrations.RunPython(create_index, drop_index)]
