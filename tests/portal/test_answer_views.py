"""The employer's answers in the portal: every URL against every role, each step through its page, forms that keep
what was typed, name and contact only after the candidate's acceptance, the query budget, and e-mail settings.
"""

import datetime
import re
from html import unescape

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from accounts.enums import MembershipRole
from candidates.models import CandidateDocument, CandidateSkill, PersonalDataAccess
from employers.enums import ContractType
from matching.enums import EmployerDeclineReason, NoHireReason, PresentationStatus
from matching.models import InterviewSlot, MatchSuggestion, Presentation
from notifications.enums import NoticeFrequency
from notifications.preferences import notice_preferences_for
from portal.pseudonyms import candidate_pseudonym
from tests.accounts.factories import MembershipFactory, UserFactory
from tests.candidates.factories import CandidateFactory
from tests.employers.factories import StaffingNeedFactory
from tests.matching.presentation_world import presentation_in, row
from tests.referentials.factories import SkillFactory

pytestmark = pytest.mark.django_db

Status = PresentationStatus
PERSONAL = ("Yasmina", "Benali-Secret", "yasmina.benali@example.org", "0611223344")


def member_of(employer):
    user = UserFactory()
    MembershipFactory(user=user, role=MembershipRole.EMPLOYER_MEMBER, employer=employer, platform=None)
    return user


@pytest.fixture
def need_a():
    return StaffingNeedFactory(open=True, title="Téléconseiller A", headcount=1)


@pytest.fixture
def member_a(need_a):
    return member_of(need_a.employer)


@pytest.fixture
def member_b():
    return member_of(StaffingNeedFactory(open=True).employer)


def person(need, **fields):
    defaults = {
        "first_name": "Yasmina",
        "last_name": "Benali-Secret",
        "email": "yasmina.benali@example.org",
        "phone": "0611223344",
        "birth_date": datetime.date(1991, 7, 14),
    }
    return CandidateFactory(presentable=True, platform=need.employer.platform, **(defaults | fields))


def soon(days: int = 3) -> datetime.datetime:
    day = timezone.localdate() + datetime.timedelta(days=days)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(10, 0)))


def local_input(moment: datetime.datetime) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


def detail(presentation) -> str:
    return reverse("portal:presentation_detail", args=[presentation.pk])


def action(name: str, presentation) -> str:
    return reverse(f"portal:{name}", args=[presentation.pk])


POST_NAMES = (
    "presentation_interview_request",
    "presentation_decline",
    "presentation_slots_propose",
    "presentation_slot_confirm",
    "presentation_hire",
    "presentation_no_hire",
)


def checked(text: str, name: str) -> list[str]:
    """The values of the ticked radio buttons of that name."""
    return re.findall(rf'<input type="radio" name="{name}" value="([^"]*)"[^>]*\bchecked\b', text)


def message_texts(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


# Access: every URL against every role.


def test_anonymous_is_sent_to_login_for_every_url(client, need_a):
    presentation = presentation_in(Status.PRESENTED, need=need_a)
    login = reverse("account_login")
    for url in (detail(presentation), reverse("portal:notice_settings")):
        response = client.get(url)
        assert (response.status_code, response.url) == (302, f"{login}?next={url}")
    for name in POST_NAMES:
        response = client.post(action(name, presentation))
        assert response.status_code == 302
        assert response.url.startswith(login)
    assert row(presentation)["status"] == Status.PRESENTED


@pytest.mark.parametrize("role", ["member_of_another_employer", "platform_advisor", "no_membership"])
def test_those_who_are_not_members_of_the_employer_get_404_everywhere(client, need_a, member_b, advisor, role):
    presentation = presentation_in(Status.INTERVIEW_SCHEDULED, need=need_a, interview_accepted_at=timezone.now())
    user = {"member_of_another_employer": member_b, "platform_advisor": advisor, "no_membership": UserFactory()}[role]
    client.force_login(user)
    assert client.get(detail(presentation)).status_code == 404
    for name in POST_NAMES:
        assert client.post(action(name, presentation), {"hire-contract_type": "cdi"}).status_code == 404, name
    before = row(presentation)
    assert row(presentation) == before
    expected_settings = 200 if role == "member_of_another_employer" else 404
    assert client.get(reverse("portal:notice_settings")).status_code == expected_settings


def test_a_member_opens_their_employers_presentations_only(client, need_a, member_a, member_b):
    presentation = presentation_in(Status.PRESENTED, need=need_a)
    client.force_login(member_a)
    assert client.get(detail(presentation)).status_code == 200
    assert client.get(reverse("portal:notice_settings")).status_code == 200
    client.force_login(member_b)
    assert client.get(detail(presentation)).status_code == 404


@pytest.mark.parametrize("status", [Status.SHORTLISTED, Status.WITHDRAWN, Status.DECLINED_BY_CANDIDATE])
def test_a_presentation_the_employer_never_received_or_no_longer_sees_is_not_found(client, need_a, member_a, status):
    presentation = presentation_in(status, need=need_a)
    client.force_login(member_a)
    assert client.get(detail(presentation)).status_code == 404
    assert client.post(action("presentation_interview_request", presentation)).status_code == 404


def test_actions_refuse_get(client, need_a, member_a):
    presentation = presentation_in(Status.PRESENTED, need=need_a)
    client.force_login(member_a)
    for name in POST_NAMES:
        assert client.get(action(name, presentation)).status_code == 405


def test_the_need_page_links_each_presented_candidate_with_its_state(client, need_a, member_a):
    presentation = presentation_in(Status.INTERVIEW_REQUESTED, need=need_a)
    client.force_login(member_a)
    text = client.get(reverse("portal:need_detail", args=[need_a.pk])).text
    assert detail(presentation) in text
    assert "answers-state-interview_requested" in text


# The steps, through the pages.


def test_a_presented_candidate_page_offers_the_first_answers(client, need_a, member_a):
    candidate = person(need_a, experience_years=4)
    CandidateSkill.objects.create(candidate=candidate, skill=SkillFactory(label="Accueil téléphonique"))
    presentation = presentation_in(Status.PRESENTED, need=need_a, candidate=candidate)
    client.force_login(member_a)
    text = client.get(detail(presentation)).text
    assert candidate_pseudonym(employer_id=need_a.employer_id, candidate_id=candidate.pk) in text
    assert "Accueil téléphonique" in text
    assert action("presentation_interview_request", presentation) in text
    assert action("presentation_decline", presentation) in text
    assert action("presentation_hire", presentation) not in text
    assert "<fieldset" in text
    assert "<legend" in text
    for value in PERSONAL:
        assert value not in text
    assert "<script>" not in text
    assert "<style" not in text
    assert 'style="' not in text


def test_asking_for_an_interview_redirects_with_a_message(client, need_a, member_a):
    presentation = presentation_in(Status.PRESENTED, need=need_a)
    client.force_login(member_a)
    response = client.post(action("presentation_interview_request", presentation))
    assert (response.status_code, response.url) == (302, detail(presentation))
    assert message_texts(response)
    assert row(presentation)["status"] == Status.INTERVIEW_REQUESTED
    # Twice: the workflow refuses, and says so.
    response = client.post(action("presentation_interview_request", presentation), follow=True)
    assert response.status_code == 200
    assert "portal-message-error" in response.text


def test_a_decline_with_its_reason(client, need_a, member_a):
    presentation = presentation_in(Status.PRESENTED, need=need_a)
    client.force_login(member_a)
    response = client.post(
        action("presentation_decline", presentation),
        {"decline-reason_code": EmployerDeclineReason.AVAILABILITY, "decline-comment": "Démarrage lundi"},
    )
    assert response.status_code == 302
    presentation.refresh_from_db()
    assert (presentation.status, presentation.reason_code) == (
        Status.DECLINED_BY_EMPLOYER,
        EmployerDeclineReason.AVAILABILITY,
    )
    assert presentation.reason.endswith("Démarrage lundi")


def test_a_decline_other_without_comment_is_shown_again_with_what_was_chosen(client, need_a, member_a):
    presentation = presentation_in(Status.PRESENTED, need=need_a)
    client.force_login(member_a)
    response = client.post(
        action("presentation_decline", presentation),
        {"decline-reason_code": EmployerDeclineReason.OTHER, "decline-comment": "  "},
    )
    assert response.status_code == 200
    text = response.text
    assert checked(text, "decline-reason_code") == ["other"]
    assert 'aria-describedby="id_decline-comment_helptext id_decline-comment_error"' in text
    assert 'id="id_decline-comment_error"' in text
    assert 'href="#id_decline-comment"' in text
    assert row(presentation)["status"] == Status.PRESENTED


def test_name_and_contact_appear_only_once_the_candidate_accepted(client, need_a, member_a):
    candidate = person(need_a)
    presentation = presentation_in(Status.INTERVIEW_REQUESTED, need=need_a, candidate=candidate)
    client.force_login(member_a)
    text = client.get(detail(presentation)).text
    for value in PERSONAL:
        assert value not in text
    assert action("presentation_slots_propose", presentation) not in text
    assert not PersonalDataAccess.objects.exists()

    Presentation.objects.filter(pk=presentation.pk).update(interview_accepted_at=timezone.now())
    text = client.get(detail(presentation)).text
    for value in PERSONAL:
        assert value in text
    assert "14/07/1991" not in text
    assert "1991-07-14" not in text
    assert action("presentation_slots_propose", presentation) in text
    access = PersonalDataAccess.objects.get()
    assert (access.candidate_id, access.actor, access.action) == (
        candidate.pk,
        member_a,
        PersonalDataAccess.Action.REVEALED,
    )
    assert "Yasmina Benali-Secret" in client.get(reverse("portal:need_detail", args=[need_a.pk])).text


def test_documents_are_listed_only_once_the_identity_is_revealed(client, need_a, member_a):
    candidate = person(need_a)
    document = CandidateDocument.objects.create(
        candidate=candidate,
        original_name="cv-candidate.pdf",
        stored_name="k" * 43,
        content_type="application/pdf",
        size=2048,
        sha256="0" * 64,
    )
    presentation = presentation_in(Status.INTERVIEW_REQUESTED, need=need_a, candidate=candidate)
    link = reverse("portal:presentation_document_download", args=[presentation.pk, document.pk])
    client.force_login(member_a)
    assert link not in client.get(detail(presentation)).text
    Presentation.objects.filter(pk=presentation.pk).update(interview_accepted_at=timezone.now())
    text = client.get(detail(presentation)).text
    assert link in text
    assert "cv-candidate.pdf" in text


def test_propose_then_confirm_a_slot(client, need_a, member_a):
    presentation = presentation_in(Status.INTERVIEW_REQUESTED, need=need_a, interview_accepted_at=timezone.now())
    client.force_login(member_a)
    response = client.post(
        action("presentation_slots_propose", presentation),
        {
            "slots-starts_at_1": local_input(soon(2)),
            "slots-place_1": "Agence de Lens",
            "slots-starts_at_2": local_input(soon(3)),
            "slots-place_2": "Par téléphone",
        },
    )
    assert (response.status_code, response.url) == (302, detail(presentation))
    slots = list(InterviewSlot.objects.filter(presentation=presentation).order_by("starts_at"))
    assert [(slot.starts_at, slot.place) for slot in slots] == [
        (soon(2), "Agence de Lens"),
        (soon(3), "Par téléphone"),
    ]
    text = client.get(detail(presentation)).text
    assert "Agence de Lens" in text
    assert action("presentation_slot_confirm", presentation) in text

    response = client.post(action("presentation_slot_confirm", presentation), {"confirm-slot": slots[1].pk})
    assert response.status_code == 302
    presentation.refresh_from_db()
    assert (presentation.status, presentation.interview_at) == (Status.INTERVIEW_SCHEDULED, soon(3))
    text = client.get(detail(presentation)).text
    assert action("presentation_hire", presentation) in text
    assert action("presentation_no_hire", presentation) in text


def test_slots_in_the_past_are_shown_again_with_what_was_typed(client, need_a, member_a):
    presentation = presentation_in(Status.INTERVIEW_REQUESTED, need=need_a, interview_accepted_at=timezone.now())
    client.force_login(member_a)
    past = local_input(timezone.now() - datetime.timedelta(days=1))
    response = client.post(
        action("presentation_slots_propose", presentation),
        {"slots-starts_at_1": past, "slots-place_1": "Salle B, 2e étage", "slots-starts_at_2": local_input(soon())},
    )
    assert response.status_code == 200
    assert f'value="{past}"' in response.text
    assert 'value="Salle B, 2e étage"' in response.text
    assert 'id="id_slots-starts_at_1_error"' in response.text
    assert 'id="id_slots-place_2_error"' in response.text  # a time without a place
    assert not InterviewSlot.objects.exists()


def test_a_slot_of_another_presentation_is_not_a_choice(client, need_a, member_a):
    presentation = presentation_in(Status.INTERVIEW_REQUESTED, need=need_a, interview_accepted_at=timezone.now())
    other = presentation_in(Status.INTERVIEW_REQUESTED, need=need_a, interview_accepted_at=timezone.now())
    InterviewSlot.objects.create(presentation=presentation, starts_at=soon(2), place="Ici")
    foreign = InterviewSlot.objects.create(presentation=other, starts_at=soon(2), place="Là")
    client.force_login(member_a)
    response = client.post(action("presentation_slot_confirm", presentation), {"confirm-slot": foreign.pk})
    assert response.status_code == 200
    assert 'id="id_confirm-slot_error"' in response.text
    assert row(presentation)["status"] == Status.INTERVIEW_REQUESTED


def test_a_hire_beyond_the_headcount_is_a_clear_refusal_with_what_was_typed(client, need_a, member_a):
    first = presentation_in(Status.INTERVIEW_SCHEDULED, need=need_a)
    second = presentation_in(Status.INTERVIEW_SCHEDULED, need=need_a)
    client.force_login(member_a)
    data = {
        "hire-contract_type": ContractType.CDD,
        "hire-contract_duration_months": "7",
        "hire-starts_on": "2027-03-01",
    }
    assert client.post(action("presentation_hire", first), data).status_code == 302
    assert row(first)["status"] == Status.HIRED

    response = client.post(action("presentation_hire", second), data)
    assert response.status_code == 200
    assert "portal-error-summary" in response.text
    assert 'value="7"' in response.text
    assert 'value="2027-03-01"' in response.text
    assert row(second)["status"] == Status.INTERVIEW_SCHEDULED


def test_a_cdd_hire_without_length_is_shown_again(client, need_a, member_a):
    presentation = presentation_in(Status.INTERVIEW_SCHEDULED, need=need_a)
    client.force_login(member_a)
    response = client.post(
        action("presentation_hire", presentation),
        {"hire-contract_type": ContractType.CDD, "hire-starts_on": "2027-03-01"},
    )
    assert response.status_code == 200
    assert 'id="id_hire-contract_duration_months_error"' in response.text
    assert 'value="2027-03-01"' in response.text


def test_a_no_hire_with_its_reason(client, need_a, member_a):
    presentation = presentation_in(Status.INTERVIEW_SCHEDULED, need=need_a)
    client.force_login(member_a)
    response = client.post(
        action("presentation_no_hire", presentation),
        {"nohire-reason_code": NoHireReason.OTHER, "nohire-comment": ""},
    )
    assert response.status_code == 200
    assert 'id="id_nohire-comment_error"' in response.text
    response = client.post(
        action("presentation_no_hire", presentation),
        {"nohire-reason_code": NoHireReason.CANDIDATE_ABSENT, "nohire-comment": ""},
    )
    assert response.status_code == 302
    presentation.refresh_from_db()
    assert (presentation.status, presentation.reason_code) == (Status.NOT_HIRED, NoHireReason.CANDIDATE_ABSENT)
    text = client.get(detail(presentation)).text
    assert action("presentation_hire", presentation) not in text
    assert presentation.reason in unescape(text)  # in the history


def test_a_form_posted_after_the_state_moved_on_is_a_message(client, need_a, member_a):
    presentation = presentation_in(Status.PRESENTED, need=need_a)
    client.force_login(member_a)
    response = client.post(
        action("presentation_no_hire", presentation),
        {"nohire-reason_code": NoHireReason.CANDIDATE_ABSENT},
    )
    assert (response.status_code, response.url) == (302, detail(presentation))
    assert message_texts(response)
    assert row(presentation)["status"] == Status.PRESENTED


# Query budget.


def test_presentation_page_query_budget(client, django_assert_max_num_queries, need_a, member_a):
    candidate = person(need_a)
    for _ in range(5):
        CandidateSkill.objects.create(candidate=candidate, skill=SkillFactory())
    MatchSuggestion.objects.create(
        need=need_a,
        candidate=candidate,
        rank=1,
        score=7000,
        parts={"skills": 7000},
        distance_km=4,
        scoring_version="t",
    )
    presentation = presentation_in(
        Status.INTERVIEW_REQUESTED, need=need_a, candidate=candidate, interview_accepted_at=timezone.now()
    )
    for days in (2, 3, 4):
        InterviewSlot.objects.create(presentation=presentation, starts_at=soon(days), place=f"Salle {days}")
    client.force_login(member_a)
    with django_assert_max_num_queries(14):
        response = client.get(detail(presentation))
    assert response.status_code == 200
    assert response.text.count("Salle ") >= 3


# E-mail settings.


def test_notice_settings_show_and_save_the_choice(client, need_a, member_a):
    client.force_login(member_a)
    url = reverse("portal:notice_settings")
    text = client.get(url).text
    assert "<fieldset" in text
    assert "<legend" in text
    assert checked(text, "presentation") == ["each"]
    assert checked(text, "need_message") == ["each"]
    response = client.post(
        url,
        {
            "presentation": NoticeFrequency.DAILY,
            "employer_reminder": NoticeFrequency.EACH,
            "weekly_recap": NoticeFrequency.NONE,
            "need_message": NoticeFrequency.NONE,
        },
    )
    assert (response.status_code, response.url) == (302, url)
    assert message_texts(response)
    assert notice_preferences_for(user=member_a) == {
        "presentation": NoticeFrequency.DAILY,
        "employer_reminder": NoticeFrequency.EACH,
        "weekly_recap": NoticeFrequency.NONE,
        "need_message": NoticeFrequency.NONE,
    }


def test_an_unknown_notice_choice_is_shown_again(client, need_a, member_a):
    client.force_login(member_a)
    response = client.post(reverse("portal:notice_settings"), {"presentation": "hourly"})
    assert response.status_code == 200
    assert 'id="id_presentation_error"' in response.text
    assert notice_preferences_for(user=member_a)["presentation"] == NoticeFrequency.EACH
