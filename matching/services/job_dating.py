"""Job dating: both sides rank each other after the session, deferred acceptance proposes pairs, staff confirm.

A ranking is saved whole, replacing the previous list in one transaction: ranks 1 to n, no gap, no repeat, only the
session's attendees and the needs it serves. ``job_dating_proposals_compute`` feeds both lists to
``matching.engine.deferred_acceptance`` (the candidate-optimal stable matching), keeps the confirmed pairs, replaces
the unconfirmed ones and records the blocking-pair audit of what it proposed. A confirmed pair becomes a
presentation at "interview requested" through the workflow's own services: the employer met the person and wants
an interview, whose date is set afterwards as for any other presentation.
"""

from collections.abc import Mapping

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.access import employer_id_for, is_staff_of_platform
from accounts.models import User
from candidates.models import Candidate
from employers.enums import NeedStatus
from employers.models import StaffingNeed
from matching.engine.deferred_acceptance import blocking_pairs, deferred_acceptance
from matching.enums import CandidateAnswer, DeclineScope, JobDatingProposalStatus, PresentationStatus, SessionKind
from matching.models import (
    CollectiveSession,
    JobDatingAudit,
    JobDatingCandidateRanking,
    JobDatingEmployerRanking,
    JobDatingProposal,
    Presentation,
    SessionSeat,
)
from matching.services.presentations import (
    field_error,
    presentation_answer_record,
    presentation_present,
    presentation_shortlist,
    presentation_transition,
)

Proposal = JobDatingProposalStatus


def _check_job_dating(session: CollectiveSession) -> None:
    if session.kind != SessionKind.JOB_DATING:
        raise ValidationError(_("Only a job-dating session has rankings and proposals."), code="not_job_dating")
    if session.cancelled_at is not None:
        raise ValidationError(_("This session was cancelled."), code="session_cancelled")


def _is_session_staff(user: User, session: CollectiveSession) -> bool:
    """Staff of the session's platform, or a superuser (who reaches every platform)."""
    return user.is_superuser or is_staff_of_platform(user, session.platform_id)


def job_dating_attendee_ids(session: CollectiveSession) -> set[int]:
    """The candidates recorded as present at the session: only they can be ranked or proposed."""
    return set(SessionSeat.objects.filter(session=session, attended=True).values_list("candidate_id", flat=True))


def job_dating_need_ids(session: CollectiveSession) -> set[int]:
    return set(session.needs.values_list("pk", flat=True))


def _check_ranks(ranks: Mapping[int, int], *, field: str) -> None:
    """Ranks 1 to n, each once: what a person would write when ordering n choices."""
    values = sorted(ranks.values())
    if values != list(range(1, len(values) + 1)):
        message = _("Give ranks 1 to %(count)s, each once, with no gap.") % {"count": len(values)}
        raise field_error(field, message, code="ranks")


@transaction.atomic
def job_dating_employer_ranking_save(
    *, session: CollectiveSession, need: StaffingNeed, ranks: Mapping[int, int], by: User
) -> list[JobDatingEmployerRanking]:
    """Replace the employer's ranking of the attendees for ``need``: ``ranks`` maps candidate ids to ranks.

    A member of the need's employer, or staff of the session's platform, ranks; people left out are not ranked
    (they will not be proposed for this need). An empty ``ranks`` clears the ranking.
    """
    _check_job_dating(session)
    if employer_id_for(by) != need.employer_id and not _is_session_staff(by, session):
        raise ValidationError(_("Only the job's employer or the session's platform ranks for it."), code="not_yours")
    if need.pk not in job_dating_need_ids(session):
        raise field_error("need", _("This session does not serve this job."), code="need_not_served")
    strangers = set(ranks) - job_dating_attendee_ids(session)
    if strangers:
        raise field_error("candidate", _("Only people who attended the session can be ranked."), code="not_attendee")
    _check_ranks(ranks, field="rank")
    JobDatingEmployerRanking.objects.filter(session=session, need=need).delete()
    now = timezone.now()
    return JobDatingEmployerRanking.objects.bulk_create(
        JobDatingEmployerRanking(
            session=session, need=need, candidate_id=candidate_id, rank=rank, ranked_by=by, ranked_at=now
        )
        for candidate_id, rank in sorted(ranks.items(), key=lambda item: item[1])
    )


@transaction.atomic
def job_dating_candidate_ranking_save(
    *, session: CollectiveSession, candidate: Candidate, ranks: Mapping[int, int], by: User | None
) -> list[JobDatingCandidateRanking]:
    """Replace the candidate's ranking of the session's needs: ``ranks`` maps need ids to ranks.

    Entered by staff of the session's platform (the advisor, for the candidate), or by the candidate through their
    secure link (``by`` none: the link's view has checked the token).
    """
    _check_job_dating(session)
    if by is not None and not _is_session_staff(by, session):
        raise ValidationError(_("Only the session's platform enters a candidate's ranking."), code="not_yours")
    if candidate.pk not in job_dating_attendee_ids(session):
        message = _("Only people who attended the session can rank its jobs.")
        raise field_error("candidate", message, code="not_attendee")
    if set(ranks) - job_dating_need_ids(session):
        raise field_error("need", _("This session does not serve this job."), code="need_not_served")
    _check_ranks(ranks, field="rank")
    JobDatingCandidateRanking.objects.filter(session=session, candidate=candidate).delete()
    now = timezone.now()
    return JobDatingCandidateRanking.objects.bulk_create(
        JobDatingCandidateRanking(
            session=session, candidate=candidate, need_id=need_id, rank=rank, ranked_by=by, ranked_at=now
        )
        for need_id, rank in sorted(ranks.items(), key=lambda item: item[1])
    )


def _preferences(
    session: CollectiveSession,
) -> tuple[dict[int, list[int]], dict[int, list[int]]]:
    """Both sides' lists, most preferred first, restricted to attendees and served needs as they stand now."""
    attendees, needs = job_dating_attendee_ids(session), job_dating_need_ids(session)
    candidate_preferences: dict[int, list[int]] = {}
    for candidate_id, need_id in JobDatingCandidateRanking.objects.filter(
        session=session, candidate_id__in=attendees, need_id__in=needs
    ).values_list("candidate_id", "need_id"):
        candidate_preferences.setdefault(candidate_id, []).append(need_id)
    need_preferences: dict[int, list[int]] = {need_id: [] for need_id in needs}
    for need_id, candidate_id in JobDatingEmployerRanking.objects.filter(
        session=session, candidate_id__in=attendees, need_id__in=needs
    ).values_list("need_id", "candidate_id"):
        need_preferences[need_id].append(candidate_id)
    return candidate_preferences, need_preferences


def job_dating_openings(session: CollectiveSession) -> dict[int, int]:
    """Each served need's openings left: headcount minus hires (only a hire holds a seat), none for a need that
    is not open, since only an open need receives candidates."""
    return {
        need.pk: max(need.openings_left, 0) if need.status == NeedStatus.OPEN else 0 for need in session.needs.all()
    }


def _pairs_with_a_presentation(session: CollectiveSession) -> set[tuple[int, int]]:
    """(need, candidate) pairs already in the workflow: the one presentation per need and person is taken."""
    return set(
        Presentation.objects.filter(need__in=session.needs.all(), candidate_id__in=job_dating_attendee_ids(session))
        .exclude(decline_scope=DeclineScope.WAVE)
        .values_list("need_id", "candidate_id")
    )


@transaction.atomic
def job_dating_proposals_compute(*, session: CollectiveSession, by: User | None) -> JobDatingAudit:
    """Propose the candidate-optimal stable pairs and record the audit; unconfirmed proposals are replaced.

    Confirmed pairs stay: their candidates are left out and their seats taken from the need's openings. A pair
    already in the workflow is not acceptable. Rejected pairs are not proposed again.
    """
    locked = CollectiveSession.objects.select_for_update().get(pk=session.pk)
    _check_job_dating(locked)
    JobDatingProposal.objects.filter(session=locked, status=Proposal.PROPOSED).delete()
    decided = list(JobDatingProposal.objects.filter(session=locked).values_list("need_id", "candidate_id", "status"))
    confirmed_candidates = {candidate for _need, candidate, status in decided if status == Proposal.CONFIRMED}
    unacceptable = _pairs_with_a_presentation(locked) | {(need, candidate) for need, candidate, _status in decided}

    candidate_preferences, need_preferences = _preferences(locked)
    candidate_preferences = {
        candidate: [need for need in needs if (need, candidate) not in unacceptable]
        for candidate, needs in candidate_preferences.items()
        if candidate not in confirmed_candidates
    }
    capacities = job_dating_openings(locked)
    for need, _candidate, status in decided:
        if status == Proposal.CONFIRMED and need in capacities:
            capacities[need] = max(capacities[need] - 1, 0)

    matching = deferred_acceptance(
        candidate_preferences=candidate_preferences, need_preferences=need_preferences, capacities=capacities
    )
    now = timezone.now()
    created = JobDatingProposal.objects.bulk_create(
        JobDatingProposal(session=locked, need_id=need, candidate_id=candidate, created_at=now)
        for need, candidates in sorted(matching.items())
        for candidate in candidates
    )
    found = blocking_pairs(matching, candidate_preferences, need_preferences, capacities)
    audit, _created = JobDatingAudit.objects.update_or_create(
        session=locked,
        defaults={
            "computed_at": now,
            "computed_by": by,
            "proposals_count": len(created),
            "blocking_pairs": [list(pair) for pair in found],
        },
    )
    return audit


def job_dating_confirmed_audit(session: CollectiveSession) -> list[tuple[int, int]]:
    """The blocking pairs of the confirmed pairs against both sides' current rankings (staff may have rejected
    or confirmed against the engine's advice; the list says which pairs would rather be together)."""
    candidate_preferences, need_preferences = _preferences(session)
    confirmed: dict[int, list[int]] = {}
    for need, candidate in JobDatingProposal.objects.filter(session=session, status=Proposal.CONFIRMED).values_list(
        "need_id", "candidate_id"
    ):
        confirmed.setdefault(need, []).append(candidate)
    openings = job_dating_openings(session)
    # A hire since the confirmation lowers the openings: a need holds at least what it has confirmed.
    capacities = {need: max(seats, len(confirmed.get(need, ()))) for need, seats in openings.items()}
    matching = {need: tuple(candidates) for need, candidates in confirmed.items() if need in capacities}
    return blocking_pairs(matching, candidate_preferences, need_preferences, capacities)


def _lock_undecided(proposal: JobDatingProposal) -> JobDatingProposal:
    locked = (
        JobDatingProposal.objects.select_for_update()
        .select_related("session", "need", "candidate")
        .get(pk=proposal.pk)
    )
    if locked.status == Proposal.CONFIRMED:
        raise ValidationError(_("This proposal is already confirmed."), code="already_confirmed")
    if locked.status == Proposal.REJECTED:
        raise ValidationError(_("This proposal was rejected."), code="already_rejected")
    return locked


@transaction.atomic
def job_dating_proposal_confirm(*, proposal: JobDatingProposal, by: User) -> JobDatingProposal:
    """Confirm a pair: its presentation is created and moved to "interview requested" by the workflow's services.

    The person ranked the job, so they count as interested; the presentation is presented (their consent is
    checked there) and the employer's wish to meet them again recorded. Refused when the person already has a
    presentation for this need, whatever its step: the workflow holds one per need and person.
    """
    locked = _lock_undecided(proposal)
    if not _is_session_staff(by, locked.session):
        raise ValidationError(_("Only the session's platform confirms its proposals."), code="not_yours")
    existing = (
        Presentation.objects.filter(need=locked.need, candidate=locked.candidate)
        .exclude(decline_scope=DeclineScope.WAVE)
        .first()
    )
    if existing is not None:
        raise ValidationError(
            _("This person already has a presentation for this job (%(status)s): follow it there instead.")
            % {"status": PresentationStatus(existing.status).label},
            code="presentation_exists",
        )
    presentation = presentation_shortlist(need=locked.need, candidate=locked.candidate, by=by)
    presentation = presentation_answer_record(presentation=presentation, answer=CandidateAnswer.INTERESTED, by=by)
    presentation_present(presentations=[presentation], by=by)
    presentation = presentation_transition(
        presentation=presentation,
        to_status=PresentationStatus.INTERVIEW_REQUESTED,
        by=by,
        reason=_("Met at the job dating “%(title)s”") % {"title": locked.session.title},
    )
    locked.status, locked.presentation = Proposal.CONFIRMED, presentation
    locked.decided_by, locked.decided_at = by, timezone.now()
    locked.save(update_fields=["status", "presentation", "decided_by", "decided_at"])
    return locked


@transaction.atomic
def job_dating_proposal_reject(*, proposal: JobDatingProposal, by: User) -> JobDatingProposal:
    """Set a proposed pair aside; the next computation will not propose it again."""
    locked = _lock_undecided(proposal)
    if not _is_session_staff(by, locked.session):
        raise ValidationError(_("Only the session's platform rejects its proposals."), code="not_yours")
    locked.status, locked.decided_by, locked.decided_at = Proposal.REJECTED, by, timezone.now()
    locked.save(update_fields=["status", "decided_by", "decided_at"])
    return locked
