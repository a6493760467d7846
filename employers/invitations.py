"""Invitations: a member of an employer invites colleagues by e-mail.

``invitation_send`` e-mails a link valid for 14 days. The link carries a random token after its ``#``, a part
browsers never send, so that no access log, proxy or Referer header keeps it; the page posts it. Only its SHA-256
is stored, so a database dump gives no usable link. The invitee accepts while logged in with the invited address,
confirmed (``invitation_accept``); a member may withdraw a waiting invitation (``invitation_revoke``). Who may join
at all is ``employers.joining``'s rule, shared with access requests. Each invitation is announced inside its
transaction (``employers.events``); log lines carry ids, never an address.
"""

import datetime
import hashlib
import logging
import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts.enums import MembershipRole
from accounts.models import EmployerInvitation, Membership, User
from employers import events
from employers.joining import email_is_confirmed, employer_joining_refusal, may_manage_team
from employers.models import Employer

logger = logging.getLogger(__name__)

INVITATION_VALIDITY = datetime.timedelta(days=14)
# 32 random bytes: 43 URL-safe characters.
INVITATION_TOKEN_BYTES = 32


def invitation_token_hash(token: str) -> str:
    """The SHA-256 of a token, as stored in ``EmployerInvitation.token_hash``."""
    return hashlib.sha256(token.encode()).hexdigest()


def invitation_link(token: str) -> str:
    """The absolute link to accept an invitation, in the site's default language; the token is its fragment."""
    with translation.override(settings.LANGUAGE_CODE):
        path = reverse("portal:invitation_accept")
    return f"{settings.TREMPLIN_BASE_URL.rstrip('/')}{path}#{token}"


@transaction.atomic
def invitation_send(*, employer: Employer, email: str, by: User) -> EmployerInvitation:
    """Invite a colleague to join the employer: e-mail them a link valid for 14 days.

    An address that already belongs to the team is refused, and so is one with an invitation still waiting
    (revoke it to send another). An expired invitation to the same address is withdrawn and replaced.
    """
    email = (email or "").strip().lower()
    try:
        validate_email(email)
    except ValidationError as error:
        raise ValidationError({"email": _("Enter a valid e-mail address.")}, code="invalid") from error
    if not may_manage_team(by, employer):
        raise ValidationError(_("Only a member of this employer may invite colleagues."))
    if Membership.objects.filter(
        employer=employer, role=MembershipRole.EMPLOYER_MEMBER, user__email__iexact=email
    ).exists():
        raise ValidationError(
            {
                "email": ValidationError(
                    _("%(email)s is already a member of your team."), code="already_member", params={"email": email}
                )
            }
        )
    now = timezone.now()
    waiting = (
        EmployerInvitation.objects.select_for_update()
        .filter(employer=employer, email__iexact=email, accepted_at__isnull=True, revoked_at__isnull=True)
        .first()
    )
    if waiting is not None:
        if waiting.expires_at > now:
            raise ValidationError(
                {
                    "email": ValidationError(
                        _("An invitation to %(email)s is already waiting, until %(date)s. Revoke it to send another."),
                        code="already_invited",
                        params={"email": email, "date": date_format(timezone.localtime(waiting.expires_at))},
                    )
                }
            )
        waiting.revoked_at = now
        waiting.save(update_fields=["revoked_at"])

    token = secrets.token_urlsafe(INVITATION_TOKEN_BYTES)
    invitation = EmployerInvitation.objects.create(
        employer=employer,
        email=email,
        token_hash=invitation_token_hash(token),
        invited_by=by,
        created_at=now,
        expires_at=now + INVITATION_VALIDITY,
    )
    events.invitation_sent.send(sender=EmployerInvitation, invitation=invitation, token=token, by=by)
    logger.info("Invitation %s sent for employer %s by user %s", invitation.pk, employer.pk, by.pk)
    return invitation


def invitation_acceptance_problem(*, invitation: EmployerInvitation, user: User) -> str | None:
    """Why this user may not accept this invitation now, or None. Shared by the page and ``invitation_accept``."""
    refusal = employer_joining_refusal(user)
    if refusal is not None:
        return refusal
    if invitation.revoked_at is not None:
        return gettext("This invitation was withdrawn. Ask your colleague to send you a new one.")
    if invitation.accepted_at is not None:
        if invitation.accepted_by_id == user.pk:
            return gettext("You already accepted this invitation.")
        return gettext("This invitation was already accepted.")
    if invitation.expires_at <= timezone.now():
        return gettext("This invitation expired on %(date)s. Ask your colleague to send you a new one.") % {
            "date": date_format(timezone.localtime(invitation.expires_at))
        }
    if invitation.email.lower() != user.email.lower():
        return gettext(
            "This invitation was sent to another e-mail address. Log out, then sign up or log in with the address "
            "that received it."
        )
    if not email_is_confirmed(user):
        # Whoever controls the inbox accepts, not whoever signed up with the address first.
        return gettext(
            "Confirm your e-mail address first: open the link of the e-mail we sent you, then open the invitation "
            "again."
        )
    other = Membership.objects.filter(user=user, role=MembershipRole.EMPLOYER_MEMBER).exclude(
        employer_id=invitation.employer_id
    )
    if other.exists():
        return gettext("You already belong to another employer on Tremplin: an account acts for one employer only.")
    return None


@transaction.atomic
def invitation_accept(*, invitation: EmployerInvitation, user: User) -> EmployerInvitation:
    """Make the logged-in user a member of the inviting employer, if the invitation is theirs and still valid.

    ``invitation`` was opened with its token (``portal.access_selectors.invitation_by_token``); it is
    read again here under a lock, so that two acceptances cannot both pass the checks.
    """
    invitation = EmployerInvitation.objects.select_for_update().select_related("employer").get(pk=invitation.pk)
    problem = invitation_acceptance_problem(invitation=invitation, user=user)
    if problem is not None:
        raise ValidationError(problem, code="not_acceptable")
    Membership.objects.get_or_create(
        user=user, role=MembershipRole.EMPLOYER_MEMBER, defaults={"employer": invitation.employer}
    )
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    logger.info("Invitation %s accepted by user %s", invitation.pk, user.pk)
    return invitation


@transaction.atomic
def invitation_revoke(*, invitation: EmployerInvitation, by: User) -> EmployerInvitation:
    """Withdraw a waiting invitation: its link stops working. Revoking twice changes nothing."""
    locked = EmployerInvitation.objects.select_for_update().select_related("employer").get(pk=invitation.pk)
    if not may_manage_team(by, locked.employer):
        raise ValidationError(_("Only a member of this employer may withdraw its invitations."))
    if locked.accepted_at is not None:
        raise ValidationError(
            _("The invitation to %(email)s was already accepted."), code="accepted", params={"email": locked.email}
        )
    if locked.revoked_at is None:
        locked.revoked_at = timezone.now()
        locked.save(update_fields=["revoked_at"])
        logger.info("Invitation %s revoked by user %s", locked.pk, by.pk)
    return locked
