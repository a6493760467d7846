"""Writes on a need's thread: posting a message, and marking it read.

Only the need's employer's active members and staff of its platform may post (``need_thread_side``). A message may
not name a candidate whose identity the employer was not given (``matching.message_privacy``): the check runs here,
so every door (portal, staff pages, API) refuses the same text with the same message, which never repeats the name.
The other side is told after the commit (``matching.events.need_message_posted``).
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from employers.models import StaffingNeed
from matching import events
from matching.message_privacy import message_names_protected
from matching.models import NeedMessage, NeedThreadRead
from matching.models.threads import MESSAGE_MAX_LENGTH
from matching.thread_selectors import need_thread_side, protected_identities_for_need


def _side_or_refuse(*, need: StaffingNeed, user: User) -> str:
    side = need_thread_side(user=user, need=need)
    if side is None:
        raise PermissionDenied(_("Only the employer's members and the platform's staff take part in this thread."))
    return side


def message_body_check(*, need: StaffingNeed, body: str) -> str:
    """The body as it will be stored (trimmed), or a ``ValidationError`` on ``body`` saying why it is refused."""
    body = (body or "").strip()
    if not body:
        raise ValidationError({"body": ValidationError(_("Write a message."), code="required")})
    if len(body) > MESSAGE_MAX_LENGTH:
        too_long = _("A message holds at most %(max)d characters.") % {"max": MESSAGE_MAX_LENGTH}
        raise ValidationError({"body": ValidationError(too_long, code="max_length")})
    if message_names_protected(body, protected_identities_for_need(need=need)):
        # The message says what to change without repeating what was found: the refusal itself is shown to the
        # author only, but it is also kept in logs and error reports.
        names_candidate = _(
            "This message names a candidate (a name, an e-mail address or a phone number) whose identity the "
            "employer has not been given. Refer to candidates by the pseudonym shown on the need."
        )
        raise ValidationError({"body": ValidationError(names_candidate, code="names_candidate")})
    return body


@transaction.atomic
def need_message_post(*, need: StaffingNeed, author: User, body: str) -> NeedMessage:
    """Post ``body`` on ``need``'s thread for ``author``'s side, and tell the other side after the commit.

    Refused (``PermissionDenied``) for anyone but the employer's active members and the platform's staff;
    ``ValidationError`` on ``body`` when it is empty, too long, or names a candidate the employer may not know.
    The author's own message counts as read by them.
    """
    side = _side_or_refuse(need=need, user=author)
    body = message_body_check(need=need, body=body)
    message = NeedMessage.objects.create(need=need, author=author, side=side, body=body)
    _mark(need=need, user=author, message=message)
    events.need_message_posted.send(sender=NeedMessage, message_id=message.pk)
    return message


@transaction.atomic
def need_thread_mark_read(*, need: StaffingNeed, user: User, up_to: NeedMessage | None = None) -> NeedThreadRead:
    """Record that ``user`` has read ``need``'s thread up to ``up_to`` (its latest message by default).

    A mark never moves back: reading an older message again (an old tab, an API call with an old id) keeps the
    later mark. ``up_to`` must be a message of this need.
    """
    _side_or_refuse(need=need, user=user)
    if up_to is not None and up_to.need_id != need.pk:
        raise ValidationError({"up_to": ValidationError(_("This message is not on this need."), code="other_need")})
    message = up_to or NeedMessage.objects.filter(need=need).order_by("-pk").first()
    return _mark(need=need, user=user, message=message)


def _mark(*, need: StaffingNeed, user: User, message: NeedMessage | None) -> NeedThreadRead:
    mark, _created = NeedThreadRead.objects.select_for_update().get_or_create(user=user, need=need)
    if message is not None and (mark.last_read_id is None or mark.last_read_id < message.pk):
        mark.last_read = message
        mark.read_at = timezone.now()
        mark.save(update_fields=["last_read", "read_at"])
    return mark
