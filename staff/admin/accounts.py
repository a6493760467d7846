"""Staff admin for users, platforms and memberships."""

from allauth.account.admin import EmailAddressAdmin as AllauthEmailAddressAdmin
from allauth.account.models import EmailAddress
from django.contrib import admin
from django.contrib.auth.admin import GroupAdmin as DjangoGroupAdmin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.models import Group
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from accounts.access import platform_ids_for
from accounts.models import Membership, Platform, User
from employers.joining import membership_save
from staff.admin.refusals import ServiceRefusalsAdminMixin
from staff.admin_search import PrivateSearchAdminMixin

admin.site.site_header = _("Tremplin — staff workspace")
admin.site.site_title = _("Tremplin")
admin.site.index_title = _("Job-centre workspace")


def _memberships_of_platforms(platform_ids: set[int]) -> QuerySet[Membership]:
    """Memberships on these platforms, or at an employer that one of them follows."""
    return Membership.objects.filter(Q(platform_id__in=platform_ids) | Q(employer__platform_id__in=platform_ids))


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["platform", "employer", "partner"]


admin.site.unregister(Group)
admin.site.unregister(EmailAddress)


@admin.register(Group)
class GroupAdmin(PrivateSearchAdminMixin, DjangoGroupAdmin):
    """Django's own, with the search box of every list of the workspace."""


@admin.register(EmailAddress)
class EmailAddressAdmin(PrivateSearchAdminMixin, AllauthEmailAddressAdmin):
    """allauth's own (its search box, by address and user, chosen per request), with the search box of every list
    of the workspace."""


@admin.register(User)
class UserAdmin(ServiceRefusalsAdminMixin, PrivateSearchAdminMixin, DjangoUserAdmin):
    ordering = ["email"]
    list_display = ["email", "first_name", "last_name", "is_staff", "is_active"]
    list_filter = ["is_staff", "is_superuser", "is_active", "memberships__role"]
    search_fields = ["email", "first_name", "last_name"]
    inlines = [MembershipInline]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Identity"), {"fields": ("first_name", "last_name")}),
        (_("Permissions"), {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")}),
        (_("Dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "password1", "password2")}),)

    def get_queryset(self, request: HttpRequest) -> QuerySet[User]:
        # Staff read the accounts of their platforms: its staff and the members of the employers it follows.
        queryset = super().get_queryset(request)
        if request.user.is_superuser:
            return queryset
        reachable = _memberships_of_platforms(platform_ids_for(request.user)).filter(user=OuterRef("pk"))
        return queryset.filter(Exists(reachable) | Q(pk=request.user.pk))

    def save_formset(self, request: HttpRequest, form, formset, change: bool) -> None:
        # The user's memberships, granted under the rules of every way in (``membership_save``).
        if formset.model is not Membership:
            super().save_formset(request, form, formset, change)
            return
        memberships = formset.save(commit=False)
        for membership in formset.deleted_objects:
            membership.delete()
        for membership in memberships:
            membership_save(membership=membership, by=request.user)

    def get_readonly_fields(self, request: HttpRequest, obj: User | None = None) -> list[str]:
        # Only a superuser grants staff access, superuser status or permissions.
        if request.user.is_superuser:
            return []
        return ["is_staff", "is_superuser", "groups", "user_permissions", "last_login", "date_joined"]


@admin.register(Platform)
class PlatformAdmin(PrivateSearchAdminMixin, admin.ModelAdmin):
    list_display = ["name", "business_cochair", "employer_reminder_working_days", "presentation_expiry_days"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["epcis", "communes"]


@admin.register(Membership)
class MembershipAdmin(ServiceRefusalsAdminMixin, PrivateSearchAdminMixin, admin.ModelAdmin):
    list_display = ["user", "role", "platform", "employer", "partner", "created_at"]
    list_filter = ["role", "platform"]
    search_fields = ["user__email", "user__last_name", "platform__name", "employer__legal_name", "partner__name"]
    autocomplete_fields = ["user", "platform", "employer", "partner"]
    list_select_related = ["user", "platform", "employer", "partner"]

    def save_model(self, request: HttpRequest, obj: Membership, form, change: bool) -> None:
        membership_save(membership=obj, by=request.user)

    def get_queryset(self, request: HttpRequest) -> QuerySet[Membership]:
        queryset = super().get_queryset(request)
        if request.user.is_superuser:
            return queryset
        return queryset.filter(pk__in=_memberships_of_platforms(platform_ids_for(request.user)).values("pk"))
