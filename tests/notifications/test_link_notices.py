"""The e-mail that carries a candidate's link: in the candidate's language, the job but never the employer, a link
that opens the page, and a token that is in no task argument and no recorded notice waiting for a retry."""

import re

import pytest
from aiosmtpd.controller import Controller
from django.core import mail

from matching.enums import LinkChannel, LinkPurpose
from matching.link_selectors import candidate_link_for_token
from matching.models import CandidateLink
from notifications.delivery import notices_retry
from notifications.link_notices import candidate_link_email_send
from notifications.models import Notice, TaskToSend
from referentials.models import Language
from tests.matching.link_world import link_world, send, slot_presentation
from tests.notifications.test_delivery import Inbox, smtp_port  # noqa: F401 (a fixture)

pytestmark = pytest.mark.django_db
LINK = re.compile(r"https?://\S+/portal/l/([A-Za-z0-9_-]+)/")


def _token_in(text: str) -> str:
    match = LINK.search(text)
    assert match, text
    return match.group(1)


def test_the_e_mail_names_the_job_not_the_employer_and_its_link_opens_the_page(platform, advisor):
    world = link_world(platform)
    world.need.employer.legal_name = "Centre Secret SAS"
    world.need.employer.save()
    link, token = send(world.presentation, advisor)

    assert candidate_link_email_send(link_id=link.pk) is True

    (message,) = mail.outbox
    assert message.to == [world.candidate.email]
    assert message.subject == f"Tremplin : une offre d’emploi pour vous, {world.need.occupation.label}"
    assert message.body.startswith(f"Bonjour {world.candidate.first_name},")
    assert world.need.site.commune.name in message.body
    assert "Centre Secret" not in message.body + message.alternatives[0][0]
    assert f"/portal/l/{token}/" in message.body
    assert f'href="http://127.0.0.1:8000/portal/l/{token}/"' in message.alternatives[0][0]
    assert candidate_link_for_token(_token_in(message.body)) == link
    assert Notice.objects.get().body == ""
    # Sent once: the task run again sends nothing.
    assert candidate_link_email_send(link_id=link.pk) is False


def test_the_task_carries_only_the_link_s_id(platform, advisor):
    link, token = send(link_world(platform).presentation, advisor)

    (promised,) = TaskToSend.objects.all()

    assert promised.arguments == [link.pk]
    assert token not in str(promised.arguments)


def test_in_english_for_a_candidate_who_speaks_english_and_not_french(platform, advisor):
    world = link_world(platform)
    english, _created = Language.objects.get_or_create(code="en", defaults={"label": "anglais", "label_en": "English"})
    world.candidate.languages.create(language=english, level=4)
    link, token = send(world.presentation, advisor)

    candidate_link_email_send(link_id=link.pk)

    (message,) = mail.outbox
    assert message.subject.startswith("Tremplin: a job offer for you")
    assert f"/en/portal/l/{token}/" in message.body


def test_an_interview_slot_link_asks_to_choose_a_time(platform, advisor):
    link, _token = send(slot_presentation(platform), advisor, purpose=LinkPurpose.INTERVIEW_SLOT)

    candidate_link_email_send(link_id=link.pk)

    (message,) = mail.outbox
    assert message.subject == "Tremplin : choisissez l’horaire de votre entretien"
    assert "Choisissez celui qui vous convient" in message.body


def test_a_revoked_link_is_not_sent(platform, advisor):
    link, _token = send(link_world(platform).presentation, advisor)
    CandidateLink.objects.filter(pk=link.pk).update(revoked_at=link.created_at)

    assert candidate_link_email_send(link_id=link.pk) is False
    assert not mail.outbox


def test_a_notice_waiting_for_a_retry_holds_no_token(platform, advisor, smtp_port):  # noqa: F811
    link, token = send(link_world(platform).presentation, advisor, channels=[LinkChannel.EMAIL])

    # No mail server listens: the notice stays recorded, to be sent again.
    assert candidate_link_email_send(link_id=link.pk) is False
    waiting = Notice.objects.get()
    assert token not in waiting.body + waiting.html_body
    assert "TOKEN-WRITTEN-AT-DELIVERY" in waiting.body

    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=smtp_port)
    controller.start()
    try:
        assert notices_retry(now=waiting.next_attempt_at) == 1
    finally:
        controller.stop()
    (message,) = inbox.messages
    assert f"/portal/l/{token}/" in message.get_body(("plain",)).get_content()
