"""The employer portal's pages: who may see them, what a presented candidate shows, live progress, query budgets."""

import datetime

import pytest
from django.urls import reverse

from accounts.enums import MembershipRole
from candidates.models import CandidateSkill, PersonalDataAccess
from matching.enums import PresentationStatus, RunScope, RunStatus
from matching.models import MatchRun, MatchSuggestion, Presentation
from matching.services.cohorts import cohort_enrol
from portal.pseudonyms import candidate_pseudonym
from tests.accounts.factories import MembershipFactory, UserFactory
from tests.candidates.factories import CandidateFactory
from tests.employers.factories import StaffingNeedFactory, TrainingCohortFactory
from tests.matching.presentation_world import presentation_in
from tests.referentials.factories import SkillFactory

pytestmark = pytest.mark.django_db

Status = PresentationStatus


def member_of(employer):
    user = UserFactory()
    MembershipFactory(user=user, role=MembershipRole.EMPLOYER_MEMBER, employer=employer, platform=None)
    return user


@pytest.fixture
def need_a():
    return StaffingNeedFactory(open=True, title="Téléconseiller A")


@pytest.fixture
def need_b():
    return StaffingNeedFactory(open=True, title="Téléconseiller B")


@pytest.fixture
def member_a(need_a):
    return member_of(need_a.employer)


def person(need, **fields):
    defaults = {
        "first_name": "Yasmina",
        "last_name": "Benali-Secret",
        "email": "yasmina.benali@example.org",
        "phone": "0611223344",
        "birth_date": datetime.date(1991, 7, 14),
    }
    return CandidateFactory(presentable=True, platform=need.employer.platform, **(defaults | fields))


PERSONAL = ("Yasmina", "Benali-Secret", "yasmina.benali@example.org", "0611223344", "14/07/1991", "1991-07-14")


# Access: every URL against every role.


def urls_of(need):
    return [
        reverse("portal:need_list"),
        reverse("portal:need_detail", args=[need.pk]),
        reverse("portal:need_progress", args=[need.pk]),
    ]


def test_anonymous_is_sent_to_login(client, need_a):
    for url in urls_of(need_a):
        response = client.get(url)
        assert response.status_code == 302
        assert response.url == f"{reverse('account_login')}?next={url}"


def test_staff_advisor_who_is_not_an_employer_member_gets_404(client, advisor, need_a):
    client.force_login(advisor)
    for url in urls_of(need_a):
        assert client.get(url).status_code == 404


def test_plain_user_without_membership_gets_404(client, need_a):
    client.force_login(UserFactory())
    for url in urls_of(need_a):
        assert client.get(url).status_code == 404


def test_member_sees_own_employer_needs_only(client, member_a, need_a, need_b):
    client.force_login(member_a)
    for url in urls_of(need_a):
        assert client.get(url).status_code == 200
    response = client.get(reverse("portal:need_list"))
    assert "Téléconseiller A" in response.text
    assert "Téléconseiller B" not in response.text
    assert client.get(reverse("portal:need_detail", args=[need_b.pk])).status_code == 404
    assert client.get(reverse("portal:need_progress", args=[need_b.pk])).status_code == 404


def test_need_list_shows_the_need_figures(client, member_a, need_a):
    client.force_login(member_a)
    text = client.get(reverse("portal:need_list")).text
    assert need_a.site.commune.name in text
    assert f">{need_a.headcount}<" in text
    assert reverse("portal:need_detail", args=[need_a.pk]) in text


def test_base_template_is_accessible_and_loads_htmx_from_static(client, member_a, need_a):
    client.force_login(member_a)
    text = client.get(reverse("portal:need_detail", args=[need_a.pk])).text
    assert 'href="#main"' in text
    assert 'id="main"' in text
    assert '<html lang="fr">' in text
    assert 'src="/static/portal/vendor/htmx.min.js"' in text
    assert "<script>" not in text  # no inline script: a CSP forbids it
    assert "<style" not in text
    assert "admin/" not in text


# Pseudonymised profiles.


def test_presented_candidate_is_pseudonymised_before_the_interview_is_scheduled(client, member_a, need_a):
    candidate = person(need_a, experience_years=4, available_from=datetime.date(2026, 9, 1))
    skill = SkillFactory(label="Accueil téléphonique")
    CandidateSkill.objects.create(candidate=candidate, skill=skill)
    MatchSuggestion.objects.create(
        need=need_a,
        candidate=candidate,
        rank=1,
        score=8125,
        parts={"skills": 4000, "occupation": 2000, "commute": 1125, "availability": 1000, "experience": 0},
        distance_km=7.2,
        skills_to_train=[{"id": 1, "label": "Logiciel CRM"}],
        needs_training=True,
        scoring_version="test",
    )
    for status in (Status.PRESENTED, Status.INTERVIEW_REQUESTED):
        presentation = presentation_in(status, need=need_a, candidate=candidate)
        client.force_login(member_a)
        text = client.get(reverse("portal:need_detail", args=[need_a.pk])).text
        assert candidate_pseudonym(employer_id=need_a.employer_id, candidate_id=candidate.pk) in text
        assert "Accueil téléphonique" in text
        assert "Logiciel CRM" in text
        assert "5–15 km" in text
        assert "40.00" in text or "40,00" in text  # the skills part of the explanation
        for value in PERSONAL:
            assert value not in text, (status, value)
        assert candidate.commune.name not in text
        presentation.delete()
    assert not PersonalDataAccess.objects.exists()


def test_shortlisted_candidate_is_not_shown_to_the_employer(client, member_a, need_a):
    candidate = person(need_a)
    presentation_in(Status.SHORTLISTED, need=need_a, candidate=candidate)
    client.force_login(member_a)
    text = client.get(reverse("portal:need_detail", args=[need_a.pk])).text
    assert candidate_pseudonym(employer_id=need_a.employer_id, candidate_id=candidate.pk) not in text


def test_name_and_contact_appear_once_the_interview_is_scheduled(client, member_a, need_a):
    candidate = person(need_a)
    presentation_in(Status.INTERVIEW_SCHEDULED, need=need_a, candidate=candidate)
    client.force_login(member_a)
    text = client.get(reverse("portal:need_detail", args=[need_a.pk])).text
    assert "Yasmina Benali-Secret" in text
    assert "yasmina.benali@example.org" in text
    assert "0611223344" in text
    assert "14/07/1991" not in text
    assert "1991-07-14" not in text
    access = PersonalDataAccess.objects.get()
    assert (access.candidate_id, access.actor, access.action) == (
        candidate.pk,
        member_a,
        PersonalDataAccess.Action.REVEALED,
    )


def test_pseudonym_is_stable_for_an_employer_and_differs_between_employers(settings):
    same = candidate_pseudonym(employer_id=1, candidate_id=42)
    assert same == candidate_pseudonym(employer_id=1, candidate_id=42)
    assert same != candidate_pseudonym(employer_id=2, candidate_id=42)
    assert same != candidate_pseudonym(employer_id=1, candidate_id=43)
    assert len(same.rsplit(" ", 1)[-1]) == 6
    settings.SECRET_KEY = "another-secret-key-for-this-test-only-0123456789"
    assert same != candidate_pseudonym(employer_id=1, candidate_id=42)


def test_same_candidate_gets_a_different_pseudonym_on_two_employers_pages(client, need_a, need_b):
    candidate = person(need_a)
    presentation_in(Status.PRESENTED, need=need_a, candidate=candidate)
    presentation_in(Status.PRESENTED, need=need_b, candidate=candidate)
    pages = []
    for need in (need_a, need_b):
        client.force_login(member_of(need.employer))
        pages.append(client.get(reverse("portal:need_detail", args=[need.pk])).text)
    pseudonym_a = candidate_pseudonym(employer_id=need_a.employer_id, candidate_id=candidate.pk)
    pseudonym_b = candidate_pseudonym(employer_id=need_b.employer_id, candidate_id=candidate.pk)
    assert pseudonym_a != pseudonym_b
    assert pseudonym_a in pages[0]
    assert pseudonym_a not in pages[1]
    assert pseudonym_b in pages[1]
    assert pseudonym_b not in pages[0]


# Live progress.


def run_for(need, status, **fields):
    return MatchRun.objects.create(scope=RunScope.NEED, need=need, status=status, scoring_version="test", **fields)


def test_progress_fragment_polls_while_running_and_stops_once_succeeded(client, member_a, need_a):
    run = run_for(need_a, RunStatus.RUNNING, progress_done=3, progress_total=4)
    client.force_login(member_a)
    url = reverse("portal:need_progress", args=[need_a.pk])
    text = client.get(url).text
    assert 'hx-trigger="every 2s"' in text
    assert f'hx-get="{url}"' in text
    assert 'hx-swap="outerHTML"' in text
    assert 'value="75"' in text
    assert 'hx-trigger="every 2s"' in client.get(reverse("portal:need_detail", args=[need_a.pk])).text

    run.status = RunStatus.SUCCEEDED
    run.save()
    text = client.get(url).text
    assert "hx-trigger" not in text
    assert "hx-get" not in text
    assert 'value="100"' in text


def test_progress_fragment_polls_while_queued(client, member_a, need_a):
    run_for(need_a, RunStatus.QUEUED)
    client.force_login(member_a)
    assert 'hx-trigger="every 2s"' in client.get(reverse("portal:need_progress", args=[need_a.pk])).text


def test_counts_against_the_headcount(client, member_a, need_a):
    for status in (Status.SHORTLISTED, Status.PRESENTED, Status.INTERVIEW_REQUESTED, Status.INTERVIEW_SCHEDULED):
        presentation_in(status, need=need_a)
    client.force_login(member_a)
    text = client.get(reverse("portal:need_progress", args=[need_a.pk])).text
    assert '<dd class="portal-count-presented">3</dd>' in text
    assert '<dd class="portal-count-interview">2</dd>' in text
    assert f'<dd class="portal-count-hired">0 / {need_a.headcount}</dd>' in text


# Query budgets.


def test_need_list_query_budget(client, django_assert_max_num_queries, member_a, need_a):
    for _ in range(19):
        StaffingNeedFactory(employer=need_a.employer, site=need_a.site)
    client.force_login(member_a)
    with django_assert_max_num_queries(6):
        response = client.get(reverse("portal:need_list"))
    assert len(response.context["needs"]) == 20
    assert response.text.count('<th scope="row">') == 20


def test_need_page_query_budget(client, django_assert_max_num_queries, member_a, need_a):
    run_for(need_a, RunStatus.SUCCEEDED)
    skill = SkillFactory()
    for index in range(20):
        candidate = CandidateFactory(presentable=True, platform=need_a.employer.platform)
        CandidateSkill.objects.create(candidate=candidate, skill=skill)
        status = Status.INTERVIEW_SCHEDULED if index % 2 else Status.PRESENTED
        presentation_in(status, need=need_a, candidate=candidate)
        MatchSuggestion.objects.create(
            need=need_a,
            candidate=candidate,
            rank=index + 1,
            score=5000,
            parts={"skills": 5000},
            distance_km=3.0,
            scoring_version="test",
        )
    cohort = TrainingCohortFactory(need=need_a)
    for presentation in Presentation.objects.filter(need=need_a, status=Status.PRESENTED)[:3]:
        cohort_enrol(presentation=presentation, cohort=cohort, by=None)
    client.force_login(member_a)
    # Three of them read each wave's progress (wave_progress_for_need), two the training cohorts and their trainees,
    # one the unread messages, one the collective sessions serving the need with their seats taken.
    with django_assert_max_num_queries(19):
        response = client.get(reverse("portal:need_detail", args=[need_a.pk]))
    assert len(response.context["profiles"]) == 20
