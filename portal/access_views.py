"""The portal's account pages: where a user lands, the access request, the team and invitations.

Thin: each view parses its input, calls one service of ``employers.joining`` or ``employers.invitations``, or
reads through ``portal.access_selectors`` (a non-member, or another employer's invitation, is not found: 404), and
renders. A service's refusal is shown on the form, which keeps what was typed.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.enums import AccessRequestStatus
from employers import invitations, joining
from portal import access_selectors as selectors
from portal.access_forms import AccessRequestForm, InvitationForm, InvitationOpenForm
from portal.views import LOGIN_URL, MemberRequest

# The invitation this browser opened with its token: its id, never the token (stored only as a hash).
OPENED_INVITATION = "portal_invitation_id"


@login_required(login_url=LOGIN_URL)
@require_GET
def home(request: MemberRequest) -> HttpResponse:
    """Where ``/portal/`` leads: members to their home (what waits for them), staff to their workspace, others to
    the access request."""
    if selectors.user_is_employer_member(user=request.user):
        return redirect("portal:overview")
    if request.user.is_staff:
        return redirect("admin:index")
    return redirect("portal:access_request")


@login_required(login_url=LOGIN_URL)
@require_http_methods(["GET", "POST"])
def access_request(request: MemberRequest) -> HttpResponse:
    """Ask to act for an employer; shows the request waiting or refused. A confirmed e-mail address comes first."""
    if selectors.user_is_employer_member(user=request.user):
        return redirect("portal:need_list")
    if joining.employer_joining_refusal(request.user) is not None:
        # Platform staff decide on requests; acting for an employer as well would mix the two sides.
        raise Http404
    latest = selectors.access_request_latest(user=request.user)
    is_pending = latest is not None and latest.status == AccessRequestStatus.PENDING
    is_verified = selectors.user_email_is_verified(user=request.user)
    form = None
    if is_verified and not is_pending:
        form = AccessRequestForm(data=request.POST if request.method == "POST" else None)
        if request.method == "POST" and form.is_valid():
            try:
                joining.access_request_submit(user=request.user, **form.cleaned_data)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Your request was sent. An advisor will answer you by e-mail."))
                return redirect("portal:access_request")
    elif request.method == "POST":
        # Nothing to submit while the address is unconfirmed or a request is waiting: show the page as it is.
        return redirect("portal:access_request")
    context = {"form": form, "latest": latest, "is_pending": is_pending, "is_verified": is_verified}
    return render(request, "portal/access/request.html", context)


@login_required(login_url=LOGIN_URL)
@require_http_methods(["GET", "POST"])
def team(request: MemberRequest) -> HttpResponse:
    """The members of the user's employer and the invitations waiting, with the form to invite a colleague."""
    employer = selectors.employer_for_member(user=request.user)
    form = InvitationForm(data=request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            invitation = invitations.invitation_send(
                employer=employer, email=form.cleaned_data["email"], by=request.user
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Invitation sent to %(email)s.") % {"email": invitation.email})
            return redirect("portal:team")
    context = {
        "employer": employer,
        "members": selectors.team_member_list(employer=employer),
        "invitations": selectors.invitation_list_waiting(employer=employer),
        "form": form,
    }
    return render(request, "portal/access/team.html", context)


@login_required(login_url=LOGIN_URL)
@require_POST
def invitation_revoke(request: MemberRequest, invitation_id: int) -> HttpResponse:
    invitation = selectors.invitation_for_member(user=request.user, invitation_id=invitation_id)
    try:
        invitations.invitation_revoke(invitation=invitation, by=request.user)
    except ValidationError as error:
        for text in error.messages:
            messages.error(request, text)
    else:
        messages.success(request, _("The invitation to %(email)s was withdrawn.") % {"email": invitation.email})
    return redirect("portal:team")


@require_http_methods(["GET", "POST"])
def invitation_accept(request: HttpRequest) -> HttpResponse:
    """The invitation link's page, ``/portal/invitations/#<token>``: the token never travels in a URL.

    Without an invitation opened, the page asks for the token in a form its script fills from the link's fragment
    and posts (or that the invitee fills from the e-mail). A known token opens the invitation for this browser's
    session. Then GET shows whom it comes from and whether it can be accepted, and a POST accepts it. Someone not
    logged in is sent to sign up (the sign-up page links to the login page), and back here after.
    """
    if "token" in request.POST:
        form = InvitationOpenForm(data=request.POST)
        invitation = selectors.invitation_by_token(token=form.cleaned_data["token"]) if form.is_valid() else None
        if invitation is None:
            form.add_error("token", _("This invitation link is not valid: check that it was copied whole."))
            return render(request, "portal/access/invitation_open.html", {"form": form})
        request.session[OPENED_INVITATION] = invitation.pk
        return redirect("portal:invitation_accept")
    invitation = selectors.invitation_opened(invitation_id=request.session.get(OPENED_INVITATION))
    if invitation is None:
        if request.method == "POST":
            return redirect("portal:invitation_accept")
        return render(request, "portal/access/invitation_open.html", {"form": InvitationOpenForm()})
    if not request.user.is_authenticated:
        query = urlencode({"next": reverse("portal:invitation_accept")})
        return HttpResponseRedirect(f"{reverse('account_signup')}?{query}")
    problem = invitations.invitation_acceptance_problem(invitation=invitation, user=request.user)
    if request.method == "POST" and problem is None:
        try:
            invitations.invitation_accept(invitation=invitation, user=request.user)
        except ValidationError as error:
            problem = " ".join(error.messages)
        else:
            request.session.pop(OPENED_INVITATION, None)
            messages.success(
                request, _("Welcome to the team of %(company)s.") % {"company": invitation.employer.legal_name}
            )
            return redirect("portal:need_list")
    context = {"invitation": invitation, "problem": problem}
    return render(request, "portal/access/invitation_accept.html", context)
