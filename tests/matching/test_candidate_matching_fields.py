"""The candidate fields that start a run are exactly those the engine's column loader reads.

``candidates.enums.MATCHING_FIELDS`` decides, in every front door, whether a profile's change is matched again;
``matching.columns_loader`` decides what the engine sees. Read from the loader's own SQL, the two cannot drift: a
column added to the loader and not to the list (or the reverse) fails here.
"""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from candidates.enums import MATCHING_FIELDS
from candidates.models import Candidate, CandidateLanguage, CandidateSkill
from matching.columns_loader import candidate_columns_load

pytestmark = pytest.mark.django_db

# The loader's tables read row by row beside the profile's own (``_child_rows``), named as MATCHING_FIELDS names them.
CHILD_TABLES = {
    Candidate.desired_occupations.through._meta.db_table: "desired_occupations",
    Candidate.certifications.through._meta.db_table: "certifications",
    CandidateSkill._meta.db_table: "skills",
    CandidateLanguage._meta.db_table: "languages",
}


def _loader_sql() -> str:
    with CaptureQueriesContext(connection) as queries:
        candidate_columns_load()
    return "\n".join(query["sql"] for query in queries.captured_queries)


def test_the_matching_fields_are_the_profile_columns_and_child_tables_the_loader_reads():
    sql = _loader_sql()
    names_by_column = {field.column: field.name for field in Candidate._meta.concrete_fields}
    profile_columns = set(re.findall(r"\bc\.(\w+)", sql)) - {"id"}
    assert profile_columns <= names_by_column.keys(), profile_columns - names_by_column.keys()
    child_tables = set(re.findall(r"FROM (\w+) t\b", sql))
    assert child_tables <= CHILD_TABLES.keys(), child_tables - CHILD_TABLES.keys()

    read = {names_by_column[column] for column in profile_columns} | {CHILD_TABLES[table] for table in child_tables}

    assert read == MATCHING_FIELDS


def test_contact_and_identity_fields_are_not_matching_fields():
    assert MATCHING_FIELDS.isdisjoint({"phone", "email", "first_name", "last_name", "birth_date", "reference"})
