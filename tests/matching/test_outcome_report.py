"""``manage.py outcome_report`` on a small world whose every figure is known: coverage by wave, proposals per person,
days to the first proposal, and the needs short of suggestions with what holds them back."""

import datetime
import io
import re
from types import SimpleNamespace

import pytest
from django.core.management import call_command
from django.utils import timezone, translation

from candidates.models import Candidate
from employers.enums import NeedStatus, WaveStatus
from employers.models import NeedStatusChange, RecruitingWave
from matching.models import MatchSuggestion, NeedSourcing, Presentation
from matching.outcome_report import percentile
from tests.candidates.factories import CandidateFactory
from tests.employers.factories import EmployerFactory, MassHiringNeedFactory, StaffingNeedFactory
from tests.referentials.factories import OccupationFactory, SkillFactory, hauts_de_france_communes

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
PUBLISHED = timezone.now() - datetime.timedelta(days=30)


def _suggest(need, candidate, rank, *, wave=None, is_proposed=True, days_after_publication=2.0):
    return MatchSuggestion.objects.create(
        need=need,
        candidate=candidate,
        rank=rank,
        score=5000,
        parts={},
        distance_km=3.0,
        is_proposed=is_proposed,
        proposed_wave=wave if is_proposed else None,
        scoring_version="test",
        computed_at=PUBLISHED + datetime.timedelta(days=days_after_publication),
    )


def _published(need):
    NeedStatusChange.objects.create(
        need=need, from_status=NeedStatus.DRAFT, to_status=NeedStatus.OPEN, changed_at=PUBLISHED
    )


@pytest.fixture
def world(platform, settings):
    """A mass-hiring need in waves, a small need without waves, and two open needs short of candidates.

    The mass-hiring need (50 people, 5 hired) plans 45 in three waves, one of them closed: 5 seats left in its
    implicit wave (1 proposal), 15 in its first wave (3 proposals), 20 in its second (none), and 1 proposal on the
    closed wave. The small need (3 people, one hired) has 2 proposals. Seven presentable people and one who is not.
    """
    settings.MATCHING_PROPOSALS_PER_OPENING = 2
    settings.MATCHING_MAX_PROPOSALS_PER_CANDIDATE = 2
    communes = hauts_de_france_communes()
    employer = EmployerFactory(platform=platform)
    common = {"employer": employer, "site__commune": communes["Lille"], "occupation": OccupationFactory()}
    mass = MassHiringNeedFactory(
        open=True,
        title="Téléconseillers",
        headcount=50,
        hires_count=5,
        start_date=TODAY + datetime.timedelta(days=20),
        **common,
    )
    first = RecruitingWave.objects.create(
        need=mass, starts_on=TODAY + datetime.timedelta(days=30), hires_planned=20, hires_count=5
    )
    RecruitingWave.objects.create(need=mass, starts_on=TODAY + datetime.timedelta(days=60), hires_planned=20)
    closed_wave = RecruitingWave.objects.create(
        need=mass, starts_on=TODAY + datetime.timedelta(days=10), hires_planned=5, status=WaveStatus.CLOSED
    )
    small = StaffingNeedFactory(open=True, title="Standardiste", headcount=3, hires_count=1, **common)
    experienced = StaffingNeedFactory(
        open=True,
        title="Superviseur",
        headcount=1,
        minimum_experience_years=3,
        employer=employer,
        site__commune=communes["Arras"],
        occupation=common["occupation"],
    )
    unchecked = StaffingNeedFactory(open=True, title="Chargé d'accueil", headcount=3, **common)
    closed = StaffingNeedFactory(status=NeedStatus.CLOSED, title="Ancien besoin", **common)
    people = [CandidateFactory(presentable=True, commune=communes["Lille"]) for _ in range(7)]
    CandidateFactory(commune=communes["Lille"])  # does not consent to be presented: not counted

    for rank, person in enumerate(people[:3], start=1):
        _suggest(mass, person, rank, wave=first, days_after_publication=2 + rank)
    _suggest(mass, people[3], 4, days_after_publication=2.5)
    _suggest(mass, people[4], 5, is_proposed=False)
    _suggest(mass, people[6], 6, wave=closed_wave, days_after_publication=6)
    _suggest(small, people[0], 1, days_after_publication=10)
    _suggest(small, people[1], 2, days_after_publication=11)
    Presentation.objects.create(
        need=small, candidate=people[2], created_at=PUBLISHED + datetime.timedelta(days=4)
    )  # earlier than its proposals
    _suggest(closed, people[5], 1, days_after_publication=12)
    for need in (mass, small, experienced, closed):
        _published(need)
    encaissement = SkillFactory(label="encaissement")
    NeedSourcing.objects.create(
        need=small,
        near_misses=[
            {"requirement": "skill", "id": encaissement.pk, "count": 17},
            {"requirement": "distance", "id": 0, "count": 3},
        ],
    )
    NeedSourcing.objects.create(need=experienced, near_misses=[{"requirement": "experience", "id": 0, "count": 2}])
    return SimpleNamespace(mass=mass, small=small, experienced=experienced, unchecked=unchecked)


def _report() -> str:
    out = io.StringIO()
    with translation.override("en"):
        call_command("outcome_report", stdout=out)
    return out.getvalue()


def _cells(lines: list[str]) -> list[list[str]]:
    """The cells of table lines: columns are two spaces apart or more, cells hold single spaces only."""
    return [re.split(r"\s{2,}", line.strip()) for line in lines]


def test_the_report_prints_every_figure_of_the_world(world, django_assert_num_queries):
    first, second = (str(TODAY + datetime.timedelta(days=days)) for days in (30, 60))
    mass, small, experienced, unchecked = (
        f"#{need.pk}" for need in (world.mass, world.small, world.experienced, world.unchecked)
    )
    start = f"{world.small.start_date} (no waves)"

    # Three queries for the coverage, two for the proposals per person, three for the days, two for the short needs.
    with django_assert_num_queries(10):
        sections = [section.splitlines() for section in _report().strip().split("\n\n")]

    coverage, totals, spread, delay, short = sections
    assert coverage[0] == "Coverage of openings by wave (target: 2 proposals per opening)"
    assert _cells(coverage[1:2] + coverage[3:]) == [
        ["need", "title", "wave", "openings left", "proposals", "target", "covered"],
        [mass, "Téléconseillers", f"{world.mass.start_date} (no waves)", "5", "1", "10", "10.0 %"],
        [mass, "Téléconseillers", first, "15", "3", "30", "10.0 %"],
        [mass, "Téléconseillers", second, "20", "0", "40", "0.0 %"],
        [mass, "Téléconseillers", "no open wave", "0", "1", "0", "—"],
        [small, "Standardiste", start, "2", "2", "4", "50.0 %"],
        [experienced, "Superviseur", f"{world.experienced.start_date} (no waves)", "1", "0", "2", "0.0 %"],
        [unchecked, "Chargé d'accueil", start, "3", "0", "6", "0.0 %"],
    ]
    assert len({len(line) for line in coverage[1:]}) == 1  # the last column is aligned to the right
    assert _cells(totals[:1] + totals[2:]) == [
        ["total", "openings left", "proposals", "target", "covered"],
        ["needs of 20 or more", "40", "5", "80", "5.0 %"],
        ["all needs", "46", "7", "92", "6.5 %"],
    ]
    assert spread[0] == "Proposals per candidate"
    assert _cells(spread[1:2] + spread[3:-1]) == [["proposals", "people"], ["0", "2"], ["1", "3"], ["2", "2"]]
    assert spread[-1] == "Most proposals held by one person: 2 (limit 2)"
    assert delay[0] == "Days from publication to the first proposal (3 needs)"
    assert _cells(delay[3:]) == [["median", "4.0 days"], ["90th percentile", "12.0 days"]]
    assert short[0] == "Open needs with fewer than 5 suggestions: 3"
    assert _cells(short[1:2] + short[3:]) == [
        ["need", "title", "commune", "suggestions", "what limits it most"],
        [experienced, "Superviseur", "Arras", "0", "2 lack 3 years' experience"],
        [unchecked, "Chargé d'accueil", "Lille", "0", "—"],
        [small, "Standardiste", "Lille", "2", "17 lack the skill ‘encaissement’"],
    ]


def test_the_report_names_no_one(world):
    output = _report()

    for candidate in Candidate.objects.all():
        assert candidate.last_name not in output
        assert candidate.email not in output
    assert "Sami" not in output


def test_the_queries_do_not_grow_with_the_data(world, django_assert_num_queries):
    for _ in range(3):
        need = StaffingNeedFactory(open=True, employer=world.small.employer, site=world.small.site)
        RecruitingWave.objects.create(need=need, starts_on=TODAY + datetime.timedelta(days=40), hires_planned=1)
        NeedSourcing.objects.create(need=need, near_misses=[{"requirement": "skill", "id": 0, "count": 1}])

    with django_assert_num_queries(10):
        _report()


def test_an_empty_database_gives_dashes():
    output = _report()

    assert "Days from publication to the first proposal (0 needs)" in output
    assert "Open needs with fewer than 5 suggestions: 0" in output
    assert "Most proposals held by one person: 0" in output


def test_the_report_speaks_french(world):
    out = io.StringIO()
    with translation.override("fr"):
        call_command("outcome_report", stdout=out)
    output = out.getvalue()

    assert "Couverture des postes à pourvoir par vague (objectif : 2 propositions par poste)" in output
    assert "17 n'ont pas la compétence « encaissement »" in output
    assert "2 n'ont pas 3 ans d'expérience" in output
    assert "Jours entre la publication et la première proposition (3 besoins)" in output


def test_the_90th_percentile_is_the_nearest_rank():
    assert percentile([5.0], 0.9) == 5.0
    assert percentile([float(day) for day in range(1, 11)], 0.9) == 9.0
    assert percentile([float(day) for day in range(1, 12)], 0.9) == 10.0
