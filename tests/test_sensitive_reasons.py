"""A positive-action group, which tells of a person's sensitive situation, is named only to users allowed to read
that candidate's sensitive situations: over the access world, in every output that words a suggestion's reasons or
a need's sourcing check (the review page, the staff API, the portal's review step and its sourcing fragment).

Platform A's suggested candidate (disability recognition) is proposed on a positive-action slot for A's need, and
for B's need, whose staff see them as a card, then by name once A hands them over: B's staff still never read the
group. Employer A's member reads counts, never the person nor the group.
"""

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from matching.enums import HandOffStatus, PositiveActionGroup
from matching.models import HandOff, MatchSuggestion, NearMiss, NeedSourcing
from tests.access_world import SUGGESTION_PARTS, build_access_world

pytestmark = pytest.mark.django_db

POSITIVE_ACTION = [{"code": "positive_action", "value": 0, "group": PositiveActionGroup.DISABILITY_RECOGNITION}]
GROUP_WORDS = ("RQTH", "disability", "handicap", "has_disability_recognition", "positive")


@pytest.fixture
def world(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private-media"
    world = build_access_world()
    suggested = world["suggested"]
    MatchSuggestion.objects.filter(need=world["need_a"], candidate=suggested).update(
        is_proposed=True, reasons=POSITIVE_ACTION
    )
    MatchSuggestion.objects.create(
        need=world["need_b"], candidate=suggested, rank=1, score=8000, parts=SUGGESTION_PARTS, distance_km=80,
        is_proposed=True, reasons=POSITIVE_ACTION, scoring_version="test",
    )  # fmt: skip
    for need in (world["need_a"], world["draft_a"]):
        NeedSourcing.objects.create(
            need=need,
            eligible_count=12,
            eligible_thanks_to_training=3,
            near_misses=[{"requirement": "skill", "id": world["skill"].pk, "count": 2}],
            computed_at=timezone.now(),
        )
        NearMiss.objects.create(need=need, candidate=suggested, requirement="skill", requirement_id=world["skill"].pk)
    return world


def _page(client, world, role, name, *args, language="en") -> str:
    client.force_login(world.users[role])
    with translation.override(language):
        response = client.get(reverse(name, args=args))
    assert response.status_code == 200, (role, name)
    return response.content.decode()


def _api(client, world, role, path) -> str:
    response = client.get(path, HTTP_AUTHORIZATION=f"Token {world['api_keys'][role]}")
    assert response.status_code == 200, (role, path)
    return response.content.decode()


def _assert_no_group(text: str, where: str) -> None:
    for word in GROUP_WORDS:
        assert word not in text, f"{where}: {word}"


@pytest.mark.parametrize("role", ["advisor_a", "manager", "superuser"])
def test_the_platforms_staff_read_the_group(client, world, role):
    content = _page(client, world, role, "staff:need_review", world["need_a"].pk)
    assert "Proposed to meet the positive-action target: people with disability recognition (RQTH)" in content
    body = _api(client, world, role, f"/api/staff/needs/{world['need_a'].pk}/suggestions/")
    assert '"group":"has_disability_recognition"' in body


def test_another_platform_never_reads_the_group_card_or_handed_off(client, world):
    for language in ("en", "fr"):
        card = _page(client, world, "advisor_b", "staff:need_review", world["need_b"].pk, language=language)
        _assert_no_group(card, f"card ({language})")
    _assert_no_group(_api(client, world, "advisor_b", f"/api/staff/needs/{world['need_b'].pk}/suggestions/"), "api")
    HandOff.objects.filter(pk=world["hand_off"].pk).update(
        status=HandOffStatus.ACCEPTED, decided_at=timezone.now(), candidate_agreed_at=timezone.now()
    )
    handed_off = _page(client, world, "advisor_b", "staff:need_review", world["need_b"].pk)
    assert world["suggested"].last_name in handed_off  # now by name
    _assert_no_group(handed_off, "handed off")
    body = _api(client, world, "advisor_b", f"/api/staff/needs/{world['need_b'].pk}/suggestions/")
    assert world["suggested"].last_name in body
    _assert_no_group(body, "api handed off")


def test_near_misses_of_another_platform_are_only_counted(client, world):
    content = _page(client, world, "advisor_b", "staff:need_near_misses", world["need_b"].pk)
    assert world["suggested"].last_name not in content


def test_the_employer_reads_counts_never_the_person_nor_the_group(client, world):
    for language in ("en", "fr"):
        for name, args in (
            ("portal:need_edit", (world["draft_a"].pk, "review")),
            ("portal:need_sourcing", (world["draft_a"].pk,)),
            ("portal:need_sourcing", (world["need_a"].pk,)),
            ("portal:need_detail", (world["need_a"].pk,)),
        ):
            content = _page(client, world, "member_a", name, *args, language=language)
            _assert_no_group(content, f"{name} ({language})")
            assert world["suggested"].last_name not in content
            assert world["suggested"].email not in content
    fragment = _page(client, world, "member_a", "portal:need_sourcing", world["draft_a"].pk)
    assert '<dd class="sourcing-eligible">12</dd>' in fragment
