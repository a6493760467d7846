"""The staff review page of a need: who may open it, what it shows, its filters, and the workflow run in the browser.

The world: a beginner-friendly need in Lille (two must-have skills, the CRM taught by its training) whose
suggestions are computed by a real run of the engine: an expert in Lille and a beginner in Roubaix who lacks the CRM.
Tests of filters and query counts write suggestions directly. Messages are compared with the catalogue's
translation in the language the pages are served in.
"""

import datetime
import html
from types import SimpleNamespace

import pytest
from django.conf import settings
from django.db import connection
from django.template.defaultfilters import floatformat
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape
from django.utils.translation import gettext

from accounts.enums import MembershipRole
from candidates.models import CandidateSkill
from employers.enums import ContractType, NeedStatus, SkillImportance
from employers.models import NeedSkill, StaffingNeed
from matching.engine.config import SCORING
from matching.enums import CandidateAnswer, PresentationStatus, RunScope, RunStatus
from matching.models import MatchRun, MatchSuggestion, Presentation, PresentationTransition
from matching.services.runs import match_run_execute
from tests.accounts.factories import AdvisorFactory, MembershipFactory, UserFactory
from tests.candidates.factories import CandidateFactory
from tests.employers.factories import EmployerFactory, StaffingNeedFactory
from tests.matching.presentation_world import presentation_in
from tests.referentials.factories import OccupationFactory, SkillFactory, hauts_de_france_communes

pytestmark = pytest.mark.django_db

Status = PresentationStatus
# Two of them tell which suggested candidates the user may work and which ones their platform asked for; three more
# count the suggestions for their pages, read the need's waves and its sourcing check; one reads its training
# cohorts, four each wave's progress and the need's pool; one the presentations' secure links; one the header's
# to-do counts (staff/templatetags/todo_counts.py); one the unread messages of the need's thread.
MAX_PAGE_QUERIES = 25


def translated(message: str, **params) -> str:
    """A message as the page shows it: translated into the default language, interpolated, HTML-escaped."""
    with translation.override(settings.LANGUAGE_CODE):
        text = gettext(message)
    return escape(text % params if params else text)


def review_url(need: StaffingNeed, name: str = "staff:need_review", *args) -> str:
    return reverse(name, args=[need.pk, *args])


@pytest.fixture
def world(platform):
    communes = hauts_de_france_communes()
    occupation = OccupationFactory(rome_code="D1408")
    welcome = SkillFactory(slug="accueil-telephonique", label="Accueil téléphonique")
    crm = SkillFactory(slug="logiciel-crm", label="Logiciel de gestion de la relation client")
    employer = EmployerFactory(platform=platform, legal_name="Centre d'appels du Nord")
    need = StaffingNeedFactory(
        open=True,
        beginner_friendly=True,
        employer=employer,
        site__commune=communes["Lille"],
        occupation=occupation,
        title="Conseiller clientèle à distance",
        headcount=3,
    )
    NeedSkill.objects.create(need=need, skill=welcome, importance=SkillImportance.MUST_HAVE)
    NeedSkill.objects.create(need=need, skill=crm, importance=SkillImportance.MUST_HAVE)
    need.training_skills.set([crm])

    def person(commune: str, last_name: str, held, **fields):
        candidate = CandidateFactory(
            presentable=True, commune=communes[commune], platform=platform, last_name=last_name, **fields
        )
        candidate.desired_occupations.set([occupation])
        for skill in held:
            CandidateSkill.objects.create(candidate=candidate, skill=skill)
        return candidate

    expert = person("Lille", "Expert", (welcome, crm), experience_years=6)
    trainee = person("Roubaix", "Apprenant", (welcome,))
    run = MatchRun.objects.create(scope=RunScope.NEED, need=need, scoring_version=SCORING.version)
    match_run_execute(run_id=run.pk)
    return SimpleNamespace(
        platform=platform, employer=employer, need=need, expert=expert, trainee=trainee, crm=crm, run=run
    )


def _member(employer) -> object:
    user = UserFactory()
    MembershipFactory(user=user, role=MembershipRole.EMPLOYER_MEMBER, platform=None, employer=employer)
    return user


# --- Who may open the page --------------------------------------------------------------------------------------


def test_anonymous_users_are_sent_to_the_login_page(client, world):
    url = review_url(world.need)
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('admin:login')}?next={url}"


def test_anonymous_users_cannot_post_an_action(client, world):
    response = client.post(review_url(world.need, "staff:need_review_shortlist", world.expert.pk))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))
    assert not Presentation.objects.exists()


@pytest.mark.parametrize(
    ("role", "expected"),
    [("employer_member", 404), ("other_advisor", 404), ("advisor", 200), ("superuser", 200)],
)
def test_page_status_by_role(client, world, advisor, superuser, role, expected):
    users = {
        "employer_member": lambda: _member(world.employer),
        "other_advisor": lambda: AdvisorFactory(),
        "advisor": lambda: advisor,
        "superuser": lambda: superuser,
    }
    client.force_login(users[role]())
    assert client.get(review_url(world.need)).status_code == expected


@pytest.mark.parametrize("role", ["employer_member", "other_advisor"])
def test_actions_are_not_found_for_those_who_may_not_see_the_need(client, world, role):
    client.force_login(_member(world.employer) if role == "employer_member" else AdvisorFactory())
    presentation = presentation_in(Status.SHORTLISTED, need=world.need, candidate=world.expert)
    urls = [
        review_url(world.need, "staff:need_review_recompute"),
        review_url(world.need, "staff:need_review_shortlist", world.trainee.pk),
        review_url(world.need, "staff:need_review_present"),
        review_url(world.need, "staff:need_review_answer", presentation.pk),
        review_url(world.need, "staff:need_review_interview_request", presentation.pk),
        review_url(world.need, "staff:need_review_interview_schedule", presentation.pk),
        review_url(world.need, "staff:need_review_hire", presentation.pk),
        review_url(world.need, "staff:need_review_end", presentation.pk),
    ]
    for url in urls:
        assert client.post(url, {"presentations": [presentation.pk]}).status_code == 404, url
    assert Presentation.objects.get().status == Status.SHORTLISTED
    assert Presentation.objects.count() == 1


def test_a_need_that_does_not_exist_is_not_found(client, advisor):
    client.force_login(advisor)
    assert client.get(reverse("staff:need_review", args=[999999])).status_code == 404


def test_actions_refuse_get(client, world, advisor):
    client.force_login(advisor)
    assert client.get(review_url(world.need, "staff:need_review_recompute")).status_code == 405


# --- What the page shows ----------------------------------------------------------------------------------------


def test_page_shows_the_need_and_its_latest_run(client, world, advisor):
    client.force_login(advisor)
    content = client.get(review_url(world.need)).content.decode()
    assert escape("Conseiller clientèle à distance") in content
    assert escape("Centre d'appels du Nord") in content
    assert "Lille" in content
    assert "0 / 3" in content  # hires over headcount
    world.run.refresh_from_db()
    assert world.run.status == RunStatus.SUCCEEDED
    with translation.override(settings.LANGUAGE_CODE):
        assert str(RunStatus.SUCCEEDED.label) in content
    assert '<progress id="review-run-progress" max="100" value="100">' in content
    assert escape(world.crm.label) in content  # among the skills the training covers


def test_page_shows_each_suggestion_with_its_explanation(client, world, advisor):
    client.force_login(advisor)
    response = client.get(review_url(world.need))
    content = response.content.decode()
    expert = MatchSuggestion.objects.get(need=world.need, candidate=world.expert)
    trainee = MatchSuggestion.objects.get(need=world.need, candidate=world.trainee)

    change_url = reverse("admin:candidates_candidate_change", args=[world.expert.pk])
    assert f'<a href="{change_url}">{world.expert.first_name} {world.expert.last_name}</a>' in content
    assert world.trainee.last_name in content
    with translation.override(settings.LANGUAGE_CODE):
        for name, value in expert.parts.items():
            assert f"{gettext(name)} {floatformat(value / 100, 2)}" in content
        assert floatformat(expert.score / 100, 2) in content
    # Roubaix is about 10 km from Lille: the trainee's distance band; the CRM is to be learnt in training.
    assert 5 <= trainee.distance_km < 15
    assert translated("5–15 km") in content
    assert f"{translated('to train:')} {escape(world.crm.label)}" in content
    # The score's parts are drawn with width classes, never with inline styles.
    assert 'style="' not in content.split('id="review-suggestions"')[1]
    assert "review-bar-part review-part-skills w-" in content
    # Rows come best first.
    assert content.index(world.expert.last_name) < content.index(world.trainee.last_name)


def test_page_shows_a_candidate_already_in_the_workflow(client, world, advisor):
    presentation_in(Status.PRESENTED, need=world.need, candidate=world.expert)
    client.force_login(advisor)
    content = client.get(review_url(world.need)).content.decode()
    with translation.override(settings.LANGUAGE_CODE):
        assert f"{escape(gettext('In the workflow:'))} {escape(str(Status.PRESENTED.label))}" in content
    # Only the trainee can still be shortlisted.
    assert review_url(world.need, "staff:need_review_shortlist", world.trainee.pk) in content
    assert review_url(world.need, "staff:need_review_shortlist", world.expert.pk) not in content


# --- Filters ----------------------------------------------------------------------------------------------------


@pytest.fixture
def listed(platform):
    """Four suggestions written directly, one per distance band, with known scores, flags and training needs."""
    need = StaffingNeedFactory(open=True, employer=EmployerFactory(platform=platform))
    people = {}
    rows = [
        ("Proche", 9000, 2.0, True, False),
        ("Voisin", 7000, 10.0, False, True),
        ("Lointain", 5000, 20.0, True, True),
        ("Eloigne", 3000, 45.0, False, False),
    ]
    for rank, (name, score, distance, proposed, training) in enumerate(rows, start=1):
        candidate = CandidateFactory(platform=platform, last_name=name)
        MatchSuggestion.objects.create(
            need=need,
            candidate=candidate,
            rank=rank,
            score=score,
            parts={"skills": score // 2, "occupation": score // 2},
            distance_km=distance,
            is_proposed=proposed,
            needs_training=training,
            skills_to_train=[{"id": 1, "label": "CRM"}] if training else [],
            scoring_version="test",
        )
        people[name] = candidate
    return SimpleNamespace(need=need, people=people)


@pytest.mark.parametrize(
    ("query", "shown"),
    [
        ({}, {"Proche", "Voisin", "Lointain", "Eloigne"}),
        ({"proposed": "on"}, {"Proche", "Lointain"}),
        ({"training": "on"}, {"Voisin", "Lointain"}),
        ({"min_score": "50"}, {"Proche", "Voisin", "Lointain"}),
        ({"min_score": "70.5"}, {"Proche"}),
        ({"distance": "under_5"}, {"Proche"}),
        ({"distance": "5_to_15"}, {"Voisin"}),
        ({"distance": "15_to_30"}, {"Lointain"}),
        ({"distance": "over_30"}, {"Eloigne"}),
        ({"proposed": "on", "training": "on", "min_score": "40"}, {"Lointain"}),
        ({"min_score": "not a number"}, {"Proche", "Voisin", "Lointain", "Eloigne"}),
    ],
)
def test_filters(client, advisor, listed, query, shown):
    client.force_login(advisor)
    response = client.get(review_url(listed.need), query)
    assert response.status_code == 200
    rows = response.content.decode().split('id="review-suggestions"')[1].split('id="review-presentations"')[0]
    assert {name for name in listed.people if name in rows} == shown


def test_filters_are_kept_in_the_form_and_in_the_actions(client, advisor, listed):
    client.force_login(advisor)
    content = client.get(review_url(listed.need), {"training": "on", "min_score": "40", "distance": "5_to_15"})
    content = content.content.decode()
    assert 'name="training" id="id_training" checked' in content
    assert 'name="min_score" value="40"' in content
    assert '<option value="5_to_15" selected>' in content
    shortlist = review_url(listed.need, "staff:need_review_shortlist", listed.people["Voisin"].pk)
    assert f"{shortlist}?training=on&amp;min_score=40&amp;distance=5_to_15" in content


def test_an_action_returns_to_the_filtered_page_at_the_row_acted_on(client, world, advisor):
    client.force_login(advisor)
    url = review_url(world.need, "staff:need_review_shortlist", world.expert.pk)
    response = client.post(f"{url}?training=on")
    assert response.status_code == 302
    suggestion = MatchSuggestion.objects.get(need=world.need, candidate=world.expert)
    assert response["Location"] == f"{review_url(world.need)}?training=on#suggestion-{suggestion.pk}"


def test_a_presentation_s_step_returns_to_its_row(client, world, advisor):
    presentation = presentation_in(PresentationStatus.PRESENTED, need=world.need, candidate=world.expert)
    client.force_login(advisor)
    response = client.post(review_url(world.need, "staff:need_review_interview_request", presentation.pk))
    assert response["Location"] == f"{review_url(world.need)}#presentation-{presentation.pk}"


# --- The workflow, end to end -----------------------------------------------------------------------------------


def test_from_suggestion_to_hire(client, world, advisor):
    client.force_login(advisor)
    need = world.need

    response = client.post(review_url(need, "staff:need_review_shortlist", world.expert.pk), follow=True)
    assert response.status_code == 200
    presentation = Presentation.objects.get(need=need, candidate=world.expert)
    assert presentation.status == Status.SHORTLISTED
    assert presentation.created_by == advisor
    assert translated("Candidate #%(id)s is on the shortlist.", id=world.expert.pk) in response.content.decode()

    prefix = f"p{presentation.pk}-answer"
    response = client.post(
        review_url(need, "staff:need_review_answer", presentation.pk), {f"{prefix}-answer": "interested"}
    )
    assert response.status_code == 302
    presentation.refresh_from_db()
    assert presentation.candidate_answer == CandidateAnswer.INTERESTED

    response = client.post(review_url(need, "staff:need_review_present"), {"presentations": [presentation.pk]})
    assert response.status_code == 302
    presentation.refresh_from_db()
    assert presentation.status == Status.PRESENTED
    assert presentation.presented_at is not None

    response = client.post(review_url(need, "staff:need_review_interview_request", presentation.pk))
    assert response.status_code == 302
    presentation.refresh_from_db()
    assert presentation.status == Status.INTERVIEW_REQUESTED

    prefix = f"p{presentation.pk}-schedule"
    response = client.post(
        review_url(need, "staff:need_review_interview_schedule", presentation.pk),
        {f"{prefix}-interview_at": "2026-09-01T10:30"},
    )
    assert response.status_code == 302
    presentation.refresh_from_db()
    assert presentation.status == Status.INTERVIEW_SCHEDULED
    assert timezone.localtime(presentation.interview_at).replace(tzinfo=None) == datetime.datetime(2026, 9, 1, 10, 30)

    prefix = f"p{presentation.pk}-hire"
    starts_on = need.start_date
    response = client.post(
        review_url(need, "staff:need_review_hire", presentation.pk),
        {f"{prefix}-contract_type": ContractType.CDI, f"{prefix}-starts_on": starts_on.isoformat()},
        follow=True,
    )
    assert response.status_code == 200
    assert translated("Hire of candidate #%(id)s recorded.", id=world.expert.pk) in response.content.decode()
    presentation.refresh_from_db()
    assert presentation.status == Status.HIRED
    assert presentation.contract_type == ContractType.CDI
    assert presentation.hire_starts_on == starts_on
    assert list(
        PresentationTransition.objects.filter(presentation=presentation)
        .order_by("at", "pk")
        .values_list("from_status", "to_status", "by")
    ) == [
        ("", Status.SHORTLISTED, advisor.pk),
        (Status.SHORTLISTED, Status.PRESENTED, advisor.pk),
        (Status.PRESENTED, Status.INTERVIEW_REQUESTED, advisor.pk),
        (Status.INTERVIEW_REQUESTED, Status.INTERVIEW_SCHEDULED, advisor.pk),
        (Status.INTERVIEW_SCHEDULED, Status.HIRED, advisor.pk),
    ]
    need.refresh_from_db()
    assert need.hires_count == 1
    assert "1 / 3" in response.content.decode()


def test_present_many_at_once(client, world, advisor):
    first = presentation_in(Status.SHORTLISTED, need=world.need, candidate=world.expert)
    second = presentation_in(Status.SHORTLISTED, need=world.need, candidate=world.trainee)
    client.force_login(advisor)
    response = client.post(
        review_url(world.need, "staff:need_review_present"), {"presentations": [first.pk, second.pk]}
    )
    assert response.status_code == 302
    assert set(Presentation.objects.values_list("status", flat=True)) == {Status.PRESENTED}


@pytest.mark.parametrize(
    ("from_status", "to_status"),
    [
        (Status.SHORTLISTED, Status.WITHDRAWN),
        (Status.PRESENTED, Status.DECLINED_BY_EMPLOYER),
        (Status.INTERVIEW_REQUESTED, Status.DECLINED_BY_CANDIDATE),
        (Status.INTERVIEW_SCHEDULED, Status.NOT_HIRED),
    ],
)
def test_end_a_presentation_with_its_reason(client, world, advisor, from_status, to_status):
    presentation = presentation_in(from_status, need=world.need, candidate=world.expert)
    client.force_login(advisor)
    prefix = f"p{presentation.pk}-end"
    response = client.post(
        review_url(world.need, "staff:need_review_end", presentation.pk),
        {f"{prefix}-to_status": to_status, f"{prefix}-reason": "Profil retenu ailleurs."},
    )
    assert response.status_code == 302
    presentation.refresh_from_db()
    assert presentation.status == to_status
    assert presentation.reason == "Profil retenu ailleurs."
    transition = PresentationTransition.objects.get(presentation=presentation)
    assert (transition.from_status, transition.to_status, transition.by) == (from_status, to_status, advisor)


def test_hire_on_a_cdd_records_its_length(client, world, advisor):
    presentation = presentation_in(Status.INTERVIEW_SCHEDULED, need=world.need, candidate=world.expert)
    client.force_login(advisor)
    prefix = f"p{presentation.pk}-hire"
    response = client.post(
        review_url(world.need, "staff:need_review_hire", presentation.pk),
        {
            f"{prefix}-contract_type": ContractType.CDD,
            f"{prefix}-contract_duration_months": "6",
            f"{prefix}-starts_on": "2026-10-05",
        },
    )
    assert response.status_code == 302
    presentation.refresh_from_db()
    assert (presentation.status, presentation.contract_duration_months) == (Status.HIRED, 6)
    assert presentation.is_solution


def test_recompute_suggestions_queues_a_run(client, world, advisor):
    client.force_login(advisor)
    response = client.post(review_url(world.need, "staff:need_review_recompute"), follow=True)
    assert response.status_code == 200
    run = MatchRun.objects.get(need=world.need, status=RunStatus.QUEUED)
    assert (run.scope, run.requested_by) == (RunScope.NEED, advisor)
    assert translated("The suggestions will be computed again in a moment.") in response.content.decode()


# --- Error paths ------------------------------------------------------------------------------------------------


def test_not_interested_without_reason_keeps_what_was_typed(client, world, advisor):
    presentation = presentation_in(
        Status.SHORTLISTED, need=world.need, candidate=world.expert, candidate_answer=CandidateAnswer.NOT_CONTACTED
    )
    client.force_login(advisor)
    prefix = f"p{presentation.pk}-answer"
    response = client.post(
        review_url(world.need, "staff:need_review_answer", presentation.pk),
        {f"{prefix}-answer": CandidateAnswer.NOT_INTERESTED, f"{prefix}-reason": "   "},
    )
    assert response.status_code == 200
    content = response.content.decode()
    # The workflow forms render through Jinja2, which escapes an apostrophe as &#39; where Django writes &#x27;.
    assert html.unescape(translated("Give the reason the candidate is not interested.")) in html.unescape(content)
    assert f'<option value="{CandidateAnswer.NOT_INTERESTED}" selected>' in content
    presentation.refresh_from_db()
    assert (presentation.status, presentation.candidate_answer) == (Status.SHORTLISTED, CandidateAnswer.NOT_CONTACTED)
    assert not PresentationTransition.objects.exists()


def test_not_interested_with_reason_ends_the_shortlisting(client, world, advisor):
    presentation = presentation_in(Status.SHORTLISTED, need=world.need, candidate=world.expert)
    client.force_login(advisor)
    prefix = f"p{presentation.pk}-answer"
    response = client.post(
        review_url(world.need, "staff:need_review_answer", presentation.pk),
        {f"{prefix}-answer": CandidateAnswer.NOT_INTERESTED, f"{prefix}-reason": "Trop loin."},
    )
    assert response.status_code == 302
    presentation.refresh_from_db()
    assert (presentation.status, presentation.candidate_answer_reason) == (Status.DECLINED_BY_CANDIDATE, "Trop loin.")


def test_cdd_hire_without_length_keeps_what_was_typed(client, world, advisor):
    presentation = presentation_in(Status.INTERVIEW_SCHEDULED, need=world.need, candidate=world.expert)
    client.force_login(advisor)
    prefix = f"p{presentation.pk}-hire"
    response = client.post(
        review_url(world.need, "staff:need_review_hire", presentation.pk),
        {f"{prefix}-contract_type": ContractType.CDD, f"{prefix}-starts_on": "2026-10-05"},
    )
    assert response.status_code == 200
    content = response.content.decode()
    assert translated("A CDD hire records its length in months.") in content
    assert f'<option value="{ContractType.CDD}" selected>' in content
    assert 'value="2026-10-05"' in content
    presentation.refresh_from_db()
    assert presentation.status == Status.INTERVIEW_SCHEDULED


def test_end_without_reason_is_shown_again(client, world, advisor):
    presentation = presentation_in(Status.PRESENTED, need=world.need, candidate=world.expert)
    client.force_login(advisor)
    prefix = f"p{presentation.pk}-end"
    response = client.post(
        review_url(world.need, "staff:need_review_end", presentation.pk),
        {f"{prefix}-to_status": Status.DECLINED_BY_EMPLOYER, f"{prefix}-reason": ""},
    )
    assert response.status_code == 200
    assert f'<option value="{Status.DECLINED_BY_EMPLOYER}" selected>' in response.content.decode()
    presentation.refresh_from_db()
    assert presentation.status == Status.PRESENTED


def test_presenting_without_consent_shows_the_error(client, world, advisor):
    candidate = CandidateFactory(platform=world.platform, last_name="Sansaccord")
    presentation = presentation_in(Status.SHORTLISTED, need=world.need, candidate=candidate)
    client.force_login(advisor)
    response = client.post(
        review_url(world.need, "staff:need_review_present"), {"presentations": [presentation.pk]}, follow=True
    )
    assert response.status_code == 200
    expected = translated("Candidate #%(id)s has not consented to be presented to employers.", id=candidate.pk)
    assert expected in response.content.decode()
    presentation.refresh_from_db()
    assert presentation.status == Status.SHORTLISTED


def test_presenting_nothing_shows_an_error(client, world, advisor):
    client.force_login(advisor)
    response = client.post(review_url(world.need, "staff:need_review_present"), follow=True)
    assert response.status_code == 200
    assert translated("Tick the candidates to present.") in response.content.decode()


def test_a_step_the_workflow_refuses_is_a_message(client, world, advisor):
    presentation = presentation_in(Status.SHORTLISTED, need=world.need, candidate=world.expert)
    client.force_login(advisor)
    response = client.post(review_url(world.need, "staff:need_review_interview_request", presentation.pk), follow=True)
    assert response.status_code == 200
    assert 'class="error"' in response.content.decode()
    presentation.refresh_from_db()
    assert presentation.status == Status.SHORTLISTED


def test_shortlisting_twice_is_a_message(client, world, advisor):
    presentation_in(Status.SHORTLISTED, need=world.need, candidate=world.expert)
    client.force_login(advisor)
    response = client.post(review_url(world.need, "staff:need_review_shortlist", world.expert.pk), follow=True)
    assert response.status_code == 200
    assert translated("This candidate is already in this need's workflow.") in response.content.decode()
    assert Presentation.objects.count() == 1


def test_recompute_a_closed_need_is_a_message(client, world, advisor):
    StaffingNeed.objects.filter(pk=world.need.pk).update(status=NeedStatus.CLOSED)
    client.force_login(advisor)
    response = client.post(review_url(world.need, "staff:need_review_recompute"), follow=True)
    assert translated("Only an open need is matched.") in response.content.decode()
    assert not MatchRun.objects.filter(status=RunStatus.QUEUED).exists()


def test_a_presentation_of_another_need_is_not_found(client, world, advisor):
    other_need = StaffingNeedFactory(open=True, employer=world.employer)
    foreign = presentation_in(Status.SHORTLISTED, need=other_need, candidate=world.expert)
    client.force_login(advisor)
    for name in (
        "staff:need_review_answer",
        "staff:need_review_interview_request",
        "staff:need_review_interview_schedule",
        "staff:need_review_hire",
        "staff:need_review_end",
    ):
        assert client.post(review_url(world.need, name, foreign.pk)).status_code == 404, name
    present = review_url(world.need, "staff:need_review_present")
    assert client.post(present, {"presentations": [foreign.pk]}).status_code == 404
    assert client.post(present, {"presentations": ["x"]}).status_code == 404
    foreign.refresh_from_db()
    assert foreign.status == Status.SHORTLISTED


def test_a_candidate_not_suggested_for_the_need_is_not_found(client, world, advisor):
    stranger = CandidateFactory(presentable=True, platform=world.platform)
    client.force_login(advisor)
    assert client.post(review_url(world.need, "staff:need_review_shortlist", stranger.pk)).status_code == 404
    assert not Presentation.objects.exists()


# --- Query budget -----------------------------------------------------------------------------------------------


def _need_with_suggestions(platform, count: int) -> StaffingNeed:
    need = StaffingNeedFactory(open=True, beginner_friendly=True, employer=EmployerFactory(platform=platform))
    need.training_skills.set([SkillFactory()])
    MatchRun.objects.create(scope=RunScope.NEED, need=need, scoring_version="test", status=RunStatus.SUCCEEDED)
    for rank in range(1, count + 1):
        candidate = CandidateFactory(platform=platform, presentable=True)
        MatchSuggestion.objects.create(
            need=need,
            candidate=candidate,
            rank=rank,
            score=9000 - rank,
            parts={
                "skills": 4000,
                "occupation": 2000,
                "commute": 1500,
                "availability": 1000,
                "experience": 500 - rank,
            },
            distance_km=rank,
            skills_to_train=[{"id": 1, "label": "CRM"}],
            needs_training=True,
            is_proposed=rank % 2 == 0,
            scoring_version="test",
        )
        # Every fifth candidate is in the workflow, in a status that shows forms.
        if rank % 5 == 0:
            presentation_in([Status.SHORTLISTED, Status.INTERVIEW_REQUESTED][rank % 2], need=need, candidate=candidate)
    return need


def test_the_page_of_fifty_suggestions_runs_a_bounded_number_of_queries(
    client, platform, advisor, django_assert_max_num_queries
):
    need = _need_with_suggestions(platform, 50)
    client.force_login(advisor)
    with django_assert_max_num_queries(MAX_PAGE_QUERIES):
        response = client.get(review_url(need))
    assert response.status_code == 200
    assert response.content.decode().count('class="review-suggestion"') == 50


def test_the_number_of_queries_does_not_grow_with_the_suggestions(client, platform, advisor):
    small, large = _need_with_suggestions(platform, 5), _need_with_suggestions(platform, 50)
    client.force_login(advisor)
    client.get(review_url(small))  # warm the session and the caches
    counts = []
    for need in (small, large):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(review_url(need)).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_page_has_breadcrumbs_captions_and_labelled_fields(client, world, advisor):
    presentation_in(Status.SHORTLISTED, need=world.need, candidate=world.expert)
    presentation_in(Status.INTERVIEW_SCHEDULED, need=world.need, candidate=world.trainee)
    client.force_login(advisor)
    content = client.get(review_url(world.need)).content.decode()
    breadcrumbs = content.split('class="breadcrumbs"')[1].split("</nav>")[0]
    for url in (
        reverse("admin:index"),
        reverse("admin:employers_staffingneed_changelist"),
        reverse("admin:employers_staffingneed_change", args=[world.need.pk]),
    ):
        assert f'href="{url}"' in breadcrumbs
    # The suggestions, the presentations and the waves' progress.
    assert content.count("<caption>") == 3
    assert '<th scope="col">' in content
    assert '<th scope="row">' in content
    # Every form field has its label, the checkboxes included; only the shortlisted candidate can be presented.
    for field_id in ("id_min_score", "id_distance"):
        assert f'<label for="{field_id}">' in content
    assert content.count('name="presentations"') == 1
    assert 'form="review-present-form"' in content
    assert 'type="datetime-local"' not in content  # no interview to schedule: the trainee's is already scheduled
    assert "-hire-contract_type" in content
    assert "review.css" in content
    assert "<script" not in content.split('id="content"')[1]
