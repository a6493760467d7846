"""Every kind of notice, declared once: its subject, its text and HTML templates, who receives it, its send-once key,
and whether people may choose how often they hear of it.

A notice is sent by naming its kind (``notifications.sending``): the subject (translated lazily, then formatted with
the notice's context) and the templates ``<template>.txt`` and ``<template>.html`` under
``notifications/templates/`` are rendered in the site's language, and the key, built from the same context, makes a
second delivery of the same task send nothing. les-emplois' ``itou/communications`` and Zulip's
``send_email(template_prefix, …)`` work the same way.
"""

import datetime
from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from accounts.enums import MembershipRole
from accounts.models import Membership
from candidates.enums import CandidateStatus
from matching.enums import MessageSide
from matching.models import MatchSuggestion, NeedMessage, Presentation
from matching.models.cohorts import FOLLOWED_UP
from matching.todo_selectors import STRONG_SUGGESTION_SCORE
from notifications.deadline_kinds import DEADLINE_KINDS
from notifications.enums import NoticeAudience, NoticeFrequency
from notifications.kind_base import NoticeKind, chosen
from notifications.link_delivery import CANDIDATE_LINK_KIND, candidate_link_notice_key
from notifications.referral_kinds import REFERRAL_HIRED

Frequency = NoticeFrequency


def _addressed(*, recipient: str, **_about: Any) -> list[str]:
    """For notices written to one address that the sender names (joining, allauth)."""
    return [recipient]


def _employer_members(kind: NoticeKind, frequency: str) -> Any:
    return Membership.objects.filter(role=MembershipRole.EMPLOYER_MEMBER, user__is_active=True).filter(
        chosen(kind, frequency)
    )


def _members_told_each_time(*, employer_id: int) -> list[str]:
    members = _employer_members(PRESENTATION, Frequency.EACH).filter(employer_id=employer_id)
    return sorted(members.values_list("user__email", flat=True))


def _members_told_daily() -> list[tuple[int, str]]:
    """(employer id, address) of every member who chose the daily summary."""
    rows = _employer_members(PRESENTATION, Frequency.DAILY).values_list("employer_id", "user__email")
    return sorted(rows, key=lambda row: row[1])


def _platform_managers(*, platform_id: int) -> list[str]:
    return sorted(
        Membership.objects.filter(platform_id=platform_id, role=MembershipRole.MANAGER, user__is_active=True)
        .values_list("user__email", flat=True)
        .distinct()
    )


def _user_or_managers(*, user: Any, platform_id: int) -> list[str]:
    """The person concerned while their account is active, else the managers of their platform."""
    if user is not None and user.is_active:
        return [user.email]
    return _platform_managers(platform_id=platform_id)


def _advisor_told_of_answers(*, advisor: Any) -> list[str]:
    if advisor is None or not advisor.is_active:
        return []
    told = type(advisor).objects.filter(pk=advisor.pk).filter(chosen(EMPLOYER_ANSWER, Frequency.EACH, user="pk"))
    return [advisor.email] if told.exists() else []


def _advisors_with_strong_suggestions(*, since: datetime.datetime) -> list[tuple[str, int]]:
    """(advisor's address, how many of their candidates have a strong suggestion computed since ``since``)."""
    rows = (
        MatchSuggestion.objects.filter(
            score__gte=STRONG_SUGGESTION_SCORE, computed_at__gte=since, candidate__advisor__isnull=False
        )
        .filter(chosen(STRONG_SUGGESTION_DIGEST, Frequency.DAILY, user="candidate__advisor"))
        .values("candidate__advisor__email")
        .annotate(count=Count("candidate", distinct=True))
        .order_by("candidate__advisor__email")
    )
    return [(row["candidate__advisor__email"], row["count"]) for row in rows]


def _advisors_with_checks_due(*, today: datetime.date) -> list[tuple[str, list[int]]]:
    """(advisor's address, their candidates' hires and entries into training whose six-month check is due and not
    reminded yet).

    An anonymised candidate's hire is never reminded: nobody may contact the person about it any more.
    """
    due = (
        Presentation.objects.filter(
            FOLLOWED_UP,
            follow_up_due_on__lte=today,
            followed_up_at__isnull=True,
            follow_up_reminded_at__isnull=True,
            candidate__advisor__isnull=False,
            candidate__anonymised_at__isnull=True,
        )
        .exclude(candidate__status=CandidateStatus.ANONYMISED)
        .filter(chosen(FOLLOW_UP_REMINDER, Frequency.EACH, user="candidate__advisor"))
        .values_list("pk", "candidate__advisor__email")
    )
    by_advisor: dict[str, list[int]] = defaultdict(list)
    for pk, email in due:
        by_advisor[email].append(pk)
    return sorted(by_advisor.items())


def _advisors_or_managers(*, profiles: Sequence[tuple[int, int, str | None, bool]]) -> dict[str, list[int]]:
    """For ``(candidate id, platform id, advisor's address, advisor is active)`` rows: each recipient's candidates.

    The advisor while active, else the managers of the candidate's platform; a profile with neither is left out.
    """
    managers: dict[int, list[str]] = defaultdict(list)
    for platform_id, email in Membership.objects.filter(
        role=MembershipRole.MANAGER, user__is_active=True, platform_id__in={row[1] for row in profiles}
    ).values_list("platform_id", "user__email"):
        managers[platform_id].append(email)
    by_recipient: dict[str, list[int]] = defaultdict(list)
    for pk, platform_id, advisor_email, advisor_is_active in profiles:
        for email in [advisor_email] if advisor_email and advisor_is_active else managers[platform_id]:
            by_recipient[email].append(pk)
    return dict(sorted(by_recipient.items()))


def _thread_followers(*, message: Any, frequency: str) -> list[str]:
    """Who hears of ``message`` at ``frequency``: the other side of its need's thread, never its author.

    For an employer's message, the platform's staff following the need: the advisors of the candidates presented
    for it and the staff who wrote in its thread, else (nobody follows it yet) the platform's managers. For the
    platform's message, the employer's active members.
    """
    need = message.need
    if message.side == MessageSide.PLATFORM:
        kind = NEED_MESSAGE
        users = Membership.objects.filter(
            role=MembershipRole.EMPLOYER_MEMBER, employer_id=need.employer_id, user__is_active=True
        ).values("user_id")
    else:
        kind = NEED_MESSAGE_STAFF
        staff = Membership.objects.filter(
            role__in=MembershipRole.platform_roles(), platform_id=need.employer.platform_id, user__is_active=True
        )
        following = Q(user__in=Presentation.objects.filter(need=need).values("candidate__advisor")) | Q(
            user__in=NeedMessage.objects.filter(need=need, side=MessageSide.PLATFORM).values("author")
        )
        users = staff.filter(following).values("user_id")
        if not users.exists():
            users = staff.filter(role=MembershipRole.MANAGER).values("user_id")
    rows = (
        Membership.objects.filter(user__in=users)
        .exclude(user_id=message.author_id)
        .filter(chosen(kind, frequency))
        .values_list("user__email", flat=True)
        .distinct()
    )
    return sorted(set(rows))


PRESENTATION = NoticeKind(
    name="presentation",
    subject=_("Tremplin: candidates presented for “%(title)s”"),
    template="notifications/presentation",
    key=lambda c: f"presented:{c['need_id']}:{c['batch']}:{c['recipient']}",
    recipients=_members_told_each_time,
    audience=NoticeAudience.EMPLOYER,
    label=_("Presented candidates"),
    help_text=_("E-mails give the number of candidates and a link to this portal, never their names."),
    frequencies=(Frequency.EACH, Frequency.DAILY, Frequency.NONE),
)
# Sent to the members who chose the daily summary of ``PRESENTATION``: listed under it, not on its own.
PRESENTATION_DAILY_DIGEST = NoticeKind(
    name="presentation_daily_digest",
    subject=_("Tremplin: candidates presented to you on %(day)s"),
    template="notifications/presentation_daily_digest",
    key=lambda c: f"presented-daily:{c['day_iso']}:{c['recipient']}",
    recipients=_members_told_daily,
)
EMPLOYER_ANSWER = NoticeKind(
    name="employer_answer",
    subject=None,
    template="notifications/employer_answer",
    key=lambda c: f"answer:{c['presentation_id']}:{c['status']}",
    recipients=_advisor_told_of_answers,
    audience=NoticeAudience.ADVISOR,
    label=_("Employers' answers"),
    help_text=_("When an employer asks to interview one of your candidates, or declines them."),
    frequencies=(Frequency.EACH, Frequency.NONE),
)
STRONG_SUGGESTION_DIGEST = NoticeKind(
    name="strong_suggestion_digest",
    subject=_("Tremplin: strong new suggestions for your candidates"),
    template="notifications/strong_suggestion_digest",
    key=lambda c: f"digest:{c['today_iso']}:{c['recipient']}",
    recipients=_advisors_with_strong_suggestions,
    audience=NoticeAudience.ADVISOR,
    label=_("Strong new suggestions"),
    help_text=_("How many of your candidates have strong new suggestions, once a day."),
    frequencies=(Frequency.DAILY, Frequency.NONE),
)
FOLLOW_UP_REMINDER = NoticeKind(
    name="follow_up_reminder",
    subject=_("Tremplin: six-month checks to record"),
    template="notifications/follow_up_reminder",
    key=lambda c: f"follow-up:{c['batch']}:{c['recipient']}",
    recipients=_advisors_with_checks_due,
    audience=NoticeAudience.ADVISOR,
    label=_("Six-month checks"),
    help_text=_("When hires of your candidates reach six months and their check is to be recorded."),
    frequencies=(Frequency.EACH, Frequency.NONE),
)
HAND_OFF_REQUEST = NoticeKind(
    name="hand_off_request",
    subject=_("Tremplin: %(platform)s asks for one of your candidates"),
    template="notifications/hand_off_request",
    key=lambda c: f"hand-off-request:{c['hand_off_id']}:{c['recipient']}",
    recipients=_user_or_managers,
)
HAND_OFF_ANSWER = NoticeKind(
    name="hand_off_answer",
    subject=None,
    template="notifications/hand_off_answer",
    key=lambda c: f"hand-off-answer:{c['hand_off_id']}:{c['status']}:{c['recipient']}",
    recipients=_user_or_managers,
)
# A message on a need's thread, told to the other side. The e-mail never copies the message: its text may name a
# candidate once their identity was given, and an e-mail leaves our control (forwarded, kept in mailboxes we cannot
# erase when the person asks). It says a message is waiting and links to the thread.
NEED_MESSAGE = NoticeKind(
    name="need_message",
    subject=_("Tremplin: a new message about “%(title)s”"),
    template="notifications/need_message",
    key=lambda c: f"need-message:{c['message_id']}:{c['recipient']}",
    recipients=_thread_followers,
    audience=NoticeAudience.EMPLOYER,
    label=_("Messages on your needs"),
    help_text=_("When the platform writes on one of your needs. E-mails link to the message, never copy it."),
    frequencies=(Frequency.EACH, Frequency.DAILY, Frequency.NONE),
)
NEED_MESSAGE_STAFF = NoticeKind(
    name="need_message_staff",
    subject=_("Tremplin: a new message about “%(title)s”"),
    template="notifications/need_message",
    key=lambda c: f"need-message:{c['message_id']}:{c['recipient']}",
    recipients=_thread_followers,
    audience=NoticeAudience.ADVISOR,
    label=_("Employers' messages on needs"),
    help_text=_(
        "When an employer writes on a need you follow (your candidates were presented for it, or you wrote in its "
        "thread). E-mails link to the message, never copy it."
    ),
    frequencies=(Frequency.EACH, Frequency.DAILY, Frequency.NONE),
)
# Sent to those who chose the daily summary of ``NEED_MESSAGE`` or ``NEED_MESSAGE_STAFF``: listed under them.
NEED_MESSAGE_DAILY_DIGEST = NoticeKind(
    name="need_message_daily_digest",
    subject=_("Tremplin: new messages on your needs on %(day)s"),
    template="notifications/need_message_daily_digest",
    key=lambda c: f"need-messages-daily:{c['day_iso']}:{c['recipient']}",
    recipients=_thread_followers,
)
# Not to be turned off: a profile is anonymised only once someone was told (``matching.retention``).
RETENTION = NoticeKind(
    name="retention",
    subject=_("Tremplin: candidate profiles to be anonymised"),
    template="notifications/retention",
    key=lambda c: f"retention:{c['today_iso']}:{c['recipient']}",
    recipients=_advisors_or_managers,
)
ACCESS_REQUEST_APPROVED = NoticeKind(
    name="access_request_approved",
    subject=_("Tremplin: your access for %(company)s is approved"),
    template="notifications/access_request_approved",
    key=lambda c: f"access-request:{c['access_request_id']}:approved",
    recipients=_addressed,
)
ACCESS_REQUEST_REFUSED = NoticeKind(
    name="access_request_refused",
    subject=_("Tremplin: your access request for %(company)s"),
    template="notifications/access_request_refused",
    key=lambda c: f"access-request:{c['access_request_id']}:refused",
    recipients=_addressed,
)
INVITATION = NoticeKind(
    name="invitation",
    subject=_("Tremplin: join %(company)s"),
    template="notifications/invitation",
    key=lambda c: f"invitation:{c['invitation_id']}",
    recipients=_addressed,
)
# allauth's e-mails (confirming an address, resetting a password…): text and subject from allauth's templates.
ACCOUNT = NoticeKind(
    name="account",
    subject=None,
    template="notifications/account",
    key=lambda c: f"account:{c['message_id']}",
    recipients=_addressed,
)

# A secure link to a candidate (``notifications.link_notices``): in the candidate's language, subject by purpose, the
# token written in only when the e-mail leaves (``notifications.link_delivery``). Not to be turned off: the person
# consented to messages, and staff chose to send it.
CANDIDATE_LINK = NoticeKind(
    name=CANDIDATE_LINK_KIND,
    subject=None,
    template="notifications/candidate_link",
    key=lambda c: candidate_link_notice_key(c["link_id"]),
    recipients=_addressed,
)


def _interview_recipients(*, presentation: Presentation) -> list[tuple[str, str]]:
    """(audience, address) of who receives an interview's invitation: the employer's active members and the
    candidate's advisor while active."""
    members = Membership.objects.filter(
        role=MembershipRole.EMPLOYER_MEMBER, user__is_active=True, employer_id=presentation.need.employer_id
    ).values_list("user__email", flat=True)
    recipients = [(INTERVIEW_EMPLOYER, email) for email in sorted(set(members))]
    advisor = presentation.candidate.advisor
    if advisor is not None and advisor.is_active:
        recipients.append((INTERVIEW_ADVISOR, advisor.email))
    return recipients


INTERVIEW_EMPLOYER, INTERVIEW_ADVISOR = "employer", "advisor"
# An interview scheduled or cancelled, with its calendar file rebuilt from the key when the e-mail leaves
# (``notifications.delivery``): the key names the presentation, the change, the method and the audience.
INTERVIEW_INVITATION = NoticeKind(
    name="interview_invitation",
    subject=None,
    template="notifications/interview_invitation",
    key=lambda c: f"interview:{c['presentation_id']}:{c['sequence']}:{c['method']}:{c['audience']}:{c['recipient']}",
    recipients=_interview_recipients,
)

# Sent once per interview time: a rescheduled interview is reminded again (``interview_reminders_send``).
INTERVIEW_REMINDER = NoticeKind(
    name="interview_reminder",
    subject=_("Tremplin: interview tomorrow for “%(title)s”, %(when)s"),
    template="notifications/interview_reminder",
    key=lambda c: f"interview-reminder:{c['presentation_id']}:{c['interview_at_iso']}:{c['recipient']}",
    recipients=_interview_recipients,
)

KINDS: dict[str, NoticeKind] = {
    kind.name: kind
    for kind in (
        PRESENTATION,
        PRESENTATION_DAILY_DIGEST,
        EMPLOYER_ANSWER,
        STRONG_SUGGESTION_DIGEST,
        FOLLOW_UP_REMINDER,
        HAND_OFF_REQUEST,
        HAND_OFF_ANSWER,
        RETENTION,
        ACCESS_REQUEST_APPROVED,
        ACCESS_REQUEST_REFUSED,
        INVITATION,
        ACCOUNT,
        CANDIDATE_LINK,
        *DEADLINE_KINDS,
        NEED_MESSAGE,
        NEED_MESSAGE_STAFF,
        NEED_MESSAGE_DAILY_DIGEST,
        INTERVIEW_INVITATION,
        INTERVIEW_REMINDER,
        REFERRAL_HIRED,
    )
}


def kinds_for_audience(audience: str) -> list[NoticeKind]:
    """The kinds this audience may choose, in the order they are declared."""
    return [kind for kind in KINDS.values() if kind.audience == audience]
