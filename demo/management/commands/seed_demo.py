"""``manage.py seed_demo``: fill the database with the demo data set (idempotent).

The demo logins are a superuser and staff accounts: the command runs only under settings that allow demo data
(``DEMO_DATA_ALLOWED``: the local and test settings), or when told ``--i-know-this-is-not-production``. The logins
it creates get ``DEMO_PASSWORD`` when set, otherwise a random password printed once, here.
"""

import secrets

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from demo.seeding.scenario import MAX_CANDIDATES
from demo.seeding.services import demo_seed
from demo.seeding.writer import DemoSeedError


class Command(BaseCommand):
    help = (
        "Create demo platforms, logins, employers and candidates in Hauts-de-France. "
        "The same arguments always give the same data; running it again creates only what is missing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--candidates", type=int, default=3000, help="Number of candidates (default 3000).")
        parser.add_argument("--employers", type=int, default=40, help="Number of employers (default 40).")
        parser.add_argument("--seed", type=int, default=2026, help="Random seed (default 2026).")
        parser.add_argument(
            "--i-know-this-is-not-production",
            action="store_true",
            dest="not_production",
            help="Seed under settings that do not allow demo data (a staging copy, a load test).",
        )

    def handle(
        self, *args, candidates: int, employers: int, seed: int, not_production: bool = False, **options
    ) -> None:
        if not (settings.DEMO_DATA_ALLOWED or not_production):
            raise CommandError(
                "These settings do not allow demo data: it creates a superuser and staff logins. "
                "On a machine that is not production, run it again with --i-know-this-is-not-production."
            )
        if not 0 <= candidates <= MAX_CANDIDATES:
            raise CommandError(f"--candidates must be between 0 and {MAX_CANDIDATES}.")
        if employers < 0:
            raise CommandError("--employers cannot be negative.")
        if seed < 0:
            raise CommandError("--seed cannot be negative.")
        verbose = options["verbosity"] >= 1
        # A password of one's own, or one nobody else knows: the demo logins include a superuser.
        password = settings.DEMO_PASSWORD or secrets.token_urlsafe(18)
        try:
            report = demo_seed(
                candidates=candidates,
                employers=employers,
                seed=seed,
                password=password,
                progress=self.stdout.write if verbose else None,
            )
        except DemoSeedError as error:
            raise CommandError(str(error)) from error
        created = [login for login in report.logins if login.created]
        if not verbose:
            if created and not settings.DEMO_PASSWORD:
                # The only moment this password is known: say it even when asked to be quiet.
                self.stdout.write(f"Logins created (password {password}): {len(created)}")
            return
        write = self.stdout.write
        write(self.style.SUCCESS(f"Demo data set for seed {seed}:"))
        write(f"  platforms: {report.platforms_created} created, {report.platforms_total} in all")
        write(
            f"  employers: {report.employers_created} created ({report.needs_created} staffing needs), "
            f"{report.employers_existing} already there"
        )
        write(f"  employer leads: {report.leads_created} created")
        write(f"  candidates: {report.candidates_created:,} created, {report.candidates_existing:,} already there")
        for table, count in report.child_rows_created.items():
            write(f"    {table}: {count:,} rows")
        write("Timings:")
        for phase, seconds in report.timings.items():
            write(f"  {phase}: {seconds:.1f} s")
        write(f"Digest: {report.digest}")
        if created:
            write(f"Logins (password {password}):")
        else:
            write("Logins (all existing: each keeps the password it was created with):")
        for login in report.logins:
            note = "" if login.created else " (existing)"
            write(f"  {login.email:<46} {login.role:<26} {login.scope}{note}")
