"""`make run PORT=8123`: the web server, the banner and the links in e-mails all use that port."""

import os
import subprocess
from pathlib import Path

from tests.config import test_env
from tests.config.test_env import settings_read

PROJECT_ROOT = Path(__file__).resolve().parent.parent.parent
project_root = test_env.project_root
READ_BASE_URL = """
import json
import config.settings.base as settings
print(json.dumps({"module": settings.__file__, "base_url": settings.TREMPLIN_BASE_URL}))
"""


def base_url(root: Path, **environment: str) -> str:
    return settings_read(root, READ_BASE_URL, **environment)["base_url"]


def test_links_in_e_mails_follow_the_port(project_root, monkeypatch):
    monkeypatch.delenv("PORT", raising=False)
    assert base_url(project_root) == "http://127.0.0.1:8000"
    assert base_url(project_root, PORT="8123") == "http://127.0.0.1:8123"
    assert base_url(project_root, PORT="8123", TREMPLIN_BASE_URL="https://tremplin.example") == (
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
