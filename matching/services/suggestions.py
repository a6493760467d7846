"""Storing the engine's results: a need's suggestions are replaced in one transaction."""

from django.db import transaction
from django.utils import timezone

from employers.models import StaffingNeed
from matching.engine.config import PART_NAMES, ScoringConfig
from matching.engine.scoring import NeedScores
from matching.models import MatchRun, MatchSuggestion
from referentials.models import Skill


@transaction.atomic
def suggestions_replace(*, need: StaffingNeed, scores: NeedScores, run: MatchRun | None, config: ScoringConfig) -> int:
    """Replace every suggestion of ``need`` by ``scores``; readers see the old set or the new one, never half.

    Proposal flags are cleared: the allocation that follows decides them again. The need's row is locked first, so
    that two runs storing the same need at once (a task delivered twice, a need's and a candidate's run) replace
    one after the other: interleaved, the second would delete nothing and insert rows the first just stored.
    """
    StaffingNeed.objects.select_for_update(no_key=True).filter(pk=need.pk).values_list("pk").first()
    skill_labels = dict(
        Skill.objects.filter(pk__in={s for row in scores.skills_to_train for s in row}).values_list("pk", "label")
    )
    now = timezone.now()
    MatchSuggestion.objects.filter(need=need).delete()
    MatchSuggestion.objects.bulk_create(
        [
            MatchSuggestion(
                need=need,
                candidate_id=int(scores.candidate_ids[row]),
                run=run,
                rank=row + 1,
                score=int(scores.scores[row]),
                parts={name: int(scores.parts[row, column]) for column, name in enumerate(PART_NAMES)},
                distance_km=round(float(scores.distance_km[row]), 1),
                is_related_occupation=bool(scores.is_related_occupation[row]),
                skills_to_train=[
                    {"id": skill, "label": skill_labels.get(skill, str(skill))}
                    for skill in scores.skills_to_train[row]
                ],
                needs_training=bool(scores.skills_to_train[row]),
                scoring_version=config.version,
                computed_at=now,
            )
            for row in range(len(scores))
        ]
    )
    return len(scores)
