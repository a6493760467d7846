"""config/env.py: the environment and the project's ``.env`` are read once, before any setting is computed.

The settings are imported in a child process from a copy of ``config/`` in a temporary project root, so that the
``.env`` read is the one of that root, as it would be on a server.
"""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

PROJECT_ROOT = Path(__file__).resolve().parent.parent.parent
READ_SETTINGS = """
import json
import config.settings.base as settings
print(json.dumps({
    "module": settings.__file__,
    "var_dir": str(settings.VAR_DIR),
    "static_root": str(settings.STATIC_ROOT),
    "private_media_root": str(settings.PRIVATE_MEDIA_ROOT),
    "database": str(settings.DATABASES["default"]["NAME"]),
    "celery_queue": str(settings.CELERY_FILESYSTEM_QUEUE_DIR),
    "log_level": settings.LOGGING["root"]["level"],
}))
"""


@pytest.fixture
def project_root(tmp_path: Path) -> Path:
    root = tmp_path / "tremplin"
    shutil.copytree(PROJECT_ROOT / "config", root / "config", ignore=shutil.ignore_patterns("__pycache__"))
    return root


def settings_read(root: Path, script: str = READ_SETTINGS, **environment: str) -> dict[str, str]:
    """The settings as ``config.settings.base`` computes them in ``root``, with only ``environment`` set: those
    ``script`` prints as JSON, with the settings module's path as ``module``."""
    inherited = {k: v for k, v in os.environ.items() if not k.startswith(("TREMPLIN_", "DJANGO_", "LOG_", "DATABASE"))}
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=root,
        env=inherited | {"PYTHONPATH": str(root)} | environment,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    values = json.loads(result.stdout)
    assert Path(values["module"]).is_relative_to(root)
    return values


def test_the_var_folder_set_in_dot_env_holds_every_file(project_root, tmp_path):
    var_dir = tmp_path / "elsewhere"
    (project_root / ".env").write_text(f"TREMPLIN_VAR_DIR={var_dir}\nLOG_LEVEL=WARNING\n")

    values = settings_read(project_root)

    assert values | {"module": ""} == {
        "module": "",
        "var_dir": str(var_dir),
        "static_root": str(var_dir / "static"),
        "private_media_root": str(var_dir / "private-media"),
        "database": str(var_dir / "tremplin.sqlite3"),
        "celery_queue": str(var_dir / "celery" / "queue"),
        "log_level": "WARNING",
    }


def test_the_environment_wins_over_dot_env(project_root, tmp_path):
    (project_root / ".env").write_text(f"TREMPLIN_VAR_DIR={tmp_path / 'from-dot-env'}\nLOG_LEVEL=WARNING\n")

    values = settings_read(project_root, TREMPLIN_VAR_DIR=str(tmp_path / "from-environment"))

    assert (values["var_dir"], values["log_level"]) == (str(tmp_path / "from-environment"), "WARNING")


def test_without_dot_env_the_var_folder_is_the_project_s_own(project_root):
    values = settings_read(project_root)

    assert (values["var_dir"], values["private_media_root"]) == (
        str(project_root / "var"),
        str(project_root / "var" / "private-media"),
    )


@pytest.mark.parametrize("entry_point", ["config.celery", "config.wsgi"])
def test_dot_env_may_choose_the_settings_module(project_root, entry_point):
    (project_root / ".env").write_text("DJANGO_SETTINGS_MODULE=config.settings.test\n")
    # The entry point's module is read without running it: only what it does before Django starts matters here.
    script = (
        "import os, runpy, sys\n"
        "import django.core.wsgi\n"
        "django.core.wsgi.get_wsgi_application = lambda: None\n"
        f"runpy.run_module({entry_point!r}, run_name='entry')\n"
        "print(os.environ['DJANGO_SETTINGS_MODULE'])\n"
    )
    inherited = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=project_root,
        env=inherited | {"PYTHONPATH": str(project_root)},
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )

    assert result.stdout.strip().splitlines()[-1] == "config.settings.test"
