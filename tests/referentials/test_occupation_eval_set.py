"""The evaluation set of the occupation suggester (tests/data/occupation_eval.csv), checked as data.

`make bench` scores the suggesters on it; a code that does not exist, or a query listed twice, would skew the
figures without anyone noticing.
"""

import csv
import re
from pathlib import Path

from bench.occupation_titles import rome_labels

EVAL_SET = Path(__file__).resolve().parents[1] / "data" / "occupation_eval.csv"


def eval_rows() -> list[dict[str, str]]:
    with EVAL_SET.open(encoding="utf-8", newline="") as file:
        return list(csv.DictReader(file))


def test_eval_set_has_its_columns_and_enough_rows():
    rows = eval_rows()

    assert list(rows[0]) == ["query", "acceptable_codes", "note"]
    assert len(rows) >= 200


def test_every_acceptable_code_is_a_rome_code():
    labels = rome_labels()
    unknown = [
        (row["query"], code)
        for row in eval_rows()
        for code in row["acceptable_codes"].split("|")
        if code not in labels
    ]

    assert len(labels) == 1584
    assert unknown == []


def test_every_row_has_a_query_and_well_formed_codes():
    bad = [
        row
        for row in eval_rows()
        if not row["query"].strip()
        or not all(re.fullmatch(r"[A-N]\d{4}", code) for code in row["acceptable_codes"].split("|"))
    ]

    assert bad == []


def test_no_query_is_listed_twice():
    queries = [" ".join(row["query"].lower().split()) for row in eval_rows()]

    assert sorted({query for query in queries if queries.count(query) > 1}) == []


def test_the_set_leans_on_mass_hiring_occupations():
    first_codes = [row["acceptable_codes"].split("|")[0] for row in eval_rows()]
    domains = {code[0] for code in first_codes}

    assert first_codes.count("D1408") >= 20  # contact centres
    assert sum(code in {"N1101", "N1103", "N1105"} for code in first_codes) >= 10  # warehouses
    assert len(domains) >= 10
