"""Retention at six months on the dashboard: figures against hand-counted ones, groups suppressed below five, the
platform page, the region's line per platform and the CSV exports.

The world: platform A has thirteen solutions with a six-month check due (twelve of them by now): six people under
26 hired in March 2025 (four still with their employer, one with another, one not in work); in May 2025 a hire now
in training, one not reached, two not checked yet, an ended hire now in work elsewhere, a trainee in work; one hire
due in 2030. Two of the checked people have a disability recognition (suppressed). A CDD of three months in work
is no solution, and platform B's hire is B's.
"""

import csv
import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from accounts.enums import MembershipRole
from employers.enums import ContractType
from matching.enums import FollowUpResult, PositiveActionGroup, PresentationStatus
from staff.dashboard.figures import dashboard_platforms
from staff.dashboard.retention import dashboard_retention
from staff.dashboard.selectors import DateRange
from tests.accounts.factories import AdvisorFactory, MembershipFactory, PlatformFactory
from tests.candidates.factories import CandidateFactory, SensitiveSituationFactory
from tests.employers.factories import EmployerFactory, StaffingNeedFactory
from tests.matching.presentation_world import presentation_in

Status = PresentationStatus
Result = FollowUpResult
MARCH = datetime.date(2025, 3, 2)
MAY = datetime.date(2025, 5, 5)
LATER = datetime.date(2030, 1, 7)


def _solution(need, *, due_on, result="", status=Status.HIRED, contract=ContractType.CDI, months=None, **situation):
    candidate = CandidateFactory(presentable=True, platform=need.employer.platform)
    if situation:
        SensitiveSituationFactory(candidate=candidate, **situation)
    fields = {"follow_up_due_on": due_on}
    if status != Status.IN_TRAINING:
        fields |= {"contract_type": contract, "contract_duration_months": months}
    if result:
        checked_on = due_on + datetime.timedelta(days=3)
        fields |= {
            "follow_up_result": result,
            "follow_up_checked_on": checked_on,
            "followed_up_at": timezone.make_aware(datetime.datetime.combine(checked_on, datetime.time(10))),
            "still_in_work": None if result == Result.NOT_REACHED else result in Result.in_work(),
        }
    return presentation_in(status, need=need, candidate=candidate, **fields)


@pytest.fixture
def world(db):
    platform_a, platform_b = PlatformFactory(name="A — Lens-Liévin"), PlatformFactory(name="B — Arras")
    need = StaffingNeedFactory(open=True, employer=EmployerFactory(platform=platform_a), headcount=40)
    for result in [Result.SAME_EMPLOYER] * 4 + [Result.OTHER_EMPLOYER, Result.NOT_IN_WORK]:
        _solution(need, due_on=MARCH, result=result, is_under_26=True)
    _solution(need, due_on=MAY, result=Result.IN_TRAINING, has_disability_recognition=True)
    _solution(need, due_on=MAY, result=Result.NOT_REACHED)
    _solution(need, due_on=MAY)
    _solution(need, due_on=MAY, contract=ContractType.CDD, months=6)
    _solution(
        need, due_on=MAY, result=Result.OTHER_EMPLOYER, status=Status.HIRE_ENDED, has_disability_recognition=True
    )
    _solution(need, due_on=MAY, result=Result.SAME_EMPLOYER, status=Status.IN_TRAINING)
    _solution(need, due_on=LATER)
    # A CDD of three months is no solution: its check is not counted.
    _solution(need, due_on=MAY, result=Result.SAME_EMPLOYER, contract=ContractType.CDD, months=3)
    b_need = StaffingNeedFactory(open=True, employer=EmployerFactory(platform=platform_b), headcount=5)
    _solution(b_need, due_on=MAY, result=Result.SAME_EMPLOYER)
    return {"a": platform_a, "b": platform_b}


def _group(figures: dict, group: str) -> dict:
    return next(row for row in figures["groups"] if row["group"] == group)


def test_retention_counts_the_solutions_checked_and_still_in_work(world):
    figures = dashboard_retention(platform_ids=[world["a"].pk])
    assert {key: value for key, value in figures.items() if key != "groups"} == {
        "due": 12,
        "checked": 9,  # six under 26, the one in training, the ended hire, the trainee
        "in_work": 7,
        "not_reached": 1,
        "awaiting": 2,
        "share": 77.8,
    }


def test_retention_of_a_group_of_five_or_more_is_shown(world):
    figures = dashboard_retention(platform_ids=[world["a"].pk])
    assert _group(figures, PositiveActionGroup.UNDER_26) == {
        "group": PositiveActionGroup.UNDER_26,
        "is_suppressed": False,
        "checked": 6,
        "in_work": 5,
        "share": 83.3,
    }


@pytest.mark.parametrize("group", [PositiveActionGroup.DISABILITY_RECOGNITION, PositiveActionGroup.MINIMUM_INCOME])
def test_retention_of_a_group_under_five_is_suppressed(world, group):
    figures = dashboard_retention(platform_ids=[world["a"].pk])
    assert _group(figures, group) == {
        "group": group,
        "is_suppressed": True,
        "checked": None,
        "in_work": None,
        "share": None,
    }


def test_the_range_selects_the_checks_by_their_due_day(world):
    may = DateRange(start=datetime.date(2025, 5, 1), end=datetime.date(2025, 5, 31))
    figures = dashboard_retention(platform_ids=[world["a"].pk], date_range=may)
    assert figures["due"] == 6
    assert figures["checked"] == 3
    assert figures["in_work"] == 2
    assert figures["share"] == 66.7
    # Three checked solutions in all: every group is suppressed, even one with all three.
    assert all(row["is_suppressed"] and row["checked"] is None for row in figures["groups"])
    # Groups cover the whole months of the period: a few days of March give March's figures.
    few_days = DateRange(start=datetime.date(2025, 3, 10), end=datetime.date(2025, 3, 12))
    assert dashboard_retention(platform_ids=[world["a"].pk], date_range=few_days)["due"] == 0
    assert (
        _group(dashboard_retention(platform_ids=[world["a"].pk], date_range=few_days), "is_under_26")["checked"] == 6
    )


def test_no_check_gives_zeros_and_no_share(db):
    figures = dashboard_retention(platform_ids=[PlatformFactory().pk])
    assert figures["checked"] == 0
    assert figures["share"] is None
    assert all(row["is_suppressed"] for row in figures["groups"])


def test_each_platform_has_its_own_retention(world):
    lines = dashboard_platforms(platform_ids=[world["a"].pk, world["b"].pk])
    assert lines[world["a"].pk]["retention"]["share"] == 77.8
    assert lines[world["b"].pk]["retention"] == {
        "due": 1,
        "checked": 1,
        "in_work": 1,
        "not_reached": 0,
        "awaiting": 0,
        "share": 100.0,
    }


def test_retention_by_group_is_the_same_after_the_people_checked_are_anonymised(world):
    from candidates.models import Candidate, SensitiveSituation
    from matching.models import AnonymisedFollowUpTally
    from matching.personal_data import ErasureReason, candidate_anonymise

    platform_ids = [world["a"].pk]
    march = DateRange(start=datetime.date(2025, 3, 10), end=datetime.date(2025, 3, 12))
    before = {
        "all time": dashboard_retention(platform_ids=platform_ids),
        "march": dashboard_retention(platform_ids=platform_ids, date_range=march),
    }
    advisor = AdvisorFactory(memberships__platform=world["a"])
    for person in Candidate.objects.filter(sensitive_situation__isnull=False, platform=world["a"]):
        candidate_anonymise(candidate=person, by=advisor, reason=ErasureReason.REQUEST)

    assert not SensitiveSituation.objects.filter(candidate__platform=world["a"]).exists()
    assert dashboard_retention(platform_ids=platform_ids) == before["all time"]
    assert dashboard_retention(platform_ids=platform_ids, date_range=march) == before["march"]
    assert _group(before["all time"], PositiveActionGroup.UNDER_26)["share"] == 83.3
    # Counts per platform, month of the check and group: no row names a person or a day. The person in training at
    # the check is checked, not in work; the ended hire is in work elsewhere.
    assert sorted(AnonymisedFollowUpTally.objects.values_list("month", "group", "checked", "in_work")) == [
        (datetime.date(2025, 3, 1), PositiveActionGroup.UNDER_26, 6, 5),
        (datetime.date(2025, 5, 1), PositiveActionGroup.DISABILITY_RECOGNITION, 2, 1),
    ]


# --- pages and exports -----------------------------------------------------------------------------------------


def _url(name: str, language: str = "fr", **query) -> str:
    with translation.override(language):
        url = reverse(name)
    return url + ("?" + "&".join(f"{key}={value}" for key, value in query.items()) if query else "")


def _csv(response) -> dict[tuple[str, str, str], str]:
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    return {(table, label, column): value for table, label, column, value in rows[3:]}


def test_the_dashboard_shows_retention_its_chart_and_its_export(client, world):
    client.force_login(AdvisorFactory(memberships__platform=world["a"]))
    response = client.get(_url("staff:dashboard"))
    page = response.content.decode()
    assert "Maintien dans l’emploi à six mois" in page
    assert 'data-chart="retention"' in page
    assert 'data-chart="retention_groups"' in page
    groups_chart = response.context["data"]["charts"]["retention_groups"]
    shares = dict(zip(groups_chart["labels"], groups_chart["datasets"][0]["data"], strict=True))
    assert shares[PositiveActionGroup.UNDER_26.label] == 83.3
    assert shares[PositiveActionGroup.DISABILITY_RECOGNITION.label] is None

    figures = _csv(client.get(_url("staff:dashboard_csv", "en")))
    retention = "Retention at six months: solutions still in work"
    assert figures[(retention, "Six-month checks due", "Number")] == "12"
    assert figures[(retention, "Checked (the person answered)", "Number")] == "9"
    assert figures[(retention, "Still in work (with this employer or another)", "Number")] == "7"
    assert figures[(retention, "Not reached", "Number")] == "1"
    assert figures[(retention, "Due and not checked yet", "Number")] == "2"
    assert figures[(retention, "Share still in work among the checked solutions (%)", "Number")] == "77.8"
    by_group = "Retention at six months by group"
    under_26 = str(PositiveActionGroup.UNDER_26.label)
    disability = str(PositiveActionGroup.DISABILITY_RECOGNITION.label)
    assert figures[(by_group, under_26, "Share still in work (%)")] == "83.3"
    assert figures[(by_group, disability, "Checked solutions")] == "< 5"
    assert figures[(by_group, disability, "Share still in work (%)")] == ""


def test_the_region_shows_retention_per_platform(client, world):
    manager = AdvisorFactory(memberships__platform=world["a"], memberships__role=MembershipRole.MANAGER)
    MembershipFactory(user=manager, platform=world["b"], role=MembershipRole.MANAGER)
    client.force_login(manager)
    response = client.get(_url("staff:dashboard_region"))
    lines = dict(response.context["breakdown"])
    assert lines[world["a"]]["retention"]["share"] == 77.8
    assert lines[world["b"]]["retention"]["share"] == 100.0
    page = response.content.decode()
    assert "77,8" in page
    # The column headers are the export's, in French.
    assert '<th scope="col">Part toujours en emploi parmi les solutions vérifiées (%)</th>' in page

    figures = _csv(client.get(_url("staff:dashboard_region_csv", "en")))
    share = "Share still in work among the checked solutions (%)"
    assert figures[("Figures by platform", "A — Lens-Liévin", share)] == "77.8"
    assert figures[("Figures by platform", "B — Arras", share)] == "100.0"
    assert figures[("Figures by platform", "B — Arras", "Six-month checks due")] == "1"
    # The region as a whole: both platforms' checks.
    retention = "Retention at six months: solutions still in work"
    assert figures[(retention, "Checked (the person answered)", "Number")] == "10"
