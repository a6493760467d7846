"""Collective sessions: information sessions, MRS test sessions and job datings, and the seats of their guests.

A platform runs a session for one or more of its staffing needs (the employers follow from the needs). Staff invite
candidates, each invitation a ``SessionSeat``; the candidate accepts (takes a seat) or declines, through a secure
link or through staff. The accepted seats never exceed the capacity: a count over several rows cannot be a check
constraint, so ``matching.services.sessions`` counts them under the session's row lock.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.access import PlatformScopedQuerySet
from matching.enums import SeatStatus, SessionKind
from referentials.text import SingleLineCharField


class CollectiveSession(models.Model):
    kind = models.CharField(_("kind of session"), max_length=16, choices=SessionKind.choices)
    title = SingleLineCharField(_("title"), max_length=200)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    place = SingleLineCharField(_("place"), max_length=255, blank=True)
    video_link = models.URLField(_("video link"), max_length=500, blank=True)
    what_to_bring = models.TextField(_("what to bring"), max_length=2000, blank=True)
    capacity = models.PositiveSmallIntegerField(_("seats"))
    platform = models.ForeignKey(
        "accounts.Platform", verbose_name=_("platform"), on_delete=models.PROTECT, related_name="collective_sessions"
    )
    needs = models.ManyToManyField(
        "employers.StaffingNeed", verbose_name=_("staffing needs"), related_name="collective_sessions", blank=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)

    objects = PlatformScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("collective session")
        verbose_name_plural = _("collective sessions")
        ordering = ["starts_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")),
                name="collective_session_ends_after_start",
                violation_error_message=_("The session must end after it starts."),
            ),
            models.CheckConstraint(
                condition=~Q(place="") | ~Q(video_link=""),
                name="collective_session_place_or_link",
                violation_error_message=_("Give the session's place, its video link or both."),
            ),
            models.CheckConstraint(
                condition=Q(capacity__gte=1),
                name="collective_session_capacity_positive",
                violation_error_message=_("A session has at least one seat."),
            ),
        ]
        indexes = [models.Index(fields=["platform", "starts_at"], name="session_platform_start_idx")]

    def __str__(self) -> str:
        return f"{self.title} — {self.starts_at:%d/%m/%Y %H:%M}"

    @property
    def is_cancelled(self) -> bool:
        return self.cancelled_at is not None

    @property
    def is_mrs(self) -> bool:
        return self.kind == SessionKind.MRS


class SessionSeat(models.Model):
    """One candidate invited to one session, their answer, their attendance and (MRS only) their result."""

    session = models.ForeignKey(
        CollectiveSession, verbose_name=_("session"), on_delete=models.CASCADE, related_name="seats"
    )
    # A copy of the session's kind (which cannot change once someone is invited), so that "a result only for an MRS
    # session" is a check constraint on this row.
    session_kind = models.CharField(_("kind of session"), max_length=16, choices=SessionKind.choices, editable=False)
    candidate = models.ForeignKey(
        "candidates.Candidate", verbose_name=_("candidate"), on_delete=models.CASCADE, related_name="session_seats"
    )
    status = models.CharField(_("answer"), max_length=12, choices=SeatStatus.choices, default=SeatStatus.INVITED)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("invited by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    invited_at = models.DateTimeField(_("invited at"), default=timezone.now)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    attended = models.BooleanField(_("attended"), null=True, blank=True)
    mrs_passed = models.BooleanField(_("MRS passed"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("attendance recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("attendance recorded at"), null=True, blank=True)

    class Meta:
        verbose_name = _("session seat")
        verbose_name_plural = _("session seats")
        ordering = ["session", "invited_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "candidate"],
                name="session_seat_one_per_candidate",
                violation_error_message=_("This candidate is already invited to this session."),
            ),
            models.CheckConstraint(
                condition=~Q(status__in=SeatStatus.answered()) | Q(answered_at__isnull=False),
                name="session_seat_answer_has_date",
                violation_error_message=_("An answer records its date."),
            ),
            models.CheckConstraint(
                condition=Q(mrs_passed__isnull=True) | Q(session_kind=SessionKind.MRS),
                name="session_seat_result_only_for_mrs",
                violation_error_message=_("Only an MRS test session records a result."),
            ),
            models.CheckConstraint(
                condition=Q(mrs_passed__isnull=True) | Q(attended=True),
                name="session_seat_result_needs_attendance",
                violation_error_message=_("Record a result only for someone who attended."),
            ),
        ]
        indexes = [models.Index(fields=["candidate", "session"], name="session_seat_candidate_idx")]

    def __str__(self) -> str:
        return f"{self.session_id} ← {self.candidate_id} ({self.get_status_display()})"
