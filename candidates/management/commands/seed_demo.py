"""``manage.py seed_demo``: fill the database with the demo data set (idempotent)."""

from django.core.management.base import BaseCommand, CommandError, CommandParser

from candidates.demo.accounts import DEMO_PASSWORD
from candidates.demo.scenario import MAX_CANDIDATES
from candidates.demo.services import demo_seed
from candidates.demo.writer import DemoSeedError


class Command(BaseCommand):
    help = (
        "Create demo platforms, logins, employers and candidates in Hauts-de-France. "
        "The same arguments always give the same data; running it again creates only what is missing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--candidates", type=int, default=3000, help="Number of candidates (default 3000).")
        parser.add_argument("--employers", type=int, default=40, help="Number of employers (default 40).")
        parser.add_argument("--seed", type=int, default=2026, help="Random seed (default 2026).")

    def handle(self, *args, candidates: int, employers: int, seed: int, **options) -> None:
        if not 0 <= candidates <= MAX_CANDIDATES:
            raise CommandError(f"--candidates must be between 0 and {MAX_CANDIDATES}.")
        if employers < 0:
            raise CommandError("--employers cannot be negative.")
        if seed < 0:
            raise CommandError("--seed cannot be negative.")
        verbose = options["verbosity"] >= 1
        try:
            report = demo_seed(
                candidates=candidates,
                employers=employers,
                seed=seed,
                progress=self.stdout.write if verbose else None,
            )
        except DemoSeedError as error:
            raise CommandError(str(error)) from error
        if not verbose:
            return
        write = self.stdout.write
        write(self.style.SUCCESS(f"Demo data set for seed {seed}:"))
        write(f"  platforms: {report.platforms_created} created, {report.platforms_total} in all")
        write(
            f"  employers: {report.employers_created} created ({report.needs_created} staffing needs), "
            f"{report.employers_existing} already there"
        )
        write(f"  candidates: {report.candidates_created:,} created, {report.candidates_existing:,} already there")
        for table, count in report.child_rows_created.items():
            write(f"    {table}: {count:,} rows")
        write("Timings:")
        for phase, seconds in report.timings.items():
            write(f"  {phase}: {seconds:.1f} s")
        write(f"Digest: {report.digest}")
        write(f"Logins (password {DEMO_PASSWORD}):")
        for login in report.logins:
            note = "" if login.created else " (existing)"
            write(f"  {login.email:<46} {login.role:<26} {login.scope}{note}")
