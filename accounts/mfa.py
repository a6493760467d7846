"""Two-factor authentication for staff, on top of django-allauth's login and its MFA module.

allauth already asks for a TOTP code (or a recovery code) at login to anyone who has an authenticator.
``StaffTwoFactorMiddleware`` adds the two rules that make it mandatory for staff:

- The admin's own login page (``/admin/login/``, under any language prefix) logs people in by password
  alone, so it is never served: it redirects to allauth's login, keeping ``next``.
- Staff (``is_staff``, superusers, platform advisors and managers) and partner advisors, who read the people they
  proposed, who have no TOTP authenticator yet are
  sent to allauth's TOTP set-up page from every page except allauth's own pages (login, logout, the
  two-factor and password pages), the admin's logout and the language switch. Activating TOTP also
  generates the recovery codes, which allauth shows next.

The rule looks at whether the user has an authenticator, not at how the session began: every way in
(allauth's login) asks for the code once an authenticator exists.
"""

from collections.abc import Callable

from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP
from django.contrib import admin
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext

from accounts.access import is_platform_staff, is_region_observer, partner_id_for
from accounts.models import User

# Views a staff member without an authenticator may still open, besides allauth's: the ways out.
OPEN_VIEW_NAMES = frozenset({"admin:logout", "set_language"})


def user_requires_totp(user: User | AnonymousUser) -> bool:
    """Whether the user must have a TOTP authenticator: anyone who may reach the staff workspace or the territorial
    reports, and partner advisors, who read the personal data of the people they proposed."""
    return isinstance(user, User) and bool(
        user.is_staff or is_platform_staff(user) or is_region_observer(user) or partner_id_for(user) is not None
    )


def user_has_totp(user: User | AnonymousUser) -> bool:
    return bool(Authenticator.objects.filter(user_id=user.pk, type=Authenticator.Type.TOTP).exists())


def admin_login_redirect(request: HttpRequest) -> HttpResponse:
    """What replaces the admin's login page, whose form would log in without the second factor.

    Anonymous visitors go to allauth's login with the same ``next``. Someone already logged in goes on
    to the admin when they may use it; otherwise they are told they have no access and may log out,
    instead of being sent back to a login page that would send them back to the admin.
    """
    next_url = request.GET.get(REDIRECT_FIELD_NAME) or request.POST.get(REDIRECT_FIELD_NAME, "")
    if not request.user.is_authenticated:
        query = f"?{urlencode({REDIRECT_FIELD_NAME: next_url})}" if next_url else ""
        return HttpResponseRedirect(f"{reverse('account_login')}{query}")
    if admin.site.has_permission(request):
        is_safe = url_has_allowed_host_and_scheme(
            next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        )
        return HttpResponseRedirect(next_url if next_url and is_safe else reverse("admin:index"))
    # "Log in" and the template's sentences are the admin's own: Django's catalogues translate them.
    context = admin.site.each_context(request) | {"title": gettext("Log in"), "username": request.user.email}
    return render(request, "accounts/staff_only.html", context, status=403)


class StaffTwoFactorMiddleware:
    """Sends the admin's login to allauth's, and staff without a TOTP authenticator to its set-up page.

    Goes right after allauth's ``AccountMiddleware``. Works in ``process_view``, where the URL is resolved,
    so that language prefixes and URL names need no parsing here.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self,
        request: HttpRequest,
        view_func: Callable[..., HttpResponse],
        view_args: tuple[object, ...],
        view_kwargs: dict[str, object],
    ) -> HttpResponse | None:
        view_name = request.resolver_match.view_name if request.resolver_match else ""
        if view_name == "admin:login":
            return admin_login_redirect(request)
        if view_name in OPEN_VIEW_NAMES or view_func.__module__.startswith("allauth."):
            return None
        if user_requires_totp(request.user) and not user_has_totp(request.user):
            return HttpResponseRedirect(reverse("mfa_activate_totp"))
        return None


def totp_code_confirm(*, user: User, code: str) -> bool:
    """Whether ``code`` is the current code of the user's TOTP authenticator, checked as at login: once only (a code
    seen over a shoulder cannot be used again) and with the same clock tolerance. For steps that ask the second factor
    again, such as creating a staff API token."""
    authenticator = Authenticator.objects.filter(user_id=user.pk, type=Authenticator.Type.TOTP).first()
    code = code.strip()
    return bool(authenticator is not None and code and TOTP(authenticator).validate_code(code))
