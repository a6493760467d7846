"""A need's waves in the admin: saved in place through the wave service, checked as the portal checks them, their
hires and status read-only."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from employers.enums import WaveStatus
from employers.models import RecruitingWave
from matching.enums import PresentationStatus
from tests.admin_forms import admin_change_data
from tests.employers.factories import MassHiringNeedFactory
from tests.matching.presentation_world import presentation_in

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


@pytest.fixture
def need(platform):
    need = MassHiringNeedFactory(
        open=True, headcount=60, start_date=TODAY + datetime.timedelta(days=10), employer__platform=platform
    )
    for month in (1, 2):
        RecruitingWave.objects.create(
            need=need, starts_on=TODAY + datetime.timedelta(days=30 * month), hires_planned=20
        )
    RecruitingWave.objects.filter(need=need).order_by("starts_on").filter(
        pk=need.waves.order_by("starts_on").first().pk
    ).update(hires_count=5)
    return need


def _post(client, advisor, need, **changes):
    client.force_login(advisor)
    url = reverse("admin:employers_staffingneed_change", args=[need.pk])
    return client.post(url, admin_change_data(client, url, **changes), follow=True)


def test_the_inline_shows_each_waves_hires_and_status_read_only(client, advisor, need):
    client.force_login(advisor)

    page = client.get(reverse("admin:employers_staffingneed_change", args=[need.pk])).content.decode()

    assert 'name="waves-0-hires_count"' not in page
    assert 'name="waves-0-status"' not in page
    assert 'name="waves-0-hires_planned"' in page


def test_a_waves_headcount_changed_in_the_admin_keeps_its_row_and_hires(client, advisor, need):
    first = need.waves.order_by("starts_on").first()

    _post(client, advisor, need, **{"waves-0-hires_planned": 25})

    first.refresh_from_db()
    assert (first.hires_planned, first.hires_count, first.status) == (25, 5, WaveStatus.OPEN)


def test_a_wave_with_candidates_cannot_be_deleted_in_the_admin(client, superuser, need):
    second = need.waves.order_by("starts_on").last()
    presentation_in(PresentationStatus.SHORTLISTED, need=need, wave=second)

    response = _post(client, superuser, need, **{"waves-1-DELETE": "on"})

    assert second.starts_on.strftime("%d/%m/%Y") in response.content.decode()
    assert RecruitingWave.objects.filter(pk=second.pk).exists()


def test_waves_beyond_the_headcount_are_refused_in_the_admin_as_in_the_portal(client, advisor, need):
    _post(client, advisor, need, **{"waves-0-hires_planned": 50})

    assert need.waves.order_by("starts_on").first().hires_planned == 20
