"""The notice that tells a partner that a person it proposed was hired (``notifications.referral_notices``)."""

from typing import Any

from django.utils.translation import gettext_lazy as _

from accounts.access import partner_id_for
from accounts.enums import MembershipRole
from accounts.models import Membership
from notifications.kind_base import NoticeKind


def _partner_advisors(*, partner_id: int, proposed_by: Any) -> list[str]:
    """The advisor who proposed the person while they still advise for the partner, else every advisor of it."""
    if proposed_by is not None and proposed_by.is_active and partner_id_for(proposed_by) == partner_id:
        return [proposed_by.email]
    members = Membership.objects.filter(
        partner_id=partner_id, role=MembershipRole.PARTNER_ADVISOR, user__is_active=True
    )
    return sorted(members.values_list("user__email", flat=True).distinct())


# Once per proposal, whatever happens next (a hire ended and another recorded tells nothing new).
REFERRAL_HIRED = NoticeKind(
    name="referral_hired",
    subject=_("Tremplin: a person you proposed to %(platform)s was hired"),
    template="notifications/referral_hired",
    key=lambda c: f"referral-hired:{c['referral_id']}:{c['recipient']}",
    recipients=_partner_advisors,
)
