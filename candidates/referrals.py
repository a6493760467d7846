"""Partners propose people to a platform: the proposal's checks and its write, and what a partner may read of it.

A partner advisor proposes a person to one of the platforms their organisation works with, with the person's
consent (its date and how it was recorded): the person becomes a ``Candidate`` of that platform in the status
``proposed`` (never matched nor presented), with its ``CandidateReferral``. The platform's staff then accept or
decline it (``matching.services.referrals``). A file of people goes through the candidate import
(``candidates.imports``, a job with the partner named), whose rows each need a consent date.
"""

import datetime
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.access import partner_id_for
from accounts.models import PartnerOrganisation, Platform, User
from candidates.audit import personal_data_access_record
from candidates.enums import CandidateStatus, ConsentMethod
from candidates.models import Candidate, CandidateReferral, PersonalDataAccess
from candidates.referral_forms import ReferralProfileForm, consent_date_problem


def referral_platforms_for(*, partner: PartnerOrganisation) -> QuerySet[Platform]:
    """The platforms the partner may propose people to."""
    return partner.platforms.order_by("name")


def referral_propose_check(*, partner: PartnerOrganisation, platform: Platform, by: User | None) -> None:
    """Only an advisor of the partner proposes, and only to a platform the partner works with.

    Raises ``PermissionDenied`` for anyone who does not advise for ``partner``, ``ValidationError`` (code
    ``platform``) for a platform the partner does not work with.
    """
    if by is None or partner_id_for(by) != partner.pk:
        raise PermissionDenied
    if not partner.platforms.filter(pk=platform.pk).exists():
        raise ValidationError({"platform": _("Your organisation does not work with this platform.")}, code="platform")


def referral_consent_moment(day: datetime.date) -> datetime.datetime:
    """The consent's date as the profile's consent moments record it (noon, as the imports do)."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(12)))


def proposed_candidate(*, platform: Platform, consent_recorded_on: datetime.date) -> Candidate:
    """An unsaved candidate of ``platform``, proposed, with the consent the partner recorded: to the processing of
    their data and to be presented to employers, the reason for a proposal."""
    moment = referral_consent_moment(consent_recorded_on)
    today = timezone.localdate()
    return Candidate(
        platform=platform,
        status=CandidateStatus.PROPOSED,
        consents_to_processing=True,
        consented_to_processing_at=moment,
        consents_to_presentation=True,
        consented_to_presentation_at=moment,
        available_from=today,
        last_contact_at=today,
    )


@transaction.atomic
def referral_propose(
    *,
    partner: PartnerOrganisation,
    by: User,
    platform: Platform,
    profile: Mapping[str, Any],
    consent_recorded_on: datetime.date | None,
    consent_method: str,
) -> CandidateReferral:
    """Propose a person to ``platform``: their profile (``ReferralProfileForm``'s fields, as typed) becomes a proposed
    candidate of the platform, with its referral.

    Refused (``ValidationError`` by field, nothing written) without a consent date, with one in the future or more
    than a year old, without the way it was recorded, or with a profile the form refuses; ``PermissionDenied`` for
    anyone but the partner's advisors, a ``ValidationError`` for a platform the partner does not work with.
    """
    referral_propose_check(partner=partner, platform=platform, by=by)
    errors: dict[str, list[str]] = {}
    problem = consent_date_problem(consent_recorded_on)
    if problem:
        errors["consent_recorded_on"] = [problem]
    if consent_method not in ConsentMethod.values:
        errors["consent_method"] = [_("Say how the person's consent was recorded.")]
    form = ReferralProfileForm(
        data=profile,
        instance=proposed_candidate(
            platform=platform, consent_recorded_on=consent_recorded_on or timezone.localdate()
        ),
    )
    if not form.is_valid():
        for name, messages in form.errors.items():
            errors.setdefault(name, []).extend(messages)
    if errors:
        raise ValidationError(errors)
    candidate = form.save()
    candidate.desired_occupations.set(form.occupations())
    referral = CandidateReferral.objects.create(
        partner=partner,
        proposed_by=by,
        platform=platform,
        candidate=candidate,
        consent_recorded_on=consent_recorded_on,
        consent_method=consent_method,
    )
    personal_data_access_record(
        actor=by,
        candidate_ids=[candidate.pk],
        action=PersonalDataAccess.Action.CREATED,
        fields=sorted(form.changed_data),
    )
    return referral


def referrals_for_partner(*, user: User) -> QuerySet[CandidateReferral]:
    """The referrals of the user's partner organisation (none for anyone else), newest first."""
    partner_id = partner_id_for(user)
    if partner_id is None:
        return CandidateReferral.objects.none()
    return CandidateReferral.objects.filter(partner_id=partner_id).select_related("platform", "candidate")


def referral_for_partner(*, user: User, referral_id: int) -> CandidateReferral:
    """One referral of the user's partner; any other raises ``CandidateReferral.DoesNotExist``."""
    return referrals_for_partner(user=user).get(pk=referral_id)
