"""The employer's need page shows each wave's figures, never the people the platform keeps for a later wave, and the
training step refuses to remove a wave that candidates are put forward for."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.enums import MembershipRole
from employers.models import RecruitingWave
from matching.enums import DeclineScope, PresentationStatus
from tests.accounts.factories import MembershipFactory, UserFactory
from tests.candidates.factories import CandidateFactory
from tests.employers.factories import MassHiringNeedFactory
from tests.matching.presentation_world import presentation_in

pytestmark = pytest.mark.django_db

Status = PresentationStatus
TODAY = timezone.localdate()


@pytest.fixture
def need():
    need = MassHiringNeedFactory(open=True, headcount=40, start_date=TODAY + datetime.timedelta(days=10))
    for month in (1, 3):
        RecruitingWave.objects.create(
            need=need, starts_on=TODAY + datetime.timedelta(days=30 * month), hires_planned=20
        )
    return need


@pytest.fixture
def member(need):
    user = UserFactory()
    MembershipFactory(user=user, role=MembershipRole.EMPLOYER_MEMBER, employer=need.employer, platform=None)
    return user


def test_the_need_page_shows_each_waves_figures_and_not_the_pool(client, need, member):
    first = need.waves.order_by("starts_on").first()
    presentation_in(Status.PRESENTED, need=need, wave=first)
    presentation_in(
        Status.WITHDRAWN,
        need=need,
        wave=first,
        decline_scope=DeclineScope.WAVE,
        reason="Reprend ses cours",
        candidate=CandidateFactory(presentable=True, platform=need.employer.platform, last_name="Gardé-Vivier"),
    )
    client.force_login(member)

    page = client.get(reverse("portal:need_detail", args=[need.pk])).content.decode()

    assert page.count('class="portal-wave"') == 2
    assert "Gardé-Vivier" not in page
    assert "Reprend ses cours" not in page


def test_the_training_step_refuses_to_remove_a_wave_with_candidates_and_says_which(client, need, member):
    first, second = need.waves.order_by("starts_on")
    presentation_in(Status.SHORTLISTED, need=need, wave=second)
    client.force_login(member)
    data = {
        "minimum_experience_years": "0",
        "waves-TOTAL_FORMS": "1",
        "waves-INITIAL_FORMS": "0",
        "waves-MIN_NUM_FORMS": "0",
        "waves-MAX_NUM_FORMS": "12",
        "waves-0-starts_on": first.starts_on.isoformat(),
        "waves-0-hires_planned": "20",
        "stay": "",
    }

    response = client.post(reverse("portal:need_edit", args=[need.pk, "training"]), data)

    assert response.status_code == 200
    assert second.starts_on.strftime("%d/%m/%Y") in response.content.decode()
    assert need.waves.count() == 2
