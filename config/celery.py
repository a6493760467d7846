"""The Celery application shared by the web process, the workers and beat.

Settings come from Django's settings under the ``CELERY_`` prefix, so the broker
follows the same environment as the database: Redis when configured, the
filesystem transport otherwise.
"""

import os

from celery import Celery

import config.env  # noqa: F401  (reads .env first: it may set DJANGO_SETTINGS_MODULE)

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")

app = Celery("tremplin")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
