"""Suite-wide fixtures, and a header that says which backends the tests ran on."""

import pytest
from django.conf import settings
from django.db import connection
from django.utils import translation

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
