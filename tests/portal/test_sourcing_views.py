"""The sourcing check on the employer portal's review step: counts only, never people; asked for when the need
changed since, polled until it lands; "check again" queued for a worker; another employer's need not found."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from accounts.enums import MembershipRole
from employers.models import StaffingNeed
from matching.models import NeedSourcing
from tests.accounts.factories import MembershipFactory, UserFactory
from tests.matching.sourcing_world import sourcing_requests_forgotten, sourcing_world

pytestmark = pytest.mark.django_db


_forgotten = pytest.fixture(autouse=True)(sourcing_requests_forgotten)


def _member(employer):
    user = UserFactory()
    MembershipFactory(user=user, role=MembershipRole.EMPLOYER_MEMBER, employer=employer, platform=None)
    return user


def _get(client, name, *args):
    with translation.override("en"):
        response = client.get(reverse(name, args=args))
    assert response.status_code == 200
    return response.content.decode()


def test_the_review_step_shows_counts_and_never_people(client, platform):
    world = sourcing_world(platform)
    client.force_login(_member(world.need.employer))
    content = _get(client, "portal:need_edit", world.need.pk, "review")
    section = content.split('id="need-sourcing-title"')[1].split("</section>")[0]
    assert '<dd class="sourcing-eligible">42</dd>' in section
    assert '<dd class="sourcing-trained">9</dd>' in section
    assert "86 live beyond their own radius" in section
    assert "17 lack the skill ‘encaissement’" in section
    assert reverse("portal:need_sourcing_check", args=[world.need.pk]) in section
    for candidate in world.ours + world.theirs:
        assert candidate.last_name not in content
        assert candidate.email not in content
    assert "near-misses" not in content


def test_a_need_changed_since_its_check_shows_it_being_computed(client, platform, django_capture_on_commit_callbacks):
    world = sourcing_world(platform)
    StaffingNeed.objects.filter(pk=world.need.pk).update(updated_at=timezone.now())
    client.force_login(_member(world.need.employer))
    with django_capture_on_commit_callbacks() as queued:
        content = _get(client, "portal:need_edit", world.need.pk, "review")
    assert len(queued) == 1
    assert "Being computed…" in content
    assert f'/portal/needs/{world.need.pk}/sourcing/" hx-trigger="every 3s"' in content
    NeedSourcing.objects.filter(need=world.need).update(
        computed_at=timezone.now() + datetime.timedelta(seconds=1), eligible_count=7
    )
    fragment = _get(client, "portal:need_sourcing", world.need.pk)
    assert "Being computed" not in fragment
    assert "hx-get" not in fragment
    assert '<dd class="sourcing-eligible">7</dd>' in fragment


def test_check_again_is_queued_and_back_to_the_step(client, platform, django_capture_on_commit_callbacks):
    world = sourcing_world(platform)
    client.force_login(_member(world.need.employer))
    with django_capture_on_commit_callbacks() as queued:
        response = client.post(reverse("portal:need_sourcing_check", args=[world.need.pk]))
    assert response.status_code == 302
    assert response["Location"] == reverse("portal:need_edit", args=[world.need.pk, "review"])
    assert len(queued) == 1


def test_another_employers_need_is_not_found(client, platform, django_capture_on_commit_callbacks):
    world = sourcing_world(platform)
    other = sourcing_world(platform)
    client.force_login(_member(other.need.employer))
    with translation.override("en"):
        assert client.get(reverse("portal:need_sourcing", args=[world.need.pk])).status_code == 404
    with django_capture_on_commit_callbacks() as queued:
        assert client.post(reverse("portal:need_sourcing_check", args=[world.need.pk])).status_code == 404
    assert queued == []
