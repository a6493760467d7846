"""The notices of the deadlines for employers who do not answer (``docs/adr/0010-employer-deadlines.md``).

Declared apart from ``notifications.kinds``, which lists them with the others in ``KINDS``: a reminder to the
employer's members, an alert to the candidate's advisor, an expiry told to the advisor, the weekly recap of each
employer member, and an open need without activity flagged to its platform. E-mails carry counts, titles and links,
never a candidate's name.
"""

from collections import defaultdict
from collections.abc import Iterable

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from accounts.enums import MembershipRole
from accounts.models import Membership, User
from matching.models import Presentation
from notifications.enums import NoticeAudience, NoticeFrequency
from notifications.kind_base import NoticeKind, chosen

Frequency = NoticeFrequency


def _employer_members(kind: NoticeKind) -> QuerySet[Membership]:
    return Membership.objects.filter(role=MembershipRole.EMPLOYER_MEMBER, user__is_active=True).filter(
        chosen(kind, Frequency.EACH)
    )


def _members_reminded(*, employer_id: int) -> list[str]:
    members = _employer_members(EMPLOYER_REMINDER).filter(employer_id=employer_id)
    return sorted(members.values_list("user__email", flat=True).distinct())


def _members_recapped() -> list[tuple[int, int, str]]:
    """(employer id, user id, address) of every member who takes the weekly recap."""
    rows = _employer_members(WEEKLY_RECAP).values_list("employer_id", "user_id", "user__email")
    return sorted(set(rows), key=lambda row: (row[0], row[1]))


def _platform_staff(platform_ids: Iterable[int], role: str) -> dict[int, list[str]]:
    by_platform: dict[int, list[str]] = defaultdict(list)
    rows = Membership.objects.filter(platform_id__in=set(platform_ids), role=role, user__is_active=True)
    for platform_id, email in rows.values_list("platform_id", "user__email").order_by("user__email").distinct():
        by_platform[platform_id].append(email)
    return by_platform


def _opted_out(kind: NoticeKind, user_ids: Iterable[int]) -> set[int]:
    """Users among ``user_ids`` who chose to hear nothing of ``kind`` (a kind nobody may turn off: nobody)."""
    if not kind.audience:
        return set()
    told = User.objects.filter(pk__in=set(user_ids)).filter(chosen(kind, Frequency.EACH, user="pk"))
    return set(user_ids) - set(told.values_list("pk", flat=True))


def _advisors_of(kind: NoticeKind, *, presentation_ids: Iterable[int]) -> dict[str, list[int]]:
    """Each recipient's presentations: the candidate's advisor while active, else the managers of the candidate's
    platform; an advisor who turned ``kind`` off is not told, nor are the managers in their place."""
    rows = list(
        Presentation.objects.filter(pk__in=list(presentation_ids)).values_list(
            "pk",
            "candidate__platform_id",
            "candidate__advisor_id",
            "candidate__advisor__email",
            "candidate__advisor__is_active",
        )
    )
    opted_out = _opted_out(kind, [row[2] for row in rows if row[2]])
    managers = _platform_staff([row[1] for row in rows], MembershipRole.MANAGER)
    by_recipient: dict[str, list[int]] = defaultdict(list)
    for pk, platform_id, advisor_id, email, is_active in rows:
        if advisor_id in opted_out:
            continue
        for recipient in [email] if advisor_id and is_active else managers[platform_id]:
            by_recipient[recipient].append(pk)
    return dict(sorted(by_recipient.items()))


def _advisors_alerted(*, presentation_ids: Iterable[int]) -> dict[str, list[int]]:
    return _advisors_of(ADVISOR_ALERT, presentation_ids=presentation_ids)


def _advisors_told_of_expiry(*, presentation_ids: Iterable[int]) -> dict[str, list[int]]:
    return _advisors_of(PRESENTATION_EXPIRED, presentation_ids=presentation_ids)


def _platform_advisors_flagged(*, platform_id: int) -> list[str]:
    """The platform's advisors who hear of needs without activity; its managers when it has no advisor."""
    advisors = Membership.objects.filter(platform_id=platform_id, role=MembershipRole.ADVISOR, user__is_active=True)
    if not advisors.exists():
        return _platform_staff([platform_id], MembershipRole.MANAGER)[platform_id]
    told = advisors.filter(chosen(STALE_NEED, Frequency.EACH))
    return sorted(set(told.values_list("user__email", flat=True)))


EMPLOYER_REMINDER = NoticeKind(
    name="employer_reminder",
    subject=_("Tremplin: candidates wait for your answer for “%(title)s”"),
    template="notifications/employer_reminder",
    key=lambda c: f"employer-reminder:{c['need_id']}:{c['batch']}:{c['recipient']}",
    recipients=_members_reminded,
    audience=NoticeAudience.EMPLOYER,
    label=_("Reminders of candidates to answer"),
    help_text=_("When candidates presented to you have waited several working days for your answer."),
    frequencies=(Frequency.EACH, Frequency.NONE),
)
WEEKLY_RECAP = NoticeKind(
    name="weekly_recap",
    subject=_("Tremplin: your week, %(week)s"),
    template="notifications/weekly_recap",
    key=lambda c: f"weekly-recap:{c['week']}:{c['user_id']}",
    recipients=_members_recapped,
    audience=NoticeAudience.EMPLOYER,
    label=_("Weekly recap"),
    help_text=_("On Monday morning: candidates to answer, this week's interviews, answers expected from you."),
    frequencies=(Frequency.EACH, Frequency.NONE),
)
ADVISOR_ALERT = NoticeKind(
    name="advisor_alert",
    subject=_("Tremplin: an employer has not answered for “%(title)s”"),
    template="notifications/advisor_alert",
    key=lambda c: f"advisor-alert:{c['need_id']}:{c['batch']}:{c['recipient']}",
    recipients=_advisors_alerted,
    audience=NoticeAudience.ADVISOR,
    label=_("Employers who do not answer"),
    help_text=_("When an employer, already reminded, still has not answered the presentation of your candidates."),
    frequencies=(Frequency.EACH, Frequency.NONE),
)
# Not to be turned off: the candidate hears of the expiry through their advisor only.
PRESENTATION_EXPIRED = NoticeKind(
    name="presentation_expired",
    subject=_("Tremplin: presentations expired for “%(title)s”"),
    template="notifications/presentation_expired",
    key=lambda c: f"presentation-expired:{c['need_id']}:{c['batch']}:{c['recipient']}",
    recipients=_advisors_told_of_expiry,
)
STALE_NEED = NoticeKind(
    name="stale_need",
    subject=_("Tremplin: no activity for “%(title)s”"),
    template="notifications/stale_need",
    key=lambda c: f"stale-need:{c['need_id']}:{c['flagged_iso']}:{c['recipient']}",
    recipients=_platform_advisors_flagged,
    audience=NoticeAudience.ADVISOR,
    label=_("Open needs without activity"),
    help_text=_("When an open need of your platform has seen no activity for a long time."),
    frequencies=(Frequency.EACH, Frequency.NONE),
)

DEADLINE_KINDS = (EMPLOYER_REMINDER, WEEKLY_RECAP, ADVISOR_ALERT, PRESENTATION_EXPIRED, STALE_NEED)
