"""A candidate file sent by platform staff or a partner (``CandidateImport``): its state, progress and report.

Re-exported by ``candidates.models``; the checks and writes are ``candidates.imports``.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.access import PlatformScopedQuerySet


class CandidateImport(models.Model):
    """A candidate file sent by platform staff: checked, then written, each by a Celery task.

    The file's bytes are kept in the row only while they are needed (until the candidates are written, the job
    fails, or a day has passed: ``candidate_import_jobs_purge``); the report lists the bad and skipped rows by their
    line. Only the platform's staff see a job. A job is written once: the status moves from ``checked`` to
    ``writing`` under the row's lock, and the write task works only on a job in ``writing``.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        CHECKING = "checking", _("Checking")
        CHECKED = "checked", _("Checked")
        WRITING = "writing", _("Writing")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    platform = models.ForeignKey(
        "accounts.Platform", verbose_name=_("platform"), on_delete=models.CASCADE, related_name="candidate_imports"
    )
    # A partner's file of people it proposes to the platform: each row written becomes a proposed candidate with
    # its referral (``candidates.referrals``), and each row must carry the person's consent date.
    partner = models.ForeignKey(
        "accounts.PartnerOrganisation",
        verbose_name=_("partner organisation"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="candidate_imports",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    filename = models.CharField(_("file name"), max_length=200)
    content = models.BinaryField(_("content"), null=True, editable=False)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    rows_total = models.PositiveIntegerField(_("rows to check"), default=0)
    rows_read = models.PositiveIntegerField(_("rows checked"), default=0)
    report = models.JSONField(_("report"), default=dict, blank=True)
    # Staff's ROME code for each value of the occupation column in words the suggester was unsure of, by the
    # value's search form ("" for none): ``candidates.imports.jobs.candidate_import_occupations_confirm``.
    occupation_choices = models.JSONField(_("occupation choices"), default=dict, blank=True)
    refusal = models.TextField(_("refusal"), blank=True)
    created_count = models.PositiveIntegerField(_("candidates created"), default=0)
    created_at = models.DateTimeField(_("created at"), default=timezone.now, db_index=True)
    # Written with each progress step: a job queued or checking and untouched for minutes lost its task.
    touched_at = models.DateTimeField(_("touched at"), default=timezone.now)
    checked_at = models.DateTimeField(_("checked at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    objects = PlatformScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("candidate import")
        verbose_name_plural = _("candidate imports")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status__in=["done", "failed"]) | Q(content__isnull=True),
                name="candidate_import_file_dropped_when_finished",
            ),
            models.CheckConstraint(
                condition=~Q(status="done") | Q(finished_at__isnull=False), name="candidate_import_done_has_date"
            ),
        ]

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} #{self.pk}"

    @property
    def is_finished(self) -> bool:
        return self.status in {self.Status.CHECKED, self.Status.DONE, self.Status.FAILED}

    @property
    def progress_percent(self) -> int:
        if self.status in {self.Status.CHECKED, self.Status.DONE}:
            return 100
        return min(100, self.rows_read * 100 // self.rows_total) if self.rows_total else 0
