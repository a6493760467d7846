"""allauth's account adapter: where people land after logging in or signing up.

Staff go to their workspace (the admin); everyone else to the employer portal, which sends a member to their needs
and anyone else to the access request. A ``next`` passed along (such as an invitation link) still comes first:
allauth only asks the adapter when there is none.
"""

from allauth.account.adapter import DefaultAccountAdapter
from django.http import HttpRequest
from django.urls import reverse


class AccountAdapter(DefaultAccountAdapter):
    def get_login_redirect_url(self, request: HttpRequest) -> str:
        if request.user.is_staff:
            return reverse("admin:index")
        return reverse("portal:home")

    def get_signup_redirect_url(self, request: HttpRequest) -> str:
        return reverse("portal:access_request")
