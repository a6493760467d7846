"""Benchmark 5: checking a valid candidate file of 50,000 rows (the documented maximum) on PostgreSQL.

Data: the database ``tremplin_bench`` of ``refresh_bench.py`` (created and seeded here too when missing), whose
first platform holds about 12,000 candidates that the check compares every row with. The file is a partner CSV
generated here, seeded: 50,000 distinct people, each with a commune (half by INSEE code, half by postcode and name,
from 400 communes), a ROME code among 200, consents with their dates, a mobility radius and a driving licence.

Figure: ``candidate_import_check`` on that file, in this process, writing nothing: what the check task of an
import job does (the task adds one progress ``UPDATE`` every 1,000 rows). Best of 2 runs.

Baseline: the check as it was before it was batched, when it ran inside the web request and took 134 s on this
machine for this size, past gunicorn's 30 s. That code is gone; its cost was the admin's ``CandidateForm`` run row
by row (full model validation of each unsaved candidate). The baseline runs that real form on a sample of 2,000
rows of the same file and multiplies its time by 25; the ratio is the check's speed-up over it.

Usage: ``.venv/bin/python bench/import_bench.py`` (under a minute once seeded).
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
BASELINE_SAMPLE = 2_000
TARGET_SECONDS = 20.0
SEED = 5
HEADER = [
    "N° dossier", "Nom", "Prénom", "Courriel", "Téléphone", "Date de naissance", "Code INSEE", "Code postal",
    "Commune", "Code ROME", "Rayon de mobilité (km)", "Permis B", "Consentement traitement",
    "Date consentement traitement", "Consentement présentation", "Date consentement présentation",
]  # fmt: skip


def csv_generate(rows: int = ROWS, seed: int = SEED) -> bytes:
    """A valid partner file of ``rows`` distinct people, on communes and occupations of the referentials."""
    from referentials.models import Commune, Occupation

    generator = random.Random(seed)
    communes = list(Commune.objects.order_by("insee_code").values_list("insee_code", "name")[:: 80][:400])
    by_postcode = [
        (postcode, name)
        for postcode, name, count in (
            (commune.postcodes.values_list("code", flat=True).first(), commune.name, 1)
            for commune in Commune.objects.filter(insee_code__in=[code for code, _ in communes[:200]])
        )
        if postcode and count
    ]
    unique_by_postcode = [
        (postcode, name)
        for postcode, name in by_postcode
        if Commune.objects.filter(postcodes__code=postcode).distinct().count() == 1
    ]
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


def check_seconds(content: bytes) -> tuple[float, object]:
    from accounts.models import Platform
    from candidates.imports import candidate_import_check

    platform = Platform.objects.order_by("pk").first()
    started = time.perf_counter()
    report = candidate_import_check(content=content, filename="bench.csv", platform=platform, by=None)
    return time.perf_counter() - started, report


def baseline_seconds(content: bytes) -> float:
    """The admin's form, row by row, on a sample of the file; extrapolated to the whole file."""
    from accounts.models import Platform
    from candidates.forms import CandidateForm
    from candidates.models import Candidate
    from referentials.models import Commune

    platform = Platform.objects.order_by("pk").first()
    rows = list(csv.DictReader(io.StringIO(content.decode("utf-8")), delimiter=";"))[:BASELINE_SAMPLE]
    commune_by_postcode = {}
    started = time.perf_counter()
    for row in rows:
        commune = row["Code INSEE"]
        if not commune:
            # The old reader asked the database for each row's commune.
            commune_by_postcode[row["Code postal"]] = Commune.objects.filter(postcodes__code=row["Code postal"]).first()
            commune = commune_by_postcode[row["Code postal"]].insee_code
        birth = datetime.datetime.strptime(row["Date de naissance"], "%d/%m/%Y").date().isoformat()
        form = CandidateForm(
            data={
                "first_name": row["Prénom"], "last_name": row["Nom"], "email": row["Courriel"],
                "phone": row["Téléphone"], "birth_date": birth, "commune": commune,
                "max_distance_km": row["Rayon de mobilité (km)"], "education_level": "", "experience_years": "0",
                "accepts_cdi": "on", "accepts_full_time": "on",
            },
            instance=Candidate(platform=platform, reference=row["N° dossier"]),
        )  # fmt: skip
        if not form.is_valid():
            raise RuntimeError(f"the baseline's sample has a bad row: {form.errors.as_text()}")
    return (time.perf_counter() - started) * ROWS / len(rows)


def main() -> int:
    print(f"  data: {benchdb.data_ensure()}")
    content = csv_generate()
    print(f"  file: {ROWS:,} rows, {len(content) / 1024 / 1024:.1f} MB")
    runs = []
    for _ in range(2):
        seconds, report = check_seconds(content)
        runs.append(seconds)
        print(
            f"  check: {seconds:.1f} s, {report.rows_read:,} rows read, {len(report.pending):,} to create, "
            f"{len(report.errors)} bad, {len(report.skipped)} skipped"
        )
        if report.errors or len(report.pending) != ROWS:
            print(f"  the generated file should be valid: {[str(issue) for issue in report.errors[:5]]}")
            return 1
    figure = min(runs)
    baseline = baseline_seconds(content)
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
