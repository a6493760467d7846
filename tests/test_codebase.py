"""Checks on the codebase itself."""

import os
import subprocess
import sys
from io import StringIO

import pytest
from django.core.management import call_command

from tests.worker_processes import BASE_DIR


@pytest.mark.django_db
def test_no_migration_is_missing():
    output = StringIO()
    call_command("makemigrations", "--check", "--dry-run", stdout=output)
    assert "No changes detected" in output.getvalue()


@pytest.mark.parametrize(
    ("environment", "message"),
    [
        ({"DJANGO_ALLOWED_HOSTS": "tremplin.example"}, "DJANGO_SECRET_KEY must be set"),
        ({"DJANGO_SECRET_KEY": "s" * 60}, "DJANGO_ALLOWED_HOSTS must list"),
    ],
    ids=["without-secret-key", "without-allowed-hosts"],
)
def test_production_settings_refuse_to_start_without_secrets(environment, message):
    clean = {k: v for k, v in os.environ.items() if k not in ("DJANGO_SECRET_KEY", "DJANGO_ALLOWED_HOSTS")}
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=BASE_DIR,
        env=clean | environment | {"DJANGO_SETTINGS_MODULE": "config.settings.production"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0
    assert message in result.stderr


def test_every_french_message_is_translated():
    catalogue = (BASE_DIR / "locale" / "fr" / "LC_MESSAGES" / "django.po").read_text(encoding="utf-8")
    entries = catalogue.split("\n\n")[1:]
    untranslated = [entry for entry in entries if entry.rstrip().endswith('msgstr ""') or "#, fuzzy" in entry]
    assert untranslated == []
