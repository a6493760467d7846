"""``manage.py import_staffing_needs FILE --platform SLUG``: import needs from a CSV file, all or nothing."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from accounts.models import Platform, User
from employers.imports import staffing_needs_read
from employers.services import staffing_needs_import
from referentials.loaders.errors import LoaderError


class Command(BaseCommand):
    help = "Import staffing needs (with their employers and sites) from a CSV file; a bad row imports nothing."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--platform", required=True, help="Slug of the platform that follows these employers.")
        parser.add_argument("--by", default=None, help="E-mail of the staff member recorded as the author.")

    def handle(self, *args, file: Path, platform: str, by: str | None, **options) -> None:
        found_platform = Platform.objects.filter(slug=platform).first()
        if found_platform is None:
            raise CommandError(f"Unknown platform “{platform}”.")
        author = User.objects.filter(email__iexact=by).first() if by else None
        if by and author is None:
            raise CommandError(f"Unknown user “{by}”.")
        try:
            with file.open(encoding="utf-8-sig", newline="") as handle:
                rows = staffing_needs_read(handle=handle, source=file.name, platform=found_platform)
        except OSError as error:
            raise CommandError(f"Cannot read {file}: {error.strerror}.") from error
        except UnicodeDecodeError as error:
            raise CommandError(f"{file.name} is not UTF-8 text.") from error
        except LoaderError as error:
            raise CommandError(str(error)) from error
        needs = staffing_needs_import(rows=rows, platform=found_platform, by=author)
        self.stdout.write(self.style.SUCCESS(f"{len(needs)} staffing need(s) imported as drafts."))
