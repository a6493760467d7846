"""A candidate's rights in the staff admin: download everything held about them (JSON or CSV), erase on request.

Both are actions on the candidate list, for platform staff, on one profile at a time; the list is already limited
to the user's platforms, so a profile of another platform cannot be named. The work is done by
``matching.personal_data_export`` (downloads) and ``matching.personal_data`` (erasure); each download and each
erasure is written in the personal-data access log. A list filter shows the profiles whose advisor was told that
they will be anonymised for lack of contact (``matching.retention``). An anonymised profile can no longer be changed.
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.options import IS_POPUP_VAR, ActionLocation
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.access import is_platform_staff
from candidates.audit import personal_data_access_record
from candidates.enums import CandidateStatus
from candidates.models import Candidate, PersonalDataAccess
from matching.personal_data import ErasureReason, candidate_anonymise
from matching.personal_data_export import (
    EXPORT_LOG_PREFIX,
    candidate_personal_data_export,
    personal_data_export_csv,
    personal_data_export_json,
)


class RetentionFilter(admin.SimpleListFilter):
    title = gettext_lazy("anonymisation for lack of contact")
    parameter_name = "retention"

    def lookups(self, request: HttpRequest, model_admin: admin.ModelAdmin) -> list[tuple[str, str]]:
        return [("notified", gettext_lazy("Advisor told: to contact")), ("anonymised", gettext_lazy("Anonymised"))]

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        if self.value() == "notified":
            return queryset.filter(retention_notice_sent_at__isnull=False).exclude(status=CandidateStatus.ANONYMISED)
        if self.value() == "anonymised":
            return queryset.filter(status=CandidateStatus.ANONYMISED)
        return queryset


class ErasureForm(forms.Form):
    reason = forms.ChoiceField(
        label=gettext_lazy("Reason"),
        choices=[("", "---------")]
        + [
            (value, label)
            for value, label in ErasureReason.choices
            if value not in {ErasureReason.RETENTION, ErasureReason.REFERRAL_DECLINED}
        ],
    )


class CandidatePersonalDataAdminMixin:
    """Actions "Download personal data (JSON / CSV)" and "Erase on request", the retention filter, and
    anonymised profiles kept read-only. Mixed into ``CandidateAdmin`` before its other mixins."""

    personal_data_actions = ("erase_on_request", "personal_data_download_json", "personal_data_download_csv")

    def get_actions(self, request: HttpRequest, action_location: ActionLocation = ActionLocation.CHANGE_LIST) -> dict:
        # ``CandidateAdmin.actions`` names its own actions: add these, with the permission check Django applies.
        if action_location != ActionLocation.CHANGE_LIST:
            return {}  # the export mixin below predates action locations: list actions only, as before
        actions = super().get_actions(request)
        if self.actions is None or IS_POPUP_VAR in request.GET:
            return actions
        for name in self.personal_data_actions:
            action = self.get_action(name, action_location)
            permissions = getattr(action.func, "allowed_permissions", ())
            if all(getattr(self, f"has_{permission}_permission")(request) for permission in permissions):
                actions[action.name] = action
        return actions

    def get_list_filter(self, request: HttpRequest) -> list:
        return [*super().get_list_filter(request), RetentionFilter]

    def has_change_permission(self, request: HttpRequest, obj: Candidate | None = None) -> bool:
        if obj is not None and obj.status == CandidateStatus.ANONYMISED:
            return False
        return super().has_change_permission(request, obj)

    def has_personal_data_permission(self, request: HttpRequest) -> bool:
        return is_platform_staff(request.user) and self.has_view_permission(request)

    def has_erasure_permission(self, request: HttpRequest) -> bool:
        return is_platform_staff(request.user) and super().has_change_permission(request)

    def _one_selected(self, request: HttpRequest, queryset: QuerySet) -> Candidate | None:
        selected = list(queryset[:2])
        if len(selected) != 1:
            messages.error(request, _("Select exactly one candidate."))
            return None
        return selected[0]

    # Access and portability

    def _personal_data_download(self, request: HttpRequest, queryset: QuerySet, file_format: str) -> HttpResponse:
        candidate = self._one_selected(request, queryset)
        if candidate is None:
            return None
        export = candidate_personal_data_export(candidate=candidate)
        personal_data_access_record(
            actor=request.user,
            candidate_ids=[candidate.pk],
            action=PersonalDataAccess.Action.EXPORTED,
            fields=[f"{EXPORT_LOG_PREFIX}{file_format}"],
        )
        if file_format == "csv":
            # A byte-order mark first, so that a spreadsheet opens it as UTF-8 (accents intact).
            content, content_type = "\ufeff" + personal_data_export_csv(export), "text/csv; charset=utf-8"
        else:
            content, content_type = personal_data_export_json(export), "application/json; charset=utf-8"
        response = HttpResponse(content, content_type=content_type)
        response["Content-Disposition"] = (
            f'attachment; filename="candidate-{candidate.pk}-personal-data.{file_format}"'
        )
        return response

    @admin.action(description=gettext_lazy("Download personal data (JSON)"), permissions=["personal_data"])
    def personal_data_download_json(self, request: HttpRequest, queryset: QuerySet) -> HttpResponse | None:
        return self._personal_data_download(request, queryset, "json")

    @admin.action(description=gettext_lazy("Download personal data (CSV)"), permissions=["personal_data"])
    def personal_data_download_csv(self, request: HttpRequest, queryset: QuerySet) -> HttpResponse | None:
        return self._personal_data_download(request, queryset, "csv")

    # Erasure

    @admin.action(description=gettext_lazy("Erase on request"), permissions=["erasure"])
    def erase_on_request(self, request: HttpRequest, queryset: QuerySet) -> HttpResponse | None:
        candidate = self._one_selected(request, queryset)
        if candidate is None:
            return None
        if candidate.status == CandidateStatus.ANONYMISED:
            messages.error(request, _("This profile is already anonymised."))
            return None
        form = ErasureForm(request.POST if "confirm_erasure" in request.POST else None)
        if form.is_valid():
            try:
                anonymised = candidate_anonymise(
                    candidate=candidate, by=request.user, reason=form.cleaned_data["reason"]
                )
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
                return None
            self.log_change(request, anonymised, _("Anonymised on request"))
            messages.success(request, _("Candidate #%(id)s was anonymised.") % {"id": anonymised.pk})
            return None
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Erase a candidate's personal data"),
            "candidate": candidate,
            "form": form,
            "counts": {
                "presentations": candidate.presentations.count(),
                "documents": candidate.documents.count(),
                "outcomes": candidate.outcomes.count(),
            },
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/candidates/candidate/erase.html", context)
