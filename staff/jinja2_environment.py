"""The Jinja2 environment of the fragments that repeat a row many times, such as the review page's tables.

The pages themselves stay Django templates (the admin's shell is one); a view renders a long table with Jinja2 and
places it in its page. Jinja2 compiles a template to Python, which renders a table row for less than the Django
template language does: the review page's 50 suggestion rows take about half the time in Jinja2 (docs/benchmarks.md,
"Measured costs behind the code").

What the fragments use mirrors the Django tags they replace:

- ``_("…")`` is Django's ``gettext``. ``makemessages`` reads these files as Django templates: it finds a message
  only as ``{{ _("…") }}`` or ``{{ _("…")|filter }}``, with ``_(`` first. A message with a placeholder is formatted
  after it is translated (``_("… %(name)s")|format(name=…)``); a plural is chosen in Python, where ``ngettext``
  is extracted, and passed in.
- ``url(name, *args)`` is ``reverse``; ``static`` the static files' storage.
- ``number(value, places)`` formats as ``floatformat`` does in the active language (a value halfway between two
  roundings may round the other way: the review page only shows exact hundredths); ``date`` and ``datetime``
  format a date or an aware date and time in the active language's short format, in the current time zone, as the
  ``date`` filter does.
"""

from datetime import date, datetime
from typing import Any

from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format, get_format
from django.utils.translation import gettext
from jinja2 import Environment


def url(name: str, *args: Any) -> str:
    return reverse(name, args=args)


def number(value: float | int | None, places: int = 0) -> str:
    """The number with ``places`` decimals and the active language's decimal separator, without grouping."""
    return "" if value is None else f"{value:.{places}f}".replace(".", get_format("DECIMAL_SEPARATOR"))


def short_date(value: date | None) -> str:
    return "" if value is None else date_format(value, "SHORT_DATE_FORMAT")


def short_datetime(value: datetime | None) -> str:
    if value is None:
        return ""
    return date_format(timezone.localtime(value) if timezone.is_aware(value) else value, "SHORT_DATETIME_FORMAT")


def environment(**options: Any) -> Environment:
    options.pop("autoescape", None)  # always on, whatever the settings say
    env = Environment(autoescape=True, **options)
    env.globals.update({"_": gettext, "url": url, "static": static})
    env.filters.update({"number": number, "date": short_date, "datetime": short_datetime})
    return env
