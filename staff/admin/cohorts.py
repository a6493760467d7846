"""The admin of training cohorts (saved through ``employers.cohorts``, with its refusals) and of their trainees
(read only: a trainee's steps are the review page's, through ``matching.services.cohorts``)."""

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from employers.cohorts import CohortDetails, cohort_create, cohort_status_change, cohort_update
from employers.enums import CohortStatus
from employers.models import TrainingCohort
from matching.access import workable_by_staff
from matching.models import CohortEnrolment
from staff.admin.refusals import ServiceRefusalsAdminMixin, rows_action
from staff.admin.scoping import PlatformScopedAdmin, ReadOnlyScopedAdmin


def _status_action(to_status: str, label: str):
    return rows_action(
        lambda cohort, user: cohort_status_change(cohort=cohort, to_status=to_status, by=user),
        label=label,
        name=f"action_cohort_{to_status}",
        done=lambda count: (
            ngettext("%(count)d cohort updated.", "%(count)d cohorts updated.", count) % {"count": count}
        ),
    )


@admin.register(TrainingCohort)
class TrainingCohortAdmin(ServiceRefusalsAdminMixin, PlatformScopedAdmin):
    platform_path = "need__employer__platform"
    list_display = ["need", "kind", "training_body", "starts_on", "ends_on", "capacity", "seats_taken", "status"]
    list_filter = ["status", "kind", "funder"]
    list_select_related = ["need__employer"]
    fields = ["need", "kind", "training_body", "place", "starts_on", "ends_on", "capacity", "funder"]
    readonly_fields = ["seats_taken", "status"]
    actions = [
        _status_action(CohortStatus.RUNNING, _("Mark the selected cohorts as running")),
        _status_action(CohortStatus.COMPLETED, _("Mark the selected cohorts as completed")),
        _status_action(CohortStatus.CANCELLED, _("Cancel the selected cohorts")),
    ]

    def get_fields(self, request: HttpRequest, obj: TrainingCohort | None = None) -> list[str]:
        return [*self.fields, "seats_taken", "status"] if obj is not None else list(self.fields)

    def get_readonly_fields(self, request: HttpRequest, obj: TrainingCohort | None = None) -> list[str]:
        # A cohort stays with its need.
        return [*self.readonly_fields, "need"] if obj is not None else list(self.readonly_fields)

    def save_model(self, request: HttpRequest, obj: TrainingCohort, form, change: bool) -> None:
        details = CohortDetails(**{name: form.cleaned_data[name] for name in CohortDetails.field_names()})
        if change:
            cohort_update(cohort=obj, details=details, by=request.user)
        else:
            obj.pk = cohort_create(need=obj.need, details=details, by=request.user).pk


@admin.register(CohortEnrolment)
class CohortEnrolmentAdmin(ReadOnlyScopedAdmin):
    platform_path = "cohort__need__employer__platform"
    list_display = ["cohort", "candidate", "status", "enrolled_at", "days_attended", "days_missed", "ended_on"]
    list_filter = ["status", "drop_out_reason"]
    list_select_related = ["cohort__need", "presentation__need", "presentation__candidate"]

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        # The trainees the user may work, as the presentations' admin shows them.
        return workable_by_staff(
            super().get_queryset(request),
            request.user,
            need_path="presentation__need",
            candidate_path="presentation__candidate",
        )

    @admin.display(description=_("candidate"), ordering="presentation__candidate__last_name")
    def candidate(self, enrolment: CohortEnrolment) -> str:
        return str(enrolment.presentation.candidate)
