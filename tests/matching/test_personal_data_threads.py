"""A candidate's name in needs' threads: the messages naming them are in their export and lose their text when the
person is erased; the others stay as written."""

import pytest

from matching.personal_data import ErasureReason, candidate_anonymise
from matching.personal_data_export import candidate_personal_data_export
from matching.services.threads import need_message_post
from tests.matching.thread_world import thread_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return thread_world()


def test_the_messages_naming_the_person_are_exported_without_their_authors(world):
    naming = need_message_post(need=world.need, author=world.member, body="Inès MOREL viendra lundi.")
    need_message_post(need=world.need, author=world.advisor, body="Bien noté.")

    export = candidate_personal_data_export(candidate=world.revealed)

    assert [(item["id"], item["body"]) for item in export["need_messages"]] == [(naming.pk, naming.body)]
    assert "author" not in export["need_messages"][0]
    assert candidate_personal_data_export(candidate=world.hidden)["need_messages"] == []


def test_erasing_the_person_blanks_the_messages_naming_them_and_keeps_the_others(
    world, django_capture_on_commit_callbacks
):
    naming = need_message_post(need=world.need, author=world.member, body="Morel Inès : entretien confirmé.")
    other = need_message_post(need=world.need, author=world.advisor, body="Bien noté.")

    with django_capture_on_commit_callbacks(execute=True):
        candidate_anonymise(candidate=world.revealed, by=world.advisor, reason=ErasureReason.REQUEST)

    naming.refresh_from_db()
    other.refresh_from_db()
    assert "Morel" not in naming.body
    assert (naming.side, naming.author) == ("employer", world.member)
    assert other.body == "Bien noté."
