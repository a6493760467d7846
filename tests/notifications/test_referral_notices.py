"""A hire of a person a partner proposed is told to the partner, once, through the outbox."""

import pytest
from django.core import mail

from employers.enums import ContractType
from matching.enums import PresentationStatus
from matching.services.presentations import presentation_hire
from matching.services.referrals import referral_accept
from notifications.models import TaskToSend
from notifications.referral_notices import referral_hire_notice_send
from tests.accounts.factories import MembershipFactory, PartnerAdvisorFactory, PartnerOrganisationFactory, UserFactory
from tests.candidates.factories import CandidateReferralFactory
from tests.employers.factories import StaffingNeedFactory
from tests.matching.presentation_world import STARTS_ON, presentation_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def hired(platform, advisor, django_capture_on_commit_callbacks):
    partner = PartnerOrganisationFactory(platforms=[platform])
    proposer = PartnerAdvisorFactory(memberships__partner=partner, email="conseil@ml.example")
    referral = CandidateReferralFactory(partner=partner, platform=platform, proposed_by=proposer)
    referral_accept(referral=referral, by=advisor)
    need = StaffingNeedFactory(open=True, employer__platform=platform, headcount=2)
    presentation = presentation_in(PresentationStatus.INTERVIEW_SCHEDULED, need=need, candidate=referral.candidate)
    presentation_hire(presentation=presentation, contract_type=ContractType.CDI, starts_on=STARTS_ON, by=advisor)
    return referral, presentation, partner, proposer


def test_the_hire_promises_the_partners_notice_through_the_outbox(hired):
    _referral, presentation, _partner, _proposer = hired
    assert TaskToSend.objects.filter(task_name="notifications.tasks.referral_hire_notice_send").exists()
    row = TaskToSend.objects.get(task_name="notifications.tasks.referral_hire_notice_send")
    assert row.arguments == [presentation.pk]


def test_the_advisor_who_proposed_is_told_once(hired):
    referral, presentation, _partner, _proposer = hired
    mail.outbox.clear()

    assert referral_hire_notice_send(presentation_id=presentation.pk) == 1
    assert referral_hire_notice_send(presentation_id=presentation.pk) == 0

    [message] = mail.outbox
    assert message.to == ["conseil@ml.example"]
    assert f"/partners/proposals/{referral.pk}/" in message.body
    assert referral.candidate.last_name not in message.body


def test_every_advisor_of_the_partner_is_told_when_the_proposer_left(hired):
    _referral, presentation, partner, proposer = hired
    proposer.is_active = False
    proposer.save()
    colleague = UserFactory(email="collegue@ml.example")
    MembershipFactory(user=colleague, role="partner_advisor", platform=None, partner=partner)
    mail.outbox.clear()

    referral_hire_notice_send(presentation_id=presentation.pk)

    assert [message.to for message in mail.outbox] == [["collegue@ml.example"]]


def test_a_hire_of_someone_no_partner_proposed_promises_nothing(platform, advisor, django_capture_on_commit_callbacks):
    presentation = presentation_in(PresentationStatus.INTERVIEW_SCHEDULED, need=StaffingNeedFactory(open=True))
    presentation_hire(presentation=presentation, contract_type=ContractType.CDI, starts_on=STARTS_ON, by=advisor)
    assert not TaskToSend.objects.filter(task_name="notifications.tasks.referral_hire_notice_send").exists()
