import io
import json

import pytest
from django.core.management import CommandError, call_command


def run(*args: str) -> str:
    out = io.StringIO()
    call_command("occupation_suggest", *args, stdout=out)
    return out.getvalue()


def test_table_by_default(rome, db):
    lines = run("hotliner", "--limit", "2").splitlines()
    assert lines[0].split() == ["code", "confidence", "matched", "title", "label"]
    assert lines[1].split()[:3] == ["D1408", "1.000", "Hotliner"]
    assert lines[1].endswith("Conseiller / Conseillère clientèle à distance")
    assert len(lines) == 3


def test_json_output(rome, db):
    found = json.loads(run("teleconseiller", "--json", "--limit", "1"))
    assert found == [
        {
            "code": "D1408",
            "label": "Conseiller / Conseillère clientèle à distance",
            "matched_title": "Téléconseiller",
            "confidence": 1.0,
        }
    ]


def test_nothing_found_is_said(rome, db):
    assert run("zzqxw") == "No occupation found for “zzqxw”.\n"
    assert json.loads(run("zzqxw", "--json")) == []


def test_bad_arguments_are_command_errors(rome, db):
    with pytest.raises(CommandError, match="--limit must be between 1 and 50"):
        run("hotline", "--limit", "0")
    with pytest.raises(CommandError, match="Give the text to look up"):
        run("  ")
