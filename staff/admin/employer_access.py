"""Staff admin for employers' access requests and invitations.

Advisors see the requests their platform decides (a superuser sees all) and decide from the list with two actions
that call ``employers.joining``: "approve" (asking the NAF code when the employer must be created) and
"refuse" (asking the note the requester will read). Rows are read-only: they change only through those services.
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.core.exceptions import ValidationError
from django.db.models import Model, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from accounts.access import is_platform_staff
from accounts.enums import AccessRequestStatus
from accounts.models import EmployerAccessRequest, EmployerInvitation
from employers.invitations import invitation_revoke
from employers.joining import (
    access_request_approve,
    access_request_needs_new_employer,
    access_request_refuse,
)
from staff.admin.scoping import PlatformScopedAdmin


class NafCodeForm(forms.Form):
    """The sector of an employer created on approval; the requester is not asked it."""

    naf_code = forms.RegexField(
        label=gettext_lazy("NAF code"),
        regex=r"^\s*\d{2}\.\d{2}[A-Za-z]\s*$",
        max_length=8,
        help_text=gettext_lazy("Sector of activity, such as 82.20Z for contact centres."),
        error_messages={"invalid": gettext_lazy("A NAF code looks like 82.20Z.")},
    )

    def clean_naf_code(self) -> str:
        return self.cleaned_data["naf_code"].strip().upper()


class RefusalForm(forms.Form):
    note = forms.CharField(
        label=gettext_lazy("Note to the requester"),
        max_length=255,
        widget=forms.Textarea(attrs={"rows": 3, "cols": 60}),
        help_text=gettext_lazy("Sent by e-mail to the requester, such as “This SIRET belongs to another company”."),
    )


class DecisionAdmin(PlatformScopedAdmin):
    """Read-only rows; the actions need the "decide" permission: platform staff of the row's platform."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return request.user.is_superuser

    def get_object(self, request: HttpRequest, object_id: str, from_field: str | None = None) -> Model:
        # Another platform's row is simply not found (404), as on the portal, rather than the admin's redirect.
        obj = super().get_object(request, object_id, from_field)
        if obj is None:
            raise Http404
        return obj

    def has_decide_permission(self, request: HttpRequest) -> bool:
        # Which rows each one may decide is the queryset's scoping; the services check it again.
        return is_platform_staff(request.user)

    def _intermediate_page(
        self,
        request: HttpRequest,
        queryset: QuerySet[EmployerAccessRequest],
        *,
        template: str,
        title: str,
        action: str,
        **context,
    ) -> TemplateResponse:
        context = {
            **self.admin_site.each_context(request),
            "title": title,
            "opts": self.model._meta,
            "queryset": queryset,
            "action": action,
            "action_checkbox_name": ACTION_CHECKBOX_NAME,
            **context,
        }
        return TemplateResponse(request, template, context)


@admin.register(EmployerAccessRequest)
class EmployerAccessRequestAdmin(DecisionAdmin):
    platform_path = "platform"
    list_display = ["legal_name", "siret", "user", "job_title", "status", "platform", "employer", "created_at"]
    list_filter = ["status"]
    search_fields = ["legal_name", "siret", "user__email", "user__last_name"]
    list_select_related = ["user", "platform", "employer"]
    date_hierarchy = "created_at"
    actions = ["approve", "refuse"]
    fields: list[str] = [
        "user",
        "siret",
        "legal_name",
        "job_title",
        "phone",
        "commune",
        "employer",
        "platform",
        "status",
        "created_at",
        "decided_by",
        "decided_at",
        "decision_note",
    ]
    readonly_fields = fields

    @admin.action(description=gettext_lazy("Approve the selected requests"), permissions=["decide"])
    def approve(self, request: HttpRequest, queryset: QuerySet[EmployerAccessRequest]) -> HttpResponse | None:
        pending = list(queryset.filter(status=AccessRequestStatus.PENDING).select_related("user", "platform"))
        self._warn_already_decided(request, queryset, len(pending))
        # Requests whose employer does not exist yet need its NAF code: ask it on an intermediate page.
        is_confirmed = "confirm" in request.POST
        naf_forms = {
            access_request.pk: NafCodeForm(
                data=request.POST if is_confirmed else None, prefix=f"request-{access_request.pk}"
            )
            for access_request in pending
            if access_request_needs_new_employer(access_request)
        }
        if naf_forms and not (is_confirmed and all(form.is_valid() for form in naf_forms.values())):
            rows = [(access_request, naf_forms.get(access_request.pk)) for access_request in pending]
            return self._intermediate_page(
                request,
                queryset,
                template="admin/accounts/employeraccessrequest/approve.html",
                title=_("Approve access requests"),
                action="approve",
                rows=rows,
            )
        approved = 0
        for access_request in pending:
            form = naf_forms.get(access_request.pk)
            try:
                access_request_approve(
                    request=access_request, by=request.user, naf_code=form.cleaned_data["naf_code"] if form else ""
                )
            except ValidationError as error:
                self.message_user(request, f"{access_request.legal_name}: {' '.join(error.messages)}", messages.ERROR)
            else:
                approved += 1
        if approved:
            self.message_user(
                request,
                ngettext(
                    "%(count)d request approved: the requester is now a member and was told by e-mail.",
                    "%(count)d requests approved: the requesters are now members and were told by e-mail.",
                    approved,
                )
                % {"count": approved},
                messages.SUCCESS,
            )
        return None

    @admin.action(description=gettext_lazy("Refuse the selected requests"), permissions=["decide"])
    def refuse(self, request: HttpRequest, queryset: QuerySet[EmployerAccessRequest]) -> HttpResponse | None:
        pending = list(queryset.filter(status=AccessRequestStatus.PENDING).select_related("user", "platform"))
        self._warn_already_decided(request, queryset, len(pending))
        if not pending:
            return None
        form = RefusalForm(data=request.POST if "confirm" in request.POST else None)
        if not form.is_valid():
            return self._intermediate_page(
                request,
                queryset,
                template="admin/accounts/employeraccessrequest/refuse.html",
                title=_("Refuse access requests"),
                action="refuse",
                rows=pending,
                form=form,
            )
        refused = 0
        for access_request in pending:
            try:
                access_request_refuse(request=access_request, by=request.user, note=form.cleaned_data["note"])
            except ValidationError as error:
                self.message_user(request, f"{access_request.legal_name}: {' '.join(error.messages)}", messages.ERROR)
            else:
                refused += 1
        if refused:
            self.message_user(
                request,
                ngettext(
                    "%(count)d request refused: the requester was told by e-mail.",
                    "%(count)d requests refused: the requesters were told by e-mail.",
                    refused,
                )
                % {"count": refused},
                messages.SUCCESS,
            )
        return None

    def _warn_already_decided(
        self, request: HttpRequest, queryset: QuerySet[EmployerAccessRequest], pending_count: int
    ) -> None:
        # Only on the first step: the intermediate page posts the same selection again.
        decided = queryset.count() - pending_count
        if decided and "confirm" not in request.POST:
            self.message_user(
                request,
                ngettext(
                    "%(count)d selected request was already decided and was left as it is.",
                    "%(count)d selected requests were already decided and were left as they are.",
                    decided,
                )
                % {"count": decided},
                messages.WARNING,
            )


@admin.register(EmployerInvitation)
class EmployerInvitationAdmin(DecisionAdmin):
    platform_path = "employer__platform"
    list_display = ["email", "employer", "invited_by", "created_at", "expires_at", "accepted_at", "revoked_at"]
    search_fields = ["email", "employer__legal_name"]
    list_select_related = ["employer", "invited_by"]
    actions = ["revoke"]
    # The token's hash is never shown: it is of no use to anyone reading the page.
    fields = [
        "employer",
        "email",
        "invited_by",
        "created_at",
        "expires_at",
        "accepted_at",
        "accepted_by",
        "revoked_at",
    ]
    readonly_fields = fields

    @admin.action(description=gettext_lazy("Withdraw the selected invitations"), permissions=["decide"])
    def revoke(self, request: HttpRequest, queryset: QuerySet[EmployerInvitation]) -> None:
        for invitation in queryset.select_related("employer"):
            try:
                invitation_revoke(invitation=invitation, by=request.user)
            except ValidationError as error:
                self.message_user(request, " ".join(error.messages), messages.ERROR)
