"""What a partner reads of the people it proposed: a coarse status, the employer once hired, nothing else."""

import pytest

from candidates.enums import ReferralStatus
from matching.enums import PresentationStatus
from matching.models import InterviewAssessment
from matching.referral_selectors import (
    ReferralProgress,
    referral_progress,
    referral_row_for_partner,
    referral_rows_for_partner,
)
from matching.services.referrals import referral_accept, referral_decline
from tests.accounts.factories import PartnerAdvisorFactory, PartnerOrganisationFactory
from tests.candidates.factories import CandidateReferralFactory
from tests.employers.factories import EmployerFactory, StaffingNeedFactory
from tests.matching.presentation_world import presentation_in

pytestmark = pytest.mark.django_db
Status = PresentationStatus


@pytest.mark.parametrize(
    ("referral_status", "steps", "expected"),
    [
        (ReferralStatus.PROPOSED, [], ReferralProgress.PROPOSED),
        (ReferralStatus.DECLINED, [], ReferralProgress.DECLINED),
        (ReferralStatus.ACCEPTED, [], ReferralProgress.IN_SEARCH),
        (ReferralStatus.ACCEPTED, [Status.SHORTLISTED], ReferralProgress.IN_SEARCH),
        (ReferralStatus.ACCEPTED, [Status.PRESENTED, Status.DECLINED_BY_EMPLOYER], ReferralProgress.PRESENTED),
        (ReferralStatus.ACCEPTED, [Status.INTERVIEW_SCHEDULED, Status.PRESENTED], ReferralProgress.IN_INTERVIEW),
        (ReferralStatus.ACCEPTED, [Status.INTERVIEW_REQUESTED], ReferralProgress.IN_INTERVIEW),
        (ReferralStatus.ACCEPTED, [Status.IN_TRAINING, Status.PRESENTED], ReferralProgress.IN_TRAINING),
        (ReferralStatus.ACCEPTED, [Status.HIRED, Status.INTERVIEW_SCHEDULED], ReferralProgress.HIRED),
        (ReferralStatus.ACCEPTED, [Status.HIRE_ENDED], ReferralProgress.HIRED),
        (ReferralStatus.ACCEPTED, [Status.NOT_HIRED, Status.WITHDRAWN], ReferralProgress.IN_SEARCH),
    ],
)
def test_the_coarse_status_follows_the_furthest_presentation(referral_status, steps, expected):
    assert referral_progress(referral_status=referral_status, presentation_statuses=steps) == expected


@pytest.fixture
def partner(platform):
    return PartnerOrganisationFactory(platforms=[platform])


@pytest.fixture
def partner_advisor(partner):
    return PartnerAdvisorFactory(memberships__partner=partner)


def test_the_employer_is_named_once_the_person_is_hired_never_before(platform, advisor, partner, partner_advisor):
    referral = CandidateReferralFactory(partner=partner, platform=platform, candidate__last_name="Carpentier")
    referral_accept(referral=referral, by=advisor)
    need = StaffingNeedFactory(open=True, employer=EmployerFactory(platform=platform, legal_name="Plateau Euralille"))
    presentation = presentation_in(Status.INTERVIEW_SCHEDULED, need=need, candidate=referral.candidate)
    InterviewAssessment.objects.create(
        presentation=presentation, criteria=[], comment="Peu à l'aise au téléphone.", recorded_by=advisor
    )

    row = referral_row_for_partner(user=partner_advisor, referral_id=referral.pk)
    assert (row.progress, row.employer, row.person.endswith("Carpentier")) == (ReferralProgress.IN_INTERVIEW, "", True)
    assert not hasattr(row, "assessment")

    presentation.status = Status.HIRED
    presentation.contract_type = "cdi"
    presentation.hire_starts_on = presentation.need.start_date
    presentation.follow_up_due_on = presentation.need.start_date
    presentation.save()
    row = referral_row_for_partner(user=partner_advisor, referral_id=referral.pk)
    assert (row.progress, row.employer) == (ReferralProgress.HIRED, "Plateau Euralille")


def test_a_declined_proposal_names_nobody(platform, advisor, partner, partner_advisor):
    referral = CandidateReferralFactory(partner=partner, platform=platform)
    referral_decline(referral=referral, by=advisor, reason="Hors territoire.")
    [row] = referral_rows_for_partner(user=partner_advisor)
    assert (row.progress, row.person, row.employer) == (ReferralProgress.DECLINED, "", "")


def test_a_partner_reads_none_of_another_partners_proposals(platform, partner_advisor):
    CandidateReferralFactory(platform=platform)
    assert referral_rows_for_partner(user=partner_advisor) == []
