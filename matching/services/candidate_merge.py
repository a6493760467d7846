"""Merging two profiles of one person: the matching rows first, then the profile (``candidates.duplicates``).

``candidate_merge`` moves everything the removed profile holds onto the kept one, in one transaction, then deletes
the removed profile:

- suggestions: the one with the better score when both have one for a need (a need holds one suggestion per
  candidate);
- presentations: when both have one for a need, the most advanced stays and the other one's history (its
  transitions) moves onto it, with one more step that records the merge; other presentations, and those ended "not
  for this wave" (history, kept beside a later one), move as they are;
- outcomes and finished matching runs move; a queued run of the removed profile goes with it (the kept profile's
  run is queued again);
- the profile itself (skills, languages, occupations, certifications, sensitive situation, identity):
  ``candidates.duplicates.candidate_profile_merge``.
"""

from django.core.exceptions import ValidationError
from django.db import transaction

from accounts.models import User
from candidates.duplicates import candidate_profile_merge, candidates_lock_for_merge
from candidates.models import Candidate
from matching.enums import DeclineScope, PresentationStatus, RunStatus
from matching.models import MatchRun, MatchSuggestion, Outcome, Presentation, PresentationTransition
from matching.services.candidate_changes import candidate_matching_changed

# How far a presentation went: when both profiles were put forward for one need, the furthest one stays.
PRESENTATION_PROGRESS = {
    PresentationStatus.SHORTLISTED: 1,
    PresentationStatus.WITHDRAWN: 1,
    PresentationStatus.DECLINED_BY_CANDIDATE: 1,
    PresentationStatus.PRESENTED: 2,
    PresentationStatus.DECLINED_BY_EMPLOYER: 2,
    PresentationStatus.EXPIRED: 2,
    PresentationStatus.INTERVIEW_REQUESTED: 3,
    PresentationStatus.INTERVIEW_SCHEDULED: 4,
    PresentationStatus.NOT_HIRED: 5,
    PresentationStatus.HIRED: 6,
    PresentationStatus.HIRE_ENDED: 6,
}


@transaction.atomic
def candidate_merge(*, keep: Candidate, remove: Candidate, by: User | None) -> Candidate:
    """Move everything ``remove`` holds onto ``keep`` (see the module docstring), delete ``remove``, return ``keep``.

    Both profiles must belong to one platform, which ``by`` (when given) must staff. Nothing is written if
    anything fails. The kept profile's matching is computed again after commit.
    """
    keep, remove = candidates_lock_for_merge(keep=keep, remove=remove, by=by)
    _merge_suggestions(keep, remove)
    _merge_presentations(keep, remove, by)
    Outcome.objects.filter(candidate=remove).update(candidate=keep)
    MatchRun.objects.filter(candidate=remove).exclude(status=RunStatus.QUEUED).update(candidate=keep)
    keep = candidate_profile_merge(keep=keep, remove=remove)
    candidate_matching_changed(candidate=keep, by=by)
    return keep


def _merge_suggestions(keep: Candidate, remove: Candidate) -> None:
    kept = {suggestion.need_id: suggestion for suggestion in MatchSuggestion.objects.filter(candidate=keep)}
    for suggestion in MatchSuggestion.objects.filter(candidate=remove):
        mine = kept.get(suggestion.need_id)
        if mine is not None and mine.score >= suggestion.score:
            suggestion.delete()
            continue
        if mine is not None:
            # One suggestion per need and candidate: the worse one goes before the better one moves.
            mine.delete()
        suggestion.candidate = keep
        suggestion.save(update_fields=["candidate"])


def _merge_presentations(keep: Candidate, remove: Candidate, by: User | None) -> None:
    # Ends "not for this wave" are history, any number per need: they move as they are. The other presentation of
    # each profile for a need, at most one (a partial unique constraint), is paired with the other profile's.
    kept = {p.need_id: p for p in Presentation.objects.filter(candidate=keep).exclude(decline_scope=DeclineScope.WAVE)}
    history = Presentation.objects.filter(candidate=remove, decline_scope=DeclineScope.WAVE)
    history.update(candidate=keep)
    theirs = list(Presentation.objects.filter(candidate=remove))
    survivors = dict(kept)
    for presentation in theirs:
        mine = kept.get(presentation.need_id)
        if mine is None or PRESENTATION_PROGRESS[presentation.status] > PRESENTATION_PROGRESS[mine.status]:
            survivors[presentation.need_id] = presentation
    placements = [
        presentation
        for presentation in survivors.values()
        if presentation.status == PresentationStatus.HIRED and presentation.placement_ended_on is None
    ]
    if len(placements) > 1:
        raise ValidationError(
            "Les deux dossiers ont chacun un placement en cours : ce ne sont sans doute pas la même personne. "
            "Clôturez l'un des placements avant de fusionner."
        )
    for presentation in theirs:
        mine = kept.get(presentation.need_id)
        if mine is None:
            presentation.candidate = keep
            presentation.save(update_fields=["candidate"])
            continue
        survivor = survivors[presentation.need_id]
        dropped = mine if survivor is presentation else presentation
        # The dropped presentation's history is kept: its steps move onto the one that stays.
        PresentationTransition.objects.filter(presentation=dropped).update(presentation=survivor)
        dropped.delete()
        if survivor is presentation:
            presentation.candidate = keep
            presentation.save(update_fields=["candidate"])
        PresentationTransition.objects.create(
            presentation=survivor,
            from_status=survivor.status,
            to_status=survivor.status,
            by=by,
            reason=(
                f"Fusion des dossiers #{keep.pk} et #{remove.pk} : la présentation "
                f"« {dropped.get_status_display()} » #{dropped.pk} a été fondue dans celle-ci."
            )[:255],
        )
