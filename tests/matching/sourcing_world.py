"""A need with its sourcing check and near misses, for the tests of the pages and API that show them."""

import datetime
from types import SimpleNamespace

from django.core.cache import cache
from django.utils import timezone

from employers.enums import ContractType
from employers.models import StaffingNeed
from matching.models import NearMiss, NeedSourcing
from tests.accounts.factories import PlatformFactory
from tests.candidates.factories import CandidateFactory
from tests.employers.factories import EmployerFactory, StaffingNeedFactory
from tests.referentials.factories import SkillFactory


def sourcing_world(platform, *, near_misses: int = 3, others: int = 2):
    """A draft need changed an hour ago, its check stored since, ``near_misses`` people of the platform missing its
    skill and ``others`` of another platform missing the distance."""
    skill = SkillFactory(slug="encaissement", label="encaissement")
    need = StaffingNeedFactory(employer=EmployerFactory(platform=platform), contract_type=ContractType.CDI)
    sourcing = NeedSourcing.objects.create(
        need=need,
        eligible_count=42,
        eligible_thanks_to_training=9,
        near_misses=[
            {"requirement": "distance", "id": 0, "count": 86},
            {"requirement": "skill", "id": skill.pk, "count": 17},
        ],
        computed_at=timezone.now() - datetime.timedelta(minutes=30),
    )
    StaffingNeed.objects.filter(pk=need.pk).update(updated_at=timezone.now() - datetime.timedelta(hours=1))
    need.refresh_from_db()
    ours = [
        CandidateFactory(platform=platform, last_name=f"Proche{index:03d}", email=f"proche{index}@exemple.fr")
        for index in range(near_misses)
    ]
    theirs = [CandidateFactory(platform=PlatformFactory(), last_name=f"Ailleurs{index}") for index in range(others)]
    NearMiss.objects.bulk_create(
        [NearMiss(need=need, candidate=candidate, requirement="skill", requirement_id=skill.pk) for candidate in ours]
        + [NearMiss(need=need, candidate=candidate, requirement="distance") for candidate in theirs]
    )
    return SimpleNamespace(need=need, sourcing=sourcing, skill=skill, ours=ours, theirs=theirs)


def sourcing_requests_forgotten():
    """A fixture body: no request for a check remembered (in the cache) from one test to the next."""
    cache.clear()
    yield
    cache.clear()
