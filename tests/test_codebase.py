"""Checks on the codebase itself."""

import ast
import os
import subprocess
import sys
from io import StringIO
from pathlib import Path

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


# The project's packages, from the lowest layer to the highest (pyproject.toml, [tool.importlinter]).
PROJECT_PACKAGES = (
    "referentials",
    "accounts",
    "employers",
    "candidates",
    "matching",
    "notifications",
    "portal",
    "staff",
    "api",
    "demo",
    "partners",
    "config",
)


def _project_modules() -> list[Path]:
    return sorted(
        path
        for package in PROJECT_PACKAGES
        for path in (BASE_DIR / package).rglob("*.py")
        if "migrations" not in path.relative_to(BASE_DIR).parts
    )


def _imported_packages(node: ast.Import | ast.ImportFrom) -> list[str]:
    if isinstance(node, ast.ImportFrom):
        # A relative import is always the project's own (and ruff bans them anyway).
        return ["." * node.level + (node.module or "")] if node.level else [node.module or ""]
    return [alias.name for alias in node.names]


def _imports_inside_functions(tree: ast.Module) -> list[tuple[int, str]]:
    found = []
    for function in ast.walk(tree):
        if not isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        for node in ast.walk(function):
            if isinstance(node, ast.Import | ast.ImportFrom):
                found += [(node.lineno, module) for module in _imported_packages(node)]
    return found


def test_no_project_module_is_imported_inside_a_function():
    """An import inside a function hides a dependency from the contracts, often one that goes the wrong way."""
    offending = set()
    for path in _project_modules():
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for line, module in _imports_inside_functions(tree):
            if path.name == "apps.py" and module.split(".")[0] == path.parent.name:
                # Django's own idiom: ``AppConfig.ready`` connects its app's signal receivers, which read models
                # that cannot be imported before the registry is ready. An app's own module, so no layer is crossed.
                continue
            if module.startswith(".") or module.split(".")[0] in PROJECT_PACKAGES:
                offending.add(f"{path.relative_to(BASE_DIR)}:{line} imports {module} inside a function")
    assert not offending, "Import at the top of the module, from a lower layer (ARCHITECTURE.md):\n" + "\n".join(
        sorted(offending)
    )


def test_the_import_contracts_are_kept():
    """The layers and the pure engine, as ``make quality`` checks them (pyproject.toml, [tool.importlinter])."""
    result = subprocess.run(
        [Path(sys.executable).parent / "lint-imports", "--no-cache"],
        cwd=BASE_DIR,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr


# Django's ways to send e-mail; only ``notifications/delivery.py`` may use them (STYLE.md, "Notices").
MAIL_SENDING_NAMES = {
    "send_mail",
    "send_mass_mail",
    "mail_admins",
    "mail_managers",
    "EmailMessage",
    "EmailMultiAlternatives",
}


def _mail_sending_uses(tree: ast.Module) -> list[tuple[int, str]]:
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module == "django.core.mail":
            found += [(node.lineno, f"imports {alias.name} from django.core.mail") for alias in node.names]
        elif isinstance(node, ast.Name) and node.id in MAIL_SENDING_NAMES:
            found.append((node.lineno, f"uses {node.id}"))
        elif isinstance(node, ast.Attribute) and node.attr in MAIL_SENDING_NAMES:
            found.append((node.lineno, f"calls .{node.attr}"))
    return found


def test_no_module_but_the_delivery_sends_e_mail():
    """Every e-mail is a notice of a declared kind (``notifications.kinds``), recorded and sent once by the delivery:
    one sent any other way is neither retried nor kept from a second sending."""
    delivery = BASE_DIR / "notifications" / "delivery.py"
    offending = [
        f"{path.relative_to(BASE_DIR)}:{line} {what}"
        for path in _project_modules()
        if path != delivery
        for line, what in _mail_sending_uses(ast.parse(path.read_text(encoding="utf-8"), filename=str(path)))
    ]
    assert offending == [], "send it as a notice: notifications.sending.notice_send (ARCHITECTURE.md)"
