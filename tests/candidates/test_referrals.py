"""A partner proposes a person to a platform: the proposed candidate and its referral, and every refusal."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from candidates.enums import CandidateStatus, ConsentMethod, ReferralStatus
from candidates.models import CandidateReferral, PersonalDataAccess
from candidates.referrals import referral_propose, referrals_for_partner
from tests.accounts.factories import AdvisorFactory, PartnerAdvisorFactory, PartnerOrganisationFactory, PlatformFactory
from tests.candidates.factories import CandidateReferralFactory
from tests.referentials.factories import CommuneFactory, OccupationFactory

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


@pytest.fixture
def partner(platform):
    return PartnerOrganisationFactory(platforms=[platform])


@pytest.fixture
def partner_advisor(partner):
    return PartnerAdvisorFactory(memberships__partner=partner)


@pytest.fixture
def profile(db):
    commune = CommuneFactory(insee_code="59350", name="Lille")
    OccupationFactory(rome_code="D1408")
    return {
        "first_name": "Inès",
        "last_name": "Carpentier",
        "email": "ines.carpentier@example.org",
        "phone": "06 11 22 33 44",
        "commune": commune.insee_code,
        "max_distance_km": "15",
        "experience_years": "1",
        "available_from": TODAY().isoformat(),
        "occupation": "D1408",
        "accepts_cdi": "on",
        "accepts_cdd": "on",
        "accepts_full_time": "on",
    }


def propose(partner, by, platform, profile, *, consent_on=None, method=ConsentMethod.SIGNED_FORM):
    return referral_propose(
        partner=partner,
        by=by,
        platform=platform,
        profile=profile,
        consent_recorded_on=consent_on if consent_on is not None else TODAY(),
        consent_method=method,
    )


def test_a_proposal_makes_a_proposed_candidate_of_the_platform_with_its_consent(
    partner, partner_advisor, platform, profile
):
    referral = propose(partner, partner_advisor, platform, profile, consent_on=TODAY() - datetime.timedelta(days=3))

    assert referral.status == ReferralStatus.PROPOSED
    assert (referral.partner, referral.platform, referral.proposed_by) == (partner, platform, partner_advisor)
    candidate = referral.candidate
    assert candidate.status == CandidateStatus.PROPOSED
    assert candidate.platform == platform
    assert candidate.advisor is None
    assert list(candidate.desired_occupations.values_list("rome_code", flat=True)) == ["D1408"]
    assert candidate.consents_to_presentation
    assert timezone.localtime(candidate.consented_to_processing_at).date() == TODAY() - datetime.timedelta(days=3)
    assert PersonalDataAccess.objects.filter(candidate=candidate, action="created", actor=partner_advisor).exists()


def test_a_platform_the_partner_does_not_work_with_is_refused(partner, partner_advisor, profile):
    with pytest.raises(ValidationError) as refusal:
        propose(partner, partner_advisor, PlatformFactory(), profile)
    assert "platform" in refusal.value.message_dict
    assert not CandidateReferral.objects.exists()


@pytest.mark.parametrize(
    ("consent_on", "field"),
    [
        (None, "consent_recorded_on"),
        ("future", "consent_recorded_on"),
        ("old", "consent_recorded_on"),
    ],
)
def test_a_missing_future_or_stale_consent_is_refused(partner, partner_advisor, platform, profile, consent_on, field):
    day = {"future": TODAY() + datetime.timedelta(days=1), "old": TODAY() - datetime.timedelta(days=400)}.get(
        consent_on
    )
    with pytest.raises(ValidationError) as refusal:
        referral_propose(
            partner=partner,
            by=partner_advisor,
            platform=platform,
            profile=profile,
            consent_recorded_on=day,
            consent_method=ConsentMethod.ORAL,
        )
    assert field in refusal.value.message_dict
    assert not CandidateReferral.objects.exists()


def test_a_missing_consent_method_and_a_bad_profile_are_refused_together(partner, partner_advisor, platform, profile):
    with pytest.raises(ValidationError) as refusal:
        propose(partner, partner_advisor, platform, profile | {"last_name": "", "commune": ""}, method="")
    assert {"consent_method", "last_name", "commune"} <= set(refusal.value.message_dict)


def test_only_the_partners_advisors_propose(partner, platform, profile):
    other_partner = PartnerOrganisationFactory(platforms=[platform])
    other_partner_advisor = PartnerAdvisorFactory(memberships__partner=other_partner)
    for user in (other_partner_advisor, AdvisorFactory(memberships__platform=platform)):
        with pytest.raises(PermissionDenied):
            propose(partner, user, platform, profile)
    assert not CandidateReferral.objects.exists()


def test_a_partner_advisor_who_is_also_staff_acts_for_no_partner(partner, partner_advisor, platform, profile):
    partner_advisor.is_staff = True
    partner_advisor.save()
    with pytest.raises(PermissionDenied):
        propose(partner, partner_advisor, platform, profile)


def test_a_partner_reads_its_own_referrals_only(partner, partner_advisor, platform):
    ours = CandidateReferralFactory(partner=partner, platform=platform)
    CandidateReferralFactory(platform=platform)
    assert list(referrals_for_partner(user=partner_advisor)) == [ours]
    assert not referrals_for_partner(user=AdvisorFactory(memberships__platform=platform)).exists()
