"""Who allauth's pages (login, password, two-factor authentication) are for, so that they wear that audience's name.

The same pages serve staff, employers and partners. A visitor's ``next`` tells where they are going (the admin or the
staff pages, the portal, the partners' space); someone logged in is a partner when they advise for a partner, staff
when they may reach the workspace. Without either, the pages wear
Tremplin's name alone. ``home_url`` is where "continue" leads once the page is done with: for staff, the adapter's
own landing page after a login.
"""

from dataclasses import dataclass
from urllib.parse import urlsplit

from allauth.account.adapter import get_adapter
from django import template
from django.http import HttpRequest
from django.urls import Resolver404, resolve, reverse
from django.utils.translation import gettext_lazy as _

from accounts.access import partner_id_for
from accounts.mfa import user_requires_totp

register = template.Library()

STAFF, EMPLOYER, PARTNER, ANYONE = "staff", "employer", "partner", ""
# URL namespaces of each audience's pages.
STAFF_NAMESPACES = frozenset({"admin", "staff"})
EMPLOYER_NAMESPACES = frozenset({"portal"})
PARTNER_NAMESPACES = frozenset({"partners"})


@dataclass(frozen=True)
class Audience:
    name: str
    label: str
    home_url: str


def _audience_of_next(next_url: str) -> str:
    try:
        namespace = resolve(urlsplit(next_url).path).namespace
    except Resolver404:
        return ANYONE
    root = namespace.split(":")[0]
    if root in STAFF_NAMESPACES:
        return STAFF
    if root in PARTNER_NAMESPACES:
        return PARTNER
    return EMPLOYER if root in EMPLOYER_NAMESPACES else ANYONE


@register.simple_tag(takes_context=True)
def account_audience(context: template.Context) -> Audience:
    request: HttpRequest | None = context.get("request")
    if request is None:
        return Audience(ANYONE, "", "/")
    user = request.user
    if user.is_authenticated:
        is_partner = partner_id_for(user) is not None
        name = PARTNER if is_partner else STAFF if user_requires_totp(user) else EMPLOYER
    else:
        name = _audience_of_next(request.GET.get("next") or request.POST.get("next") or "")
    # Someone logged in goes where logging in took them (the adapter's landing page); a visitor, to the login.
    if name == STAFF:
        home_url = get_adapter(request).get_login_redirect_url(request) if user.is_authenticated else ""
        return Audience(STAFF, str(_("Staff workspace")), home_url or reverse("admin:index"))
    if name == EMPLOYER:
        return Audience(EMPLOYER, str(_("Employer portal")), reverse("portal:home"))
    if name == PARTNER:
        return Audience(PARTNER, str(_("Partner space")), reverse("partners:home"))
    return Audience(ANYONE, "", "/")
