"""Storing sourcing checks for many needs at once: the counts of every need, the people named of those that changed."""

import pytest

from matching.models import NearMiss, NeedSourcing
from matching.services.sourcing import SourcingRecord, need_sourcing_store_many
from tests.employers.factories import StaffingNeedFactory
from tests.matching.services.test_runs import make_candidate, ref  # noqa: F401  (``ref`` is a fixture)

pytestmark = pytest.mark.django_db


def record(need, named, eligible=3) -> SourcingRecord:
    counts = [{"requirement": "distance", "id": 0, "count": len(named)}]
    return SourcingRecord(need.pk, eligible, 1, counts, [(person.pk, "distance", None) for person in named])


def named_rows(need) -> list[tuple[int, int, str]]:
    return sorted(NearMiss.objects.filter(need=need).values_list("pk", "candidate_id", "requirement"))


def test_only_the_needs_whose_people_changed_are_rewritten_and_every_count_is(ref):  # noqa: F811
    first, second = (
        StaffingNeedFactory(open=True, employer=ref.employer, occupation=ref.occupation) for _ in range(2)
    )
    people = [make_candidate(commune=ref.communes["Lille"], occupations=[ref.occupation]) for _ in range(3)]
    need_sourcing_store_many([record(first, people[:2]), record(second, people[:1])])
    kept = named_rows(first)

    need_sourcing_store_many([record(first, people[1::-1], eligible=5), record(second, people[1:])])

    assert named_rows(first) == kept, "the same people, in another order: nothing rewritten"
    assert [row[1] for row in named_rows(second)] == sorted(person.pk for person in people[1:])
    assert NeedSourcing.objects.get(need=first).eligible_count == 5
    assert NeedSourcing.objects.get(need=second).near_misses == [{"requirement": "distance", "id": 0, "count": 2}]
