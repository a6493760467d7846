"""The platform decides on a partner's proposal: accepted, the person is an active candidate, matched; declined, the
profile is anonymised and the referral keeps its status and reason only."""

import pytest
from django.core.exceptions import ValidationError

from candidates.enums import CandidateStatus, ReferralStatus
from candidates.models import Candidate, PersonalDataAccess
from matching.enums import RunScope
from matching.models import MatchRun
from matching.services.referrals import referral_accept, referral_decline
from tests.accounts.factories import AdvisorFactory, PlatformFactory
from tests.candidates.factories import CandidateReferralFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def referral(platform):
    return CandidateReferralFactory(platform=platform, candidate__last_name="Carpentier")


def test_accepting_makes_the_person_an_active_candidate_followed_and_matched(referral, advisor):
    decided = referral_accept(referral=referral, by=advisor)

    assert decided.status == ReferralStatus.ACCEPTED
    assert (decided.decided_by, decided.decided_at is not None) == (advisor, True)
    candidate = Candidate.objects.get(pk=referral.candidate_id)
    assert candidate.status == CandidateStatus.ACTIVE
    assert candidate.advisor == advisor
    assert MatchRun.objects.filter(scope=RunScope.CANDIDATE, candidate=candidate).exists()


def test_declining_anonymises_the_profile_and_keeps_the_status_and_reason(referral, advisor):
    candidate_id = referral.candidate_id

    decided = referral_decline(referral=referral, by=advisor, reason="Hors de notre territoire.")

    assert (decided.status, decided.decline_reason, decided.candidate) == (
        ReferralStatus.DECLINED,
        "Hors de notre territoire.",
        None,
    )
    candidate = Candidate.objects.get(pk=candidate_id)
    assert candidate.status == CandidateStatus.ANONYMISED
    assert "Carpentier" not in f"{candidate.first_name} {candidate.last_name}"
    assert candidate.email == ""
    erasure = PersonalDataAccess.objects.get(candidate_id=candidate_id, action="changed")
    assert "erasure:referral_declined" in erasure.fields


def test_a_decline_needs_its_reason(referral, advisor):
    with pytest.raises(ValidationError):
        referral_decline(referral=referral, by=advisor, reason="  ")
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.PROPOSED


def test_only_the_staff_of_the_referrals_platform_decide(referral):
    other = AdvisorFactory(memberships__platform=PlatformFactory())
    with pytest.raises(ValidationError) as refusal:
        referral_accept(referral=referral, by=other)
    assert refusal.value.code == "not_staff"
    with pytest.raises(ValidationError):
        referral_decline(referral=referral, by=other, reason="Non.")
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.PROPOSED


def test_a_referral_is_decided_once(referral, advisor):
    referral_accept(referral=referral, by=advisor)
    for decide in (
        lambda: referral_accept(referral=referral, by=advisor),
        lambda: referral_decline(referral=referral, by=advisor, reason="Trop tard."),
    ):
        with pytest.raises(ValidationError) as refusal:
            decide()
        assert refusal.value.code == "decided"
    assert Candidate.objects.get(pk=referral.candidate_id).status == CandidateStatus.ACTIVE
