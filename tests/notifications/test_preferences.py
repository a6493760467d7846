"""Each person chooses how often they hear of the notices meant for them, on one settings page: employer members in
the portal, platform staff in their workspace. The choice is theirs alone and is what the notices obey."""

import re

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse

from accounts.enums import MembershipRole
from matching.enums import PresentationStatus
from notifications.enums import NoticeFrequency
from notifications.kinds import EMPLOYER_ANSWER, NEED_MESSAGE, PRESENTATION, STRONG_SUGGESTION_DIGEST
from notifications.models import NoticePreference
from notifications.notices import presentation_answer_notice_send, presentation_notice_send
from notifications.preferences import notice_kinds_for, notice_preferences_for, notice_preferences_save
from tests.accounts.factories import AdvisorFactory, MembershipFactory, UserFactory
from tests.candidates.factories import CandidateFactory
from tests.employers.factories import StaffingNeedFactory
from tests.matching.presentation_world import presentation_in

pytestmark = pytest.mark.django_db
SETTINGS = reverse("staff:notice_settings")


def checked(text: str, name: str) -> list[str]:
    return re.findall(rf'<input type="radio" name="{name}" value="([a-z]+)"[^>]* checked', text)


def member_of(employer, email: str = "rh@centre.example"):
    user = UserFactory(email=email)
    MembershipFactory(user=user, role=MembershipRole.EMPLOYER_MEMBER, platform=None, employer=employer)
    return user


def test_members_and_staff_choose_among_their_own_kinds():
    member = member_of(StaffingNeedFactory().employer)
    advisor = AdvisorFactory()

    assert [kind.name for kind in notice_kinds_for(user=member)] == [
        PRESENTATION.name,
        "employer_reminder",
        "weekly_recap",
        "need_message",
    ]
    assert [kind.name for kind in notice_kinds_for(user=advisor)] == [
        "employer_answer",
        "strong_suggestion_digest",
        "follow_up_reminder",
        "advisor_alert",
        "stale_need",
        "need_message_staff",
    ]
    assert notice_kinds_for(user=UserFactory()) == []
    assert notice_preferences_for(user=advisor) == {
        "employer_answer": NoticeFrequency.EACH,
        "strong_suggestion_digest": NoticeFrequency.DAILY,
        "follow_up_reminder": NoticeFrequency.EACH,
        "advisor_alert": NoticeFrequency.EACH,
        "stale_need": NoticeFrequency.EACH,
        "need_message_staff": NoticeFrequency.EACH,
    }


def test_a_choice_outside_the_user_s_kinds_or_frequencies_is_refused_and_nothing_is_saved():
    member = member_of(StaffingNeedFactory().employer)

    with pytest.raises(ValidationError) as refused:
        notice_preferences_save(
            user=member, choices={PRESENTATION.name: NoticeFrequency.NONE, EMPLOYER_ANSWER.name: "none"}
        )
    assert set(refused.value.message_dict) == {EMPLOYER_ANSWER.name}
    with pytest.raises(ValidationError):
        notice_preferences_save(user=member, choices={PRESENTATION.name: "hourly"})
    assert not NoticePreference.objects.exists()


def test_an_advisor_who_turned_employer_answers_off_is_not_told():
    advisor = AdvisorFactory()
    candidate = CandidateFactory(presentable=True, advisor=advisor)
    presentation = presentation_in(PresentationStatus.INTERVIEW_REQUESTED, candidate=candidate)
    notice_preferences_save(user=advisor, choices={EMPLOYER_ANSWER.name: NoticeFrequency.NONE})

    assert presentation_answer_notice_send(presentation_id=presentation.pk, status="interview_requested") == 0
    assert mail.outbox == []


def test_a_member_s_choice_reaches_only_them():
    need = StaffingNeedFactory(open=True)
    quiet, told = member_of(need.employer, "quiet@centre.example"), member_of(need.employer, "told@centre.example")
    notice_preferences_save(user=quiet, choices={PRESENTATION.name: NoticeFrequency.NONE})

    assert presentation_notice_send(need_id=need.pk, presentation_ids=[1]) == 1
    assert [message.to for message in mail.outbox] == [[told.email]]
    assert notice_preferences_for(user=told) == {
        PRESENTATION.name: NoticeFrequency.EACH,
        "employer_reminder": NoticeFrequency.EACH,
        "weekly_recap": NoticeFrequency.EACH,
        NEED_MESSAGE.name: NoticeFrequency.EACH,
    }


def test_the_staff_settings_page_shows_and_saves_the_advisor_s_choices(client):
    advisor, colleague = AdvisorFactory(), AdvisorFactory()
    client.force_login(advisor)

    page = client.get(SETTINGS)
    assert page.status_code == 200
    assert checked(page.text, STRONG_SUGGESTION_DIGEST.name) == [NoticeFrequency.DAILY]
    response = client.post(
        SETTINGS,
        {
            EMPLOYER_ANSWER.name: NoticeFrequency.NONE,
            STRONG_SUGGESTION_DIGEST.name: NoticeFrequency.NONE,
            "follow_up_reminder": NoticeFrequency.EACH,
            "advisor_alert": NoticeFrequency.EACH,
            "stale_need": NoticeFrequency.NONE,
            "need_message_staff": NoticeFrequency.DAILY,
        },
    )

    assert (response.status_code, response.url) == (302, SETTINGS)
    assert checked(client.get(SETTINGS).text, EMPLOYER_ANSWER.name) == [NoticeFrequency.NONE]
    assert notice_preferences_for(user=advisor)[STRONG_SUGGESTION_DIGEST.name] == NoticeFrequency.NONE
    assert checked(client.get(SETTINGS).text, "need_message_staff") == [NoticeFrequency.DAILY]
    # Nobody else's choice moved.
    assert not NoticePreference.objects.filter(user=colleague).exists()


def test_the_staff_settings_page_keeps_what_was_chosen_when_one_choice_is_wrong(client):
    advisor = AdvisorFactory()
    client.force_login(advisor)

    response = client.post(
        SETTINGS, {EMPLOYER_ANSWER.name: NoticeFrequency.NONE, STRONG_SUGGESTION_DIGEST.name: NoticeFrequency.EACH}
    )

    assert response.status_code == 200
    assert f'id="id_{STRONG_SUGGESTION_DIGEST.name}_error"' in response.text
    assert checked(response.text, EMPLOYER_ANSWER.name) == [NoticeFrequency.NONE]
    assert not NoticePreference.objects.exists()


def test_the_staff_settings_page_is_linked_from_the_workspace(client):
    client.force_login(AdvisorFactory())
    assert f'href="{SETTINGS}"' in client.get(reverse("staff:hand_off_list")).text


def test_the_portal_settings_page_is_linked_from_the_portal(client):
    member = member_of(StaffingNeedFactory().employer)
    client.force_login(member)
    assert f'href="{reverse("portal:notice_settings")}"' in client.get(reverse("portal:home"), follow=True).text
