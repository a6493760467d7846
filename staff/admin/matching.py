"""Staff admin for the matching app: runs and suggestions are read-only; quotas are set by staff."""

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from matching.access import workable_by_staff
from matching.models import (
    MatchRun,
    MatchRunShard,
    MatchSuggestion,
    Outcome,
    PositiveActionQuota,
    Presentation,
    PresentationTransition,
    WorkerHeartbeat,
)
from matching.models.cohorts import FOLLOWED_UP
from matching.services.follow_ups import outcome_record
from matching.services.presentations import presentation_present
from matching.services.quotas import positive_action_quota_delete, positive_action_quota_save
from notifications.kinds import KINDS
from notifications.models import Notice
from staff.admin.presentation_actions import PresentationUndoActionsMixin
from staff.admin.refusals import ServiceRefusalsAdminMixin
from staff.admin.scoping import PlatformScopedAdmin


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(WorkerHeartbeat)
class WorkerHeartbeatAdmin(ReadOnlyAdmin):
    list_display = ["hostname", "pid", "seen_at"]
    date_hierarchy = "seen_at"


@admin.register(MatchRun)
class MatchRunAdmin(ReadOnlyAdmin):
    list_display = ["pk", "scope", "need", "status", "progress", "scoring_version", "created_at", "finished_at"]
    list_filter = ["status", "scope", "scoring_version"]
    list_select_related = ["need__employer"]
    date_hierarchy = "created_at"

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return super().get_queryset(request).for_platform_staff(request.user)

    @admin.display(description=_("progress"))
    def progress(self, run: MatchRun) -> str:
        return f"{run.progress_done}/{run.progress_total} ({run.progress_percent} %)"


@admin.register(MatchRunShard)
class MatchRunShardAdmin(ReadOnlyAdmin):
    list_display = ["run", "index", "is_done", "finished_at"]
    list_filter = ["is_done"]


@admin.register(MatchSuggestion)
class MatchSuggestionAdmin(ReadOnlyAdmin, PlatformScopedAdmin):
    platform_path = "need__employer__platform"
    list_display = ["need", "rank", "candidate", "score_points", "is_proposed", "needs_training", "distance_km"]
    list_filter = ["is_proposed", "needs_training", "scoring_version"]
    list_select_related = ["need__employer", "candidate"]
    show_full_result_count = False

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        # Another platform's candidate is a pseudonymised card on the review page, never a named row here.
        return workable_by_staff(super().get_queryset(request), request.user)

    @admin.display(description=_("score"), ordering="score")
    def score_points(self, suggestion: MatchSuggestion) -> str:
        return f"{suggestion.score / 100:.2f}"


@admin.register(PositiveActionQuota)
class PositiveActionQuotaAdmin(ServiceRefusalsAdminMixin, PlatformScopedAdmin):
    platform_path = "need__employer__platform"
    list_display = ["need", "group", "share_percent", "configured_by", "configured_at"]
    list_filter = ["group"]
    autocomplete_fields = ["need"]
    readonly_fields = ["configured_by", "configured_at"]
    list_select_related = ["need__employer", "configured_by"]

    def save_model(self, request: HttpRequest, obj: PositiveActionQuota, form, change: bool) -> None:
        positive_action_quota_save(quota=obj, by=request.user)

    def delete_model(self, request: HttpRequest, obj: PositiveActionQuota) -> None:
        positive_action_quota_delete(quota=obj, by=request.user)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet) -> None:
        for quota in queryset.select_related("need"):
            positive_action_quota_delete(quota=quota, by=request.user)


class SuggestionInline(admin.TabularInline):
    """Read-only suggestions with their explanation, shown on a need and on a candidate."""

    model = MatchSuggestion
    extra = 0
    can_delete = False
    show_change_link = False
    fields = ["rank", "score_points", "explanation", "distance_km", "is_proposed"]
    readonly_fields = fields
    ordering = ["rank"]

    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    @admin.display(description=_("score"))
    def score_points(self, suggestion: MatchSuggestion) -> str:
        return f"{suggestion.score / 100:.2f}"

    @admin.display(description=_("explanation"))
    def explanation(self, suggestion: MatchSuggestion) -> str:
        labels = {
            "skills": _("skills"),
            "occupation": _("occupation"),
            "commute": _("commute"),
            "availability": _("availability"),
            "experience": _("experience"),
        }
        parts = " + ".join(f"{labels.get(name, name)} {value / 100:.2f}" for name, value in suggestion.parts.items())
        to_train = ", ".join(skill["label"] for skill in suggestion.skills_to_train)
        related = f" · {_('related occupation')}" if suggestion.is_related_occupation else ""
        mrs = f" · {_('MRS test passed stands in')}" if suggestion.mrs_stands_in else ""
        return parts + related + mrs + (f" · {_('to train')}: {to_train}" if to_train else "")


class NeedSuggestionInline(SuggestionInline):
    fields = ["rank", "candidate", *SuggestionInline.fields[1:]]
    readonly_fields = fields
    verbose_name_plural = _("suggested candidates")

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return super().get_queryset(request).select_related("candidate")


class CandidateSuggestionInline(SuggestionInline):
    fields = ["need", *SuggestionInline.fields]
    readonly_fields = fields
    verbose_name_plural = _("needs that fit")
    ordering = ["-score"]

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return super().get_queryset(request).select_related("need__employer")


class PresentationTransitionInline(admin.TabularInline):
    model = PresentationTransition
    extra = 0
    can_delete = False
    readonly_fields = ["from_status", "to_status", "by", "at", "reason"]

    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


class FollowUpDueFilter(admin.SimpleListFilter):
    """The to-do list of six-month checks: hires and entries into training whose check is due and not recorded."""

    title = _("six-month check")
    parameter_name = "follow_up"

    def lookups(self, request: HttpRequest, model_admin: admin.ModelAdmin) -> list[tuple[str, str]]:
        return [("due", _("Due, not recorded")), ("done", _("Recorded"))]

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        if self.value() == "due":
            return queryset.filter(
                FOLLOWED_UP,
                follow_up_due_on__lte=timezone.localdate(),
                followed_up_at__isnull=True,
            )
        if self.value() == "done":
            return queryset.filter(followed_up_at__isnull=False)
        return queryset


@admin.register(Presentation)
class PresentationAdmin(PresentationUndoActionsMixin, PlatformScopedAdmin):
    platform_path = "need__employer__platform"
    list_display = [
        "need",
        "candidate",
        "status",
        "candidate_answer",
        "created_at",
        "presented_at",
        "follow_up_due_on",
    ]
    list_filter = ["status", "candidate_answer", FollowUpDueFilter, "need__employer__platform"]
    search_fields = ["need__title", "need__employer__legal_name", "candidate__last_name", "candidate__reference"]
    list_select_related = ["need__employer", "candidate"]
    readonly_fields = [
        "need",
        "candidate",
        "status",
        "candidate_answer",
        "candidate_answer_reason",
        "reason",
        "interview_at",
        "created_by",
        "created_at",
        "presented_at",
        "closed_at",
        "contract_type",
        "contract_duration_months",
        "hire_starts_on",
        "follow_up_due_on",
        "followed_up_at",
        "still_in_work",
        "follow_up_result",
        "follow_up_checked_on",
        "follow_up_note",
        "placement_ended_on",
        "placement_end_reason",
        "placement_end_note",
    ]
    inlines = [PresentationTransitionInline]
    actions = ["present_to_employer", "record_follow_up", "end_hire", "reopen"]

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return workable_by_staff(super().get_queryset(request), request.user)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    @admin.action(description=_("Present the selected candidates to the employer"))
    def present_to_employer(self, request: HttpRequest, queryset: QuerySet) -> None:
        try:
            presented = presentation_present(presentations=list(queryset), by=request.user)
        except ValidationError as error:
            self.message_user(request, " ".join(error.messages), messages.ERROR)
            return
        count = len(presented)
        done = ngettext("%(count)d candidate presented.", "%(count)d candidates presented.", count)
        self.message_user(request, done % {"count": count})

    def render_change_form(
        self, request: HttpRequest, context: dict, *args, obj: Presentation | None = None, **kwargs
    ) -> HttpResponse:
        # The page names the candidate, whom the user may work (the queryset says so), rather than their number.
        if obj is not None:
            context["subtitle"] = f"{obj.need} ← {obj.candidate} ({obj.get_status_display()})"
        return super().render_change_form(request, context, *args, obj=obj, **kwargs)


@admin.register(PresentationTransition)
class PresentationTransitionAdmin(ReadOnlyAdmin, PlatformScopedAdmin):
    platform_path = "presentation__need__employer__platform"
    list_display = ["need", "candidate", "from_status", "to_status", "by", "at", "reason"]
    list_filter = ["to_status"]
    list_select_related = ["presentation__need__employer", "presentation__candidate", "by"]

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        # The steps of the presentations the user may open, which name their candidate.
        return workable_by_staff(
            super().get_queryset(request),
            request.user,
            need_path="presentation__need",
            candidate_path="presentation__candidate",
        )

    @admin.display(description=_("staffing need"), ordering="presentation__need__title")
    def need(self, transition: PresentationTransition) -> str:
        return str(transition.presentation.need)

    @admin.display(description=_("candidate"), ordering="presentation__candidate__last_name")
    def candidate(self, transition: PresentationTransition) -> str:
        return str(transition.presentation.candidate)


@admin.register(Outcome)
class OutcomeAdmin(ServiceRefusalsAdminMixin, PlatformScopedAdmin):
    platform_path = "candidate__platform"
    list_display = ["candidate", "kind", "description", "starts_on", "recorded_by", "recorded_at"]
    list_filter = ["kind"]
    autocomplete_fields = ["candidate"]
    readonly_fields = ["recorded_by", "recorded_at"]
    list_select_related = ["candidate", "recorded_by"]

    def save_model(self, request: HttpRequest, obj: Outcome, form, change: bool) -> None:
        if change:
            obj.recorded_by = request.user
            super().save_model(request, obj, form, change)
            return
        # A new outcome through its service (its checks, who recorded it); a refusal becomes the admin's message.
        obj.pk = outcome_record(
            candidate=obj.candidate,
            kind=obj.kind,
            description=obj.description,
            starts_on=obj.starts_on,
            by=request.user,
        ).pk
        obj.refresh_from_db()


@admin.register(Notice)
class NoticeAdmin(ReadOnlyAdmin):
    """The record of e-mails, sent or waiting to be sent again with their last error: their keys and recipients name
    people of every platform, so superusers only."""

    list_display = ["kind_label", "key", "recipient", "sent_at", "attempts", "next_attempt_at"]
    date_hierarchy = "sent_at"

    @admin.display(description=_("kind"), ordering="kind")
    def kind_label(self, notice: Notice) -> str:
        kind = KINDS.get(notice.kind)
        return str(kind.label) if kind is not None and kind.label else notice.kind or notice.key

    def has_module_permission(self, request: HttpRequest) -> bool:
        return request.user.is_superuser

    def has_view_permission(self, request: HttpRequest, obj: Notice | None = None) -> bool:
        return request.user.is_superuser
