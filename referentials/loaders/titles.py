"""Load the job titles of the ROME occupations: France Travail's "appellations" and our own synonyms.

``referentials/data/rome/appellations_v460.csv`` is France Travail's ROME 4.0 list of job titles (version 4.60,
Licence Ouverte 2.0, see its README and docs/adr/0011-job-titles.md); ``referentials/data/occupation_synonyms.csv``
holds what people type and that list lacks ("hotliner", "CDA", "ASH"). Every title must name a known ROME code.
The occupations' own labels are stored as titles too, so that one table answers the suggester.

Titles are replaced as a whole in the loading transaction: no other table points at them, and a title France
Travail drops must disappear. Two titles of one occupation that read the same once normalised are stored once,
the official one first.
"""

import csv
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from referentials.enums import OccupationTitleKind, OccupationTitleSource
from referentials.loaders.errors import LoaderError, ProblemCollector, RowProblem
from referentials.models import ROME_CODE_PATTERN, Occupation, OccupationTitle
from referentials.normalise import search_normalise

APPELLATIONS_FILE = Path("rome") / "appellations_v460.csv"
SYNONYMS_FILE = Path("occupation_synonyms.csv")
APPELLATION_COLUMNS = {
    "code_ogr",
    "libelle_appellation_long",
    "libelle_appellation_court",
    "code_rome",
    "classification",
    "peu_usite",
}
SYNONYM_COLUMNS = ["title", "rome_code", "note"]
CLASSIFICATIONS = {"PRINCIPALE": OccupationTitleKind.PRINCIPAL, "SYNONYME": OccupationTitleKind.SYNONYM}
RARELY_USED = {"O": True, "N": False, "": False}
MAX_TITLE_LENGTH = OccupationTitle._meta.get_field("title").max_length or 255


@dataclass(frozen=True)
class TitleRow:
    rome_code: str
    title: str
    kind: str
    source: str
    search_text: str
    short_title: str = ""
    is_rarely_used: bool = False
    rome_title_code: str = ""


def _reader(path: Path) -> tuple[list[str], list[tuple[int, dict[str, str]]]]:
    """The header and the rows (with the line where each ends) of a CSV file."""
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            reader = csv.DictReader(handle)
            header = list(reader.fieldnames or [])
            rows = [(reader.line_num, {k: (v or "").strip() for k, v in row.items() if k}) for row in reader]
    except FileNotFoundError as error:
        raise LoaderError([RowProblem(path.name, 0, f"the file is missing ({path})")]) from error
    except (OSError, UnicodeDecodeError, csv.Error) as error:
        raise LoaderError([RowProblem(path.name, 0, f"cannot read the file: {error}")]) from error
    return header, rows


def _code_problem(code: str, known_rome_codes: set[str]) -> str | None:
    if not re.match(ROME_CODE_PATTERN, code):
        return f"invalid ROME code {code!r}"
    if code not in known_rome_codes:
        return f"unknown ROME code {code}: not among the occupations loaded"
    return None


def _title_problem(title: str) -> str | None:
    if not title:
        return "empty title"
    if len(title) > MAX_TITLE_LENGTH:
        return f"title longer than {MAX_TITLE_LENGTH} characters"
    if not search_normalise(title):
        return f"title {title!r} holds no letter or digit"
    return None


def read_rome_titles(path: Path, known_rome_codes: set[str]) -> list[TitleRow]:
    """France Travail's job titles, after checking every row."""
    header, rows = _reader(path)
    missing = APPELLATION_COLUMNS - set(header)
    if missing:
        raise LoaderError([RowProblem(path.name, 1, f"missing column(s): {', '.join(sorted(missing))}")])
    problems = ProblemCollector(path.name)
    titles: list[TitleRow] = []
    seen_codes: dict[str, int] = {}
    for line, row in rows:
        code, title = row["code_rome"], row["libelle_appellation_long"]
        if problem := _code_problem(code, known_rome_codes) or _title_problem(title):
            problems.add(line, problem)
        elif row["classification"] not in CLASSIFICATIONS:
            problems.add(line, f"unknown classification {row['classification']!r}: PRINCIPALE or SYNONYME")
        elif row["peu_usite"] not in RARELY_USED:
            problems.add(line, f"unknown rarely-used flag {row['peu_usite']!r}: O or N")
        elif not row["code_ogr"].isdigit():
            problems.add(line, f"invalid title code {row['code_ogr']!r}")
        elif row["code_ogr"] in seen_codes:
            problems.add(line, f"title code {row['code_ogr']} already given on line {seen_codes[row['code_ogr']]}")
        else:
            seen_codes[row["code_ogr"]] = line
            titles.append(
                TitleRow(
                    rome_code=code,
                    title=title,
                    short_title=row["libelle_appellation_court"][:MAX_TITLE_LENGTH],
                    kind=CLASSIFICATIONS[row["classification"]],
                    source=OccupationTitleSource.ROME,
                    search_text=search_normalise(title),
                    is_rarely_used=RARELY_USED[row["peu_usite"]],
                    rome_title_code=row["code_ogr"],
                )
            )
    problems.raise_if_any()
    if not titles:
        raise LoaderError([RowProblem(path.name, 1, "no job title found")])
    return titles


def read_synonyms(path: Path, known_rome_codes: set[str]) -> list[TitleRow]:
    """Our own synonyms (title, ROME code, note), after checking every row: an unknown code is refused."""
    header, rows = _reader(path)
    if header != SYNONYM_COLUMNS:
        raise LoaderError([RowProblem(path.name, 1, f"expected the columns {','.join(SYNONYM_COLUMNS)}")])
    problems = ProblemCollector(path.name)
    synonyms: list[TitleRow] = []
    for line, row in rows:
        if problem := _code_problem(row["rome_code"], known_rome_codes) or _title_problem(row["title"]):
            problems.add(line, problem)
        else:
            synonyms.append(
                TitleRow(
                    rome_code=row["rome_code"],
                    title=row["title"],
                    kind=OccupationTitleKind.SYNONYM,
                    source=OccupationTitleSource.AUTHORED,
                    search_text=search_normalise(row["title"]),
                )
            )
    problems.raise_if_any()
    return synonyms


def label_titles(occupations: dict[str, str]) -> list[TitleRow]:
    """Each occupation's label as one of its titles."""
    return [
        TitleRow(
            rome_code=code,
            title=label,
            kind=OccupationTitleKind.LABEL,
            source=OccupationTitleSource.ROME,
            search_text=search_normalise(label),
        )
        for code, label in sorted(occupations.items())
        if search_normalise(label)
    ]


def titles_merge(*sources: Iterable[TitleRow]) -> list[TitleRow]:
    """The titles of every source, one per occupation and normalised text: the first source given wins."""
    merged: dict[tuple[str, str], TitleRow] = {}
    for rows in sources:
        for row in rows:
            merged.setdefault((row.rome_code, row.search_text), row)
    return list(merged.values())


def store_titles(titles: list[TitleRow]) -> dict[str, int]:
    occupation_ids = dict(Occupation.objects.values_list("rome_code", "id"))
    OccupationTitle.objects.all().delete()
    OccupationTitle.objects.bulk_create(
        [
            OccupationTitle(
                occupation_id=occupation_ids[row.rome_code],
                title=row.title,
                short_title=row.short_title,
                kind=row.kind,
                source=row.source,
                is_rarely_used=row.is_rarely_used,
                rome_title_code=row.rome_title_code,
                search_text=row.search_text,
            )
            for row in titles
        ],
        batch_size=2000,
    )
    return {"occupation titles": len(titles)}
