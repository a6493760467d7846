"""The admin of collective sessions, their seats and the job datings' proposals: read-only lists and pages, with
actions that call the same services as the staff pages and the API (``matching.services.sessions``,
``matching.services.job_dating``), and show their refusals in the services' words.

A session, its seats, rankings and proposals are those of the user's platforms, as on the staff pages
(``matching.session_selectors``): details are changed on the session's staff page, where the service checks them.
"""

from django.contrib import admin
from django.db.models import Count, Q, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from matching.enums import SeatStatus, SessionKind
from matching.models import (
    CollectiveSession,
    JobDatingCandidateRanking,
    JobDatingEmployerRanking,
    JobDatingProposal,
    SessionSeat,
)
from matching.services.job_dating import (
    job_dating_proposal_confirm,
    job_dating_proposal_reject,
    job_dating_proposals_compute,
)
from matching.services.sessions import seat_attendance_record, session_cancel
from staff.admin.refusals import rows_action
from staff.admin.scoping import ReadOnlyScopedAdmin


class ReadOnlyInline(admin.TabularInline):
    """Rows shown on their session's page, changed only through the services (staff pages, API, actions)."""

    extra = 0
    can_delete = False
    show_change_link = False

    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


class SeatInline(ReadOnlyInline):
    model = SessionSeat
    fields = ["candidate", "status", "invited_at", "answered_at", "attended", "mrs_passed"]
    readonly_fields = fields
    verbose_name_plural = _("guests")

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return super().get_queryset(request).select_related("candidate")


class EmployerRankingInline(ReadOnlyInline):
    model = JobDatingEmployerRanking
    fields = ["need", "candidate", "rank"]
    readonly_fields = fields
    ordering = ["need", "rank", "pk"]

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return super().get_queryset(request).select_related("need", "candidate")


class CandidateRankingInline(ReadOnlyInline):
    model = JobDatingCandidateRanking
    fields = ["candidate", "need", "rank"]
    readonly_fields = fields
    ordering = ["candidate", "rank", "pk"]

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return super().get_queryset(request).select_related("need", "candidate")


class ProposalInline(ReadOnlyInline):
    model = JobDatingProposal
    fields = ["need", "candidate", "status", "decided_by", "decided_at", "presentation"]
    readonly_fields = fields

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return super().get_queryset(request).select_related("need", "candidate", "decided_by", "presentation")


def _done(singular: str, plural: str):
    return lambda count: ngettext(singular, plural, count) % {"count": count}


@admin.register(CollectiveSession)
class CollectiveSessionAdmin(ReadOnlyScopedAdmin):
    list_display = ["title", "kind", "starts_at", "platform", "capacity", "seats_taken", "cancelled_at"]
    list_filter = ["kind", ("platform", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["platform"]
    date_hierarchy = "starts_at"
    fields = [
        "kind",
        "title",
        "starts_at",
        "ends_at",
        "place",
        "video_link",
        "what_to_bring",
        "capacity",
        "seats_taken",
        "platform",
        "needs",
        "created_by",
        "created_at",
        "cancelled_at",
    ]
    readonly_fields = fields
    actions = [
        rows_action(
            lambda session, by: session_cancel(session=session, by=by),
            label=_("Cancel the selected sessions"),
            name="cancel_sessions",
            done=_done("%(count)d session cancelled.", "%(count)d sessions cancelled."),
        ),
        rows_action(
            lambda session, by: job_dating_proposals_compute(session=session, by=by),
            label=_("Compute the selected job datings' proposals"),
            name="compute_job_dating_proposals",
            done=_done(
                "Proposals computed for %(count)d job dating.", "Proposals computed for %(count)d job datings."
            ),
        ),
    ]

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return (
            super()
            .get_queryset(request)
            .annotate(accepted=Count("seats", filter=Q(seats__status=SeatStatus.ACCEPTED)))
        )

    def get_inlines(self, request: HttpRequest, obj: CollectiveSession | None) -> list:
        if obj is not None and obj.kind == SessionKind.JOB_DATING:
            return [SeatInline, EmployerRankingInline, CandidateRankingInline, ProposalInline]
        return [SeatInline]

    @admin.display(description=_("seats taken"), ordering="accepted")
    def seats_taken(self, session: CollectiveSession) -> int:
        return session.accepted  # type: ignore[attr-defined]  # annotated by get_queryset


def _attendance_action(attended: bool, label: str, name: str):
    return rows_action(
        lambda seat, by: seat_attendance_record(seat=seat, attended=attended, by=by),
        label=label,
        name=name,
        done=_done("Attendance recorded for %(count)d guest.", "Attendance recorded for %(count)d guests."),
    )


@admin.register(SessionSeat)
class SessionSeatAdmin(ReadOnlyScopedAdmin):
    platform_path = "session__platform"
    list_display = ["candidate", "session", "status", "invited_at", "answered_at", "attended", "mrs_passed"]
    list_filter = ["status", "attended", "session_kind", ("session", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["candidate", "session"]
    fields = [
        "session",
        "candidate",
        "status",
        "invited_by",
        "invited_at",
        "answered_at",
        "attended",
        "mrs_passed",
        "recorded_by",
        "recorded_at",
    ]
    readonly_fields = fields
    actions = [
        _attendance_action(True, _("Record the selected guests as present"), "record_present"),
        _attendance_action(False, _("Record the selected guests as absent"), "record_absent"),
    ]


@admin.register(JobDatingProposal)
class JobDatingProposalAdmin(ReadOnlyScopedAdmin):
    platform_path = "session__platform"
    list_display = ["session", "need", "candidate", "status", "created_at", "decided_by", "decided_at"]
    list_filter = ["status", ("session", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["session", "need", "candidate", "decided_by"]
    fields = ["session", "need", "candidate", "status", "created_at", "decided_by", "decided_at", "presentation"]
    readonly_fields = fields
    actions = [
        rows_action(
            lambda proposal, by: job_dating_proposal_confirm(proposal=proposal, by=by),
            label=_("Confirm the selected pairs"),
            name="confirm_proposals",
            done=_done("%(count)d pair confirmed.", "%(count)d pairs confirmed."),
        ),
        rows_action(
            lambda proposal, by: job_dating_proposal_reject(proposal=proposal, by=by),
            label=_("Reject the selected pairs"),
            name="reject_proposals",
            done=_done("%(count)d pair rejected.", "%(count)d pairs rejected."),
        ),
    ]
