"""The territorial report pages: who reads what, and the same figures on the page, in the CSV and XLSX files, in
the printed report and in the PDF."""

import csv
import io

import openpyxl
import pytest
from django.urls import reverse
from django.utils import translation

from accounts.enums import MembershipRole
from matching.reporting.facts import report_facts_refresh
from tests.accounts.factories import AdvisorFactory, MembershipFactory, RegionObserverFactory, UserFactory
from tests.employers.factories import EmployerFactory
from tests.matching.reporting.report_world import TODAY, build_report_world

URLS = ("staff:reports", "staff:reports_print", "staff:reports_csv", "staff:reports_xlsx", "staff:reports_pdf")


@pytest.fixture
def world(db, settings, time_machine_today):
    built = build_report_world()
    report_facts_refresh()
    return built


@pytest.fixture
def time_machine_today(monkeypatch):
    """The report world's today (4 December 2026): the views read ``timezone.localdate``."""
    from staff.reports import views

    monkeypatch.setattr(views.timezone, "localdate", lambda *args, **kwargs: TODAY)


def observer(departement: str = "") -> object:
    return RegionObserverFactory(memberships__departement_code=departement)


def test_who_reads_the_reports(client, world):
    member = UserFactory()
    MembershipFactory(user=member, role=MembershipRole.EMPLOYER_MEMBER, platform=None, employer=EmployerFactory())
    answers = {}
    for name, user in (
        ("observer", observer()),
        ("departement", observer("80")),
        ("advisor", AdvisorFactory(memberships__platform=world["lille"])),
        ("member", member),
        ("no membership", UserFactory()),
    ):
        client.force_login(user)
        answers[name] = {url: client.get(reverse(url)).status_code for url in URLS}
    assert answers["observer"] == dict.fromkeys(URLS, 200)
    assert answers["departement"] == dict.fromkeys(URLS, 200)
    assert answers["advisor"] == dict.fromkeys(URLS, 200)
    assert answers["member"] == dict.fromkeys(URLS, 404)
    assert answers["no membership"] == dict.fromkeys(URLS, 404)


def test_an_advisor_reads_only_their_platform(client, world):
    client.force_login(AdvisorFactory(memberships__platform=world["lille"]))
    page = client.get(reverse("staff:reports")).content.decode()
    assert "Plateforme Lille" in page
    assert "Plateforme Amiens" not in page
    assert client.get(reverse("staff:reports"), {"platform": world["amiens"].pk}).status_code == 404


def _csv_values(response) -> dict:
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    return {(table, line, column): value for table, line, column, value in (row for row in rows[3:] if len(row) == 4)}


def test_the_same_figures_everywhere(client, world):
    client.force_login(observer())
    with translation.override("en"):
        query = {"dimension": "platform", "period": "rolling"}
        page = client.get(reverse("staff:reports"), query, HTTP_ACCEPT_LANGUAGE="en").content.decode()
        values = _csv_values(client.get(reverse("staff:reports_csv"), query, HTTP_ACCEPT_LANGUAGE="en"))
        workbook = openpyxl.load_workbook(
            io.BytesIO(client.get(reverse("staff:reports_xlsx"), query, HTTP_ACCEPT_LANGUAGE="en").content)
        )
        printed = client.get(reverse("staff:reports_print"), query, HTTP_ACCEPT_LANGUAGE="en").content.decode()
        pdf = client.get(reverse("staff:reports_pdf"), query, HTTP_ACCEPT_LANGUAGE="en").content
    caption = "By platform"
    assert values[(caption, "Plateforme Lille", "Solutions")] == "8"
    assert values[(caption, "Plateforme Amiens", "Solutions")] == "15"
    assert values[(caption, "Total", "Solutions")] == "23"
    # Lille's 2 CDDs, and what would give them back, are hidden in every file.
    assert values[(caption, "Plateforme Lille", "Solutions: CDI")] == ""
    assert values[(caption, "Plateforme Lille", "Solutions: CDD of 6 months or more")] == ""
    assert values[(caption, "Total", "Solutions: CDD of 6 months or more")] == "10"
    sheet_rows = {tuple(row[:3]): row[3] for row in workbook.active.iter_rows(min_row=4, values_only=True)}
    assert sheet_rows[(caption, "Plateforme Lille", "Solutions")] == 8
    assert sheet_rows[(caption, "Plateforme Lille", "Solutions: CDI")] in ("", None)
    for html in (page, printed):
        assert '<th scope="row">Plateforme Lille</th>' in html
    assert pdf.startswith(b"%PDF-")
    assert len(pdf) > 1000


def test_the_page_reads_a_bounded_number_of_queries(client, world, django_assert_max_num_queries):
    client.force_login(observer())
    client.get(reverse("staff:reports"))  # computes and keeps the figures
    with django_assert_max_num_queries(12):
        response = client.get(reverse("staff:reports"), {"dimension": "epci"})
    assert response.status_code == 200


def test_each_rendering_is_drawn_once_per_refresh_and_territory(client, world, monkeypatch):
    from staff.reports import views

    client.force_login(observer())
    first = {url: client.get(reverse(url), {"dimension": "epci"}).content for url in URLS}

    def not_again(**kwargs):
        raise AssertionError("the tables were drawn again")

    monkeypatch.setattr(views, "report_tables", not_again)
    again = {url: client.get(reverse(url), {"dimension": "epci"}).content for url in URLS}
    assert again["staff:reports_csv"] == first["staff:reports_csv"]
    assert again["staff:reports_pdf"] == first["staff:reports_pdf"]
    assert "Métropole Européenne de Lille" in again["staff:reports"].decode()

    report_facts_refresh()  # a new refresh: drawn again from the new figures
    with pytest.raises(AssertionError, match="drawn again"):
        client.get(reverse("staff:reports"), {"dimension": "epci"})
