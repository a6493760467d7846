"""Writes that let people act for an employer: access requests decided by an advisor, and invitations.

Someone who signs up names their company by SIRET and asks for access (``access_request_submit``). The platform
that decides is the employer's when the SIRET is known, otherwise the platform that covers the commune given. An
advisor of that platform approves (``access_request_approve``: the employer is created if needed, the membership
is made) or refuses with a note (``access_request_refuse``). Either way the requester hears by e-mail.

A member invites colleagues by e-mail (``invitation_send``). The link carries a random token after its ``#``, a part
browsers never send, so that no access log, proxy or Referer header keeps it; the page posts it. Only its SHA-256
is stored, so a database dump gives no usable link. The invitee accepts while logged in with the invited address,
confirmed (``invitation_accept``); a member may withdraw a waiting invitation (``invitation_revoke``).

Platform staff never act for an employer, whichever way they come in: ``employer_joining_refusal`` is the one
check of access requests, their approval and invitations.

Each decision and invitation is announced inside its transaction (``employers.events``); notifications records
the e-mail in the same transaction and sends it once it commits, in the site's default language. Log lines carry
ids, never a name or an address.
"""

import datetime
import hashlib
import logging
import secrets

from allauth.account.models import EmailAddress
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts.access import employer_id_for, is_platform_staff, partner_id_for, platform_ids_for
from accounts.enums import AccessRequestStatus, MembershipRole
from accounts.models import EmployerAccessRequest, EmployerInvitation, Membership, Platform, User
from employers import events
from employers.models import Employer
from employers.services import employer_save
from employers.siret import validate_siret
from referentials.models import Commune

logger = logging.getLogger(__name__)

INVITATION_VALIDITY = datetime.timedelta(days=14)
# 32 random bytes: 43 URL-safe characters.
INVITATION_TOKEN_BYTES = 32


# Helpers


def invitation_token_hash(token: str) -> str:
    """The SHA-256 of a token, as stored in ``EmployerInvitation.token_hash``."""
    return hashlib.sha256(token.encode()).hexdigest()


def invitation_link(token: str) -> str:
    """The absolute link to accept an invitation, in the site's default language; the token is its fragment."""
    with translation.override(settings.LANGUAGE_CODE):
        path = reverse("portal:invitation_accept")
    return f"{settings.TREMPLIN_BASE_URL.rstrip('/')}{path}#{token}"


def platform_covering(commune: Commune) -> Platform | None:
    """The platform that covers a commune: named directly first, then through its EPCI; by name if several."""
    platform = Platform.objects.filter(communes=commune).order_by("name").first()
    if platform is None and commune.epci_id is not None:
        platform = Platform.objects.filter(epcis=commune.epci_id).order_by("name").first()
    return platform


def _is_employer_member(user: User) -> bool:
    return Membership.objects.filter(user=user, role=MembershipRole.EMPLOYER_MEMBER).exists()


def email_is_confirmed(user: User) -> bool:
    """Whether allauth has recorded the user's login address as confirmed."""
    return EmailAddress.objects.filter(user=user, email__iexact=user.email, verified=True).exists()


def employer_joining_refusal(user: User) -> str | None:
    """Why this user may never act for an employer, or None.

    Platform staff (and any staff account) decide who acts for employers and read every candidate of their
    platforms: acting for an employer as well would show them another platform's presentations, contacts
    included, and mix the two sides. Shared by every way in: access requests, their approval, invitations.
    """
    if user.is_staff or is_platform_staff(user):
        return gettext("Platform staff cannot act for an employer.")
    if partner_id_for(user) is not None:
        return gettext("A partner advisor cannot act for an employer.")
    return None


def partner_advisor_refusal(user: User) -> str | None:
    """Why this user may never advise for a partner organisation, or None: staff and employer members keep to
    their side, as a partner advisor keeps to theirs (``employer_joining_refusal``)."""
    if user.is_staff or is_platform_staff(user):
        return gettext("Platform staff cannot advise for a partner organisation.")
    if Membership.objects.filter(user=user, role=MembershipRole.EMPLOYER_MEMBER).exists():
        return gettext("An employer member cannot advise for a partner organisation.")
    return None


@transaction.atomic
def membership_save(*, membership: Membership, by: User) -> Membership:
    """Store a membership granted by hand (the admin), under the rules of the other ways in.

    An employer membership is refused to platform staff, as an access request or an invitation is
    (``employer_joining_refusal``); the model's checks hold (a scope that matches the role, one employer per
    member). A refusal raises ``ValidationError`` and nothing is stored.
    """
    if membership.role == MembershipRole.EMPLOYER_MEMBER:
        refusal = employer_joining_refusal(membership.user)
        if refusal is not None:
            raise ValidationError(refusal, code="platform_staff")
    if membership.role == MembershipRole.PARTNER_ADVISOR:
        refusal = partner_advisor_refusal(membership.user)
        if refusal is not None:
            raise ValidationError(refusal, code="partner_advisor")
    elif (
        Membership.objects.filter(user_id=membership.user_id, role=MembershipRole.PARTNER_ADVISOR)
        .exclude(pk=membership.pk)
        .exists()
    ):
        raise ValidationError(gettext("A partner advisor has no other role."), code="partner_advisor")
    membership.full_clean()
    membership.save()
    logger.info("Membership %s saved by user %s", membership.pk, by.pk)
    return membership


def _may_decide(by: User, platform_id: int | None) -> bool:
    return bool(by.is_superuser or (platform_id is not None and platform_id in platform_ids_for(by)))


def _may_manage_team(by: User, employer: Employer) -> bool:
    """Members invite their colleagues; the employer's platform staff may act for them."""
    return employer.pk == employer_id_for(by) or _may_decide(by, employer.platform_id)


# Access requests


@transaction.atomic
def access_request_submit(
    *, user: User, siret: str, legal_name: str, job_title: str, phone: str, commune: Commune | None
) -> EmployerAccessRequest:
    """Record a request to act for the employer with this SIRET, for an advisor of the right platform to decide.

    Refused when the user already belongs to an employer or already has a request waiting. Errors about one
    field are keyed by that field's name (``siret``, ``commune``) so that a form shows them in place.
    """
    try:
        validate_siret(siret)
    except ValidationError as error:
        raise ValidationError({"siret": error.error_list}) from error
    # One request at a time per user: lock the user's row so that two submissions cannot both pass the checks.
    User.objects.select_for_update().filter(pk=user.pk).first()
    if _is_employer_member(user):
        raise ValidationError(_("You already belong to an employer on Tremplin."), code="already_member")
    refusal = employer_joining_refusal(user)
    if refusal is not None:
        raise ValidationError(refusal, code="platform_staff")
    if EmployerAccessRequest.objects.filter(user=user, status=AccessRequestStatus.PENDING).exists():
        raise ValidationError(_("You already have a request waiting for an advisor."), code="already_pending")

    employer = Employer.objects.filter(siret=siret).first()
    platform: Platform | None
    if employer is not None:
        platform = employer.platform
    else:
        if commune is None:
            raise ValidationError(
                {"commune": _("Give the commune of the company so that the right platform studies your request.")},
                code="commune_required",
            )
        platform = platform_covering(commune)
        if platform is None:
            raise ValidationError(
                {
                    "commune": ValidationError(
                        _("No Tremplin platform covers %(commune)s yet: your job centre can tell you who to contact."),
                        code="not_covered",
                        params={"commune": commune.name},
                    )
                }
            )
    try:
        with transaction.atomic():
            access_request = EmployerAccessRequest.objects.create(
                user=user,
                siret=siret,
                legal_name=legal_name.strip(),
                job_title=job_title.strip(),
                phone=phone.strip(),
                commune=commune,
                employer=employer,
                platform=platform,
            )
    except IntegrityError as error:
        raise ValidationError(
            _("You already have a request waiting for an advisor."), code="already_pending"
        ) from error
    logger.info("Employer access request %s submitted for platform %s", access_request.pk, access_request.platform_id)
    return access_request


def access_request_needs_new_employer(access_request: EmployerAccessRequest) -> bool:
    """Whether approving would create the employer: its SIRET is not known yet."""
    if access_request.employer_id is not None:
        return False
    return not Employer.objects.filter(siret=access_request.siret).exists()


def _lock_pending(access_request: EmployerAccessRequest, by: User) -> EmployerAccessRequest:
    locked = EmployerAccessRequest.objects.select_for_update().select_related("user").get(pk=access_request.pk)
    if not _may_decide(by, locked.platform_id):
        raise ValidationError(_("Only an advisor of the platform concerned may decide on this request."))
    if locked.status != AccessRequestStatus.PENDING:
        raise ValidationError(
            _("The request of %(company)s was already decided (%(status)s)."),
            code="already_decided",
            params={"company": locked.legal_name, "status": locked.get_status_display()},
        )
    return locked


@transaction.atomic
def access_request_approve(
    *, request: EmployerAccessRequest, by: User, employer: Employer | None = None, naf_code: str = ""
) -> EmployerAccessRequest:
    """Approve a waiting request: the requester becomes a member of the employer, and is told by e-mail.

    The employer is, in order: the one given, the one the request names, the one with the request's SIRET. If
    none exists it is created on the request's platform with the request's company name and ``naf_code``, which
    the advisor must then give (the sector is not something the requester is asked).
    """
    locked = _lock_pending(request, by)
    employer = employer or locked.employer or Employer.objects.filter(siret=locked.siret).first()
    if employer is None:
        if locked.platform_id is None:
            raise ValidationError(_("This request has no platform: choose the employer to attach it to."))
        if not naf_code:
            raise ValidationError(
                {
                    "naf_code": ValidationError(
                        _("Give the NAF code of %(company)s to create it."),
                        code="naf_code_required",
                        params={"company": locked.legal_name},
                    )
                }
            )
        employer = employer_save(
            employer=Employer(
                legal_name=locked.legal_name,
                siret=locked.siret,
                naf_code=naf_code.strip(),
                platform_id=locked.platform_id,
            ),
            by=by,
        )
    elif not _may_decide(by, employer.platform_id):
        raise ValidationError(_("This employer belongs to a platform you are not on."))
    if employer_joining_refusal(locked.user) is not None:
        raise ValidationError(
            _("The requester of %(company)s is platform staff, who cannot act for an employer: refuse this request."),
            code="platform_staff",
            params={"company": locked.legal_name},
        )
    if _is_employer_member(locked.user):
        raise ValidationError(
            _("The requester of %(company)s already belongs to an employer: refuse this request."),
            code="already_member",
            params={"company": locked.legal_name},
        )
    Membership.objects.create(user=locked.user, role=MembershipRole.EMPLOYER_MEMBER, employer=employer)
    locked.status = AccessRequestStatus.APPROVED
    locked.employer = employer
    locked.decided_by = by
    locked.decided_at = timezone.now()
    locked.save(update_fields=["status", "employer", "decided_by", "decided_at"])

    events.access_request_approved.send(sender=EmployerAccessRequest, access_request=locked, employer=employer)
    logger.info("Employer access request %s approved by user %s (employer %s)", locked.pk, by.pk, employer.pk)
    return locked


@transaction.atomic
def access_request_refuse(*, request: EmployerAccessRequest, by: User, note: str) -> EmployerAccessRequest:
    """Refuse a waiting request with a note that the requester reads in the e-mail sent to them."""
    note = (note or "").strip()
    if not note:
        raise ValidationError(
            {"note": _("Explain the refusal in a few words: the requester reads this note.")}, code="note_required"
        )
    locked = _lock_pending(request, by)
    locked.status = AccessRequestStatus.REFUSED
    locked.decided_by = by
    locked.decided_at = timezone.now()
    locked.decision_note = note[: EmployerAccessRequest._meta.get_field("decision_note").max_length]
    locked.save(update_fields=["status", "decided_by", "decided_at", "decision_note"])

    events.access_request_refused.send(sender=EmployerAccessRequest, access_request=locked)
    logger.info("Employer access request %s refused by user %s", locked.pk, by.pk)
    return locked


# Invitations


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
    if not _may_manage_team(by, employer):
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
    if not _may_manage_team(by, locked.employer):
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
