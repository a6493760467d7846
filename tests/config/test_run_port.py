"""`make run PORT=8123`: the web server, the banner and the links in e-mails all use that port."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent.parent
READ_BASE_URL = "import config.settings.base as settings; print(settings.TREMPLIN_BASE_URL)"


def base_url(tmp_path: Path, **environment: str) -> str:
    """TREMPLIN_BASE_URL as the settings compute it from ``environment`` alone (no ``.env``, no inherited value)."""
    root = tmp_path / "tremplin"
    shutil.copytree(PROJECT_ROOT / "config", root / "config", ignore=shutil.ignore_patterns("__pycache__"))
    inherited = {k: v for k, v in os.environ.items() if not k.startswith(("TREMPLIN_", "DJANGO_", "PORT"))}
    result = subprocess.run(
        [sys.executable, "-c", READ_BASE_URL],
        cwd=root,
        env=inherited | {"PYTHONPATH": str(root)} | environment,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return result.stdout.strip()


def test_links_in_e_mails_follow_the_port(tmp_path):
    assert base_url(tmp_path / "default") == "http://127.0.0.1:8000"
    assert base_url(tmp_path / "other", PORT="8123") == "http://127.0.0.1:8123"
    assert base_url(tmp_path / "set", PORT="8123", TREMPLIN_BASE_URL="https://tremplin.example") == (
        "https://tremplin.example"
    )


def test_make_run_passes_the_port_to_the_banner_and_the_servers():
    planned = subprocess.run(
        ["make", "--dry-run", "run", "PORT=8123"], cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=60
    ).stdout
    assert "Tremplin runs at http://127.0.0.1:8123/admin/" in planned
    assert "PORT=8123 bin/run-dev" in planned
    assert "8000" not in planned


def test_run_dev_listens_on_the_port_and_refuses_a_port_that_is_not_a_number():
    script = (PROJECT_ROOT / "bin" / "run-dev").read_text()
    assert 'runserver "127.0.0.1:$PORT"' in script
    refused = subprocess.run(
        [PROJECT_ROOT / "bin" / "run-dev"],
        env=os.environ | {"PORT": "80; rm"},
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert refused.returncode == 2
    assert "PORT must be a number" in refused.stderr
