"""After an erasure, no stored session holds the person's name (accounts/sessions.py).

Staff search a candidate's name in the admin (the words are kept in their session, staff/admin_search.py) and are
told of a step that names the candidate (the flash message waits in the session until the next page). Once the
candidate is erased, every row of ``django_session`` is decoded and searched for the name, e-mail and phone.
"""

import json

import pytest
from django.conf import settings
from django.contrib.messages.storage.session import SessionStorage
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from accounts.session_store import SessionStore
from matching.enums import PresentationStatus
from matching.personal_data import ErasureReason, candidate_anonymise
from staff.admin_search import SESSION_KEY as ADMIN_SEARCHES_KEY
from tests.accounts.factories import AdvisorFactory
from tests.admin_searching import admin_search
from tests.candidates.factories import CandidateFactory
from tests.employers.factories import StaffingNeedFactory
from tests.matching.presentation_world import presentation_in

pytestmark = pytest.mark.django_db

LIST = "admin:candidates_candidate_changelist"
FIRST, LAST = "Zqsessionfirst", "Zqsessionlast"
EMAIL, PHONE = "zq.session@exemple.fr", "0611223344"


def every_session_text() -> str:
    """Every stored session's data, decoded, as one lower-case text."""
    return " ".join(
        json.dumps(session.get_decoded(), ensure_ascii=False).casefold() for session in Session.objects.all()
    )


def person_found(text: str) -> list[str]:
    return [value for value in (FIRST, LAST, EMAIL, PHONE) if value.casefold() in text]


@pytest.fixture
def candidate(platform):
    return CandidateFactory(presentable=True, platform=platform, first_name=FIRST, last_name=LAST, email=EMAIL)


def staff_session_naming(candidate, advisor) -> Client:
    """A staff member who searched the candidate by name and was told of an interview request naming them."""
    need = StaffingNeedFactory(open=True, employer__platform=candidate.platform)
    presentation = presentation_in(PresentationStatus.PRESENTED, need=need, candidate=candidate)
    client = Client()
    client.force_login(advisor)
    admin_search(client, LIST, f"{FIRST} {LAST}")
    admin_search(client, LIST, PHONE)
    # Not followed: the message naming the candidate waits in the session for the next page.
    response = client.post(reverse("staff:need_review_interview_request", args=[need.pk, presentation.pk]))
    assert response.status_code == 302
    return client


def test_no_session_names_the_person_after_the_erasure(candidate, platform):
    searcher, colleague = (
        AdvisorFactory(memberships__platform=platform),
        AdvisorFactory(memberships__platform=platform),
    )
    staff_session_naming(candidate, searcher)
    other = Client()
    other.force_login(colleague)
    admin_search(other, LIST, EMAIL)
    assert set(person_found(every_session_text())) == {FIRST, LAST, EMAIL, PHONE}

    candidate_anonymise(candidate=candidate, by=searcher, reason=ErasureReason.REQUEST)

    assert person_found(every_session_text()) == []
    # The colleague is still logged in: only what could name someone was removed from the session.
    assert other.get(reverse("admin:index")).status_code == 200


def test_the_erasing_request_does_not_write_the_name_back_into_its_own_session(client, candidate, advisor):
    client = staff_session_naming(candidate, advisor)

    response = client.post(
        reverse(LIST),
        {
            "action": "erase_on_request",
            "_selected_action": [candidate.pk],
            "confirm_erasure": "1",
            "reason": ErasureReason.REQUEST,
        },
    )

    assert response.status_code == 302
    assert person_found(every_session_text()) == []


def test_a_request_that_loaded_its_session_before_the_erasure_does_not_write_the_name_back(candidate, advisor):
    """A colleague's request in flight during the erasure: its session was read before the scrub and is written
    after it (a new search, a message shown), with the old searches still in memory."""
    client = staff_session_naming(candidate, advisor)
    in_flight = SessionStore(session_key=client.session.session_key)
    assert LAST in json.dumps(dict(in_flight.items()))  # read before the erasure

    candidate_anonymise(candidate=candidate, by=None, reason=ErasureReason.REQUEST)
    in_flight[ADMIN_SEARCHES_KEY] = {**in_flight[ADMIN_SEARCHES_KEY], "new-key": "Martin"}
    in_flight.save()

    assert person_found(every_session_text()) == []
    # What this request added is kept.
    assert SessionStore(session_key=client.session.session_key)[ADMIN_SEARCHES_KEY] == {"new-key": "Martin"}


def test_the_review_steps_tell_who_by_the_file_number_never_by_name(candidate, advisor):
    """Flash messages wait in the session: the review page's name the candidate by their file number."""
    client = staff_session_naming(candidate, advisor)
    waiting = client.session[SessionStorage.session_key]
    with translation.override(settings.LANGUAGE_CODE):  # the staff pages speak the site's language
        step = gettext("Interview requested for candidate #%(id)s.") % {"id": candidate.pk}
    assert step in [message[3] for message in json.loads(waiting)]  # Django's encoding: marker, safe, level, text
    assert person_found(waiting.casefold()) == []
