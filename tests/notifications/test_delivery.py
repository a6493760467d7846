"""E-mail notices go through a real SMTP server (aiosmtpd, in a thread): one that cannot be sent stays recorded with
its error and is sent again later, with backoff; it is never lost."""

import datetime
import email
import email.policy
import socket

import pytest
from aiosmtpd.controller import Controller
from django.conf import settings
from django.test import override_settings
from django.utils import timezone

from accounts.enums import MembershipRole
from employers.models import StaffingNeed
from notifications.delivery import notices_retry
from notifications.models import Notice
from notifications.notices import presentation_notice_send
from tests.accounts.factories import MembershipFactory, UserFactory
from tests.employers.factories import StaffingNeedFactory

pytestmark = pytest.mark.django_db


class Inbox:
    """An aiosmtpd handler keeping every message received, refusing the recipients listed in ``refused``."""

    def __init__(self) -> None:
        self.messages: list[email.message.EmailMessage] = []
        self.refused: set[str] = set()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.refused:
            return "550 5.1.1 Mailbox unavailable"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(email.message_from_bytes(envelope.content, policy=email.policy.default))
        return "250 Message accepted for delivery"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def smtp_port():
    """Django's real SMTP backend, pointed at a local port where a test may or may not start a server."""
    port = free_port()
    mailers = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": port, "timeout": 5},
        }
    }
    with override_settings(MAILERS=mailers):
        yield port


@pytest.fixture
def smtp_server(smtp_port):
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=smtp_port)
    controller.start()
    yield inbox
    controller.stop()


def need_with_member(*, title: str, member_email: str) -> StaffingNeed:
    need = StaffingNeedFactory(open=True, title="Conseiller clientèle")
    StaffingNeed.objects.filter(pk=need.pk).update(title=title)  # as stored before titles were checked
    member = UserFactory(email=member_email)
    MembershipFactory(user=member, role=MembershipRole.EMPLOYER_MEMBER, platform=None, employer=need.employer)
    return need


def test_a_need_title_with_a_line_break_still_reaches_the_mail_server_on_one_line(smtp_server):
    need = need_with_member(title="Conseiller\r\nBcc: tous@example.org", member_email="rh@centre.example")

    assert presentation_notice_send(need_id=need.pk, presentation_ids=[1, 2]) == 1

    [message] = smtp_server.messages
    assert message["To"] == "rh@centre.example"
    assert message["Bcc"] is None
    assert message["Subject"].endswith("“Conseiller Bcc: tous@example.org”")  # sent in the platform's language
    notice = Notice.objects.get()
    assert notice.sent_at is not None
    assert (notice.attempts, notice.last_error, notice.subject, notice.body) == (1, "", "", "")


def test_a_notice_the_server_cannot_take_stays_with_its_error_and_is_sent_again_later(smtp_port):
    need = need_with_member(title="Conseiller clientèle", member_email="rh@centre.example")

    # No server listens yet: the task finishes, the notice stays to be sent again.
    assert presentation_notice_send(need_id=need.pk, presentation_ids=[1, 2]) == 0
    notice = Notice.objects.get()
    assert notice.sent_at is None
    assert notice.attempts == 1
    assert "ConnectionRefusedError" in notice.last_error
    assert notice.next_attempt_at > timezone.now()
    # The same task delivered again sends nothing twice: the notice is already recorded.
    assert presentation_notice_send(need_id=need.pk, presentation_ids=[1, 2]) == 0

    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=smtp_port)
    controller.start()
    try:
        # Not yet due: the backoff is kept.
        assert notices_retry(now=timezone.now()) == 0
        assert notices_retry(now=notice.next_attempt_at + datetime.timedelta(seconds=1)) == 1
        assert notices_retry(now=notice.next_attempt_at + datetime.timedelta(hours=1)) == 0
    finally:
        controller.stop()

    [message] = inbox.messages
    assert message["To"] == "rh@centre.example"
    assert message["Subject"].endswith("“Conseiller clientèle”")
    assert message.get_body(("plain",)).get_content().startswith("2 ")
    assert "Conseiller clientèle" in message.get_body(("html",)).get_content()
    notice.refresh_from_db()
    assert notice.sent_at is not None
    assert (notice.attempts, notice.last_error) == (2, "")


def test_a_refused_recipient_is_tried_again_with_a_growing_delay(smtp_server):
    need = need_with_member(title="Conseiller clientèle", member_email="plein@centre.example")
    smtp_server.refused.add("plein@centre.example")

    assert presentation_notice_send(need_id=need.pk, presentation_ids=[1]) == 0
    notice = Notice.objects.get()
    delays = []
    for _attempt in range(3):
        before = notice.next_attempt_at
        assert notices_retry(now=before) == 0
        notice.refresh_from_db()
        delays.append(notice.next_attempt_at - before)
    assert delays[0] < delays[1] < delays[2]
    assert notice.attempts == 4
    assert "SMTPRecipientsRefused" in notice.last_error
    assert notice.sent_at is None

    smtp_server.refused.clear()
    assert notices_retry(now=notice.next_attempt_at) == 1
    assert [message["To"] for message in smtp_server.messages] == ["plein@centre.example"]


def test_the_beat_retries_notices_every_minute():
    entries = [entry for entry in settings.CELERY_BEAT_SCHEDULE.values() if entry["task"].endswith("notices_retry")]
    assert [entry["schedule"] for entry in entries] == [60.0]
