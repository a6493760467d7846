"""A full refresh's allocation over the best pairs each shard kept, against the same allocation over every pair.

The shards keep each need's best pairs (``MATCHING_ALLOCATION_LIST_MARGIN`` times its suggestions); the finish
allocates over them and scores again only the needs whose kept pairs cannot prove the optimum. Kept lists of two pairs
a need force that path here: the proposals must be those of an allocation that weighs every eligible pair.
"""

import datetime
from types import SimpleNamespace

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from candidates.models import Candidate
from employers.models import StaffingNeed
from matching.engine.allocation import NeedCandidates
from matching.engine.allocation_lists import lists_unpack
from matching.engine.config import SCORING
from matching.engine.scoring import score_need
from matching.enums import DeclineScope, PositiveActionGroup, PresentationStatus, RunStatus
from matching.models import MatchRun, MatchSuggestion, PositiveActionQuota, Presentation
from matching.selectors import need_spec_build, needs_for_matching
from matching.services import match_run_execute, match_run_finish, match_run_shard_execute, run_storing, runs
from matching.services.proposals import proposals_allocate
from matching.services.suggestions import suggestions_prepare, tie_secret
from matching.warm_columns import candidate_columns_current
from tests.candidates.factories import SensitiveSituationFactory
from tests.employers.factories import StaffingNeedFactory
from tests.matching.services.test_runs import make_candidate, new_run, ref  # noqa: F401  (``ref`` is a fixture)

pytestmark = pytest.mark.django_db


@pytest.fixture
def crowded(ref, settings, superuser):  # noqa: F811
    """Four needs in Lille and Arras wanting the same dozen people, one need with a quota; one proposal each."""
    settings.MATCHING_PROPOSALS_PER_OPENING = 1
    settings.MATCHING_MAX_PROPOSALS_PER_CANDIDATE = 1
    lille, arras = ref.communes["Lille"], ref.communes["Arras"]
    needs = [
        StaffingNeedFactory(open=True, employer=ref.employer, site__commune=commune, occupation=ref.occupation,
                            headcount=headcount)
        for commune, headcount in ((lille, 2), (lille, 1), (arras, 2), (arras, 1))
    ]  # fmt: skip
    people = [
        make_candidate(
            commune=lille if index % 2 else arras,
            occupations=[ref.occupation],
            experience_years=index % 7,
            max_distance_km=120,
        )
        for index in range(12)
    ]
    for candidate in people[::4]:
        SensitiveSituationFactory(candidate=candidate, has_disability_recognition=True)
    PositiveActionQuota.objects.create(
        need=needs[0],
        group=PositiveActionGroup.DISABILITY_RECOGNITION,
        share_percent=50,
        configured_by=superuser,
        reason="Accord d'entreprise sur l'emploi des travailleurs handicapés.",
    )
    return SimpleNamespace(needs=needs, people=people)


def proposals() -> set[tuple[int, int, int | None]]:
    chosen = MatchSuggestion.objects.filter(is_proposed=True)
    return set(chosen.values_list("need_id", "candidate_id", "proposed_wave"))


def one_opening_in_lille(ref) -> StaffingNeed:  # noqa: F811  (the fixture's value, passed on)
    return StaffingNeedFactory(
        open=True, employer=ref.employer, site__commune=ref.communes["Lille"], occupation=ref.occupation, headcount=1
    )


def people_in_lille(ref, experience_years: tuple[int, ...]) -> list[Candidate]:  # noqa: F811
    return [
        make_candidate(commune=ref.communes["Lille"], occupations=[ref.occupation], experience_years=years)
        for years in experience_years
    ]


def the_kept_list(run: MatchRun) -> NeedCandidates:
    """The kept list of the one need of a run of one shard."""
    (kept,) = lists_unpack(bytes(run.shards.get().allocation_lists))[0].values()
    return kept


def shards_done() -> MatchRun:
    run = new_run()
    match_run_execute(run_id=run.pk, dispatch_shards=False)
    for index in run.shards.order_by("index").values_list("index", flat=True):
        match_run_shard_execute(run_id=run.pk, index=index, dispatch_finish=False)
    return run


def test_kept_lists_too_short_to_prove_the_optimum_end_at_the_allocation_over_every_pair(crowded, settings):
    settings.MATCHING_SUGGESTIONS_PER_NEED = 1
    settings.MATCHING_SUGGESTIONS_MARGIN = 0.5
    settings.MATCHING_ALLOCATION_LIST_MARGIN = 2
    run = shards_done()
    kept = {}
    for packed in run.shards.values_list("allocation_lists", flat=True):
        kept |= lists_unpack(bytes(packed))[0]
    assert sorted(kept) == sorted(need.pk for need in crowded.needs)
    assert all(len(entry.candidate_ids) == 2 and entry.left_out_score is not None for entry in kept.values())

    match_run_finish(run_id=run.pk)

    run.refresh_from_db()
    assert run.status == RunStatus.SUCCEEDED
    assert not run.shards.exclude(allocation_lists=None).exists(), "the kept pairs are cleared once allocated"
    from_short_lists = proposals()
    assert len(from_short_lists) == 6  # 2 + 1 + 2 + 1 openings, twelve people
    # The same allocation over every eligible pair of every need (scored again here) chooses the same proposals.
    MatchSuggestion.objects.filter(is_proposed=True).update(is_proposed=False, proposed_wave=None)
    proposals_allocate(need_ids=None, columns=candidate_columns_current())
    assert proposals() == from_short_lists


def test_a_proposal_made_after_a_shard_kept_its_list_is_kept_when_nothing_better_needs_it(ref, settings):  # noqa: F811
    settings.MATCHING_PROPOSALS_PER_OPENING = 1
    settings.MATCHING_SUGGESTIONS_PER_NEED = 1
    settings.MATCHING_SUGGESTIONS_MARGIN = 0.5
    settings.MATCHING_ALLOCATION_LIST_MARGIN = 2  # the shard keeps two of the three
    need = one_opening_in_lille(ref)
    triplets = people_in_lille(ref, (3, 3, 3))
    run = shards_done()
    kept = the_kept_list(run)
    assert kept.left_out_score == kept.scores[0] == kept.scores[1], "the three score the same; tie keys order them"
    other = next(person for person in triplets if person.pk not in kept.candidate_ids.tolist())
    # The third is proposed meanwhile (a one-need run's allocation, say), beyond the pairs the shard kept.
    row = MatchSuggestion.objects.get(need=need)
    MatchSuggestion.objects.create(
        need=need, candidate=other, rank=2, score=row.score, parts=row.parts, distance_km=row.distance_km,
        is_proposed=True, scoring_version=row.scoring_version, computed_at=row.computed_at,
    )  # fmt: skip

    match_run_finish(run_id=run.pk)

    # Equal totals: the proposal to keep wins over the better tie key, which only a full list of the need can see.
    assert proposals() == {(need.pk, other.pk, None)}


def test_someone_declined_after_the_shard_kept_its_list_is_not_proposed_by_the_finish(ref, settings):  # noqa: F811
    settings.MATCHING_PROPOSALS_PER_OPENING = 1
    need = one_opening_in_lille(ref)
    people = people_in_lille(ref, (6, 1))
    run = shards_done()
    kept = the_kept_list(run)
    best = int(kept.candidate_ids[0])
    assert best == people[0].pk
    Presentation.objects.create(
        need=need,
        candidate=people[0],
        status=PresentationStatus.DECLINED_BY_EMPLOYER,
        reason="Compétences.",
        decline_scope=DeclineScope.NEED,
    )

    match_run_finish(run_id=run.pk)

    # The need changed since its list was kept: the finish scores it as it is now.
    assert proposals() == {(need.pk, people[1].pk, None)}


def test_someone_chosen_from_a_kept_list_who_is_no_longer_eligible_is_not_stored(ref, settings, monkeypatch):  # noqa: F811
    monkeypatch.setattr(runs, "COLUMNS_REUSE_SECONDS", 0.0)  # the finish reads the candidates as they are now
    settings.MATCHING_PROPOSALS_PER_OPENING = 2
    settings.MATCHING_SUGGESTIONS_PER_NEED = 1
    settings.MATCHING_SUGGESTIONS_MARGIN = 0.5
    need = one_opening_in_lille(ref)
    people = people_in_lille(ref, (6, 1))
    run = shards_done()
    assert MatchSuggestion.objects.filter(need=need).count() == 1, "one stored; the second is in the kept list only"
    # The second stops being available for the need's start: the kept list still holds them, the need's scoring at
    # the finish does not.
    Candidate.objects.filter(pk=people[1].pk).update(available_from=datetime.date(2100, 1, 1))

    match_run_finish(run_id=run.pk)

    run.refresh_from_db()
    assert run.status == RunStatus.SUCCEEDED
    assert proposals() == {(need.pk, people[0].pk, None)}


def test_a_proposal_made_while_a_shard_scored_is_stored_with_its_row(ref, settings):  # noqa: F811
    """Someone proposed after the shard prepared its rows, ranked beyond them: their row is added before the store
    (the shard reads the proposals again once its needs are locked), with their rank in the need's full order."""
    settings.MATCHING_SUGGESTIONS_PER_NEED = 1
    settings.MATCHING_SUGGESTIONS_MARGIN = 0.5
    need = one_opening_in_lille(ref)
    people = people_in_lille(ref, (6, 3, 1))
    columns = candidate_columns_current()
    spec = need_spec_build(needs_for_matching([need.pk]).get())
    scores = score_need(columns, spec, SCORING, tie_secret=tie_secret())
    run = new_run(need=need)
    now = timezone.now()
    rows = {
        need.pk: suggestions_prepare(spec=spec, scores=scores, proposed={}, run=run, computed_at=now, config=SCORING)
    }
    assert [row["candidate_id"] for row in rows[need.pk]] == [people[0].pk]

    run_storing._rows_add_proposed_since(
        rows, {need.pk: {people[2].pk: None}}, {need.pk: spec}, columns, run=run, computed_at=now, secret=tie_secret()
    )

    assert [(row["candidate_id"], row["rank"]) for row in rows[need.pk]] == [(people[0].pk, 1), (people[2].pk, 3)]


def decisions() -> dict[tuple[int, int], tuple[bool, int | None, list[dict[str, object]]]]:
    return {
        (need_id, candidate_id): (proposed, wave_id, reasons)
        for need_id, candidate_id, proposed, wave_id, reasons in MatchSuggestion.objects.values_list(
            "need_id", "candidate_id", "is_proposed", "proposed_wave_id", "reasons"
        )
    }


def refreshed() -> MatchRun:
    run = shards_done()
    match_run_finish(run_id=run.pk)
    return run


def test_a_refresh_keeps_the_last_decisions_until_its_allocation_decides_and_rewrites_only_what_changed(crowded):
    refreshed()
    refreshed()  # the proposals of the first are now kept ones: their reasons say so
    decided = decisions()
    assert all(reasons for _, _, reasons in decided.values()), "every suggestion says why it is proposed or not"

    run = shards_done()
    # The shards wrote every suggestion again: each person still listed carries the last allocation's decision.
    assert MatchSuggestion.objects.filter(run=run).count() == len(decided)
    assert decisions() == decided
    with CaptureQueriesContext(connection) as queries:
        match_run_finish(run_id=run.pk)
    assert decisions() == decided
    updates = [
        query["sql"] for query in queries if query["sql"].startswith("UPDATE") and "matchsuggestion" in query["sql"]
    ]
    assert updates == [], "nothing changed: no suggestion is written again"

    # One opening fewer: the allocation decides again, and writes what changed.
    StaffingNeed.objects.filter(pk=crowded.needs[0].pk).update(headcount=1)
    refreshed()
    after = decisions()
    assert sum(proposed for proposed, _, _ in after.values()) == 5
    assert any(after[pair] != decided[pair] for pair in after if pair[0] == crowded.needs[0].pk)
