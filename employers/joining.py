"""Writes that let people act for an employer: access requests decided by an advisor, and the rules of every way in.

Someone who signs up names their company by SIRET and asks for access (``access_request_submit``). The platform
that decides is the employer's when the SIRET is known, otherwise the platform that covers the commune given. An
advisor of that platform approves (``access_request_approve``: the employer is created if needed, the membership
is made) or refuses with a note (``access_request_refuse``). Either way the requester hears by e-mail.

A member invites colleagues by e-mail: ``employers.invitations``.

Platform staff never act for an employer, whichever way they come in: ``employer_joining_refusal`` is the one
check of access requests, their approval and invitations.

Each decision is announced inside its transaction (``employers.events``); notifications records
the e-mail in the same transaction and sends it once it commits, in the site's default language. Log lines carry
ids, never a name or an address.
"""

import logging

from allauth.account.models import EmailAddress
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts.access import employer_id_for, is_platform_staff, partner_id_for, platform_ids_for
from accounts.enums import AccessRequestStatus, MembershipRole
from accounts.models import EmployerAccessRequest, Membership, Platform, User
from employers import events
from employers.models import Employer
from employers.services import employer_save
from employers.siret import validate_siret
from referentials.models import Commune

logger = logging.getLogger(__name__)


# Helpers


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


def may_manage_team(by: User, employer: Employer) -> bool:
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
