"""An ended hire on the employer's portal: labelled in words (never a raw code), its reason told without the
platform's comment, and the platform's six-month check of the person never shown."""

import datetime

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from accounts.enums import MembershipRole
from employers.enums import ContractType
from matching.enums import FollowUpResult, HireEndReason, PresentationStatus
from matching.services.follow_ups import presentation_follow_up_record
from matching.services.presentations import presentation_hire
from matching.services.undo import presentation_hire_end
from tests.accounts.factories import MembershipFactory, UserFactory
from tests.employers.factories import StaffingNeedFactory
from tests.matching.presentation_world import presentation_in

pytestmark = pytest.mark.django_db

Status = PresentationStatus
TODAY = timezone.localdate()
STARTED = TODAY - datetime.timedelta(days=190)


def in_page_language(message: str) -> str:
    with translation.override(settings.LANGUAGE_CODE):
        return gettext(message)


def test_an_ended_hire_is_labelled_and_the_six_month_check_stays_with_the_platform(client):
    need = StaffingNeedFactory(open=True, headcount=1)
    presentation = presentation_in(Status.INTERVIEW_SCHEDULED, need=need)
    presentation_hire(presentation=presentation, contract_type=ContractType.CDI, starts_on=STARTED, by=None)
    presentation_hire_end(
        presentation=presentation,
        ended_on=TODAY,
        reason_code=HireEndReason.TRIAL_NOT_CONFIRMED,
        note="Zqcommentaireinterne",
        by=None,
    )
    presentation_follow_up_record(
        presentation=presentation, result=FollowUpResult.NOT_IN_WORK, checked_on=TODAY, note="Zqsuivi", by=None
    )
    member = UserFactory()
    MembershipFactory(user=member, role=MembershipRole.EMPLOYER_MEMBER, employer=need.employer, platform=None)
    client.force_login(member)

    page = client.get(reverse("portal:presentation_detail", args=[presentation.pk])).text

    assert in_page_language("Hire ended") in page
    assert in_page_language("Trial period not confirmed") in page
    assert "hire_ended</" not in page
    assert ">hire_ended" not in page
    assert "Zqcommentaireinterne" not in page
    assert "Zqsuivi" not in page
    assert in_page_language("Not in work") not in page
