"""Reading a CSV file of staffing needs: every row is checked with the same forms as the admin and the portal.

Reading writes nothing; ``employers.services.staffing_needs_import`` stores the
rows only when the whole file is valid.
"""

import csv
from dataclasses import dataclass
from typing import TextIO

from django import forms

from accounts.models import Platform
from employers.forms import EmployerForm, NeedLanguageForm, SiteForm, StaffingNeedForm
from employers.models import Employer, Site, StaffingNeed
from referentials.loaders.errors import LoaderError, ProblemCollector

EMPLOYER_COLUMNS = ["siret", "legal_name", "naf_code"]
SITE_COLUMNS = ["site_name", "site_address", "commune"]
NEED_COLUMNS = [
    "rome_code",
    "title",
    "headcount",
    "contract_type",
    "contract_duration_months",
    "working_time",
    "weekly_hours",
    "start_date",
    "accepts_beginners",
]
LANGUAGE_COLUMNS = ["language", "language_level", "language_mandatory", "language_justification"]
REQUIRED_COLUMNS = EMPLOYER_COLUMNS + SITE_COLUMNS + NEED_COLUMNS
TRUE_WORDS = {"1", "true", "yes", "oui", "vrai", "x"}


@dataclass
class NeedImportRow:
    line: int
    siret: str
    employer: Employer | None
    employer_form: EmployerForm | None
    site: Site | None
    site_form: SiteForm | None
    need: StaffingNeed
    language_form: NeedLanguageForm | None


def _flag(value: str) -> str:
    return "on" if value.strip().lower() in TRUE_WORDS else ""


def _add_form_errors(
    problems: ProblemCollector, line: int, form: forms.BaseForm, column_names: dict[str, str]
) -> None:
    for field, messages in form.errors.items():
        column = column_names.get(field, field)
        for message in messages:
            problems.add(line, f"{column}: {message}" if field != "__all__" else message)


def staffing_needs_read(*, handle: TextIO, source: str, platform: Platform) -> list[NeedImportRow]:
    """Check every row; raise ``LoaderError`` listing each problem with its line and column."""
    problems = ProblemCollector(source)
    reader = csv.DictReader(handle)
    missing = [column for column in REQUIRED_COLUMNS if column not in (reader.fieldnames or [])]
    if missing:
        problems.add(1, f"missing column(s): {', '.join(missing)}")
        problems.raise_if_any()
    rows: list[NeedImportRow] = []
    new_employers: dict[str, EmployerForm] = {}
    for row in reader:
        line = reader.line_num
        values = {key: (value or "").strip() for key, value in row.items() if key}
        siret = values["siret"].replace(" ", "")
        employer = Employer.objects.filter(siret=siret).first()
        employer_form = None
        if employer is not None and employer.platform_id != platform.pk:
            problems.add(line, f"siret: the employer {siret} is followed by another platform")
            continue
        if employer is None and siret not in new_employers:
            employer_form = EmployerForm(
                data={"legal_name": values["legal_name"], "siret": siret, "naf_code": values["naf_code"]}
            )
            if not employer_form.is_valid():
                _add_form_errors(problems, line, employer_form, {})
                continue
            new_employers[siret] = employer_form
        site = Site.objects.filter(employer=employer, name=values["site_name"]).first() if employer else None
        site_form = None
        if site is None:
            site_form = SiteForm(
                data={"name": values["site_name"], "address": values["site_address"], "commune": values["commune"]}
            )
            if not site_form.is_valid():
                _add_form_errors(problems, line, site_form, {"name": "site_name", "address": "site_address"})
        need_form = StaffingNeedForm(
            data={
                "occupation": values["rome_code"],
                "title": values["title"],
                "headcount": values["headcount"],
                "contract_type": values["contract_type"],
                "contract_duration_months": values["contract_duration_months"],
                "working_time": values["working_time"] or "full_time",
                "weekly_hours": values["weekly_hours"],
                "start_date": values["start_date"],
                "accepts_beginners": _flag(values["accepts_beginners"]),
                "minimum_experience_years": "0",
            },
            instance=StaffingNeed(employer=employer, site=site),
        )
        if not need_form.is_valid():
            _add_form_errors(problems, line, need_form, {"occupation": "rome_code"})
        language_form = None
        if values.get("language"):
            language_form = NeedLanguageForm(
                data={
                    "language": values["language"],
                    "level": values.get("language_level", ""),
                    "is_mandatory": _flag(values.get("language_mandatory", "")),
                    "justification": values.get("language_justification", ""),
                }
            )
            if not language_form.is_valid():
                _add_form_errors(
                    problems,
                    line,
                    language_form,
                    {
                        "level": "language_level",
                        "is_mandatory": "language_mandatory",
                        "justification": "language_justification",
                    },
                )
        rows.append(
            NeedImportRow(line, siret, employer, employer_form, site, site_form, need_form.instance, language_form)
        )
    problems.raise_if_any()
    if not rows:
        raise LoaderError([*problems.problems]) if problems.problems else _empty_file(source)
    return rows


def _empty_file(source: str) -> LoaderError:
    problems = ProblemCollector(source)
    problems.add(2, "the file holds no staffing need")
    return LoaderError(problems.problems)
