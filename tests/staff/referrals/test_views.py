"""The partners' proposals page of the staff workspace: the platform's proposals waiting, accepted or declined."""

import pytest
from django.urls import reverse

from candidates.enums import CandidateStatus, ReferralStatus
from tests.accounts.factories import AdvisorFactory, PlatformFactory
from tests.candidates.factories import CandidateReferralFactory

pytestmark = pytest.mark.django_db


def test_the_page_lists_the_platforms_proposals_waiting_only(client, advisor, platform):
    ours = CandidateReferralFactory(platform=platform, candidate__last_name="Carpentier")
    CandidateReferralFactory(platform=PlatformFactory(), candidate__last_name="Dautrui")
    client.force_login(advisor)

    page = client.get(reverse("staff:referral_list")).content.decode()

    assert f"referral-{ours.pk}" in page
    assert "Carpentier" in page
    assert "Dautrui" not in page


def test_accepting_from_the_page(client, advisor, platform):
    referral = CandidateReferralFactory(platform=platform)
    client.force_login(advisor)
    response = client.post(reverse("staff:referral_accept", args=[referral.pk]))
    assert response.status_code == 302
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.ACCEPTED
    assert referral.candidate.status == CandidateStatus.ACTIVE


def test_declining_from_the_page_needs_a_reason(client, advisor, platform):
    referral = CandidateReferralFactory(platform=platform)
    client.force_login(advisor)
    client.post(reverse("staff:referral_decline", args=[referral.pk]), {"reason": ""})
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.PROPOSED
    client.post(reverse("staff:referral_decline", args=[referral.pk]), {"reason": "Hors territoire."})
    referral.refresh_from_db()
    assert (referral.status, referral.decline_reason) == (ReferralStatus.DECLINED, "Hors territoire.")


def test_another_platforms_staff_cannot_decide(client, platform):
    referral = CandidateReferralFactory(platform=platform)
    client.force_login(AdvisorFactory(memberships__platform=PlatformFactory()))
    assert client.post(reverse("staff:referral_accept", args=[referral.pk])).status_code == 404
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.PROPOSED


def test_the_admin_actions_decide_through_the_same_services(client, advisor, platform):
    accepted, declined = CandidateReferralFactory(platform=platform), CandidateReferralFactory(platform=platform)
    client.force_login(advisor)
    changelist = reverse("admin:candidates_candidatereferral_changelist")
    client.post(changelist, {"action": "accept", "_selected_action": [accepted.pk]})
    client.post(
        changelist,
        {"action": "decline", "_selected_action": [declined.pk], "confirm": "yes", "reason": "Hors territoire."},
    )
    accepted.refresh_from_db()
    declined.refresh_from_db()
    assert accepted.status == ReferralStatus.ACCEPTED
    assert (declined.status, declined.candidate) == (ReferralStatus.DECLINED, None)
