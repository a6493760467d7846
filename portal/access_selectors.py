"""Reads of the portal's account pages: the user's access request, their employer's team and invitations.

Scoped like every portal selector: a user who is not a member, or an invitation of another employer, is not found
(404).
"""

from django.db.models import BooleanField, ExpressionWrapper, Q, QuerySet
from django.db.models.functions import Now
from django.http import Http404
from django.shortcuts import get_object_or_404

from accounts.access import employer_id_for
from accounts.enums import MembershipRole
from accounts.models import EmployerAccessRequest, EmployerInvitation, User
from employers.invitations import invitation_token_hash
from employers.joining import email_is_confirmed
from employers.models import Employer


def employer_for_member(*, user: User) -> Employer:
    """The employer the user is a member of; 404 for anyone else."""
    employer_id = employer_id_for(user)
    if employer_id is None:
        raise Http404
    return get_object_or_404(Employer.objects.select_related("platform"), pk=employer_id)


def user_is_employer_member(*, user: User) -> bool:
    return employer_id_for(user) is not None


def user_email_is_verified(*, user: User) -> bool:
    """Whether allauth has recorded the user's login address as confirmed."""
    return email_is_confirmed(user)


def access_request_latest(*, user: User) -> EmployerAccessRequest | None:
    return EmployerAccessRequest.objects.filter(user=user).select_related("platform").first()


def team_member_list(*, employer: Employer) -> QuerySet[User]:
    return User.objects.filter(
        memberships__employer=employer, memberships__role=MembershipRole.EMPLOYER_MEMBER, is_active=True
    ).order_by("last_name", "first_name", "email")


def invitation_list_waiting(*, employer: Employer) -> QuerySet[EmployerInvitation]:
    """Invitations neither accepted nor revoked, the expired ones marked ``is_expired``."""
    return (
        EmployerInvitation.objects.filter(employer=employer, accepted_at__isnull=True, revoked_at__isnull=True)
        .annotate(is_expired=ExpressionWrapper(Q(expires_at__lte=Now()), output_field=BooleanField()))
        .order_by("-created_at")
    )


def invitation_for_member(*, user: User, invitation_id: int) -> EmployerInvitation:
    """An invitation of the user's employer; 404 for another employer's or for a non-member."""
    employer_id = employer_id_for(user)
    if employer_id is None:
        raise Http404
    return get_object_or_404(EmployerInvitation, pk=invitation_id, employer_id=employer_id)


def invitation_by_token(*, token: str) -> EmployerInvitation | None:
    """The invitation a link's token opens; None for an unknown token."""
    return (
        EmployerInvitation.objects.select_related("employer", "invited_by")
        .filter(token_hash=invitation_token_hash(token))
        .first()
    )


def invitation_opened(*, invitation_id: int | None) -> EmployerInvitation | None:
    """The invitation this browser opened with its token (its id kept in the session), if it still exists."""
    if invitation_id is None:
        return None
    return EmployerInvitation.objects.select_related("employer", "invited_by").filter(pk=invitation_id).first()
