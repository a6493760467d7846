"""Many new rows written at once: PostgreSQL's COPY, or ``bulk_create`` on another database.

A full refresh writes tens of thousands of suggestions and named near misses. ``bulk_create`` builds one model
instance per row, then an INSERT whose every value is prepared by its field and sent as arrays: at 1,000,000
candidates that was 26 ms of a need's 80 (docs/benchmarks.md, "Measured costs behind the code"). COPY takes the
values as they are.
"""

import json
from collections.abc import Iterable, Sequence

from django.db import connection, models


def rows_copy(model: type[models.Model], attnames: Sequence[str], rows: Iterable[Sequence[object]]) -> int:
    """Insert ``rows`` (one value per name of ``attnames``, the fields' attribute names, a foreign key's ``_id``) in
    the caller's transaction; return how many. Values are what the columns store: a JSON field's value is encoded
    here, nothing else is converted, and no field default applies. New rows' ids are not returned."""
    by_attname = {field.attname: field for field in model._meta.concrete_fields}
    fields = [by_attname[name] for name in attnames]
    encoded = {index for index, field in enumerate(fields) if isinstance(field, models.JSONField)}
    written = 0
    if connection.vendor != "postgresql":
        instances = [model(**dict(zip(attnames, row, strict=True))) for row in rows]
        model._default_manager.bulk_create(instances, batch_size=1000)
        return len(instances)
    columns = ", ".join(connection.ops.quote_name(field.column) for field in fields)
    table = connection.ops.quote_name(model._meta.db_table)
    with connection.cursor() as cursor, cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(
                [json.dumps(value) if index in encoded else value for index, value in enumerate(row)]
                if encoded
                else row
            )
            written += 1
    return written
