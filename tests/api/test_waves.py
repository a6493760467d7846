"""A need's waves in the API: each wave's figures in the need's detail (employer and staff), the pool for staff only,
moving a presentation to another wave, and the scope of an end."""

import datetime

import pytest
from django.utils import timezone

from candidates.models import PersonalDataAccess
from employers.models import RecruitingWave
from matching.enums import DeclineScope, PresentationStatus

pytestmark = pytest.mark.django_db

Status = PresentationStatus


def call(client, world, method, path, body=None, role="advisor_a"):
    kwargs = {"data": body, "content_type": "application/json"} if body is not None else {}
    return getattr(client, method)(path, **kwargs, **world.headers(role))


@pytest.fixture
def waves(world):
    """Two waves of 2 on side A's need (headcount 5): one seat outside them."""
    need = world.a.need
    first, second = (
        RecruitingWave.objects.create(
            need=need, starts_on=timezone.localdate() + datetime.timedelta(days=30 * n), hires_planned=2
        )
        for n in (2, 4)
    )
    world.a.presentation.wave = first
    world.a.presentation.save(update_fields=["wave"])
    world.a.shortlisted.wave = first
    world.a.shortlisted.save(update_fields=["wave"])
    return first, second


@pytest.mark.parametrize(
    ("role", "path"), [("member_a", "/api/employer/needs/{}/"), ("advisor_a", "/api/staff/needs/{}/")]
)
def test_the_needs_detail_carries_each_waves_figures(client, world, waves, role, path):
    first, second = waves

    response = call(client, world, "get", path.format(world.a.need.pk), role=role)

    assert response.status_code == 200
    assert [
        (row["wave_id"], row["headcount"], row["openings_left"], row["presented"]) for row in response.json()["waves"]
    ] == [(None, 1, 1, 0), (first.pk, 2, 2, 1), (second.pk, 2, 2, 0)]


def test_the_pool_names_the_people_kept_for_a_later_wave_to_staff_and_logs_it(client, world, waves):
    kept = call(
        client,
        world,
        "post",
        f"/api/staff/presentations/{world.a.shortlisted.pk}/transitions/",
        {"to_status": "withdrawn", "reason": "En formation jusqu'en avril", "decline_scope": "wave"},
    )
    assert kept.json()["decline_scope"] == DeclineScope.WAVE

    pool = call(client, world, "get", f"/api/staff/needs/{world.a.need.pk}/pool/")

    assert pool.status_code == 200
    [entry] = pool.json()
    assert (entry["presentation"], entry["candidate"]["id"], entry["reason"]) == (
        world.a.shortlisted.pk,
        world.a.shortlisted.candidate_id,
        "En formation jusqu'en avril",
    )
    assert entry["kept_from"] == waves[0].starts_on.isoformat()
    assert PersonalDataAccess.objects.filter(
        actor=world.users["advisor_a"], candidate_id=world.a.shortlisted.candidate_id
    ).exists()
    assert call(client, world, "get", f"/api/staff/needs/{world.a.need.pk}/pool/", role="advisor_b").status_code == 404
    assert call(client, world, "get", f"/api/staff/needs/{world.a.need.pk}/pool/", role="member_a").status_code == 403


def test_a_presentation_moves_to_another_wave_and_a_closed_one_is_refused(client, world, waves):
    first, second = waves
    path = f"/api/staff/presentations/{world.a.presentation.pk}/wave/"

    moved = call(client, world, "post", path, {"wave": second.pk, "reason": "Disponible en mai"})
    RecruitingWave.objects.filter(pk=first.pk).update(status="closed")
    refused = call(client, world, "post", path, {"wave": first.pk, "reason": "Retour"})

    assert (moved.status_code, moved.json()["wave"]) == (200, second.pk)
    assert refused.status_code == 400
    world.a.presentation.refresh_from_db()
    assert world.a.presentation.wave == second


def test_an_end_for_a_wave_without_a_wave_is_refused(client, world):
    refused = call(
        client,
        world,
        "post",
        f"/api/staff/presentations/{world.a.shortlisted.pk}/transitions/",
        {"to_status": "withdrawn", "reason": "Plus tard", "decline_scope": "wave"},
    )

    assert refused.status_code == 400
    assert "decline_scope" in refused.json()["error"]["fields"]
    world.a.shortlisted.refresh_from_db()
    assert world.a.shortlisted.status == Status.SHORTLISTED
