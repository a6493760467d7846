#!/usr/bin/env python
"""Django's command-line entry point for Tremplin."""

import os
import sys

import config.env  # noqa: F401  (reads .env first: it may set DJANGO_SETTINGS_MODULE)


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
