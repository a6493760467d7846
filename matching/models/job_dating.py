"""Job dating: after meeting in a session, employers and candidates rank each other, and pairs are proposed.

Each employer ranks, for each of its needs the session serves, the attendees it would hire; each candidate ranks the
needs they met. ``matching.services.job_dating`` checks what a single row cannot (a job-dating session, a need it
serves, an attendee, ranks 1 to n), runs deferred acceptance (``matching.engine.deferred_acceptance``) over both
lists and stores the pairs as proposals, which staff confirm into presentations or reject. ``JobDatingAudit`` keeps
what the last computation found: the blocking pairs of what the engine proposed, which must be none.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from matching.enums import JobDatingProposalStatus


def _ranked_by():
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ranked by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )


class JobDatingEmployerRanking(models.Model):
    """The employer's rank for one attendee, for one of its needs: 1 is the person it would hire first."""

    session = models.ForeignKey(
        "matching.CollectiveSession",
        verbose_name=_("session"),
        on_delete=models.CASCADE,
        related_name="employer_rankings",
    )
    need = models.ForeignKey(
        "employers.StaffingNeed", verbose_name=_("staffing need"), on_delete=models.CASCADE, related_name="+"
    )
    candidate = models.ForeignKey(
        "candidates.Candidate", verbose_name=_("candidate"), on_delete=models.CASCADE, related_name="+"
    )
    rank = models.PositiveSmallIntegerField(_("rank"))
    ranked_by = _ranked_by()
    ranked_at = models.DateTimeField(_("ranked at"), default=timezone.now)

    class Meta:
        verbose_name = _("employer's job-dating ranking")
        verbose_name_plural = _("employers' job-dating rankings")
        ordering = ["session", "need", "rank"]
        constraints = [
            models.CheckConstraint(
                condition=Q(rank__gte=1),
                name="job_dating_employer_rank_positive",
                violation_error_message=_("Ranks start at 1."),
            ),
            models.UniqueConstraint(
                fields=["session", "need", "candidate"],
                name="job_dating_employer_ranks_a_candidate_once",
                violation_error_message=_("This person is already ranked for this job."),
            ),
            models.UniqueConstraint(
                fields=["session", "need", "rank"],
                name="job_dating_employer_rank_unique",
                violation_error_message=_("Two people cannot share a rank for the same job."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.session_id}: {self.need_id} → #{self.rank} {self.candidate_id}"


class JobDatingCandidateRanking(models.Model):
    """The candidate's rank for one need met at the session; ``ranked_by`` none: the candidate, through a link."""

    session = models.ForeignKey(
        "matching.CollectiveSession",
        verbose_name=_("session"),
        on_delete=models.CASCADE,
        related_name="candidate_rankings",
    )
    candidate = models.ForeignKey(
        "candidates.Candidate", verbose_name=_("candidate"), on_delete=models.CASCADE, related_name="+"
    )
    need = models.ForeignKey(
        "employers.StaffingNeed", verbose_name=_("staffing need"), on_delete=models.CASCADE, related_name="+"
    )
    rank = models.PositiveSmallIntegerField(_("rank"))
    ranked_by = _ranked_by()
    ranked_at = models.DateTimeField(_("ranked at"), default=timezone.now)

    class Meta:
        verbose_name = _("candidate's job-dating ranking")
        verbose_name_plural = _("candidates' job-dating rankings")
        ordering = ["session", "candidate", "rank"]
        constraints = [
            models.CheckConstraint(
                condition=Q(rank__gte=1),
                name="job_dating_candidate_rank_positive",
                violation_error_message=_("Ranks start at 1."),
            ),
            models.UniqueConstraint(
                fields=["session", "candidate", "need"],
                name="job_dating_candidate_ranks_a_need_once",
                violation_error_message=_("This job is already ranked by this person."),
            ),
            models.UniqueConstraint(
                fields=["session", "candidate", "rank"],
                name="job_dating_candidate_rank_unique",
                violation_error_message=_("Two jobs cannot share a rank for the same person."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.session_id}: {self.candidate_id} → #{self.rank} {self.need_id}"


class JobDatingProposal(models.Model):
    """A pair the engine proposed; confirmed by staff into a presentation at the interview stage, or rejected."""

    session = models.ForeignKey(
        "matching.CollectiveSession", verbose_name=_("session"), on_delete=models.CASCADE, related_name="proposals"
    )
    need = models.ForeignKey(
        "employers.StaffingNeed", verbose_name=_("staffing need"), on_delete=models.CASCADE, related_name="+"
    )
    candidate = models.ForeignKey(
        "candidates.Candidate", verbose_name=_("candidate"), on_delete=models.CASCADE, related_name="+"
    )
    status = models.CharField(
        _("status"), max_length=12, choices=JobDatingProposalStatus.choices, default=JobDatingProposalStatus.PROPOSED
    )
    created_at = models.DateTimeField(_("proposed at"), default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("confirmed or rejected by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("confirmed or rejected at"), null=True, blank=True)
    presentation = models.ForeignKey(
        "matching.Presentation",
        verbose_name=_("presentation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("job-dating proposal")
        verbose_name_plural = _("job-dating proposals")
        ordering = ["session", "need", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "need", "candidate"],
                name="job_dating_proposal_unique_pair",
                violation_error_message=_("This pair is already proposed for this session."),
            ),
            # One live pair per person and session: the engine gives each candidate one need at most.
            models.UniqueConstraint(
                fields=["session", "candidate"],
                condition=~Q(status=JobDatingProposalStatus.REJECTED),
                name="job_dating_proposal_one_live_per_candidate",
                violation_error_message=_("This person already has a proposal from this session."),
            ),
            models.CheckConstraint(
                condition=Q(status=JobDatingProposalStatus.PROPOSED) | Q(decided_at__isnull=False),
                name="job_dating_proposal_decision_has_date",
                violation_error_message=_("A confirmed or rejected proposal records when."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.session_id}: {self.need_id} ↔ {self.candidate_id} ({self.get_status_display()})"


class JobDatingAudit(models.Model):
    """The last computation of a session's proposals: how many, and the blocking pairs of what the engine proposed.

    ``blocking_pairs`` lists ``[need_id, candidate_id]`` pairs; the engine's stable matching has none, so anything
    here means the engine or its input is wrong.
    """

    session = models.OneToOneField(
        "matching.CollectiveSession",
        verbose_name=_("session"),
        on_delete=models.CASCADE,
        related_name="job_dating_audit",
    )
    computed_at = models.DateTimeField(_("computed at"), default=timezone.now)
    computed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("computed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    proposals_count = models.PositiveIntegerField(_("pairs proposed"), default=0)
    blocking_pairs = models.JSONField(_("blocking pairs"), default=list, blank=True)

    class Meta:
        verbose_name = _("job-dating audit")
        verbose_name_plural = _("job-dating audits")

    def __str__(self) -> str:
        return f"{self.session_id}: {self.proposals_count} / {len(self.blocking_pairs)}"
