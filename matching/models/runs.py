"""Runs of the engine, the suggestions they store, and positive-action quotas.

``WorkerHeartbeat`` is how the staff workspace knows that a Celery worker is
alive: every worker records one when it starts and on the beat schedule.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.access import platform_ids_for
from accounts.models import User
from matching.enums import PositiveActionGroup, RunScope, RunStatus


class WorkerHeartbeat(models.Model):
    hostname = models.CharField(_("worker"), max_length=255)
    pid = models.PositiveIntegerField(_("process id"))
    seen_at = models.DateTimeField(_("seen at"), db_index=True)

    class Meta:
        verbose_name = _("worker heartbeat")
        verbose_name_plural = _("worker heartbeats")
        ordering = ["-seen_at"]

    def __str__(self) -> str:
        return f"{self.hostname} ({self.pid}) {self.seen_at:%d/%m/%Y %H:%M:%S}"


class MatchRunQuerySet(models.QuerySet):
    def for_platform_staff(self, user: User) -> "MatchRunQuerySet":
        """Runs of the user's platforms' needs and candidates, and full refreshes (which name no one); every run for a
        superuser."""
        if user.is_superuser:
            return self
        platforms = platform_ids_for(user)
        return self.filter(
            Q(scope=RunScope.ALL) | Q(need__employer__platform__in=platforms) | Q(candidate__platform__in=platforms)
        )


class MatchRun(models.Model):
    """One computation of suggestions: for a need, for a candidate, or for every open need."""

    scope = models.CharField(_("scope"), max_length=10, choices=RunScope.choices)
    need = models.ForeignKey(
        "employers.StaffingNeed",
        verbose_name=_("staffing need"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="match_runs",
    )
    candidate = models.ForeignKey(
        "candidates.Candidate",
        verbose_name=_("candidate"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="match_runs",
    )
    status = models.CharField(_("status"), max_length=10, choices=RunStatus.choices, default=RunStatus.QUEUED)
    progress_done = models.PositiveIntegerField(_("steps done"), default=0)
    progress_total = models.PositiveIntegerField(_("steps in all"), default=0)
    scoring_version = models.CharField(_("scoring version"), max_length=20)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("queued at"), default=timezone.now, db_index=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    heartbeat_at = models.DateTimeField(_("last sign of progress"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    timings = models.JSONField(_("timings (seconds)"), default=dict, blank=True)
    suggestions_stored = models.PositiveIntegerField(_("suggestions stored"), default=0)
    error = models.TextField(_("error"), blank=True)

    objects = MatchRunQuerySet.as_manager()

    class Meta:
        verbose_name = _("matching run")
        verbose_name_plural = _("matching runs")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "created_at"], name="match_run_status_idx")]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(scope=RunScope.NEED, need__isnull=False, candidate__isnull=True)
                    | Q(scope=RunScope.CANDIDATE, need__isnull=True, candidate__isnull=False)
                    | Q(scope=RunScope.ALL, need__isnull=True, candidate__isnull=True)
                ),
                name="match_run_target_matches_scope",
            ),
            models.CheckConstraint(
                condition=Q(progress_done__lte=F("progress_total")), name="match_run_progress_within_total"
            ),
            # Bursts of changes collapse into the one run still waiting for a worker.
            models.UniqueConstraint(
                fields=["scope", "need"],
                condition=Q(status=RunStatus.QUEUED, scope=RunScope.NEED),
                name="match_run_one_queued_per_need",
            ),
            models.UniqueConstraint(
                fields=["scope", "candidate"],
                condition=Q(status=RunStatus.QUEUED, scope=RunScope.CANDIDATE),
                name="match_run_one_queued_per_candidate",
            ),
            models.UniqueConstraint(
                fields=["scope"],
                condition=Q(status=RunStatus.QUEUED, scope=RunScope.ALL),
                name="match_run_one_queued_full_refresh",
            ),
        ]

    def __str__(self) -> str:
        target = self.need or self.candidate_id or _("every open need")
        return f"#{self.pk} {self.get_scope_display()} {target} — {self.get_status_display()}"

    @property
    def is_finished(self) -> bool:
        return self.status in (RunStatus.SUCCEEDED, RunStatus.FAILED)

    @property
    def progress_percent(self) -> int:
        if self.is_finished and self.status == RunStatus.SUCCEEDED:
            return 100
        return int(100 * self.progress_done / self.progress_total) if self.progress_total else 0


class MatchSuggestion(models.Model):
    """A candidate suggested for a need, with the score's parts and what the person checks."""

    # Neither the need nor the candidate has an index of its own: (need, candidate) and (candidate, score) lead with
    # them, and every refresh writes each suggestion twice (stored, then its proposal and reasons), each index a
    # write more.
    need = models.ForeignKey(
        "employers.StaffingNeed",
        verbose_name=_("staffing need"),
        on_delete=models.CASCADE,
        related_name="suggestions",
        db_index=False,
    )
    candidate = models.ForeignKey(
        "candidates.Candidate",
        verbose_name=_("candidate"),
        on_delete=models.CASCADE,
        related_name="suggestions",
        db_index=False,
    )
    run = models.ForeignKey(
        MatchRun, verbose_name=_("run"), null=True, on_delete=models.SET_NULL, related_name="suggestions"
    )
    rank = models.PositiveIntegerField(_("rank"))
    score = models.PositiveIntegerField(
        _("score (hundredths of a point)"), validators=[MinValueValidator(0), MaxValueValidator(10000)]
    )
    parts = models.JSONField(_("score parts (hundredths of a point)"))
    distance_km = models.FloatField(_("distance (km)"))
    is_related_occupation = models.BooleanField(_("related occupation"), default=False)
    skills_to_train = models.JSONField(_("skills to train"), default=list, blank=True)
    needs_training = models.BooleanField(_("training needed"), default=False)
    # An MRS test passed stood in for experience or skills the need asks (``matching.engine.scoring.mrs_passed``).
    mrs_stands_in = models.BooleanField(_("MRS test passed stands in"), default=False)
    is_proposed = models.BooleanField(
        _("proposed by the allocation"),
        default=False,
        help_text=_("Chosen when proposals are spread across needs, so that no one is proposed everywhere at once."),
    )
    # Waves are taken in date order and a person who can make one can make every later one, so the first wave they
    # can make says which waves they are eligible for. Empty for a need without waves.
    first_wave = models.ForeignKey(
        "employers.RecruitingWave",
        verbose_name=_("first wave the person can make"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    proposed_wave = models.ForeignKey(
        "employers.RecruitingWave",
        verbose_name=_("proposed for the wave"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reasons = models.JSONField(
        _("why proposed or not"),
        default=list,
        blank=True,
        help_text=_("Reason codes from the allocation, each with its figures; see matching.reasons."),
    )
    scoring_version = models.CharField(_("scoring version"), max_length=20)
    computed_at = models.DateTimeField(_("computed at"), default=timezone.now)

    class Meta:
        verbose_name = _("suggestion")
        verbose_name_plural = _("suggestions")
        ordering = ["need", "rank"]
        constraints = [
            models.UniqueConstraint(fields=["need", "candidate"], name="suggestion_unique_per_need_and_candidate"),
            models.UniqueConstraint(fields=["need", "rank"], name="suggestion_unique_rank_per_need"),
            models.CheckConstraint(condition=Q(score__lte=10000), name="suggestion_score_at_most_100_points"),
            models.CheckConstraint(condition=Q(rank__gte=1), name="suggestion_rank_from_one"),
        ]
        indexes = [
            models.Index(fields=["candidate", "-score"], name="suggestion_candidate_idx"),
            # The proposals alone, a fraction of the suggestions: what each candidate holds, read at each allocation.
            models.Index(fields=["candidate", "need"], condition=Q(is_proposed=True), name="suggestion_proposed_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.need_id} ← {self.candidate_id}: {self.score / 100:.2f}"

    @property
    def score_points(self) -> float:
        return self.score / 100


class PositiveActionQuota(models.Model):
    """A share of a need's proposals reserved, by staff decision, for one priority group."""

    need = models.OneToOneField(
        "employers.StaffingNeed",
        verbose_name=_("staffing need"),
        on_delete=models.CASCADE,
        related_name="positive_action_quota",
    )
    group = models.CharField(_("group"), max_length=40, choices=PositiveActionGroup.choices)
    share_percent = models.PositiveSmallIntegerField(
        _("share of proposals reserved (%)"), validators=[MinValueValidator(1), MaxValueValidator(100)]
    )
    configured_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("configured by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    configured_at = models.DateTimeField(_("configured at"), default=timezone.now)
    reason = models.TextField(_("reason"), help_text=_("The decision behind this positive measure."))

    class Meta:
        verbose_name = _("positive-action quota")
        verbose_name_plural = _("positive-action quotas")
        constraints = [
            models.CheckConstraint(
                condition=Q(share_percent__gte=1, share_percent__lte=100), name="quota_share_between_1_and_100"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_group_display()}: {self.share_percent} %"


class MatchRunShard(models.Model):
    """A slice of a full refresh: some needs, scored by one task. Done once, counted once."""

    run = models.ForeignKey(MatchRun, verbose_name=_("run"), on_delete=models.CASCADE, related_name="shards")
    index = models.PositiveIntegerField(_("index"))
    need_ids = models.JSONField(_("needs"))
    is_done = models.BooleanField(_("done"), default=False)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    # The best pairs of each of its needs, kept for the run's allocation and cleared once it is done
    # (matching.engine.allocation_lists): candidate ids and scores only.
    allocation_lists = models.BinaryField(_("allocation lists"), null=True, editable=False)

    class Meta:
        verbose_name = _("run shard")
        verbose_name_plural = _("run shards")
        ordering = ["run", "index"]
        constraints = [models.UniqueConstraint(fields=["run", "index"], name="match_run_shard_unique_index")]

    def __str__(self) -> str:
        return f"{self.run_id}/{self.index}"
