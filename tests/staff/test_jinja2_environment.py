"""The Jinja2 environment of long tables (staff/jinja2_environment.py): the output of the Django tags it replaces."""

import datetime

import pytest
from django.template import engines
from django.template.defaultfilters import date as date_filter
from django.template.defaultfilters import floatformat
from django.utils import timezone, translation
from django.utils.translation import gettext

JINJA2 = engines["jinja2"]


def render(source: str, **context) -> str:
    return JINJA2.from_string(source).render(context)


@pytest.mark.parametrize("language", ["fr", "en"])
def test_numbers_dates_and_messages_read_as_in_django_templates(language):
    moment = datetime.datetime(2026, 11, 27, 7, 30, tzinfo=datetime.UTC)
    with translation.override(language), timezone.override("Europe/Paris"):
        assert render("{{ x|number(2) }}", x=72.35) == floatformat(72.35, 2)
        assert render("{{ x|number(2) }}", x=5) == floatformat(5, 2)
        assert render("{{ d|date }}", d=datetime.date(2026, 3, 9)) == date_filter(
            datetime.date(2026, 3, 9), "SHORT_DATE_FORMAT"
        )
        # An aware time is shown in the current time zone, as the date filter does in a Django template.
        assert render("{{ t|datetime }}", t=moment) == date_filter(timezone.localtime(moment), "SHORT_DATETIME_FORMAT")
        assert render('{{ _("Shortlist") }}') == gettext("Shortlist")
        assert render("{{ _('Shortlist %(name)s')|format(name=n) }}", n="Léa <b>") == (
            gettext("Shortlist %(name)s") % {"name": "Léa &lt;b&gt;"}
        )
    assert render("{{ x|number(2) }}{{ d|date }}{{ t|datetime }}", x=None, d=None, t=None) == ""


def test_output_is_escaped_and_urls_are_reversed():
    assert render("{{ v }}", v="<script>") == "&lt;script&gt;"
    assert render("{{ url('staff:need_review', 12) }}").endswith("/staff/needs/12/")
