"""The one reader of the environment, for every settings module and every entry point (manage.py, WSGI, Celery).

Importing it reads the project's ``.env`` (when there is one) into the process environment, before anything is
computed from it: every variable may be set there, ``TREMPLIN_VAR_DIR`` and ``DJANGO_SETTINGS_MODULE`` included. A
variable already set in the environment wins over the file (django-environ's ``overwrite=False``), so that a
deployment, a test run or a one-off command can override what ``.env`` says.
"""

from pathlib import Path

import environ

PROJECT_ROOT = Path(__file__).resolve().parent.parent

env = environ.Env()
env.read_env(PROJECT_ROOT / ".env", overwrite=False)

# Everything the application writes (the embedded database, the broker's queue, uploads, static files).
VAR_DIR = Path(env.str("TREMPLIN_VAR_DIR", default=str(PROJECT_ROOT / "var")))
