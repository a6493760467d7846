"""WSGI entry point for application servers such as gunicorn."""

import os

from django.core.wsgi import get_wsgi_application

import config.env  # noqa: F401  (reads .env first: it may set DJANGO_SETTINGS_MODULE)

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")

application = get_wsgi_application()
