"""Who may use each area of the API. Objects are then scoped by the selectors: outside the user's scope is a 404.

A signed-in user whose role has no access to a whole area (an advisor in the employer area, an employer member in the
staff area) gets 403; an anonymous request gets 401.
"""

from django.utils.translation import gettext_lazy as _
from rest_framework.permissions import BasePermission
from rest_framework.request import Request
from rest_framework.views import APIView

from accounts.access import employer_id_for, is_platform_staff


class IsEmployerMember(BasePermission):
    message = _("This part of the API is for members of an employer.")

    def has_permission(self, request: Request, view: APIView) -> bool:
        return bool(request.user and request.user.is_authenticated and employer_id_for(request.user) is not None)


class IsPlatformStaff(BasePermission):
    message = _("This part of the API is for the platforms' staff.")

    def has_permission(self, request: Request, view: APIView) -> bool:
        return bool(request.user and request.user.is_authenticated and is_platform_staff(request.user))
