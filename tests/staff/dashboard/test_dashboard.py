"""The platform dashboard: its figures against hand-computed ones, suppression of small groups, scope and pages.

The world: platform A has six needs with known opening, presentation and filling dates, seventeen presentations
along the workflow, eight hires with known contracts, one entry into training, and sensitive situations such that
five hires are under 26 (shown) and two have a disability recognition (suppressed). Platform B has its own need,
hire, suggestions and training, which A's figures never count.
"""

import csv
import datetime
import io
import re

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone, translation

from accounts.enums import MembershipRole
from employers.enums import ContractType, NeedStatus
from employers.models import NeedStatusChange
from matching.enums import OutcomeKind, PositiveActionGroup, PresentationStatus
from matching.models import MatchSuggestion, Outcome, Presentation, PresentationTransition
from staff.dashboard.figures import dashboard_figures
from staff.dashboard.selectors import (
    SOLUTION_HIRE,
    DateRange,
    dashboard_durations,
    dashboard_funnel,
    dashboard_needs,
    dashboard_platform_breakdown,
    dashboard_sensitive_groups,
    dashboard_solutions,
)
from tests.accounts.factories import AdvisorFactory, MembershipFactory, PlatformFactory, UserFactory
from tests.candidates.factories import CandidateFactory, SensitiveSituationFactory
from tests.employers.factories import EmployerFactory, StaffingNeedFactory
from tests.matching.presentation_world import presentation_in

Status = PresentationStatus
T0 = timezone.make_aware(datetime.datetime(2026, 1, 5, 9, 0))


def day(n: float) -> datetime.datetime:
    return T0 + datetime.timedelta(days=n)


def _need(employer, status: str, headcount: int, hires_count: int = 0, changes: tuple = ()):
    need = StaffingNeedFactory(employer=employer, status=status, headcount=headcount, hires_count=hires_count)
    for from_status, to_status, on_day in changes:
        NeedStatusChange.objects.create(
            need=need, from_status=from_status, to_status=to_status, changed_at=day(on_day)
        )
    return need


def _hire(need, *, presented_on: float, closed_on: float, contract: str, months: int | None = None, **situation):
    candidate = CandidateFactory(presentable=True, platform=need.employer.platform)
    if situation:
        SensitiveSituationFactory(candidate=candidate, **situation)
    return presentation_in(
        Status.HIRED,
        need=need,
        candidate=candidate,
        created_at=day(presented_on - 1),
        presented_at=day(presented_on),
        closed_at=day(closed_on),
        contract_type=contract,
        contract_duration_months=months,
    )


def _presentation(need, status: str, *, presented_on: float | None, **fields):
    return presentation_in(
        status,
        need=need,
        created_at=day((presented_on or 1) - 1),
        presented_at=None if presented_on is None else day(presented_on),
        **fields,
    )


@pytest.fixture
def world(db):
    platform_a, platform_b = PlatformFactory(name="A — Lens-Liévin"), PlatformFactory(name="B — Arras")
    employer = EmployerFactory(platform=platform_a)
    D, O, F, C = NeedStatus.DRAFT, NeedStatus.OPEN, NeedStatus.FILLED, NeedStatus.CLOSED  # noqa: E741

    n1 = _need(employer, O, 10, 4, [(D, O, 0)])
    n2 = _need(employer, F, 2, 2, [(D, O, 0), (O, F, 20)])
    n3 = _need(employer, O, 5, 0, [(D, O, 1)])
    n5 = _need(employer, F, 1, 1, [(D, O, 2), (O, F, 32)])
    # Closed then reopened: its opening is its first change to "open".
    n6 = _need(employer, F, 1, 1, [(D, O, 0), (O, C, 10), (C, O, 15), (O, F, 70)])
    n7 = _need(employer, O, 3, 0, [(D, O, 0)])
    _need(employer, D, 2)  # a draft: counted nowhere

    # Eight hires: five solutions (3 CDI, 2 CDD of 6 months), three others (a CDD of 3 months, 2 temporary).
    _hire(n1, presented_on=3, closed_on=10, contract=ContractType.CDI, is_under_26=True)
    _hire(n1, presented_on=8, closed_on=10, contract=ContractType.CDI, is_under_26=True)
    _hire(n1, presented_on=8, closed_on=10, contract=ContractType.CDD, months=6, is_under_26=True)
    _hire(n1, presented_on=8, closed_on=10, contract=ContractType.CDD, months=3, has_disability_recognition=True)
    _hire(n2, presented_on=5, closed_on=18, contract=ContractType.CDD, months=6, is_under_26=True)
    _hire(n2, presented_on=6, closed_on=19, contract=ContractType.TEMPORARY)
    _hire(n5, presented_on=8, closed_on=31, contract=ContractType.CDI, is_under_26=True)
    _hire(n6, presented_on=12, closed_on=69, contract=ContractType.TEMPORARY, has_disability_recognition=True)

    # Nine presentations that did not end in a hire.
    _presentation(n1, Status.SHORTLISTED, presented_on=None)
    _presentation(n1, Status.DECLINED_BY_CANDIDATE, presented_on=None)
    _presentation(n1, Status.INTERVIEW_REQUESTED, presented_on=9)
    declined = _presentation(n1, Status.DECLINED_BY_EMPLOYER, presented_on=9)
    PresentationTransition.objects.create(
        presentation=declined, from_status=Status.PRESENTED, to_status=Status.INTERVIEW_REQUESTED, at=day(10)
    )
    _presentation(n1, Status.PRESENTED, presented_on=9)
    _presentation(n2, Status.NOT_HIRED, presented_on=7)
    _presentation(n3, Status.PRESENTED, presented_on=11)
    _presentation(n3, Status.INTERVIEW_SCHEDULED, presented_on=12)
    _presentation(n7, Status.PRESENTED, presented_on=4)

    # Not hired, under 26: not counted among the hires' groups.
    SensitiveSituationFactory(candidate=CandidateFactory(platform=platform_a), is_under_26=True)

    candidates = CandidateFactory.create_batch(10, platform=platform_a)
    for need in (n1, n3):
        for rank, candidate in enumerate(candidates, start=1):
            MatchSuggestion.objects.create(
                need=need, candidate=candidate, rank=rank, score=5000, parts={}, distance_km=1.0, scoring_version="t"
            )

    trained = CandidateFactory(platform=platform_a)
    Outcome.objects.create(candidate=trained, kind=OutcomeKind.TRAINING, description="POEC", starts_on=day(10).date())
    Outcome.objects.create(candidate=trained, kind=OutcomeKind.JOB_ELSEWHERE, description="CDI", starts_on=T0.date())

    # Platform B: must never show on A's figures.
    b_need = _need(EmployerFactory(platform=platform_b), O, 50, 1, [(D, O, 0)])
    _hire(b_need, presented_on=1, closed_on=5, contract=ContractType.CDI, is_under_26=True)
    _presentation(b_need, Status.PRESENTED, presented_on=2)
    MatchSuggestion.objects.create(
        need=b_need, candidate=candidates[0], rank=1, score=4000, parts={}, distance_km=2.0, scoring_version="t"
    )
    Outcome.objects.create(
        candidate=CandidateFactory(platform=platform_b),
        kind=OutcomeKind.TRAINING,
        description="AFPR",
        starts_on=T0.date(),
    )
    return {"a": platform_a, "b": platform_b}


def _group(figures: dict, group: str) -> dict:
    return next(row for row in figures["groups"] if row["group"] == group)


# --- figures -------------------------------------------------------------------------------------------------


def test_open_needs_openings_and_hires(world):
    assert dashboard_needs(platform_ids=[world["a"].pk]) == {
        "open_needs": 3,
        "openings": 18,
        "hires": 4,
        "openings_left": 14,
    }


def test_days_to_first_presentation_and_to_filling(world):
    durations = dashboard_durations(platform_ids=[world["a"].pk])
    # First presentations after opening: 3, 5, 10, 6, 12 and 4 days: median (5 + 6) / 2, mean 40 / 6.
    assert durations["to_first_presentation"] == {"count": 6, "median": 5.5, "mean": 6.7}
    # Filled 20, 30 and 70 days after opening (the reopened need counts from its first opening).
    assert durations["to_filling"] == {"count": 3, "median": 30.0, "mean": 40.0}


def test_durations_count_the_needs_opened_in_the_range(world):
    durations = dashboard_durations(
        platform_ids=[world["a"].pk], date_range=DateRange(start=day(1).date(), end=day(2).date())
    )
    assert durations["to_first_presentation"] == {"count": 2, "median": 8.0, "mean": 8.0}
    assert durations["to_filling"] == {"count": 1, "median": 30.0, "mean": 30.0}


def test_the_funnel_counts_every_step_a_presentation_went_through(world):
    assert dashboard_funnel(platform_ids=[world["a"].pk]) == {
        "suggestions": 20,
        "shortlisted": 17,
        "presented": 15,
        "interview": 12,
        "hired": 8,
    }


def test_solutions_are_cdi_long_cdd_and_entries_into_training(world):
    assert dashboard_solutions(platform_ids=[world["a"].pk]) == {
        "hires": 8,
        "solution_hires": 5,
        "other_hires": 3,
        "trainings": 1,
        "solutions": 6,
        "outcomes": 9,
        "share": 66.7,
    }


def test_the_solution_condition_agrees_with_the_model_property(world):
    hires = Presentation.objects.filter(status=Status.HIRED)
    solutions = set(hires.filter(SOLUTION_HIRE).values_list("pk", flat=True))
    assert {hire.pk for hire in hires if hire.is_solution} == solutions
    assert len(solutions) == 6  # five on A, one on B


def test_a_group_of_five_hires_is_shown_with_its_share(world):
    figures = dashboard_sensitive_groups(platform_ids=[world["a"].pk])
    assert figures["hires"] == 8
    assert _group(figures, PositiveActionGroup.UNDER_26) == {
        "group": PositiveActionGroup.UNDER_26,
        "is_suppressed": False,
        "count": 5,
        "share": 62.5,
    }


@pytest.mark.parametrize(
    "group",
    [
        PositiveActionGroup.DISABILITY_RECOGNITION,  # two hires
        PositiveActionGroup.LONG_TERM_JOB_SEEKERS,  # none
        PositiveActionGroup.AGED_50_AND_OVER,
    ],
)
def test_a_group_under_five_hires_is_suppressed(world, group):
    figures = dashboard_sensitive_groups(platform_ids=[world["a"].pk])
    assert _group(figures, group) == {"group": group, "is_suppressed": True, "count": None, "share": None}


def test_every_group_is_suppressed_when_the_hires_are_fewer_than_five(world):
    # Hires recorded in February and March (days 31 and 69): one on n5, one on n6. The groups' figure covers whole
    # months: from 10 February to 15 March is February and March.
    february_march = DateRange(start=day(36).date(), end=day(69).date())
    figures = dashboard_sensitive_groups(platform_ids=[world["a"].pk], date_range=february_march)
    assert figures["hires"] is None
    assert all(row["is_suppressed"] and row["count"] is None for row in figures["groups"])
    # From day 15 to day 69 (20 January to 15 March) is January to March: every hire of platform A.
    period = DateRange(start=day(15).date(), end=day(69).date())
    whole = DateRange(start=datetime.date(2026, 1, 1), end=datetime.date(2026, 3, 31))
    assert dashboard_sensitive_groups(platform_ids=[world["a"].pk], date_range=period)["hires"] == 8
    assert dashboard_sensitive_groups(platform_ids=[world["a"].pk], date_range=period) == dashboard_sensitive_groups(
        platform_ids=[world["a"].pk], date_range=whole
    )
    assert dashboard_solutions(platform_ids=[world["a"].pk], date_range=period) == {
        "hires": 4,
        "solution_hires": 2,
        "other_hires": 2,
        "trainings": 0,
        "solutions": 2,
        "outcomes": 4,
        "share": 50.0,
    }


def test_the_range_selects_presentations_by_their_shortlisting(world):
    # Shortlisted on day 7 (three of n1's hires, n5's hire) or day 8 (n1's interview, declined and presented ones).
    period = DateRange(start=day(7).date(), end=day(8).date())
    assert dashboard_funnel(platform_ids=[world["a"].pk], date_range=period) == {
        "suggestions": 0,  # computed today, outside the period
        "shortlisted": 7,
        "presented": 7,
        "interview": 6,
        "hired": 4,
    }


def test_platform_b_is_counted_apart(world):
    figures = dashboard_figures(platform_ids=[world["b"].pk])
    assert figures["needs"] == {"open_needs": 1, "openings": 50, "hires": 1, "openings_left": 49}
    assert figures["funnel"] == {"suggestions": 1, "shortlisted": 2, "presented": 2, "interview": 1, "hired": 1}
    assert figures["solutions"]["trainings"] == 1
    assert figures["sensitive_groups"]["hires"] is None


def test_the_breakdown_gives_one_line_per_platform(world):
    breakdown = dashboard_platform_breakdown(platform_ids=[world["a"].pk, world["b"].pk])
    assert breakdown[world["a"].pk] == {
        "open_needs": 3,
        "openings": 18,
        "hires_on_open_needs": 4,
        "shortlisted": 17,
        "hired": 8,
    }
    assert breakdown[world["b"].pk] == {
        "open_needs": 1,
        "openings": 50,
        "hires_on_open_needs": 1,
        "shortlisted": 2,
        "hired": 1,
    }


def test_no_data_gives_zeros_and_no_averages(db):
    figures = dashboard_figures(platform_ids=[PlatformFactory().pk])
    assert figures["needs"]["open_needs"] == 0
    assert figures["durations"]["to_filling"] == {"count": 0, "median": None, "mean": None}
    assert figures["solutions"]["share"] is None


# --- pages -------------------------------------------------------------------------------------------------


def _member(platform, role=MembershipRole.ADVISOR):
    return AdvisorFactory(memberships__platform=platform, memberships__role=role)


def _url(name: str, language: str = "fr", **query) -> str:
    with translation.override(language):
        url = reverse(name)
    return url + ("?" + "&".join(f"{key}={value}" for key, value in query.items()) if query else "")


def _csv(response) -> dict[tuple[str, str], str]:
    """The export's figures as {(row label, column): value}, after its scope, period and header lines."""
    content = b"".join(response.streaming_content) if response.streaming else response.content
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    assert rows[2] == ["Table", "Figure", "Column", "Value"]
    return {(label, column): value for _table, label, column, value in rows[3:]}


URLS = [
    "staff:dashboard",
    "staff:dashboard_csv",
    "staff:dashboard_xlsx",
    "staff:dashboard_region",
    "staff:dashboard_region_csv",
    "staff:dashboard_region_xlsx",
]


@pytest.mark.parametrize("name", URLS)
def test_anonymous_users_are_sent_to_the_login_page(client, name):
    response = client.get(_url(name))
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('admin:login')}?next={_url(name)}"


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("employer_member", dict.fromkeys(URLS, 404)),
        ("no_membership", dict.fromkeys(URLS, 404)),
        ("advisor", {name: 404 if "region" in name else 200 for name in URLS}),
        ("manager", dict.fromkeys(URLS, 200)),
        ("superuser", dict.fromkeys(URLS, 200)),
    ],
)
def test_every_url_against_every_role(client, world, role, expected):
    if role == "employer_member":
        user = UserFactory()
        MembershipFactory(user=user, role=MembershipRole.EMPLOYER_MEMBER, platform=None, employer=EmployerFactory())
    elif role == "no_membership":
        user = UserFactory(is_staff=True)
    elif role == "superuser":
        user = UserFactory(is_staff=True, is_superuser=True)
    else:
        user = _member(world["a"], role)
    client.force_login(user)
    assert {name: client.get(_url(name)).status_code for name in URLS} == expected


def test_an_advisor_sees_only_their_platform(client, world):
    client.force_login(_member(world["a"]))
    assert client.get(_url("staff:dashboard", platform=world["b"].pk)).status_code == 404
    assert client.get(_url("staff:dashboard_csv", platform=world["b"].pk)).status_code == 404
    assert client.get(_url("staff:dashboard_xlsx", platform=world["b"].pk)).status_code == 404
    assert client.get(_url("staff:dashboard", platform="not-a-number")).status_code == 404

    response = client.get(_url("staff:dashboard", platform=world["a"].pk))
    assert response.status_code == 200
    needs = response.context["data"]["charts"]["needs"]["datasets"][0]["data"]
    assert needs == [18, 4, 14]  # openings, hires, openings left: A's only, never B's 50 openings
    assert "B — Arras" not in response.content.decode()


def test_a_member_of_two_platforms_chooses_between_them(client, world):
    user = _member(world["a"])
    MembershipFactory(user=user, platform=world["b"])
    client.force_login(user)
    response = client.get(_url("staff:dashboard", platform=world["b"].pk))
    assert response.context["data"]["charts"]["needs"]["datasets"][0]["data"] == [50, 1, 49]
    assert 'name="platform"' in response.content.decode()


def test_the_csv_export_has_the_page_figures_in_scope(client, world):
    client.force_login(_member(world["a"]))
    response = client.get(_url("staff:dashboard_csv", "en"))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    figures = _csv(response)
    assert figures[("Open needs", "Number")] == "3"
    assert figures[("Openings (headcount of open needs)", "Number")] == "18"
    assert figures[("Hires on open needs", "Number")] == "4"
    assert figures[("To the first presentation", "Median (days)")] == "5.5"
    assert figures[("To the first presentation", "Mean (days)")] == "6.7"
    assert figures[("To the filling", "Median (days)")] == "30.0"
    assert figures[("Suggestions", "Number")] == "20"
    assert figures[("Shortlisted", "Number")] == "17"
    assert figures[("Presented to the employer", "Number")] == "15"
    assert figures[("Interview requested or scheduled", "Number")] == "12"
    assert figures[("Hired", "Number")] == "8"
    assert figures[("Entries into training", "Number")] == "1"
    assert figures[("Share of solutions among hires and entries into training (%)", "Number")] == "66.7"
    under_26 = str(PositiveActionGroup.UNDER_26.label)
    disability = str(PositiveActionGroup.DISABILITY_RECOGNITION.label)
    assert figures[(under_26, "Hires")] == "5"
    assert figures[(under_26, "Share of hires (%)")] == "62.5"
    assert figures[(disability, "Hires")] == "< 5"
    # A share of a suppressed count is left blank, never "< 5" (a number of people).
    assert figures[(disability, "Share of hires (%)")] == ""


def test_the_csv_export_is_in_french_in_the_french_interface(client, world):
    client.force_login(_member(world["a"]))
    content = client.get(_url("staff:dashboard_csv", "fr")).content
    assert content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    assert rows[0] == ["Périmètre", "A — Lens-Liévin"]
    assert rows[2] == ["Tableau", "Indicateur", "Colonne", "Valeur"]
    figures = {(label, column): value for _table, label, column, value in rows[3:]}
    assert figures[("Besoins ouverts", "Nombre")] == "3"
    assert figures[("Recruté", "Nombre")] == "8"


def test_the_xlsx_export_has_the_csv_lines_on_a_named_sheet(client, world):
    client.force_login(_member(world["a"]))
    response = client.get(_url("staff:dashboard_xlsx", "fr"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert response["Content-Disposition"] == f'attachment; filename="tableau-de-bord-{world["a"].slug}.xlsx"'
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == ["Tableau de bord"]
    lines = [[cell.value for cell in row] for row in workbook.active.iter_rows()]
    assert lines[2] == ["Tableau", "Indicateur", "Colonne", "Valeur"]
    figures = {(label, column): value for _table, label, column, value in lines[3:]}
    assert figures[("Besoins ouverts", "Nombre")] == 3  # a number, not text
    assert figures[("Part des solutions parmi les recrutements et les entrées en formation (%)", "Nombre")] == 66.7
    with translation.override("fr"):
        disability = str(PositiveActionGroup.DISABILITY_RECOGNITION.label)
    assert figures[(disability, "Recrutements")] == "< 5"
    assert all(cell.data_type != "f" for row in workbook.active.iter_rows() for cell in row)
    csv_content = client.get(_url("staff:dashboard_csv", "fr")).content.decode("utf-8-sig")
    assert len(list(csv.reader(io.StringIO(csv_content)))) == len(lines)


def test_the_page_links_both_downloads(client, world):
    client.force_login(_member(world["a"]))
    page = client.get(_url("staff:dashboard")).content.decode()
    assert _url("staff:dashboard_csv") in page
    assert _url("staff:dashboard_xlsx") in page


def test_the_csv_export_follows_the_period(client, world):
    client.force_login(_member(world["a"]))
    response = client.get(_url("staff:dashboard_csv", "en", start=day(15).date(), end=day(69).date()))
    figures = _csv(response)
    # The groups' table covers the period's whole months (January to March: 8 hires); the others, its days.
    assert figures[("All hires", "Hires")] == "8"
    assert figures[("Hires on a CDI or a CDD of six months or more", "Number")] == "2"
    february_march = _csv(client.get(_url("staff:dashboard_csv", "en", start=day(36).date(), end=day(69).date())))
    assert february_march[("All hires", "Hires")] == "< 5"


def test_the_region_adds_up_the_managers_platforms(client, world):
    manager = _member(world["a"], MembershipRole.MANAGER)
    MembershipFactory(user=manager, platform=world["b"], role=MembershipRole.MANAGER)
    PlatformFactory(name="C — not theirs")
    client.force_login(manager)
    response = client.get(_url("staff:dashboard_region"))
    assert response.status_code == 200
    assert response.context["data"]["charts"]["needs"]["datasets"][0]["data"] == [68, 5, 63]
    page = response.content.decode()
    assert "A — Lens-Liévin" in page
    assert "B — Arras" in page
    assert "C — not theirs" not in page
    figures = _csv(client.get(_url("staff:dashboard_region_csv", "en")))
    assert figures[("Open needs", "Number")] == "4"
    assert figures[("Hired", "Number")] == "9"
    assert figures[(str(PositiveActionGroup.UNDER_26.label), "Hires")] == "6"


def test_the_page_draws_its_charts_from_static_files_and_shows_tables(client, world):
    client.force_login(_member(world["a"]))
    response = client.get(_url("staff:dashboard"))
    page = response.content.decode()
    assert "/static/staff/vendor/chart.umd.js" in page
    assert "/static/staff/dashboard.js" in page
    assert '<script id="dashboard-data" type="application/json">' in page
    # No inline script: every script is a file, or data.
    for tag in re.findall(r"<script[^>]*>", page):
        assert "src=" in tag or 'type="application/json"' in tag, tag
    for key in ("needs", "durations", "funnel", "solutions", "sensitive_groups"):
        assert f'data-chart="{key}"' in page
    assert page.count("<table") == 7
    assert page.count("<caption>") == 7
    # No six-month check is recorded in this world: the retention tables say so instead of an empty chart.
    assert 'data-chart="retention"' not in page
    assert "retention" not in response.context["data"]["charts"]
    assert page.count("Rien à représenter pour cette période") == 2
    assert '<th scope="col">' in page
    assert '<th scope="row">' in page
    assert "&lt; 5" in page  # a suppressed group


def test_the_chart_data_hides_suppressed_groups(client, world):
    client.force_login(_member(world["a"]))
    chart = client.get(_url("staff:dashboard")).context["data"]["charts"]["sensitive_groups"]
    shares = dict(zip(chart["labels"], chart["datasets"][0]["data"], strict=True))
    assert shares[PositiveActionGroup.UNDER_26.label] == 62.5
    assert shares[PositiveActionGroup.DISABILITY_RECOGNITION.label] is None


def test_an_invalid_period_shows_the_whole_history(client, world):
    client.force_login(_member(world["a"]))
    response = client.get(_url("staff:dashboard", start="2026-03-01", end="2026-01-01"))
    assert response.status_code == 200
    assert response.context["form"].errors
    assert response.context["data"]["charts"]["funnel"]["datasets"][0]["data"] == [20, 17, 15, 12, 8]


@pytest.mark.parametrize("name", URLS)
def test_the_number_of_queries_is_bounded(client, world, name, django_assert_max_num_queries):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    # The region's page: the figures (retention among them, in two queries), then a line per platform in three;
    # one more for the header's to-do counts.
    with django_assert_max_num_queries(20):
        assert client.get(_url(name)).status_code == 200


def test_the_pages_figures_are_kept_for_a_while_and_the_csv_is_computed_afresh(client, world, settings):
    from django.core.cache import cache

    settings.DASHBOARD_CACHE_SECONDS = 60
    cache.clear()
    try:
        client.force_login(_member(world["a"]))
        url = _url("staff:dashboard", platform=world["a"].pk)

        def openings() -> list[int]:
            return client.get(url).context["data"]["charts"]["needs"]["datasets"][0]["data"]

        assert openings() == [18, 4, 14]
        StaffingNeedFactory(employer=EmployerFactory(platform=world["a"]), open=True, headcount=7)
        assert openings() == [18, 4, 14]  # the page's figures, within the minute
        assert "60" in client.get(url).content.decode().split('class="dashboard-freshness"')[1].split("</p>")[0]
        export = _csv(client.get(_url("staff:dashboard_csv", "en", platform=world["a"].pk)))
        assert export[("Openings (headcount of open needs)", "Number")] == "25"  # the new need's 7, at once

        cache.clear()
        assert openings() == [25, 4, 21]  # once the kept figures are gone, computed again
        # A range is kept apart from the whole history.
        ranged = client.get(url, {"start": "2026-01-01", "end": "2026-12-31"})
        assert ranged.status_code == 200
    finally:
        cache.clear()
