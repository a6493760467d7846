"""The portal's API tokens page: an employer member creates tokens for their own use of the API, and revokes them.

A new key is shown once, on the page that answers its creation, and never stored (only its hash). Someone who is not
an employer member, or another user's token, is not found (404). Tokens act with the member's own rights: the
employer area of the API (``/api/employer/``).
"""

import datetime

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from accounts import api_tokens as tokens
from matching import employer_selectors as selectors
from portal.views import LOGIN_URL, MemberRequest

TEMPLATE = "portal/tokens.html"
LIFETIMES = [
    ("30", gettext_lazy("30 days")),
    ("90", gettext_lazy("90 days")),
    ("365", gettext_lazy("One year")),
    ("", gettext_lazy("No expiry (revoke it when no longer needed)")),
]


class ApiTokenForm(forms.Form):
    name = forms.CharField(
        label=gettext_lazy("Name"),
        max_length=100,
        help_text=gettext_lazy("What the token is for, such as “HR software”."),
    )
    lifetime = forms.ChoiceField(
        label=gettext_lazy("Valid for"), choices=LIFETIMES, initial="90", required=False, widget=forms.RadioSelect
    )

    def expires_at(self) -> datetime.datetime | None:
        days = self.cleaned_data["lifetime"]
        return timezone.now() + datetime.timedelta(days=int(days)) if days else None


@login_required(login_url=LOGIN_URL)
@require_http_methods(["GET", "HEAD", "POST"])
def api_tokens(request: MemberRequest) -> HttpResponse:
    selectors.employer_id_for_member(user=request.user)
    form = ApiTokenForm(request.POST if request.method == "POST" else None)
    new_key = None
    if request.method == "POST" and form.is_valid():
        try:
            created = tokens.api_token_create(
                user=request.user, name=form.cleaned_data["name"], expires_at=form.expires_at(), by=request.user
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            new_key = created.key
            form = ApiTokenForm()
    context = {"form": form, "tokens": tokens.api_token_list_for_user(user=request.user), "new_key": new_key}
    return render(request, TEMPLATE, context)


@login_required(login_url=LOGIN_URL)
@require_POST
def api_token_revoke(request: MemberRequest, token_id: int) -> HttpResponse:
    selectors.employer_id_for_member(user=request.user)
    token = tokens.api_token_for_user(user=request.user, token_id=token_id)
    tokens.api_token_revoke(token=token, by=request.user)
    messages.success(request, _("The token “%(name)s” is revoked: it no longer opens the API.") % {"name": token.name})
    return redirect("portal:api_tokens")
