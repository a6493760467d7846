"""The page a candidate's secure link opens: public, French and English, only what the employer publishes, each
answer reaching the presentation, errors tied to their fields, one neutral page for every token that opens nothing,
and a rate limit per client address."""

import datetime
import re
import uuid
from html import unescape

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from employers.enums import SelectionStep
from matching.enums import CandidateAnswer, CandidateDeclineReason, LinkPurpose, PresentationStatus
from matching.link_selectors import public_job_description
from matching.models import CandidateLink
from tests.matching.link_world import day, link_world, send, slot_presentation

pytestmark = pytest.mark.django_db

Status = PresentationStatus


@pytest.fixture
def client():
    # An address of its own for each test: the rate limit counts per address and minute in the shared cache.
    return Client(REMOTE_ADDR=f"2001:db8::{uuid.uuid4().hex[:4]}")


def _url(token: str, language: str = "fr") -> str:
    with translation.override(language):
        return reverse("portal:candidate_link", args=[token])


def _text(response) -> str:
    return re.sub(r"\s+", " ", unescape(response.content.decode()))


@pytest.fixture
def world(platform):
    return link_world(platform)


@pytest.fixture
def sent(world, advisor):
    return send(world.presentation, advisor)


def test_the_page_shows_only_what_the_employer_publishes(client, world, sent):
    link, token = sent
    world.need.employer.legal_name = "Centre Secret SAS"
    world.need.employer.save()
    world.need.title = "Titre interne Centre Secret"
    world.need.salary_min = 23456
    world.need.shows_pay = False
    world.need.save()

    response = client.get(_url(token))

    assert response.status_code == 200
    text = _text(response)
    assert world.need.occupation.label in text
    assert world.need.site.commune.name in text
    assert "Une offre d’emploi pour vous" in text
    assert "Centre Secret" not in text
    assert "23456" not in text
    assert "23 456" not in text
    assert world.candidate.last_name not in text
    assert response["Referrer-Policy"] == "strict-origin"
    assert "no-store" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]
    link.refresh_from_db()
    assert link.opened_at is not None


def test_the_page_shows_the_public_parts_of_the_job_description_and_never_the_hidden_ones(client, world, sent):
    _link, token = sent
    need = world.need
    need.job_summary = "Répondre aux appels <b>entrants</b>.\nConseiller sur les offres."
    need.profile_sought = "Profil caché : trois ans chez un concurrent."
    need.selection_steps = [SelectionStep.INFORMATION_SESSION, SelectionStep.MRS]
    need.selection_details = "Réunion le mardi matin."
    need.hours_description = "Horaires cachés."
    need.shows_hours = False
    need.place_and_access = "Métro ligne 1, arrêt Gare Lille-Flandres."
    need.benefits = "Tickets restaurant."
    need.salary_min, need.salary_max = 22000, 24000
    need.save()

    response = client.get(_url(token))

    html = response.content.decode()
    assert "Répondre aux appels &lt;b&gt;entrants&lt;/b&gt;.<br>Conseiller sur les offres." in html
    text = _text(response)
    assert str(SelectionStep.INFORMATION_SESSION.label) in text
    assert str(SelectionStep.MRS.label) in text
    assert "Réunion le mardi matin." in text
    assert "Métro ligne 1" in text
    assert "Tickets restaurant." in text
    assert "22000" in text
    assert "24000" in text
    assert "Profil caché" not in text
    assert "Horaires cachés" not in text


def test_a_part_hidden_by_the_employer_is_not_in_the_selector_s_answer(world):
    need = world.need
    need.selection_steps, need.selection_details, need.shows_selection = ["interview"], "Deux entretiens.", False
    need.benefits, need.shows_benefits = "Prime annuelle.", False
    need.salary_min, need.shows_pay = 21000, False
    need.profile_sought, need.shows_profile_sought = "Aimer le contact.", True

    description = public_job_description(need)

    assert description.selection_steps == ()
    assert description.selection_details == ""
    assert description.benefits == ""
    assert description.salary_min is None
    assert description.profile_sought == "Aimer le contact."


def test_the_page_in_english_with_a_language_switch(client, sent):
    _link, token = sent

    response = client.get(_url(token, "en"))

    assert response.status_code == 200
    text = _text(response)
    assert "A job offer for you" in text
    assert "Does this job interest you?" in text
    assert f'href="{_url(token)}"' in response.content.decode()
    assert '<html lang="en">' in response.content.decode()


def test_interested_with_a_date_and_a_later_wave_reaches_the_presentation(client, world, sent):
    _link, token = sent

    response = client.post(
        _url(token),
        {"interested": "yes", "available_from": day(45).isoformat(), "wave": world.waves[1].pk},
    )

    assert response.status_code == 200
    assert "Votre réponse est enregistrée" in _text(response)
    world.presentation.refresh_from_db()
    world.candidate.refresh_from_db()
    assert world.presentation.candidate_answer == CandidateAnswer.INTERESTED
    assert world.presentation.wave == world.waves[1]
    assert world.candidate.available_from == day(45)


def test_not_interested_ends_the_shortlisting(client, world, sent):
    _link, token = sent

    client.post(_url(token, "en"), {"interested": "no", "reason_code": CandidateDeclineReason.FOUND_JOB})

    world.presentation.refresh_from_db()
    assert world.presentation.status == Status.DECLINED_BY_CANDIDATE
    assert "J’ai trouvé un emploi" in world.presentation.reason


def test_an_error_is_tied_to_its_field_and_what_was_typed_is_kept(client, world, sent):
    _link, token = sent

    response = client.post(
        _url(token, "en"), {"interested": "no", "reason_code": CandidateDeclineReason.OTHER, "comment": ""}
    )

    assert response.status_code == 200
    page = response.content.decode()
    assert "Tell us the reason in a few words." in _text(response)
    assert re.search(r'<textarea[^>]*aria-describedby="[^"]*id_comment_error"', page)
    assert re.search(r'value="no"[^>]*checked|checked[^>]*value="no"', page)
    world.presentation.refresh_from_db()
    assert world.presentation.candidate_answer == CandidateAnswer.NOT_CONTACTED


def test_a_date_in_the_past_is_refused_on_its_field(client, world, sent):
    _link, token = sent
    typed = (timezone.localdate() - datetime.timedelta(days=2)).isoformat()

    response = client.post(_url(token, "en"), {"interested": "yes", "available_from": typed})

    page = response.content.decode()
    assert "Give a date between today and two years from now." in _text(response)
    assert f'value="{typed}"' in page
    assert 'id="id_available_from_error"' in page


def test_picking_an_interview_slot(client, platform, advisor):
    presentation = slot_presentation(platform)
    _link, token = send(presentation, advisor, purpose=LinkPurpose.INTERVIEW_SLOT)
    slot = presentation.interview_slots.order_by("starts_at").first()

    page = client.get(_url(token, "en"))
    assert "Choose your interview time" in _text(page)
    assert "Sur place" in _text(page)
    client.post(_url(token, "en"), {"slot": str(slot.pk)})

    presentation.refresh_from_db()
    assert presentation.status == Status.INTERVIEW_SCHEDULED
    assert presentation.interview_at == slot.starts_at


def test_a_second_answer_gets_the_neutral_page(client, world, sent):
    _link, token = sent
    client.post(_url(token), {"interested": "yes"})

    again = client.post(_url(token), {"interested": "no", "reason_code": CandidateDeclineReason.DATES})

    assert again.status_code == 404
    assert "Ce lien n’est pas disponible" in _text(again)
    world.presentation.refresh_from_db()
    assert world.presentation.candidate_answer == CandidateAnswer.INTERESTED


def _neutral(response) -> str:
    # The page without what changes with each response (the CSRF token is not in it; the nonce is not either).
    return _text(response)


def test_every_token_that_opens_nothing_gets_the_same_neutral_page(client, platform, advisor):
    expired, expired_token = send(link_world(platform).presentation, advisor)
    CandidateLink.objects.filter(pk=expired.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=8), expires_at=timezone.now() - datetime.timedelta(hours=1)
    )
    revoked, revoked_token = send(link_world(platform).presentation, advisor)
    CandidateLink.objects.filter(pk=revoked.pk).update(revoked_at=timezone.now())
    unknown_token = "A" * 43

    pages = {}
    for name, token in (("expired", expired_token), ("revoked", revoked_token), ("unknown", unknown_token)):
        response = client.get(_url(token))
        assert response.status_code == 404
        pages[name] = _neutral(response).replace(token, "TOKEN")

    assert pages["expired"] == pages["revoked"] == pages["unknown"]
    assert "Ce lien n’est pas disponible" in pages["unknown"]


def test_requests_are_limited_per_address(client, settings, sent):
    settings.CANDIDATE_LINK_PAGE_REQUESTS_PER_MINUTE = 3
    _link, token = sent

    statuses = [client.get(_url(token)).status_code for _number in range(3)]
    over = client.get(_url(token))
    other_address = Client(REMOTE_ADDR=f"2001:db8::{uuid.uuid4().hex[:4]}").get(_url(token))

    assert statuses == [200, 200, 200]
    assert over.status_code == 429
    assert "Trop de tentatives" in _text(over)
    assert other_address.status_code == 200


def test_the_page_needs_no_script_and_no_inline_style(client, sent):
    _link, token = sent

    page = client.get(_url(token)).content.decode()

    assert "<script" not in page
    assert "style=" not in page
    assert "<style" not in page
