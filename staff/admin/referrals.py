"""Staff admin for partner organisations, their proposals of candidates, and the decisions on them.

Proposals are read-only rows of the platform's staff (a superuser sees all), decided by two actions that call the
same services as the staff page (``matching.services.referrals``): "accept" and "decline" (asking the reason the
partner reads). Partner organisations and the platforms they work with are a superuser's to keep; platform staff
read those that work with their platforms.
"""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from accounts.access import platform_ids_for
from accounts.models import PartnerOrganisation
from candidates.enums import ReferralStatus
from candidates.models import CandidateReferral
from candidates.referral_models import DECLINE_REASON_MAX_LENGTH
from matching.services.referrals import referral_accept, referral_decline
from staff.admin.employer_access import DecisionAdmin
from staff.admin_search import PrivateSearchAdminMixin


class DeclineForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Reason, read by the partner"),
        max_length=DECLINE_REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3, "cols": 60}),
    )


@admin.register(PartnerOrganisation)
class PartnerOrganisationAdmin(PrivateSearchAdminMixin, admin.ModelAdmin):
    list_display = ["name", "kind", "created_at"]
    list_filter = ["kind"]
    search_fields = ["name"]
    autocomplete_fields = ["platforms"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[PartnerOrganisation]:
        queryset = super().get_queryset(request)
        if request.user.is_superuser:
            return queryset
        return queryset.filter(platforms__in=platform_ids_for(request.user)).distinct()

    def has_add_permission(self, request: HttpRequest) -> bool:
        return request.user.is_superuser

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return request.user.is_superuser

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return request.user.is_superuser

    def has_view_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return request.user.is_superuser or bool(platform_ids_for(request.user))


@admin.register(CandidateReferral)
class CandidateReferralAdmin(DecisionAdmin):
    platform_path = "platform"
    list_display = ["__str__", "partner", "platform", "candidate", "status", "created_at", "decided_at"]
    list_filter = ["status", "partner__kind"]
    search_fields = ["partner__name"]
    list_select_related = ["partner", "platform", "candidate"]
    date_hierarchy = "created_at"
    actions = ["accept", "decline"]
    fields: list[str] = [
        "partner",
        "proposed_by",
        "platform",
        "candidate",
        "status",
        "consent_recorded_on",
        "consent_method",
        "created_at",
        "decided_by",
        "decided_at",
        "decline_reason",
    ]
    readonly_fields = fields

    def has_view_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return request.user.is_superuser or bool(platform_ids_for(request.user))

    def _waiting(self, request: HttpRequest, queryset: QuerySet[CandidateReferral]) -> list[CandidateReferral]:
        waiting = list(queryset.filter(status=ReferralStatus.PROPOSED).select_related("partner", "candidate"))
        if len(waiting) < queryset.count():
            self.message_user(request, _("Proposals already decided were left as they are."), messages.WARNING)
        return waiting

    def _decide(self, request: HttpRequest, referrals: list[CandidateReferral], decide) -> int:
        done = 0
        for referral in referrals:
            try:
                decide(referral)
            except ValidationError as error:
                self.message_user(request, f"{referral}: {' '.join(error.messages)}", messages.ERROR)
            else:
                done += 1
        return done

    @admin.action(description=gettext_lazy("Accept the selected proposals"), permissions=["decide"])
    def accept(self, request: HttpRequest, queryset: QuerySet[CandidateReferral]) -> HttpResponse | None:
        done = self._decide(
            request,
            self._waiting(request, queryset),
            lambda referral: referral_accept(referral=referral, by=request.user),
        )
        if done:
            self.message_user(
                request,
                ngettext("%(count)d proposal accepted.", "%(count)d proposals accepted.", done) % {"count": done},
                messages.SUCCESS,
            )
        return None

    @admin.action(description=gettext_lazy("Decline the selected proposals"), permissions=["decide"])
    def decline(self, request: HttpRequest, queryset: QuerySet[CandidateReferral]) -> HttpResponse | None:
        waiting = self._waiting(request, queryset)
        if not waiting:
            return None
        form = DeclineForm(data=request.POST if "confirm" in request.POST else None)
        if not form.is_valid():
            return self._intermediate_page(
                request,
                queryset,
                template="admin/candidates/candidatereferral/decline.html",
                title=_("Decline proposals"),
                action="decline",
                rows=waiting,
                form=form,
            )
        reason = form.cleaned_data["reason"]
        done = self._decide(
            request, waiting, lambda referral: referral_decline(referral=referral, by=request.user, reason=reason)
        )
        if done:
            self.message_user(
                request,
                ngettext("%(count)d proposal declined.", "%(count)d proposals declined.", done) % {"count": done},
                messages.SUCCESS,
            )
        return None
