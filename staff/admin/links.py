"""Staff admin for the secure links sent to candidates: read-only, revoked through the service.

A link is written only by ``matching.services.links`` (sent from the review page, the board or the API): the admin
lists the links of the candidates the user may work (``matching.access``), with their state, and its one action
revokes the selected links through ``candidate_link_revoke``. The token is nowhere to show: only its digest is
stored, and the admin does not show even that.
"""

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from matching.access import workable_by_staff
from matching.link_selectors import link_state
from matching.models import CandidateLink
from matching.services.links import candidate_link_revoke
from staff.admin.refusals import rows_action
from staff.admin.scoping import ReadOnlyScopedAdmin
from staff.review.link_rows import LINK_STATE_LABELS


def link_state_label(link: CandidateLink) -> str:
    return str(LINK_STATE_LABELS[link_state(link)])


@admin.register(CandidateLink)
class CandidateLinkAdmin(ReadOnlyScopedAdmin):
    platform_path = "presentation__need__employer__platform"
    list_display = [
        "candidate",
        "need",
        "purpose",
        "state",
        "sent_by_email",
        "sent_by_sms",
        "created_at",
        "created_by",
    ]
    list_filter = ["purpose"]
    list_select_related = ["candidate", "presentation__need", "created_by"]
    fields = [
        "candidate",
        "presentation",
        "purpose",
        "state",
        "sent_by_email",
        "sent_by_sms",
        "created_by",
        "created_at",
        "expires_at",
        "opened_at",
        "answered_at",
        "revoked_at",
    ]
    readonly_fields = fields
    actions = [
        rows_action(
            lambda link, by: candidate_link_revoke(link=link, by=by),
            label=_("Revoke the selected links"),
            name="revoke_links",
            done=lambda count: (
                ngettext("%(count)d link revoked.", "%(count)d links revoked.", count) % {"count": count}
            ),
        )
    ]

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return workable_by_staff(super().get_queryset(request), request.user, need_path="presentation__need")

    @admin.display(description=_("state"))
    def state(self, link: CandidateLink) -> str:
        return link_state_label(link)

    @admin.display(description=_("staffing need"), ordering="presentation__need__title")
    def need(self, link: CandidateLink) -> str:
        return str(link.presentation.need)


class CandidateLinkInline(admin.TabularInline):
    """A candidate's links on their page, newest first: read-only (sent and revoked through the service)."""

    model = CandidateLink
    extra = 0
    can_delete = False
    fields = ["need", "purpose", "state", "sent_by_email", "sent_by_sms", "created_by", "created_at", "expires_at"]
    readonly_fields = fields
    ordering = ["-created_at", "-pk"]
    verbose_name_plural = _("secure links sent")

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return super().get_queryset(request).select_related("presentation__need", "created_by")

    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    @admin.display(description=_("state"))
    def state(self, link: CandidateLink) -> str:
        return link_state_label(link)

    @admin.display(description=_("staffing need"))
    def need(self, link: CandidateLink) -> str:
        return str(link.presentation.need)
