"""``manage.py report_refresh`` computes the report figures the hourly task computes."""

import io

import pytest
from django.core.management import call_command

from matching.models import ReportFact, ReportRefresh
from tests.matching.reporting.report_world import build_report_world

pytestmark = pytest.mark.django_db


def test_the_command_computes_the_figures_and_says_how_many():
    build_report_world()
    out = io.StringIO()

    call_command("report_refresh", stdout=out)

    refresh = ReportRefresh.objects.get()
    assert refresh.fact_rows == ReportFact.objects.count() > 0
    assert f"{refresh.fact_rows} rows" in out.getvalue()
