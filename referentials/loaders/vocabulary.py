"""Load the vocabularies we write ourselves: skills, languages and certifications (``referentials/data``).

Skills added by staff in the admin are left alone: only the rows of the file
are inserted or updated, matched on their slug.
"""

import csv
import re
from dataclasses import dataclass
from pathlib import Path

from referentials.enums import CertificationCategory, SkillCategory
from referentials.loaders.errors import LoaderError, ProblemCollector, RowProblem
from referentials.models import ROME_CODE_PATTERN, SLUG_PATTERN, Certification, Language, Occupation, Skill

DATA_DIR = Path(__file__).resolve().parent.parent / "data"


@dataclass(frozen=True)
class SkillRow:
    slug: str
    label: str
    label_en: str
    category: str
    rome_codes: tuple[str, ...]


def _rows(path: Path, columns: list[str]) -> tuple[ProblemCollector, list[tuple[int, dict[str, str]]]]:
    problems = ProblemCollector(path.name)
    try:
        handle = path.open(encoding="utf-8", newline="")
        reader = csv.DictReader(handle)
        header = reader.fieldnames or []
    except (OSError, UnicodeDecodeError) as error:
        raise LoaderError([RowProblem(path.name, 0, f"cannot read the file: {error}")]) from error
    with handle:
        if header != columns:
            raise LoaderError([RowProblem(path.name, 1, f"expected the columns {','.join(columns)}")])
        try:
            rows = [
                (reader.line_num, {key: (value or "").strip() for key, value in row.items() if key}) for row in reader
            ]
        except (csv.Error, UnicodeDecodeError) as error:
            raise LoaderError([RowProblem(path.name, reader.line_num, f"unreadable CSV: {error}")]) from error
    return problems, rows


def _check_unique(problems: ProblemCollector, seen: dict[str, int], key: str, value: str, line: int) -> bool:
    if value.casefold() in seen:
        problems.add(line, f"{key} {value!r} already given on line {seen[value.casefold()]}")
        return False
    seen[value.casefold()] = line
    return True


def read_skills(path: Path, known_rome_codes: set[str]) -> list[SkillRow]:
    problems, rows = _rows(path, ["slug", "label", "label_en", "category", "rome_codes"])
    skills: list[SkillRow] = []
    slugs: dict[str, int] = {}
    labels: dict[str, int] = {}
    for line, row in rows:
        codes = tuple(row["rome_codes"].split())
        if not re.match(SLUG_PATTERN, row["slug"]) or len(row["slug"]) > 80:
            problems.add(line, f"invalid slug {row['slug']!r}: lowercase letters, digits and hyphens")
        elif not row["label"]:
            problems.add(line, "empty label")
        elif row["category"] not in SkillCategory.values:
            problems.add(line, f"unknown category {row['category']!r}")
        elif bad := [code for code in codes if not re.match(ROME_CODE_PATTERN, code) or code not in known_rome_codes]:
            problems.add(line, f"unknown ROME code(s): {' '.join(bad)}")
        elif _check_unique(problems, slugs, "slug", row["slug"], line) and _check_unique(
            problems, labels, "label", row["label"], line
        ):
            skills.append(SkillRow(row["slug"], row["label"], row["label_en"], row["category"], codes))
    problems.raise_if_any()
    return skills


def read_languages(path: Path) -> list[tuple[str, str, str]]:
    problems, rows = _rows(path, ["code", "label", "label_en"])
    languages = []
    codes: dict[str, int] = {}
    for line, row in rows:
        if not re.match(r"^[a-z]{2}$", row["code"]):
            problems.add(line, f"invalid ISO 639-1 code {row['code']!r}")
        elif not row["label"]:
            problems.add(line, "empty label")
        elif _check_unique(problems, codes, "code", row["code"], line):
            languages.append((row["code"], row["label"], row["label_en"]))
    problems.raise_if_any()
    return languages


def read_certifications(path: Path) -> list[tuple[str, str, str, str]]:
    problems, rows = _rows(path, ["slug", "label", "label_en", "category"])
    certifications = []
    slugs: dict[str, int] = {}
    for line, row in rows:
        if not re.match(SLUG_PATTERN, row["slug"]):
            problems.add(line, f"invalid slug {row['slug']!r}")
        elif not row["label"]:
            problems.add(line, "empty label")
        elif row["category"] not in CertificationCategory.values:
            problems.add(line, f"unknown category {row['category']!r}")
        elif _check_unique(problems, slugs, "slug", row["slug"], line):
            certifications.append((row["slug"], row["label"], row["label_en"], row["category"]))
    problems.raise_if_any()
    return certifications


def store_skills(skills: list[SkillRow]) -> dict[str, int]:
    Skill.objects.bulk_create(
        [Skill(slug=row.slug, label=row.label, label_en=row.label_en, category=row.category) for row in skills],
        update_conflicts=True,
        unique_fields=["slug"],
        update_fields=["label", "label_en", "category"],
    )
    skill_ids = dict(Skill.objects.filter(slug__in=[row.slug for row in skills]).values_list("slug", "id"))
    occupation_ids = dict(Occupation.objects.values_list("rome_code", "id"))
    links = Skill.occupations.through
    links.objects.filter(skill_id__in=skill_ids.values()).delete()
    links.objects.bulk_create(
        [
            links(skill_id=skill_ids[row.slug], occupation_id=occupation_ids[code])
            for row in skills
            for code in dict.fromkeys(row.rome_codes)
        ]
    )
    return {"skills": len(skills)}


def store_languages(languages: list[tuple[str, str, str]]) -> dict[str, int]:
    Language.objects.bulk_create(
        [Language(code=code, label=label, label_en=label_en) for code, label, label_en in languages],
        update_conflicts=True,
        unique_fields=["code"],
        update_fields=["label", "label_en"],
    )
    return {"languages": len(languages)}


def store_certifications(certifications: list[tuple[str, str, str, str]]) -> dict[str, int]:
    Certification.objects.bulk_create(
        [
            Certification(slug=s, label=label, label_en=en, category=category)
            for s, label, en, category in certifications
        ],
        update_conflicts=True,
        unique_fields=["slug"],
        update_fields=["label", "label_en", "category"],
    )
    return {"certifications": len(certifications)}
