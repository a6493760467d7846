"""The presentation workflow: from a shortlisted suggestion to a hire, and outcomes recorded without an employer.

A presentation's status changes only through ``matching.services.presentations``,
which checks the transition, records who made it and when in
``PresentationTransition``, and keeps the reason where one applies.
"""

import datetime

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from employers.enums import ContractType
from matching.enums import (
    CandidateAnswer,
    DeclineScope,
    FollowUpResult,
    HireEndReason,
    OutcomeKind,
    PresentationStatus,
)
from referentials.text import SingleLineCharField

SOLUTION_MIN_CDD_MONTHS = 6
FOLLOW_UP_AFTER = datetime.timedelta(days=183)


class Presentation(models.Model):
    need = models.ForeignKey(
        "employers.StaffingNeed",
        verbose_name=_("staffing need"),
        on_delete=models.CASCADE,
        related_name="presentations",
    )
    candidate = models.ForeignKey(
        "candidates.Candidate", verbose_name=_("candidate"), on_delete=models.CASCADE, related_name="presentations"
    )
    # The wave the person is put forward for; empty for a need without waves (its one implicit wave).
    wave = models.ForeignKey(
        "employers.RecruitingWave",
        verbose_name=_("wave"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="presentations",
    )
    decline_scope = models.CharField(
        _("ruled out for"),
        max_length=8,
        choices=DeclineScope.choices,
        blank=True,
        help_text=_("Set when the presentation ends: the whole job, or only this wave."),
    )
    status = models.CharField(
        _("status"), max_length=24, choices=PresentationStatus.choices, default=PresentationStatus.SHORTLISTED
    )
    candidate_answer = models.CharField(
        _("candidate's answer"), max_length=16, choices=CandidateAnswer.choices, default=CandidateAnswer.NOT_CONTACTED
    )
    candidate_answer_reason = models.CharField(_("reason given by the candidate"), max_length=255, blank=True)
    reason = models.CharField(_("reason"), max_length=255, blank=True)
    reason_code = models.CharField(
        _("reason given by the employer"),
        max_length=32,
        blank=True,
        help_text=_("One of the structured reasons of a decline or of a no-hire."),
    )
    interview_accepted_at = models.DateTimeField(_("interview accepted by the candidate at"), null=True, blank=True)
    interview_at = models.DateTimeField(_("interview"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("shortlisted by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("shortlisted at"), default=timezone.now)
    presented_at = models.DateTimeField(_("presented at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    # Deadlines of an unanswered presentation (``matching.services.deadlines``): each step is taken once.
    employer_reminded_at = models.DateTimeField(_("employer reminded at"), null=True, blank=True)
    advisor_alerted_at = models.DateTimeField(_("advisor alerted at"), null=True, blank=True)

    contract_type = models.CharField(_("contract type"), max_length=20, choices=ContractType.choices, blank=True)
    contract_duration_months = models.PositiveSmallIntegerField(
        _("contract length (months)"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(60)]
    )
    hire_starts_on = models.DateField(_("hire start date"), null=True, blank=True)
    follow_up_due_on = models.DateField(_("six-month check due on"), null=True, blank=True, db_index=True)
    follow_up_reminded_at = models.DateTimeField(_("six-month check reminded at"), null=True, blank=True)
    followed_up_at = models.DateTimeField(_("six-month check done at"), null=True, blank=True)
    still_in_work = models.BooleanField(_("still in work at six months"), null=True, blank=True)
    follow_up_result = models.CharField(
        _("six-month check result"), max_length=16, choices=FollowUpResult.choices, blank=True
    )
    follow_up_checked_on = models.DateField(_("six-month check date"), null=True, blank=True)
    follow_up_note = models.CharField(_("six-month check note"), max_length=500, blank=True)
    placement_ended_on = models.DateField(_("placement ended on"), null=True, blank=True)
    placement_end_reason = models.CharField(
        _("why the hire ended"), max_length=24, choices=HireEndReason.choices, blank=True
    )
    placement_end_note = models.CharField(_("comment on the end of the hire"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("presentation")
        verbose_name_plural = _("presentations")
        ordering = ["-created_at"]
        constraints = [
            # Ends "not for this wave" are kept as history; any other presentation is the person's one for the need.
            models.UniqueConstraint(
                fields=["need", "candidate"],
                condition=~Q(decline_scope=DeclineScope.WAVE),
                name="presentation_unique_per_need_and_candidate",
                violation_error_message=_("This candidate is already in this need's workflow."),
            ),
            models.CheckConstraint(
                condition=~Q(decline_scope=DeclineScope.WAVE)
                | Q(wave__isnull=False, status__in=PresentationStatus.needing_reason()),
                name="presentation_wave_decline_names_its_wave",
                violation_error_message=_("Only an ended presentation for a wave can be ruled out for that wave."),
            ),
            models.UniqueConstraint(
                fields=["candidate"],
                condition=Q(status=PresentationStatus.HIRED, placement_ended_on__isnull=True),
                name="presentation_one_active_placement_per_candidate",
                violation_error_message=_("This candidate already holds an active placement."),
            ),
            models.CheckConstraint(
                condition=~Q(status__in=[PresentationStatus.HIRED, PresentationStatus.HIRE_ENDED])
                | Q(hire_starts_on__isnull=False, follow_up_due_on__isnull=False) & ~Q(contract_type=""),
                name="presentation_hire_records_its_contract",
                violation_error_message=_("A hire records its contract type and start date."),
            ),
            models.CheckConstraint(
                condition=~Q(status=PresentationStatus.HIRED, contract_type=ContractType.CDD)
                | Q(contract_duration_months__isnull=False),
                name="presentation_cdd_hire_has_length",
                violation_error_message=_("A CDD hire records its length in months."),
            ),
            models.CheckConstraint(
                condition=~Q(status__in=PresentationStatus.needing_reason()) | ~Q(reason=""),
                name="presentation_end_has_reason",
                violation_error_message=_("Give the reason."),
            ),
            # An ended hire keeps its contract and says when and why it ended; only an ended hire has an end date.
            models.CheckConstraint(
                condition=Q(status=PresentationStatus.HIRE_ENDED, placement_ended_on__isnull=False)
                & ~Q(placement_end_reason="")
                | ~Q(status=PresentationStatus.HIRE_ENDED)
                & Q(placement_ended_on__isnull=True, placement_end_reason=""),
                name="presentation_hire_end_dated_with_reason",
                violation_error_message=_("An ended hire records its end date and reason."),
            ),
            models.CheckConstraint(
                condition=Q(follow_up_result="") | Q(followed_up_at__isnull=False, follow_up_checked_on__isnull=False),
                name="presentation_follow_up_dated",
                violation_error_message=_("A six-month check records its date."),
            ),
        ]
        indexes = [models.Index(fields=["need", "status"], name="presentation_need_status_idx")]

    def __str__(self) -> str:
        return f"{self.need} ← #{self.candidate_id} ({self.get_status_display()})"

    @property
    def is_active(self) -> bool:
        return self.status in PresentationStatus.active()

    @property
    def is_solution(self) -> bool:
        """A CDI, or a CDD of six months or more, counts as a solution, even if the hire ended since."""
        if self.status not in PresentationStatus.hired_ever():
            return False
        return self.contract_type == ContractType.CDI or (
            self.contract_type == ContractType.CDD and (self.contract_duration_months or 0) >= SOLUTION_MIN_CDD_MONTHS
        )


class InterviewSlot(models.Model):
    """A date and time the employer proposes for an interview, with its request or once the candidate accepted it."""

    presentation = models.ForeignKey(
        Presentation, verbose_name=_("presentation"), on_delete=models.CASCADE, related_name="interview_slots"
    )
    starts_at = models.DateTimeField(_("starts at"))
    place = SingleLineCharField(_("place or means"), max_length=200)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("proposed by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    proposed_at = models.DateTimeField(_("proposed at"), default=timezone.now)
    is_chosen = models.BooleanField(_("chosen"), default=False)

    class Meta:
        verbose_name = _("interview slot")
        verbose_name_plural = _("interview slots")
        ordering = ["presentation", "starts_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["presentation", "starts_at"],
                name="interview_slot_unique_time",
                violation_error_message=_("This slot is already proposed."),
            ),
            models.UniqueConstraint(
                fields=["presentation"], condition=Q(is_chosen=True), name="interview_slot_one_chosen"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.starts_at:%d/%m/%Y %H:%M} — {self.place}"


class PresentationTransition(models.Model):
    """The history of a presentation: who moved it from what to what, when and why."""

    presentation = models.ForeignKey(
        Presentation, verbose_name=_("presentation"), on_delete=models.CASCADE, related_name="transitions"
    )
    from_status = models.CharField(
        pgettext_lazy("status change", "from"), max_length=24, choices=PresentationStatus.choices, blank=True
    )
    to_status = models.CharField(
        pgettext_lazy("status change", "to"), max_length=24, choices=PresentationStatus.choices
    )
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(_("at"), default=timezone.now)
    reason = models.CharField(_("reason"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("presentation step")
        verbose_name_plural = _("presentation steps")
        ordering = ["presentation", "at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_from_status_display() or '∅'} → {self.get_to_status_display()}"


class Outcome(models.Model):
    """An outcome recorded by staff without an employer of the platform, such as entry into training."""

    candidate = models.ForeignKey(
        "candidates.Candidate", verbose_name=_("candidate"), on_delete=models.CASCADE, related_name="outcomes"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=OutcomeKind.choices)
    description = models.CharField(_("description"), max_length=255)
    starts_on = models.DateField(_("starts on"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)

    class Meta:
        verbose_name = _("outcome")
        verbose_name_plural = _("outcomes")
        ordering = ["-starts_on"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} — {self.starts_on:%d/%m/%Y}"

    @property
    def is_solution(self) -> bool:
        return self.kind == OutcomeKind.TRAINING
