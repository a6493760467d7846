"""Benchmark 5: checking a valid candidate file of 50,000 rows (the documented maximum) on PostgreSQL.

Data: the database ``tremplin_bench`` of ``refresh_bench.py`` (created and seeded here too when missing), whose
first platform holds about 12,000 candidates that the check compares every row with. The file is a partner CSV
generated here, seeded: 50,000 distinct people, each with a commune (half by INSEE code, half by postcode and name,
from 400 communes), a ROME code among 200, consents with their dates, a mobility radius and a driving licence.

Figure: what the check task of an import job does, in this process: ``candidate_import_job_check`` on a job
holding that file (it reads the file, checks every row against the referentials and the platform's candidates,
writes its progress every 1,000 rows, then the report; no candidate is written). Best of 2 runs.

Baseline: the check as it was when it ran inside the web request (134 s for this size, past gunicorn's 30 s): the
same ``candidate_import_check`` with the form's per-row work done Django's way (a query per check constraint and
row, fields deep-copied and a bound field built per field and row). It runs on the first 5,000 rows of the same
file, and its time is multiplied by 10.

Usage: ``.venv/bin/python bench/import_bench.py`` (about a minute once seeded).
"""

import csv
import datetime
import io
import random
import sys
import time
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[1]
if str(PROJECT_ROOT) not in sys.path:
    sys.path.insert(0, str(PROJECT_ROOT))

from bench import benchdb  # noqa: E402  (sets the benchmark's environment before Django starts)
from bench.benchtable import print_table  # noqa: E402

ROWS = 50_000
BASELINE_SAMPLE = 5_000
TARGET_SECONDS = 20.0
SEED = 5
HEADER = [
    "N° dossier", "Nom", "Prénom", "Courriel", "Téléphone", "Date de naissance", "Code INSEE", "Code postal",
    "Commune", "Code ROME", "Rayon de mobilité (km)", "Permis B", "Consentement traitement",
    "Date consentement traitement", "Consentement présentation", "Date consentement présentation",
]  # fmt: skip


def csv_generate(rows: int = ROWS, seed: int = SEED) -> bytes:
    """A valid partner file of ``rows`` distinct people, on communes and occupations of the referentials."""
    from django.db.models import Count

    from referentials.models import Commune, Occupation, PostalCode

    generator = random.Random(seed)
    communes = list(Commune.objects.order_by("insee_code").values_list("insee_code", "name")[::80][:400])
    # Postcodes of one commune each, given with the commune's name (the usual partner columns).
    single = PostalCode.objects.values("code").annotate(communes=Count("commune")).filter(communes=1)
    unique_by_postcode = list(
        PostalCode.objects.filter(code__in=single.values("code"))
        .order_by("code")
        .values_list("code", "commune__name")[::40][:200]
    )
    occupations = list(Occupation.objects.order_by("rome_code").values_list("rome_code", flat=True)[:200])
    yesterday = (datetime.date.today() - datetime.timedelta(days=1)).strftime("%d/%m/%Y")
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow(HEADER)
    for number in range(rows):
        insee, postcode, name = "", "", ""
        if number % 2 or not unique_by_postcode:
            insee = generator.choice(communes)[0]
        else:
            postcode, name = generator.choice(unique_by_postcode)
        birth = datetime.date(1960, 1, 1) + datetime.timedelta(days=generator.randrange(15_000))
        presented = number % 3 == 0
        writer.writerow([
            f"BENCH-{seed}-{number}", f"Nom{number}", generator.choice(["Léa", "Sami", "Inès", "Hugo", "Awa"]),
            f"bench{seed}.{number}@example.org", f"07{number:08d}", birth.strftime("%d/%m/%Y"), insee, postcode,
            name, generator.choice(occupations), str(generator.choice([10, 20, 30, 50])),
            generator.choice(["oui", "non"]), "oui", yesterday, "oui" if presented else "non",
            yesterday if presented else "",
        ])  # fmt: skip
    return buffer.getvalue().encode("utf-8")


def _platform_and_user() -> tuple[object, object]:
    from accounts.models import Platform

    platform = Platform.objects.order_by("pk").first()
    return platform, platform.memberships.select_related("user").order_by("pk").first().user


def job_check_seconds(content: bytes) -> tuple[float, dict]:
    """The check task's work on a stored job: ``candidate_import_job_check``, progress written every 1,000 rows."""
    from candidates.imports.jobs import candidate_import_job_check
    from candidates.models import CandidateImport

    platform, user = _platform_and_user()
    job = CandidateImport.objects.create(platform=platform, created_by=user, filename="bench.csv", content=content)
    try:
        started = time.perf_counter()
        candidate_import_job_check(job_id=job.pk)
        seconds = time.perf_counter() - started
        job.refresh_from_db()
        if job.status != CandidateImport.Status.CHECKED:
            raise RuntimeError(f"the job ended {job.status}: {job.refusal}")
        return seconds, job.report
    finally:
        job.delete()


def baseline_seconds(content: bytes) -> float:
    """The check with the form's per-row work as Django does it, on a sample of the file; extrapolated.

    ``candidate_import_check`` itself, with ``CandidateImportForm`` given back Django's own ``_clean_fields``,
    ``_post_clean`` and ``validate_constraints`` and fields deep-copied for each row: one query per check
    constraint and row, a bound field per field and row. That was the check before it was batched.
    """
    from django import forms

    from candidates.imports import rows
    from candidates.imports.checks import candidate_import_check

    class DjangoWayForm(rows.CandidateImportForm):
        _clean_fields = forms.BaseForm._clean_fields
        _post_clean = forms.BaseModelForm._post_clean
        validate_constraints = forms.BaseModelForm.validate_constraints

    lines = content.decode("utf-8").splitlines(keepends=True)
    sample = "".join(lines[: BASELINE_SAMPLE + 1]).encode("utf-8")
    platform, user = _platform_and_user()
    batched, rows.CandidateImportForm = rows.CandidateImportForm, DjangoWayForm
    try:
        started = time.perf_counter()
        report = candidate_import_check(content=sample, filename="bench.csv", platform=platform, by=user)
        seconds = time.perf_counter() - started
    finally:
        rows.CandidateImportForm = batched
    if report.errors or report.rows_read != BASELINE_SAMPLE:
        raise RuntimeError(f"the baseline's sample should be valid: {[str(issue) for issue in report.errors[:5]]}")
    return seconds * ROWS / BASELINE_SAMPLE


def main() -> int:
    print(f"  data: {benchdb.data_ensure()}")
    content = csv_generate()
    print(f"  file: {ROWS:,} rows, {len(content) / 1024 / 1024:.1f} MB")
    runs = []
    for _ in range(2):
        seconds, report = job_check_seconds(content)
        runs.append(seconds)
        print(
            f"  check: {seconds:.1f} s, {report['rows_read']:,} rows read, {report['to_create']:,} to create, "
            f"{len(report['errors'])} bad, {len(report['skipped'])} skipped"
        )
        if report["errors"] or report["rows_read"] != ROWS:
            print(f"  the generated file should be valid: {report['errors'][:5]}")
            return 1
    figure = min(runs)
    baseline = baseline_seconds(content)
    print(f"  baseline: {BASELINE_SAMPLE:,} rows checked the old way, extrapolated to {ROWS:,}")
    print_table(
        [
            (
                f"check of {ROWS:,} rows",
                f"{figure:.1f} s",
                f"{baseline:.0f} s",
                f"{baseline / figure:.1f}×",
                f"≤ {TARGET_SECONDS:.0f} s",
            )
        ]
    )
    return 0 if figure <= TARGET_SECONDS else 1


if __name__ == "__main__":
    sys.exit(main())
