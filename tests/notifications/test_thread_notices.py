"""Messages on a need's thread are told to the other side, by each person's choice, once, without their text."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from accounts.enums import MembershipRole
from matching.models import NeedMessage
from matching.services.threads import need_message_post
from notifications.enums import NoticeFrequency
from notifications.kinds import NEED_MESSAGE, NEED_MESSAGE_STAFF
from notifications.preferences import notice_preferences_save
from notifications.thread_notices import need_message_daily_digest_send, need_message_notice_send
from tests.accounts.factories import AdvisorFactory, MembershipFactory
from tests.matching.thread_world import member_of, thread_world

pytestmark = pytest.mark.django_db
BODY = "Inès Morel viendra mardi à 9 h, bureau 12."


@pytest.fixture
def world():
    return thread_world()


def recipients() -> list[str]:
    return sorted(address for message in mail.outbox for address in message.to)


def test_the_employer_s_members_hear_of_the_platform_s_message_once_and_without_its_text(world):
    colleague = member_of(world.need.employer, "direction@centre.example")
    message = need_message_post(need=world.need, author=world.advisor, body=BODY)

    assert need_message_notice_send(message_id=message.pk) == 2
    assert need_message_notice_send(message_id=message.pk) == 0  # a task delivered twice sends nothing more

    assert recipients() == sorted([world.member.email, colleague.email])
    sent = mail.outbox[0]
    assert world.need.title in sent.subject
    assert f"/portal/needs/{world.need.pk}/messages/" in sent.body
    assert "Morel" not in sent.body
    assert "Morel" not in sent.alternatives[0][0]
    # Another employer's member is not told.
    assert world.other_member.email not in recipients()


def test_a_member_who_chose_no_e_mail_or_the_daily_summary_is_not_told_at_once(world):
    quiet = member_of(world.need.employer, "quiet@centre.example")
    daily = member_of(world.need.employer, "daily@centre.example")
    notice_preferences_save(user=quiet, choices={NEED_MESSAGE.name: NoticeFrequency.NONE})
    notice_preferences_save(user=daily, choices={NEED_MESSAGE.name: NoticeFrequency.DAILY})
    message = need_message_post(need=world.need, author=world.advisor, body=BODY)

    need_message_notice_send(message_id=message.pk)
    assert recipients() == [world.member.email]

    mail.outbox.clear()
    day = timezone.localdate(message.created_at)
    assert need_message_daily_digest_send(day=day) == 1
    assert need_message_daily_digest_send(day=day) == 0
    assert recipients() == [daily.email]
    assert "Morel" not in mail.outbox[0].body
    assert world.need.title in mail.outbox[0].body
    # Nothing the day after.
    assert need_message_daily_digest_send(day=day + datetime.timedelta(days=1)) == 0


def test_the_advisors_following_the_need_hear_of_the_employer_s_message_by_their_choice(world):
    # The advisor of candidates presented for the need follows it; a colleague who wrote in its thread too; another
    # advisor of the platform does not.
    platform = world.need.employer.platform
    writer = AdvisorFactory(memberships__platform=platform, email="ecrit@plateforme.example")
    bystander = AdvisorFactory(memberships__platform=platform, email="autre@plateforme.example")
    need_message_post(need=world.need, author=writer, body="Bonjour")
    message = need_message_post(need=world.need, author=world.member, body="Bonjour, des nouvelles ?")

    assert need_message_notice_send(message_id=message.pk) == 2
    assert recipients() == sorted([world.advisor.email, writer.email])
    assert f"/staff/needs/{world.need.pk}/messages/" in mail.outbox[0].body
    assert bystander.email not in recipients()

    mail.outbox.clear()
    notice_preferences_save(user=world.advisor, choices={NEED_MESSAGE_STAFF.name: NoticeFrequency.NONE})
    later = need_message_post(need=world.need, author=world.member, body="Toujours là ?")
    need_message_notice_send(message_id=later.pk)
    assert recipients() == [writer.email]


def test_the_author_is_never_told_of_their_own_message(world):
    message = need_message_post(need=world.need, author=world.advisor, body="Bonjour")
    reply = need_message_post(need=world.need, author=world.member, body="Bonjour")
    need_message_notice_send(message_id=message.pk)
    need_message_notice_send(message_id=reply.pk)
    assert recipients() == [world.advisor.email, world.member.email]


def test_without_anyone_following_the_need_its_platform_s_managers_are_told(world):
    NeedMessage.objects.all().delete()
    world.need.presentations.all().delete()
    manager = AdvisorFactory(memberships__platform=world.need.employer.platform, email="direction@plateforme.example")
    manager.memberships.update(role=MembershipRole.MANAGER)
    MembershipFactory()  # a manager elsewhere is not told
    message = need_message_post(need=world.need, author=world.member, body="Bonjour")

    need_message_notice_send(message_id=message.pk)
    assert recipients() == [manager.email]
