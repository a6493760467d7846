"""The triggers that write the change feed of the engine's candidate columns (``CandidateColumnsChange``).

PostgreSQL only (the embedded SQLite default has no feed: its workers read the columns afresh for each run). The
triggers are derived from ``candidates.enums.MATCHING_FIELDS``, the one list of what matching reads, and installed
after every ``migrate`` (``MatchingConfig.ready``), so that a field added to that list is followed without a
migration of its own:

- a candidate's row: inserted or deleted, or updated in one of its matching columns (a phone number, a name, the
  travel modes change nothing); its child rows (desired occupations, certifications, skills, languages): any change;
- the reference tables the columns are built from (skills, languages, certifications, occupations, communes), and
  a ``TRUNCATE`` of any of these tables: a ``REBUILD_ALL`` row, since every candidate may read differently.

Sensitive situations, documents, contacts and every other table have no trigger: they are not in the columns.
"""

from django.db import connections
from django.db.backends.base.base import BaseDatabaseWrapper

from candidates.enums import MATCHING_FIELDS
from candidates.models import Candidate
from matching.models import CandidateColumnsChange
from referentials.models import Certification, Commune, Language, Occupation, Skill

PREFIX = "tremplin_columns_feed"
REFERENCE_MODELS = (Skill, Language, Certification, Occupation, Commune)


def matching_columns() -> list[str]:
    """The candidate table's columns that matching reads (its many-to-many fields and child rows aside)."""
    return sorted(field.column for field in Candidate._meta.concrete_fields if field.name in MATCHING_FIELDS)


def child_tables() -> list[str]:
    """The tables of the candidate's matching child rows and many-to-many fields, each with a ``candidate_id``."""
    tables = []
    for name in sorted(MATCHING_FIELDS):
        field = Candidate._meta.get_field(name)
        if field.many_to_many:
            tables.append(field.remote_field.through._meta.db_table)
        elif field.one_to_many:
            tables.append(field.related_model._meta.db_table)
    return tables


def _function(name: str, changed: str) -> str:
    """A trigger function that feeds the candidates ``changed`` selects (from the statement's transition tables):
    one feed row per candidate and statement, however many rows the statement wrote."""
    feed = CandidateColumnsChange._meta.db_table
    return f"""
CREATE OR REPLACE FUNCTION {PREFIX}_{name}() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO {feed} (candidate_id, xid, changed_at)
        SELECT DISTINCT changed.id, pg_current_xact_id()::text::bigint, now() FROM ({changed}) AS changed(id)
        WHERE changed.id IS NOT NULL;
    RETURN NULL;
END
$$"""  # noqa: S608  (only this module's names reach the SQL text)


def _functions_sql() -> list[str]:
    old = ", ".join(f"o.{column}" for column in matching_columns())
    new = ", ".join(f"n.{column}" for column in matching_columns())
    differs = f"ROW({old}) IS DISTINCT FROM ROW({new})"
    updated = f"SELECT n.id FROM new_rows n JOIN old_rows o ON o.id = n.id WHERE {differs}"  # noqa: S608
    return [
        _function("candidate_insert", "SELECT id FROM new_rows"),
        _function("candidate_delete", "SELECT id FROM old_rows"),
        # Written again but unchanged in every matching column (a phone number saved), a candidate feeds nothing.
        _function("candidate_update", updated),
        _function("child_insert", "SELECT candidate_id FROM new_rows"),
        _function("child_delete", "SELECT candidate_id FROM old_rows"),
        _function("child_update", "SELECT candidate_id FROM new_rows UNION SELECT candidate_id FROM old_rows"),
        _function("everyone", "SELECT 0"),
    ]


def _triggers_sql() -> list[str]:
    """Statement triggers (one per event: transition tables allow no more): a bulk insert of a file's candidates
    feeds each candidate once, in one insert."""
    triggers = []
    for table, kind in [(Candidate._meta.db_table, "candidate")] + [(table, "child") for table in child_tables()]:
        transitions = {"insert": "NEW TABLE AS new_rows", "delete": "OLD TABLE AS old_rows"}
        transitions["update"] = "OLD TABLE AS old_rows NEW TABLE AS new_rows"
        for event, referencing in transitions.items():
            triggers.append((table, event, f"AFTER {event.upper()} ON {table} REFERENCING {referencing}", kind))
        triggers.append((table, "truncate", f"AFTER TRUNCATE ON {table}", None))
    for model in REFERENCE_MODELS:
        table = model._meta.db_table
        triggers.append((table, "reference", f"AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON {table}", None))
    sql = []
    for table, event, timing, kind in triggers:
        name = f"{PREFIX}_{event}"
        function = f"{PREFIX}_{kind}_{event}" if kind else f"{PREFIX}_everyone"
        sql.append(f"DROP TRIGGER IF EXISTS {name} ON {table}")
        sql.append(f"CREATE TRIGGER {name} {timing} FOR EACH STATEMENT EXECUTE FUNCTION {function}()")
    return sql


def columns_feed_install(connection: BaseDatabaseWrapper) -> bool:
    """Install (or replace) the feed's function and triggers; ``False`` on a database without them (SQLite)."""
    if connection.vendor != "postgresql":
        return False
    tables = set(connection.introspection.table_names())
    needed = {CandidateColumnsChange._meta.db_table, Candidate._meta.db_table, *child_tables()}
    needed |= {model._meta.db_table for model in REFERENCE_MODELS}
    with connection.cursor() as cursor:
        if not needed <= tables:
            # Migrated part of the way (or back before the feed): no trigger may write to a missing table.
            for statement in _triggers_sql():
                table = statement.rsplit(" ON ", 1)[-1] if statement.startswith("DROP") else ""
                if table in tables:
                    cursor.execute(statement)
            return False
        for statement in [*_functions_sql(), *_triggers_sql()]:
            cursor.execute(statement)
    return True


def columns_feed_install_after_migrate(*, using: str, **kwargs) -> None:
    """``post_migrate``: the tables may have been made again (a new database, a test database)."""
    columns_feed_install(connections[using])
