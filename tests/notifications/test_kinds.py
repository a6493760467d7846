"""Every kind of notice is declared once and sent once, with a text part and an HTML alternative, in the site's
language; a notice recorded after commit (the joining e-mails) leaves with the commit and never on a rollback."""

import pytest
from django.core import mail
from django.db import transaction
from django.test import override_settings

from accounts.enums import MembershipRole
from employers.invitations import invitation_send, invitation_token_hash
from notifications.kinds import KINDS
from notifications.models import Notice
from notifications.sending import notice_send, notice_send_after_commit
from tests.accounts.factories import MembershipFactory
from tests.employers.factories import EmployerFactory

pytestmark = pytest.mark.django_db

# A context for each kind, with what its subject, templates and key read.
CONTEXTS = {
    "presentation": {"need_id": 1, "batch": "b", "title": "Conseiller clientèle", "count": 2, "url": "https://t/p"},
    "presentation_daily_digest": {
        "day": "04/12/2026",
        "day_iso": "2026-12-04",
        "count": 3,
        "needs": [("Conseiller clientèle", 2), ("Superviseur", 1)],
        "url": "https://t/p",
    },
    "employer_answer": {
        "presentation_id": 7,
        "status": "interview_requested",
        "interview_requested": True,
        "subject": "Tremplin: interview requested for “%(title)s”",
        "title": "Conseiller clientèle",
        "url": "https://t/r",
    },
    "interview_invitation": {
        "presentation_id": 7,
        "sequence": 0,
        "method": "REQUEST",
        "audience": "employer",
        "subject": "Tremplin: interview for “%(title)s” on %(when)s",
        "title": "Conseiller clientèle",
        "when": "08/12/2026 10:00",
        "place": "Agence de Lille",
        "is_cancelled": False,
        "url": "https://t/i",
    },
    "interview_reminder": {
        "presentation_id": 7,
        "interview_at_iso": "2026-12-08T09:00:00+00:00",
        "title": "Conseiller clientèle",
        "when": "08/12/2026 10:00",
        "place": "",
        "url": "https://t/i",
    },
    "strong_suggestion_digest": {"today_iso": "2026-12-05", "count": 4, "url": "https://t/s"},
    "referral_hired": {"referral_id": 5, "platform": "Plateforme Nord", "url": "https://t/p"},
    "follow_up_reminder": {"batch": "b", "count": 1, "url": "https://t/f"},
    "hand_off_request": {"hand_off_id": 3, "platform": "Plateforme Nord", "title": "Conseiller clientèle", "url": "u"},
    "hand_off_answer": {
        "hand_off_id": 3,
        "status": "accepted",
        "accepted": True,
        "subject": "Tremplin: %(platform)s handed you a candidate for “%(title)s”",
        "platform": "Plateforme Nord",
        "title": "Conseiller clientèle",
        "url": "https://t/h",
    },
    "retention": {"today_iso": "2026-12-05", "count": 2, "days": [("01/02/2027", 2)], "url": "https://t/c"},
    "access_request_approved": {
        "access_request_id": 5,
        "company": "Centre d'appels Nord",
        "platform": "Plateforme Nord",
        "url": "https://t/",
    },
    "access_request_refused": {
        "access_request_id": 5,
        "company": "Centre d'appels Nord",
        "note": "SIRET inconnu",
        "url": "https://t/",
    },
    "invitation": {
        "invitation_id": 9,
        "inviter": "Léa Martin",
        "company": "Centre d'appels Nord",
        "date": "19 décembre 2026",
        "url": "https://t/i#secret",
        "token": "secret",
    },
    "account": {"message_id": "m1", "subject": "[Tremplin] Confirm", "text": "Confirm: https://t/c/1/\n"},
    "candidate_link": {
        "link_id": 11,
        "subject": "Tremplin: a job offer for you, %(occupation)s",
        "first_name": "Sami",
        "is_proposal": True,
        "occupation": "Conseil clientèle à distance",
        "town": "Lille",
        "deadline": "12/12/2026",
        "url": "https://t/portal/l/TOKEN-WRITTEN-AT-DELIVERY/",
    },
    "employer_reminder": {
        "need_id": 1,
        "batch": "b",
        "title": "Conseiller clientèle",
        "count": 2,
        "url": "https://t/p",
    },
    "weekly_recap": {
        "user_id": 4,
        "week": "2026-W49",
        "to_answer": 2,
        "interviews": 1,
        "answers_expected": 0,
        "url": "https://t/p",
    },
    "advisor_alert": {
        "need_id": 1,
        "batch": "b",
        "title": "Conseiller clientèle",
        "company": "Centre d'appels Nord",
        "count": 1,
        "url": "https://t/r",
    },
    "presentation_expired": {
        "need_id": 1,
        "batch": "b",
        "title": "Conseiller clientèle",
        "company": "Centre d'appels Nord",
        "count": 3,
        "url": "https://t/r",
    },
    "stale_need": {
        "need_id": 1,
        "flagged_iso": "2026-12-05",
        "title": "Conseiller clientèle",
        "company": "Centre d'appels Nord",
        "url": "https://t/s",
    },
    "need_message": {"message_id": 12, "title": "Conseiller clientèle", "url": "https://t/portal/needs/1/messages/"},
    "need_message_staff": {"message_id": 12, "title": "Conseiller clientèle", "url": "https://t/staff/needs/1/m/"},
    "need_message_daily_digest": {
        "day": "04/12/2026",
        "day_iso": "2026-12-04",
        "count": 3,
        "needs": [("Conseiller clientèle", "https://t/portal/needs/1/messages/", 3)],
    },
}


def test_every_kind_has_a_context_here():
    assert set(CONTEXTS) == set(KINDS)


@pytest.mark.parametrize("name", sorted(KINDS))
@override_settings(LANGUAGE_CODE="fr")
def test_each_kind_is_sent_once_with_text_and_html_in_the_site_s_language(name):
    kind = KINDS[name]

    assert notice_send(kind, recipient="rh@centre.example", **CONTEXTS[name]) is True
    assert notice_send(kind, recipient="rh@centre.example", **CONTEXTS[name]) is False

    (message,) = mail.outbox
    assert message.to == ["rh@centre.example"]
    assert message.subject
    assert "\n" not in message.subject
    assert message.body.strip()
    ((html, mime),) = message.alternatives
    assert mime == "text/html"
    assert html.startswith("<!DOCTYPE html>")
    assert '<html lang="fr">' in html
    # Text as typed: a company's apostrophe is not an HTML entity in the text part.
    assert "&#x27;" not in message.body
    notice = Notice.objects.get()
    assert (notice.kind, notice.sent_at is not None, notice.body, notice.html_body) == (name, True, "", "")


@override_settings(LANGUAGE_CODE="fr")
def test_texts_are_in_french_when_the_site_is():
    notice_send(KINDS["presentation"], recipient="rh@centre.example", **CONTEXTS["presentation"])
    (message,) = mail.outbox
    assert message.subject == "Tremplin : candidats présentés pour “Conseiller clientèle”"
    assert message.body.startswith("2 candidats vous ont été présentés pour “Conseiller clientèle”.")


def test_a_notice_after_commit_leaves_with_the_commit(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        notice_send_after_commit(KINDS["invitation"], recipient="new@centre.example", **CONTEXTS["invitation"])
        assert mail.outbox == []
    (message,) = mail.outbox
    assert "secret" in message.body
    assert Notice.objects.get().sent_at is not None


def invite_then_fail(member) -> None:
    with transaction.atomic():
        invitation_send(employer=member.memberships.get().employer, email="new@centre.example", by=member)
        raise RuntimeError("the change fails after the invitation")


def test_an_invitation_sends_its_e_mail_after_the_commit(django_capture_on_commit_callbacks):
    member = MembershipFactory(role=MembershipRole.EMPLOYER_MEMBER, employer=EmployerFactory(), platform=None).user

    with django_capture_on_commit_callbacks(execute=True):
        invitation = invitation_send(employer=member.memberships.get().employer, email="new@centre.example", by=member)
        assert mail.outbox == []

    (message,) = mail.outbox
    assert message.to == ["new@centre.example"]
    token = message.body.rsplit(" ", 1)[-1].strip()
    assert invitation_token_hash(token) == invitation.token_hash
    assert token in message.alternatives[0][0]
    assert Notice.objects.get(key=f"invitation:{invitation.pk}").sent_at is not None


def test_an_invitation_rolled_back_sends_nothing(django_capture_on_commit_callbacks):
    member = MembershipFactory(role=MembershipRole.EMPLOYER_MEMBER, employer=EmployerFactory(), platform=None).user

    with django_capture_on_commit_callbacks(execute=True) as callbacks, pytest.raises(RuntimeError):
        invite_then_fail(member)

    assert callbacks == []
    assert mail.outbox == []
    assert not Notice.objects.exists()
