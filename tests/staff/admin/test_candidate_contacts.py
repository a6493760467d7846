"""The contact log on a candidate's page: latest entries newest first with their kind, date, author, note and need;
a form that adds a call, an e-mail, an SMS, a meeting or a note through the service; the rule beside the note; the
last contact date that follows the log, read-only in the form; a refusal that keeps what was typed."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from candidates.models import PersonalDataAccess
from matching.enums import ContactKind, PresentationStatus
from matching.models import ContactEntry
from matching.services.contacts import contact_entry_add
from tests.accounts.factories import AdvisorFactory
from tests.candidates.factories import CandidateFactory
from tests.matching.presentation_world import presentation_in

pytestmark = pytest.mark.django_db


def _change(client, candidate) -> str:
    with translation.override("en"):
        response = client.get(reverse("admin:candidates_candidate_change", args=[candidate.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_the_page_shows_the_latest_entries_newest_first_and_the_rule_beside_the_note(client, advisor, platform):
    candidate = CandidateFactory(platform=platform)
    presentation = presentation_in(PresentationStatus.SHORTLISTED, candidate=candidate)
    now = timezone.now()
    for days in range(7):
        contact_entry_add(
            candidate=candidate,
            kind=ContactKind.CALL,
            by=advisor,
            note=f"Appel {days}",
            at=now - datetime.timedelta(days),
        )
    contact_entry_add(candidate=candidate, kind=ContactKind.NOTE, by=advisor, note="Motivé", presentation=presentation)
    client.force_login(advisor)
    page = _change(client, candidate)
    section = page.split('id="contact-log"')[1]
    assert section.index("Motivé") < section.index("Appel 0") < section.index("Appel 1")
    assert presentation.need.title in section
    assert "Appel 5" not in section  # five latest only, the rest one click away
    assert reverse("admin:candidates_candidate_contact_log", args=[candidate.pk]) in section
    assert "nothing about health, origin, family" in section
    # The last contact date follows the log: shown, not typed.
    assert 'name="last_contact_at"' not in page


def test_an_entry_is_added_and_moves_the_last_contact_date(client, advisor, platform):
    candidate = CandidateFactory(platform=platform, last_contact_at=datetime.date(2026, 1, 5))
    client.force_login(advisor)
    at = timezone.localtime().replace(second=0, microsecond=0)
    response = client.post(
        reverse("admin:candidates_candidate_contact_log", args=[candidate.pk]),
        {"kind": ContactKind.MEETING, "at": at.strftime("%Y-%m-%dT%H:%M"), "note": "Rendez-vous à l'agence"},
    )
    assert response.status_code == 302
    assert response.url.endswith("#contact-log")
    entry = ContactEntry.objects.get(candidate=candidate)
    assert (entry.kind, entry.by, entry.note, entry.at) == (ContactKind.MEETING, advisor, "Rendez-vous à l'agence", at)
    candidate.refresh_from_db()
    assert candidate.last_contact_at == timezone.localdate()


def test_a_refusal_keeps_what_was_typed(client, advisor, platform):
    candidate = CandidateFactory(platform=platform)
    client.force_login(advisor)
    future = (timezone.localtime() + datetime.timedelta(days=3)).strftime("%Y-%m-%dT%H:%M")
    with translation.override("en"):
        response = client.post(
            reverse("admin:candidates_candidate_contact_log", args=[candidate.pk]),
            {"kind": ContactKind.CALL, "at": future, "note": "Rappel prévu jeudi"},
        )
    assert response.status_code == 400
    page = response.content.decode()
    assert "A contact cannot be in the future." in page
    assert "Rappel prévu jeudi" in page
    assert future in page
    with translation.override("en"):
        empty_note = client.post(
            reverse("admin:candidates_candidate_contact_log", args=[candidate.pk]),
            {"kind": ContactKind.NOTE, "at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"), "note": "  "},
        )
    assert empty_note.status_code == 400
    assert "Write the note." in empty_note.content.decode()
    assert not ContactEntry.objects.exists()


def test_the_whole_log_is_paged_and_logged_as_the_profile_opened(client, advisor, platform):
    candidate = CandidateFactory(platform=platform)
    now = timezone.now()
    ContactEntry.objects.bulk_create(
        [
            ContactEntry(candidate=candidate, kind="call", note=f"Appel {n}", at=now - datetime.timedelta(hours=n))
            for n in range(30)
        ]
    )
    client.force_login(advisor)
    url = reverse("admin:candidates_candidate_contact_log", args=[candidate.pk])
    first = client.get(url).content.decode()
    assert "Appel 0<" in first
    assert "Appel 29<" not in first
    assert "Appel 29<" in client.get(url, {"page": 2}).content.decode()
    assert PersonalDataAccess.objects.filter(actor=advisor, candidate=candidate, action="opened").count() == 2


def test_another_platform_s_candidate_s_log_is_not_found(client, platform):
    candidate = CandidateFactory(platform=platform)
    stranger = AdvisorFactory()
    client.force_login(stranger)
    url = reverse("admin:candidates_candidate_contact_log", args=[candidate.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"kind": "call", "at": "2026-01-05T10:00", "note": ""}).status_code == 404
    assert not ContactEntry.objects.exists()
