"""What each person chose to hear of: reading and saving their ``NoticePreference`` rows.

Employer members choose among the kinds whose audience is ``EMPLOYER``, platform staff among the ``ADVISOR`` ones
(``NoticeKind.audience``); a kind without a row is sent at its default. The settings pages (the portal's, the staff
workspace's) call these two functions only.
"""

from collections.abc import Mapping

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.access import employer_id_for, is_platform_staff
from accounts.models import User
from notifications.enums import NoticeAudience
from notifications.kinds import NoticeKind, kinds_for_audience
from notifications.models import NoticePreference


def notice_kinds_for(*, user: User) -> list[NoticeKind]:
    """The kinds this user may choose: an employer member's or platform staff's; none for anyone else."""
    if is_platform_staff(user):
        return kinds_for_audience(NoticeAudience.ADVISOR)
    if employer_id_for(user) is not None:
        return kinds_for_audience(NoticeAudience.EMPLOYER)
    return []


def notice_preferences_for(*, user: User) -> dict[str, str]:
    """How often the user hears of each kind they may choose, by kind name: their choice, else the kind's default."""
    kinds = notice_kinds_for(user=user)
    chosen = dict(
        NoticePreference.objects.filter(user=user, kind__in=[kind.name for kind in kinds]).values_list(
            "kind", "frequency"
        )
    )
    return {kind.name: chosen.get(kind.name, kind.default) for kind in kinds}


@transaction.atomic
def notice_preferences_save(*, user: User, choices: Mapping[str, str]) -> dict[str, str]:
    """Record the user's choice for each kind they may choose; all or none.

    A kind they may not choose, or a frequency that kind does not offer, is refused with an error keyed by the
    kind's name (the settings forms name their fields after the kinds).
    """
    kinds = {kind.name: kind for kind in notice_kinds_for(user=user)}
    errors = {}
    for name, frequency in choices.items():
        kind = kinds.get(name)
        if kind is None:
            errors[name] = _("You cannot choose this notice.")
        elif frequency not in kind.frequencies:
            errors[name] = _("Choose how often to hear of this notice.")
    if errors:
        raise ValidationError(errors)
    now = timezone.now()
    for name, frequency in choices.items():
        NoticePreference.objects.update_or_create(
            user=user, kind=name, defaults={"frequency": frequency, "updated_at": now}
        )
    return notice_preferences_for(user=user)
