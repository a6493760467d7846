"""Candidates of another platform: a pseudonymised card until their platform hands them over, for one need.

Platform 1 owns a candidate that matching suggests for a need of platform 2. Platform 2's advisor sees a card with a
pseudonym, the owning platform's name, the score, its parts and the skills to train; never the name, the profile
link or a date. Every route that acts on a candidate refuses until platform 1 accepts a request for that need; then
platform 2 works the candidate for that need only, and platform 1 follows every step.
"""

from dataclasses import dataclass

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.translation import gettext

from accounts.api_tokens import api_token_create
from accounts.enums import MembershipRole
from candidates.models import PersonalDataAccess
from candidates.pseudonyms import candidate_pseudonym_for_employer, candidate_pseudonym_for_platform
from matching.enums import CandidateAnswer, HandOffStatus, PresentationStatus, RunScope, RunStatus
from matching.models import HandOff, MatchRun, MatchSuggestion, Presentation
from matching.services.hand_offs import hand_off_accept, hand_off_decline, hand_off_request
from matching.services.presentations import (
    presentation_answer_record,
    presentation_present,
    presentation_shortlist,
)
from notifications.hand_off_notices import hand_off_answer_notice_send, hand_off_request_notice_send
from notifications.models import TaskToSend
from tests.access_world import document_create
from tests.accounts.factories import AdvisorFactory, PlatformFactory, totp_code_now
from tests.candidates.factories import CandidateFactory
from tests.employers.factories import StaffingNeedFactory
from tests.matching.presentation_world import presentation_in

pytestmark = pytest.mark.django_db

Status = PresentationStatus
PARTS = {"skills": 4500, "occupation": 2000, "commute": 650, "availability": 1000, "experience": 0}


@dataclass
class Network:
    platform_1: object
    platform_2: object
    owner: object  # platform 1's advisor, the candidate's advisor
    owner_manager: object
    asker: object  # platform 2's advisor
    need: object  # platform 2's need
    candidate: object  # platform 1's candidate
    own_candidate: object  # platform 2's candidate, suggested for the same need
    suggestion: object


@pytest.fixture
def network() -> Network:
    platform_1 = PlatformFactory(name="Plateforme Lille")
    platform_2 = PlatformFactory(name="Plateforme Amiens")
    owner = AdvisorFactory(memberships__platform=platform_1, email="conseil.lille@tremplin.example")
    owner_manager = AdvisorFactory(
        memberships__platform=platform_1, memberships__role=MembershipRole.MANAGER, email="direction@lille.example"
    )
    asker = AdvisorFactory(memberships__platform=platform_2, email="conseil.amiens@tremplin.example")
    need = StaffingNeedFactory(open=True, employer__platform=platform_2, title="Téléconseillers Amiens")
    candidate = CandidateFactory(
        presentable=True,
        platform=platform_1,
        advisor=owner,
        first_name="Zoé",
        last_name="Marqueurnom",
        email="zoe.marqueur@example.org",
        phone="0611223344",
    )
    own_candidate = CandidateFactory(presentable=True, platform=platform_2, last_name="Picard")
    run = MatchRun.objects.create(scope=RunScope.NEED, need=need, scoring_version="test", status=RunStatus.SUCCEEDED)

    def suggest(person, rank):
        return MatchSuggestion.objects.create(
            need=need, candidate=person, run=run, rank=rank, score=8000 - rank, distance_km=12.0,
            scoring_version="test", parts=PARTS, skills_to_train=[{"slug": "crm", "label": "Logiciel CRM"}],
        )  # fmt: skip

    suggestion = suggest(candidate, 1)
    suggest(own_candidate, 2)
    return Network(platform_1, platform_2, owner, owner_manager, asker, need, candidate, own_candidate, suggestion)


def _accepted(network: Network) -> HandOff:
    hand_off = hand_off_request(
        need=network.need, candidate=network.candidate, message="Profil idéal.", by=network.asker
    )
    return hand_off_accept(hand_off=hand_off, candidate_agreed=True, by=network.owner)


def _token(user) -> str:
    return api_token_create(user=user, name="Intégration", totp_code=totp_code_now(user)).key


def _review(client, network: Network) -> str:
    client.force_login(network.asker)
    response = client.get(reverse("staff:need_review", args=[network.need.pk]))
    assert response.status_code == 200
    return response.content.decode()


# The card ------------------------------------------------------------------------------------------------------


def test_the_review_page_shows_another_platforms_candidate_as_a_card(client, network):
    page = _review(client, network)

    pseudonym = candidate_pseudonym_for_platform(platform_id=network.platform_2.pk, candidate_id=network.candidate.pk)
    assert pseudonym in page
    assert "Plateforme Lille" in page
    assert "Logiciel CRM" in page  # the skills to train
    assert "79,99" in page or "79.99" in page  # the score
    for marker in ("Zoé", "Marqueurnom", "zoe.marqueur", "0611223344"):
        assert marker not in page
    assert reverse("admin:candidates_candidate_change", args=[network.candidate.pk]) not in page
    assert reverse("staff:need_review_shortlist", args=[network.need.pk, network.candidate.pk]) not in page
    assert "Picard" in page  # the platform's own candidate is named
    # The page is one list entry of the access log: no candidate, so not the other platform's either.
    logged = PersonalDataAccess.objects.filter(actor=network.asker)
    assert list(logged.values_list("action", "candidate_id")) == [("listed", None)]


def test_the_pseudonym_differs_from_one_platform_to_another_and_from_the_employers():
    assert candidate_pseudonym_for_platform(platform_id=1, candidate_id=7) == candidate_pseudonym_for_platform(
        platform_id=1, candidate_id=7
    )
    assert candidate_pseudonym_for_platform(platform_id=1, candidate_id=7) != candidate_pseudonym_for_platform(
        platform_id=2, candidate_id=7
    )
    assert candidate_pseudonym_for_platform(platform_id=1, candidate_id=7) != candidate_pseudonym_for_employer(
        employer_id=1, candidate_id=7
    )


def test_the_staff_api_gives_a_card_without_the_candidate(client, network):
    key = _token(network.asker)
    response = client.get(f"/api/staff/needs/{network.need.pk}/suggestions/", HTTP_AUTHORIZATION=f"Token {key}")
    assert response.status_code == 200
    body = response.content.decode()
    for marker in ("Zoé", "Marqueurnom", "zoe.marqueur", "0611223344"):
        assert marker not in body
    card = next(item for item in response.json()["results"] if item["rank"] == 1)
    assert card["candidate"] is None
    assert card["candidate_platform"] == "Plateforme Lille"
    assert card["pseudonym"] == candidate_pseudonym_for_platform(
        platform_id=network.platform_2.pk, candidate_id=network.candidate.pk
    )
    assert card["skills_to_train"] == ["Logiciel CRM"]
    own = next(item for item in response.json()["results"] if item["rank"] == 2)
    assert own["candidate"]["last_name"] == "Picard"


# Every route that acts on a candidate ----------------------------------------------------------------------------


def test_shortlisting_another_platforms_candidate_is_refused_everywhere(client, network):
    with pytest.raises(ValidationError) as caught:
        presentation_shortlist(need=network.need, candidate=network.candidate, by=network.asker)
    assert caught.value.code == "hand_off_needed"

    client.force_login(network.asker)
    url = reverse("staff:need_review_shortlist", args=[network.need.pk, network.candidate.pk])
    assert client.post(url).status_code == 404

    key = _token(network.asker)
    response = client.post(
        "/api/staff/presentations/",
        {"need": network.need.pk, "candidate": network.candidate.pk},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Token {key}",
    )
    assert response.status_code == 400
    assert not Presentation.objects.filter(candidate=network.candidate).exists()


def _candidate_routes(network: Network, presentation: Presentation) -> list[tuple[str, str, dict]]:
    need_id, presentation_id = network.need.pk, presentation.pk
    prefix = f"p{presentation_id}"
    return [
        (
            "post",
            reverse("staff:need_review_answer", args=[need_id, presentation_id]),
            {f"{prefix}-answer-answer": CandidateAnswer.INTERESTED, f"{prefix}-answer-reason": ""},
        ),
        ("post", reverse("staff:need_review_present", args=[need_id]), {"presentations": [presentation_id]}),
        ("post", reverse("staff:need_review_interview_request", args=[need_id, presentation_id]), {}),
        ("post", reverse("staff:need_review_interview_accept", args=[need_id, presentation_id]), {}),
        (
            "post",
            reverse("staff:need_review_interview_schedule", args=[need_id, presentation_id]),
            {f"{prefix}-schedule-interview_at": "2031-03-02T10:00"},
        ),
        (
            "post",
            reverse("staff:need_review_hire", args=[need_id, presentation_id]),
            {f"{prefix}-hire-contract_type": "cdi", f"{prefix}-hire-starts_on": "2031-03-10"},
        ),
        (
            "post",
            reverse("staff:need_review_end", args=[need_id, presentation_id]),
            {f"{prefix}-end-to_status": Status.WITHDRAWN, f"{prefix}-end-reason": "Erreur"},
        ),
        ("get", f"/api/staff/presentations/{presentation_id}/", {}),
        ("get", f"/api/staff/presentations/{presentation_id}/transitions/", {}),
        ("post", f"/api/staff/presentations/{presentation_id}/transitions/", {"to_status": Status.WITHDRAWN}),
    ]


def test_a_presentation_of_another_platforms_candidate_is_not_found_without_a_hand_off(client, network):
    """A presentation left from before hand-offs existed: nothing reaches it, and nothing changes."""
    presentation = presentation_in(Status.SHORTLISTED, need=network.need, candidate=network.candidate)
    client.force_login(network.asker)
    key = _token(network.asker)
    for method, url, data in _candidate_routes(network, presentation):
        if url.startswith("/api/"):
            response = getattr(client, method)(
                url, data, content_type="application/json", HTTP_AUTHORIZATION=f"Token {key}"
            )
        else:
            response = getattr(client, method)(url, data)
        assert response.status_code == 404, url
    presentation.refresh_from_db()
    assert (presentation.status, presentation.candidate_answer) == (Status.SHORTLISTED, CandidateAnswer.INTERESTED)
    page = _review(client, network)
    assert "Marqueurnom" not in page


def test_an_accepted_hand_off_opens_the_workflow_for_that_need_only(client, network):
    _accepted(network)
    other_need = StaffingNeedFactory(open=True, employer__platform=network.platform_2)

    presentation = presentation_shortlist(need=network.need, candidate=network.candidate, by=network.asker)
    with pytest.raises(ValidationError):
        presentation_shortlist(need=other_need, candidate=network.candidate, by=network.asker)

    page = _review(client, network)
    assert "Marqueurnom" in page
    client.force_login(network.asker)
    prefix = f"p{presentation.pk}"
    response = client.post(
        reverse("staff:need_review_answer", args=[network.need.pk, presentation.pk]),
        {f"{prefix}-answer-answer": CandidateAnswer.INTERESTED, f"{prefix}-answer-reason": ""},
    )
    assert response.status_code == 302
    response = client.post(
        reverse("staff:need_review_present", args=[network.need.pk]), {"presentations": [presentation.pk]}
    )
    assert response.status_code == 302
    presentation.refresh_from_db()
    assert presentation.status == Status.PRESENTED
    # The review page that names them is one list entry of the access log.
    assert PersonalDataAccess.objects.filter(actor=network.asker, action="listed", candidate__isnull=True).exists()


def test_the_owning_platform_follows_every_step_on_its_hand_offs_page(client, network):
    _accepted(network)
    presentation = presentation_shortlist(need=network.need, candidate=network.candidate, by=network.asker)
    presentation_answer_record(presentation=presentation, answer=CandidateAnswer.INTERESTED, by=network.asker)
    presentation_present(presentations=[presentation], by=network.asker)

    client.force_login(network.owner)
    page = client.get(reverse("staff:hand_off_list")).content.decode()
    assert "Marqueurnom" in page  # their own candidate
    assert "Téléconseillers Amiens" in page
    assert "Plateforme Amiens" in page
    assert str(Status.PRESENTED.label) in page
    # The other platform's list names the candidate only once accepted.
    client.force_login(network.asker)
    assert "Marqueurnom" in client.get(reverse("staff:hand_off_list")).content.decode()


# Requests and answers ----------------------------------------------------------------------------------------------


def test_a_request_goes_to_the_candidates_advisor_through_the_outbox(client, network):
    client.force_login(network.asker)
    url = reverse("staff:need_review_hand_off_request", args=[network.need.pk, network.suggestion.pk])
    response = client.post(url, {"message": "Notre plateau recrute en mars."})
    assert response.status_code == 302

    hand_off = HandOff.objects.get()
    assert (hand_off.status, hand_off.requesting_platform, hand_off.owning_platform, hand_off.requested_by) == (
        HandOffStatus.REQUESTED,
        network.platform_2,
        network.platform_1,
        network.asker,
    )
    promised = TaskToSend.objects.get(task_name="notifications.tasks.hand_off_request_notice_send")
    assert promised.arguments == [hand_off.pk]

    assert hand_off_request_notice_send(hand_off_id=hand_off.pk) == 1
    assert hand_off_request_notice_send(hand_off_id=hand_off.pk) == 0  # sent once
    (sent,) = mail.outbox
    assert sent.to == ["conseil.lille@tremplin.example"]
    assert "Plateforme Amiens" in sent.subject
    assert "Marqueurnom" not in sent.body
    assert reverse("staff:hand_off_list") in sent.body

    # The page says it is waiting, in the site's language; the request appears on the owner's page with its message.
    waiting = gettext("Asked for on %(date)s: waiting for the answer of their platform.").split(": ", 1)[1]
    assert waiting in _review(client, network)
    client.force_login(network.owner)
    owner_page = client.get(reverse("staff:hand_off_list")).content.decode()
    assert "Notre plateau recrute en mars." in owner_page
    assert reverse("staff:hand_off_accept", args=[hand_off.pk]) in owner_page


def test_without_an_advisor_the_request_goes_to_the_managers(network):
    network.candidate.advisor = None
    network.candidate.save(update_fields=["advisor"])
    hand_off = hand_off_request(need=network.need, candidate=network.candidate, message="Svp.", by=network.asker)
    assert hand_off_request_notice_send(hand_off_id=hand_off.pk) == 1
    assert mail.outbox[0].to == ["direction@lille.example"]


def test_accepting_needs_the_persons_agreement_and_the_owning_platform(client, network):
    hand_off = hand_off_request(need=network.need, candidate=network.candidate, message="Svp.", by=network.asker)
    with pytest.raises(ValidationError):
        hand_off_accept(hand_off=hand_off, candidate_agreed=True, by=network.asker)  # not theirs to decide
    with pytest.raises(ValidationError):
        hand_off_accept(hand_off=hand_off, candidate_agreed=False, by=network.owner)

    client.force_login(network.asker)
    assert (
        client.post(reverse("staff:hand_off_accept", args=[hand_off.pk]), {"candidate_agreed": "on"}).status_code
        == 404
    )
    client.force_login(network.owner)
    assert client.post(reverse("staff:hand_off_accept", args=[hand_off.pk]), {}).status_code == 302
    hand_off.refresh_from_db()
    assert hand_off.status == HandOffStatus.REQUESTED
    assert (
        client.post(reverse("staff:hand_off_accept", args=[hand_off.pk]), {"candidate_agreed": "on"}).status_code
        == 302
    )
    hand_off.refresh_from_db()
    assert (hand_off.status, hand_off.decided_by) == (HandOffStatus.ACCEPTED, network.owner)
    assert hand_off.candidate_agreed_at is not None

    assert hand_off_answer_notice_send(hand_off_id=hand_off.pk) == 1
    assert mail.outbox[-1].to == ["conseil.amiens@tremplin.example"]
    assert "Marqueurnom" not in mail.outbox[-1].body


def test_a_declined_request_keeps_the_card_and_shows_the_reason(client, network):
    hand_off = hand_off_request(need=network.need, candidate=network.candidate, message="Svp.", by=network.asker)
    with pytest.raises(ValidationError):
        hand_off_decline(hand_off=hand_off, reason=" ", by=network.owner)
    hand_off_decline(hand_off=hand_off, reason="Déjà en formation jusqu'en juin.", by=network.owner_manager)
    hand_off.refresh_from_db()
    assert hand_off.status == HandOffStatus.DECLINED
    with pytest.raises(ValidationError):
        hand_off_accept(hand_off=hand_off, candidate_agreed=True, by=network.owner)  # answered already

    page = _review(client, network)
    assert "Déjà en formation jusqu&#x27;en juin." in page or "Déjà en formation jusqu&#39;en juin." in page
    assert "Marqueurnom" not in page
    with pytest.raises(ValidationError):
        presentation_shortlist(need=network.need, candidate=network.candidate, by=network.asker)


def test_one_open_request_per_need_and_candidate(network):
    hand_off_request(need=network.need, candidate=network.candidate, message="Svp.", by=network.asker)
    with pytest.raises(ValidationError) as caught:
        hand_off_request(need=network.need, candidate=network.candidate, message="Encore.", by=network.asker)
    assert caught.value.code == "duplicate"
    assert HandOff.objects.count() == 1


def test_only_the_needs_platform_asks_and_only_for_another_platforms_candidate(network):
    with pytest.raises(ValidationError) as caught:
        hand_off_request(need=network.need, candidate=network.candidate, message="Svp.", by=network.owner)
    assert caught.value.code == "not_staff"
    with pytest.raises(ValidationError) as caught:
        hand_off_request(need=network.need, candidate=network.own_candidate, message="Svp.", by=network.asker)
    assert caught.value.code == "already_workable"
    with pytest.raises(ValidationError) as caught:
        hand_off_request(need=network.need, candidate=network.candidate, message="  ", by=network.asker)
    assert "message" in caught.value.error_dict


def test_documents_reach_the_other_platform_once_the_candidate_is_handed_off(client, network, settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private-media"
    document = document_create(candidate=network.candidate, by=network.owner)
    url = reverse("staff:document_download", args=[document.pk])
    client.force_login(network.asker)
    assert client.get(url).status_code == 404

    _accepted(network)
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    assert PersonalDataAccess.objects.filter(actor=network.asker, candidate_id=network.candidate.pk).exists()


def test_the_api_asks_answers_and_names_the_candidate_only_once_accepted(client, network):
    asker = {"HTTP_AUTHORIZATION": f"Token {_token(network.asker)}"}
    owner = {"HTTP_AUTHORIZATION": f"Token {_token(network.owner)}"}
    response = client.post(
        "/api/staff/hand-offs/",
        {"suggestion": network.suggestion.pk, "message": "Notre plateau recrute."},
        content_type="application/json",
        **asker,
    )
    assert response.status_code == 201
    sent = response.json()
    assert (sent["status"], sent["candidate"], sent["owning_platform"]) == ("requested", None, "Plateforme Lille")
    assert "Marqueurnom" not in response.content.decode()

    received = client.get("/api/staff/hand-offs/?direction=received", **owner).json()["results"]
    assert [item["candidate"]["last_name"] for item in received] == ["Marqueurnom"]
    url = f"/api/staff/hand-offs/{sent['id']}/accept/"
    assert client.post(url, {"candidate_agreed": True}, content_type="application/json", **asker).status_code == 404
    response = client.post(url, {"candidate_agreed": False}, content_type="application/json", **owner)
    assert response.status_code == 400
    assert response.json()["error"]["fields"]
    response = client.post(url, {"candidate_agreed": True}, content_type="application/json", **owner)
    assert response.status_code == 200
    assert response.json()["status"] == "accepted"

    detail = client.get(f"/api/staff/hand-offs/{sent['id']}/", **asker).json()
    assert detail["candidate"]["last_name"] == "Marqueurnom"
