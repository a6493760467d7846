"""allauth's account adapter: where people land after logging in or signing up.

Platform staff go to their to-do page (/staff/); partner advisors to their proposals (/partners/); everyone else to
the employer portal, which sends a member to
their needs and anyone else to the access request. A ``next`` passed along (such as an invitation link) still comes
first: allauth only asks the adapter when there is none.

It also names the client's address that the per-address login limits count (``client_address``), and asks people
who signed up to confirm their address before they may log in (``SignUpEmailVerificationStage``). A login typed a
moment ago counts as the fresh proof allauth asks for before a sensitive step (``is_reauthentication_required``).
"""

import ipaddress
import time

from allauth.account import app_settings as allauth_account_settings
from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.internal.flows.login import get_authentication_records
from allauth.account.models import EmailAddress
from allauth.account.stages import EmailVerificationStage
from allauth.core import context as allauth_context
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.http.request import split_domain_port
from django.urls import reverse
from django.utils.crypto import get_random_string

from accounts.access import is_platform_staff, is_region_observer, partner_id_for


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


# The ways of logging in that prove, as a reauthentication would, that the person at the keyboard holds the account.
LOGIN_PROOFS = frozenset({"password", "mfa"})


def _logged_in_recently(request: HttpRequest) -> bool:
    """Whether the user typed their password (or a second factor) at login in this session less than
    ``ACCOUNT_REAUTHENTICATION_TIMEOUT`` seconds ago."""
    if not request.user.is_authenticated:
        return False
    fresh_after = time.time() - allauth_account_settings.REAUTHENTICATION_TIMEOUT
    return any(
        record.get("method") in LOGIN_PROOFS and record.get("at", 0) > fresh_after
        for record in get_authentication_records(request, request.user)
    )


SIGN_UP_VERIFICATION_STAGE = "accounts.adapter.SignUpEmailVerificationStage"


class SignUpEmailVerificationStage(EmailVerificationStage):
    """allauth's mandatory confirmation, for the accounts people signed up for.

    Sign-up always records the address (allauth's ``EmailAddress``), unconfirmed until its link is followed; an
    account made in the admin or by a command has no such record and nobody to confirm it for: its staff log in as
    before (with their second factor). Everyone else, and any sign-up with a known address, goes through allauth's
    stage: a link is sent and the same "check your e-mail" page shown.
    """

    def handle(self):
        user = self.login.user
        if user is not None and user.pk is not None and not EmailAddress.objects.filter(user=user).exists():
            return None, True
        return super().handle()


class AccountAdapter(DefaultAccountAdapter):
    def get_login_redirect_url(self, request: HttpRequest) -> str:
        # Platform staff and superusers start their day on the to-do page; other staff accounts in the admin.
        if is_platform_staff(request.user):
            return reverse("staff:todo")
        if request.user.is_staff:
            return reverse("admin:index")
        if partner_id_for(request.user) is not None:
            return reverse("partners:home")
        if is_region_observer(request.user):
            return reverse("staff:reports")
        return reverse("portal:home")

    def is_reauthentication_required(self, *, app: str, **kwargs) -> bool:
        """allauth asks for the password again before a sensitive step (setting up two-factor authentication) unless
        the session holds a recent *re*authentication. A login is as fresh a proof: a password or a second factor
        typed at login within ``ACCOUNT_REAUTHENTICATION_TIMEOUT`` counts too, so that staff sent to set up their
        authenticator right after logging in are not asked for the password they have just typed."""
        request = self.request or allauth_context.request
        if request is not None and _logged_in_recently(request):
            return False
        return super().is_reauthentication_required(app=app, **kwargs)

    def get_signup_redirect_url(self, request: HttpRequest) -> str:
        return reverse("portal:access_request")

    def get_login_stages(self) -> list[str]:
        allauth_stage = f"{EmailVerificationStage.__module__}.{EmailVerificationStage.__name__}"
        return [SIGN_UP_VERIFICATION_STAGE if path == allauth_stage else path for path in super().get_login_stages()]

    def send_account_already_exists_mail(self, email: str) -> None:
        # Signing up hashes the new account's password, which takes a good part of a second with the production
        # hasher; an address that has an account would be answered that much sooner, and so tell itself apart.
        make_password(get_random_string(32))
        super().send_account_already_exists_mail(email)

    def get_client_ip(self, request: HttpRequest) -> str:
        address = client_address(request)
        if not address:
            raise PermissionDenied("The client's address cannot be read.")
        return address
