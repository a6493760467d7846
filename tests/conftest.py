"""Suite-wide fixtures, and a header that says which backends the tests ran on."""

import csv

import pytest
from django.conf import settings
from django.db import connection
from django.utils import translation

from referentials.loaders import titles
from referentials.loaders.vocabulary import DATA_DIR
from referentials.models import Occupation, OccupationTitle
from tests.accounts.factories import AdvisorFactory, PlatformFactory, SuperuserFactory


def _backends() -> str:
    database = settings.DATABASES["default"]
    engine = database["ENGINE"].rsplit(".", 1)[-1]
    where = database.get("HOST") or "embedded file"
    return f"database: {engine} ({where}); Celery broker: {settings.CELERY_BROKER_URL.split('://')[0]}"


def pytest_report_header(config: pytest.Config) -> str:
    return f"Tremplin backends — {_backends()}"


def pytest_terminal_summary(terminalreporter, exitstatus: int, config: pytest.Config) -> None:
    terminalreporter.write_line(f"Tremplin tests ran on {_backends()}")


@pytest.fixture(autouse=True)
def default_language():
    """Each test starts in the site's language: a request to an /en/ page activates English in the test's thread
    (as Django's locale middleware does), which would otherwise leak into the next test's ``reverse()``."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    # Again after: a module- or session-scoped fixture is set up before the next test's function-scoped ones.
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def platform(db):
    return PlatformFactory()


@pytest.fixture
def advisor(platform):
    return AdvisorFactory(memberships__platform=platform)


@pytest.fixture
def superuser(db):
    return SuperuserFactory()


@pytest.fixture
def is_postgresql() -> bool:
    return connection.vendor == "postgresql"


@pytest.fixture(scope="module")
def rome(django_db_setup, django_db_blocker):
    """The 1,584 ROME occupations and their 13,000 job titles (the shipped files), loaded once for the module and
    removed after it: the suggester's tests need the real list, which takes a second to load."""
    with django_db_blocker.unblock():
        with (DATA_DIR / "rome" / "cr_gd_dp_v4.csv").open(encoding="utf-8") as handle:
            labels = {row["code_rome"]: row["libelle_rome"] for row in csv.DictReader(handle)}
        Occupation.objects.bulk_create([Occupation(rome_code=code, label=label) for code, label in labels.items()])
        titles.store_titles(
            titles.titles_merge(
                titles.read_rome_titles(DATA_DIR / titles.APPELLATIONS_FILE, set(labels)),
                titles.label_titles(labels),
                titles.read_synonyms(DATA_DIR / titles.SYNONYMS_FILE, set(labels)),
            )
        )
    yield labels
    with django_db_blocker.unblock():
        OccupationTitle.objects.all().delete()
        Occupation.objects.all().delete()
