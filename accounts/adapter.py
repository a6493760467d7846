"""allauth's account adapter: where people land after logging in or signing up.

Staff go to their workspace (the admin); everyone else to the employer portal, which sends a member to their needs
and anyone else to the access request. A ``next`` passed along (such as an invitation link) still comes first:
allauth only asks the adapter when there is none.

It also names the client's address that the per-address login limits count (``client_address``).
"""

import ipaddress

from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.http.request import split_domain_port
from django.urls import reverse


def client_address(request: HttpRequest) -> str | None:
    """The address that the trusted proxies saw the request come from.

    Each of the ``ALLAUTH_TRUSTED_PROXY_COUNT`` proxies (``DJANGO_TRUSTED_PROXY_COUNT``) appends the address it was
    reached from to X-Forwarded-For, after whatever the client sent: only the N-th entry from the right was written
    by a proxy of ours, anything to its left may be forged. With no proxy, the connection's own address. Written here
    rather than left to allauth, whose versions before 65.14.2 took the left-most entry, which any client can rotate
    to escape the per-address limit.
    """
    count = getattr(settings, "ALLAUTH_TRUSTED_PROXY_COUNT", 0)
    forwarded = [entry.strip() for entry in request.headers.get("x-forwarded-for", "").split(",") if entry.strip()]
    if count > 0 and forwarded:
        # Fewer entries than proxies: the request came through fewer of them, the first entry is still one of ours.
        address = forwarded[-min(count, len(forwarded))]
    else:
        address = request.META.get("REMOTE_ADDR", "")
    return _address_read(address) if address else None


def _address_read(text: str) -> str | None:
    """An IP address, without the port or the brackets a proxy may write around it; None when it is not one."""
    host, port = split_domain_port(text)
    if host and port:
        text = host[1:-1] if host.startswith("[") else host
    try:
        return str(ipaddress.ip_address(text))
    except ValueError:
        return None


class AccountAdapter(DefaultAccountAdapter):
    def get_login_redirect_url(self, request: HttpRequest) -> str:
        if request.user.is_staff:
            return reverse("admin:index")
        return reverse("portal:home")

    def get_signup_redirect_url(self, request: HttpRequest) -> str:
        return reverse("portal:access_request")

    def get_client_ip(self, request: HttpRequest) -> str:
        address = client_address(request)
        if not address:
            raise PermissionDenied("The client's address cannot be read.")
        return address
