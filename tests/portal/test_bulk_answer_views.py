"""A need's page answers many presented candidates at once: labelled checkboxes, the result row by row (by the name
the employer sees), the form shown again with what was typed when it is incomplete, and another employer's need or
candidate out of reach."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from accounts.enums import MembershipRole
from matching.employer_selectors import presented_profiles_for_need
from matching.enums import PresentationStatus
from matching.models import InterviewSlot
from tests.accounts.factories import MembershipFactory, UserFactory
from tests.candidates.factories import CandidateFactory
from tests.employers.factories import StaffingNeedFactory
from tests.matching.presentation_world import presentation_in

pytestmark = pytest.mark.django_db

Status = PresentationStatus


def member_of(employer):
    user = UserFactory()
    MembershipFactory(user=user, role=MembershipRole.EMPLOYER_MEMBER, employer=employer, platform=None)
    return user


def local_input(days: int) -> str:
    day = timezone.localdate() + datetime.timedelta(days=days)
    return f"{day.isoformat()}T10:00"


@pytest.fixture
def need():
    return StaffingNeedFactory(open=True, headcount=3)


def url(need) -> str:
    return reverse("portal:need_bulk_answer", args=[need.pk])


def test_every_answerable_candidate_has_a_labelled_checkbox(client, need):
    member = member_of(need.employer)
    presented = presentation_in(Status.PRESENTED, need=need)
    presentation_in(Status.NOT_HIRED, need=need)
    client.force_login(member)
    html = client.get(reverse("portal:need_detail", args=[need.pk])).content.decode()
    assert html.count('name="bulk-presentations"') == 1
    assert f'value="{presented.pk}"' in html
    assert '<label for="id_bulk-presentations_0">' in html
    assert "Answer several candidates at once" in html or "Répondre à plusieurs candidats à la fois" in html


def test_interviews_for_the_ticked_candidates_and_a_refused_row_named_by_pseudonym(client, need):
    member = member_of(need.employer)
    first = presentation_in(Status.PRESENTED, need=need)
    # Asked already, not accepted yet: new slots wait for the candidate's acceptance, so this row is refused.
    waiting = presentation_in(
        Status.INTERVIEW_REQUESTED,
        need=need,
        candidate=CandidateFactory(presentable=True, first_name="Zoé", last_name="Secret"),
    )
    client.force_login(member)
    with translation.override("en"):
        pseudonym = {p.presentation_id: p.pseudonym for p in presented_profiles_for_need(need=need)}[waiting.pk]
        response = client.post(
            url(need),
            {
                "bulk-presentations": [first.pk, waiting.pk],
                "bulk-action": "interview",
                "bulk-starts_at_1": local_input(3),
                "bulk-place_1": "Agence de Lille",
            },
            HTTP_ACCEPT_LANGUAGE="en",
        )
    assert response.status_code == 200
    html = response.content.decode()
    first.refresh_from_db()
    assert first.status == Status.INTERVIEW_REQUESTED
    assert InterviewSlot.objects.filter(presentation=first, place="Agence de Lille").count() == 1
    assert not InterviewSlot.objects.filter(presentation=waiting).exists()
    assert 'id="bulk-result-title"' in html
    assert f"{pseudonym} :" in html
    assert "Secret" not in html


def test_an_incomplete_form_is_shown_again_with_what_was_typed(client, need):
    member = member_of(need.employer)
    presented = presentation_in(Status.PRESENTED, need=need)
    client.force_login(member)
    response = client.post(
        url(need), {"bulk-presentations": [presented.pk], "bulk-action": "decline", "bulk-comment": "Trop loin"}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "portal-error-summary" in html
    assert "Trop loin" in html
    assert f'value="{presented.pk}" id="id_bulk-presentations_0" checked' in html
    presented.refresh_from_db()
    assert presented.status == Status.PRESENTED


def test_a_decline_for_many_then_the_refused_row_reported(client, need):
    member = member_of(need.employer)
    first, second = presentation_in(Status.PRESENTED, need=need), presentation_in(Status.PRESENTED, need=need)
    client.force_login(member)
    response = client.post(
        url(need),
        {"bulk-presentations": [first.pk, second.pk], "bulk-action": "decline", "bulk-reason_code": "skills"},
    )
    assert response.status_code == 200
    for presentation in (first, second):
        presentation.refresh_from_db()
        assert presentation.status == Status.DECLINED_BY_EMPLOYER
        assert presentation.reason_code == "skills"


def test_another_employers_need_or_candidate_is_out_of_reach(client, need):
    member = member_of(need.employer)
    other_need = StaffingNeedFactory(open=True)
    foreign = presentation_in(Status.PRESENTED, need=other_need)
    client.force_login(member)
    assert client.post(url(other_need), {"bulk-action": "decline"}).status_code == 404
    presentation_in(Status.PRESENTED, need=need)
    response = client.post(
        url(need), {"bulk-presentations": [foreign.pk], "bulk-action": "decline", "bulk-reason_code": "skills"}
    )
    assert response.status_code == 200  # not a choice of this page: the form refuses it
    foreign.refresh_from_db()
    assert foreign.status == Status.PRESENTED
