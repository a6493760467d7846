"""A need's thread: who may post, the privacy check on what they write, read marks and unread counts."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from employers.models import StaffingNeed
from matching.enums import MessageSide
from matching.models import NeedMessage, NeedThreadRead
from matching.models.threads import MESSAGE_MAX_LENGTH
from matching.services.threads import need_message_post, need_thread_mark_read
from matching.thread_selectors import needs_with_messages_waiting, protected_identities_for_need, unread_counts
from notifications.models import TaskToSend
from tests.accounts.factories import PlatformFactory
from tests.candidates.factories import CandidateFactory
from tests.matching.presentation_world import presentation_in
from tests.matching.thread_world import Status, thread_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return thread_world()


def refusal(error: pytest.ExceptionInfo) -> str:
    return " ".join(error.value.message_dict["body"])


def test_the_employer_s_member_and_the_platform_s_advisor_post_each_for_their_side(world):
    asked = need_message_post(need=world.need, author=world.member, body="  Où en est le recrutement ?  ")
    answered = need_message_post(need=world.need, author=world.advisor, body="Deux personnes cette semaine.")

    assert (asked.side, asked.body, asked.author) == (MessageSide.EMPLOYER, "Où en est le recrutement ?", world.member)
    assert (answered.side, answered.author) == (MessageSide.PLATFORM, world.advisor)
    assert list(world.need.messages.values_list("pk", flat=True)) == [asked.pk, answered.pk]
    # The other side is told after the commit, by a task that takes the message's id only.
    assert list(TaskToSend.objects.values_list("task_name", "arguments")) == [
        ("notifications.tasks.need_message_notice_send", [asked.pk]),
        ("notifications.tasks.need_message_notice_send", [answered.pk]),
    ]


def test_another_employer_s_member_or_another_platform_s_advisor_cannot_post(world):
    for outsider in (world.other_member, world.other_advisor):
        with pytest.raises(PermissionDenied):
            need_message_post(need=world.need, author=outsider, body="Bonjour")
        with pytest.raises(PermissionDenied):
            need_thread_mark_read(need=world.need, user=outsider)
    assert not NeedMessage.objects.exists()


def test_an_inactive_member_cannot_post(world):
    world.member.is_active = False
    world.member.save()
    with pytest.raises(PermissionDenied):
        need_message_post(need=world.need, author=world.member, body="Bonjour")


@pytest.mark.parametrize("body", ["", "   \n ", "x" * (MESSAGE_MAX_LENGTH + 1)], ids=["empty", "blank", "too long"])
def test_an_empty_or_too_long_message_is_refused(world, body):
    with pytest.raises(ValidationError) as refused:
        need_message_post(need=world.need, author=world.member, body=body)
    assert set(refused.value.message_dict) == {"body"}
    assert not NeedMessage.objects.exists()


@pytest.mark.parametrize(
    "body",
    [
        "Avez-vous des nouvelles de Nadia Benali ?",
        "BENALI nadia est-elle toujours intéressée ?",
        "Son adresse : Nadia.Benali@example.org",
        "Rappelez-la au +33 6 01 02 03 04",
    ],
)
@pytest.mark.parametrize("author", ["member", "advisor"])
def test_a_candidate_whose_identity_the_employer_was_not_given_cannot_be_named(world, body, author):
    with pytest.raises(ValidationError) as refused:
        need_message_post(need=world.need, author=getattr(world, author), body=body)

    assert refused.value.error_dict["body"][0].code == "names_candidate"
    # The refusal says why without repeating what it found.
    assert "pseudonym" in refusal(refused)
    assert "Benali" not in refusal(refused)
    assert "06" not in refusal(refused)
    assert not NeedMessage.objects.exists()


def test_a_candidate_of_the_platform_outside_the_need_cannot_be_named_either(world):
    with pytest.raises(ValidationError):
        need_message_post(need=world.need, author=world.advisor, body="Karim Haddad conviendrait aussi.")


def test_a_candidate_of_another_platform_in_the_need_s_workflow_cannot_be_named(world):
    handed = CandidateFactory(presentable=True, platform=PlatformFactory(), first_name="Léa", last_name="Roussel")
    presentation_in(Status.SHORTLISTED, need=world.need, candidate=handed)
    with pytest.raises(ValidationError):
        need_message_post(need=world.need, author=world.advisor, body="Lea Roussel est retenue.")


def test_a_name_the_employer_was_given_may_be_written(world):
    message = need_message_post(
        need=world.need, author=world.member, body="Inès Morel viendra à 10 h, merci de prévenir Mme MOREL Inès."
    )
    assert message.pk is not None


def test_a_name_given_on_another_need_of_the_same_employer_may_be_written(world):
    another = StaffingNeed.objects.create(
        **{
            field.attname: getattr(world.need, field.attname)
            for field in StaffingNeed._meta.concrete_fields
            if not field.primary_key
        }
    )
    assert need_message_post(need=another, author=world.member, body="Inès Morel, comme convenu.").need == another


def test_a_word_that_contains_a_name_is_not_refused(world):
    message = need_message_post(
        need=world.need, author=world.member, body="Nadiana Benalissa, notre responsable, vous rappellera."
    )
    assert message.pk is not None


def test_the_name_is_protected_again_once_the_presentation_ends_without_a_hire(world):
    presentation = world.revealed.presentations.get()
    presentation.status = Status.NOT_HIRED
    presentation.reason = "Pas retenue"
    presentation.save()
    with pytest.raises(ValidationError):
        need_message_post(need=world.need, author=world.member, body="Inès Morel ?")


def test_protected_identities_are_read_in_two_queries(world, django_assert_num_queries):
    for _number in range(5):
        presentation_in(Status.PRESENTED, need=world.need)
    world.need.refresh_from_db()
    world.need.employer.platform  # noqa: B018 - loaded as the views load it

    with django_assert_num_queries(2):
        identities = protected_identities_for_need(need=world.need)

    names = {(identity.first_name, identity.last_name) for identity in identities}
    assert ("Nadia", "Benali") in names
    assert ("Karim", "Haddad") in names
    assert ("Inès", "Morel") not in names


def test_unread_counts_follow_read_marks_and_skip_one_s_own_side(world, django_assert_num_queries):
    first = need_message_post(need=world.need, author=world.advisor, body="Premier point")
    need_message_post(need=world.need, author=world.advisor, body="Second point")

    assert unread_counts(user=world.member, need_ids=[world.need.pk]) == {world.need.pk: 2}
    # One query for any number of needs, once the user's memberships are read (as every request reads them).
    with django_assert_num_queries(1):
        assert unread_counts(user=world.member, need_ids=[world.need.pk, world.need.pk + 1]) == {world.need.pk: 2}
    assert unread_counts(user=world.advisor, need_ids=[world.need.pk]) == {}

    need_thread_mark_read(need=world.need, user=world.member, up_to=first)
    assert unread_counts(user=world.member, need_ids=[world.need.pk]) == {world.need.pk: 1}
    need_thread_mark_read(need=world.need, user=world.member)
    assert unread_counts(user=world.member, need_ids=[world.need.pk]) == {}
    # Reading an older message again does not move the mark back.
    need_thread_mark_read(need=world.need, user=world.member, up_to=first)
    assert unread_counts(user=world.member, need_ids=[world.need.pk]) == {}
    assert NeedThreadRead.objects.filter(user=world.member, need=world.need).count() == 1

    reply = need_message_post(need=world.need, author=world.member, body="Merci")
    assert unread_counts(user=world.advisor, need_ids=[world.need.pk]) == {world.need.pk: 1}
    assert needs_with_messages_waiting(user=world.advisor) == [(world.need.pk, world.need.title, 1)]
    assert needs_with_messages_waiting(user=world.other_advisor) == []
    need_thread_mark_read(need=world.need, user=world.advisor, up_to=reply)
    assert needs_with_messages_waiting(user=world.advisor) == []


def test_a_read_mark_names_a_message_of_its_own_need(world):
    elsewhere = StaffingNeed.objects.exclude(pk=world.need.pk).filter(employer__platform=world.need.employer.platform)
    message = need_message_post(need=elsewhere.first(), author=world.advisor, body="Autre besoin")
    with pytest.raises(ValidationError):
        need_thread_mark_read(need=world.need, user=world.advisor, up_to=message)


def test_messages_and_read_marks_go_with_their_need(world):
    need = StaffingNeed.objects.exclude(pk=world.need.pk).get(employer=world.other_member.memberships.get().employer)
    need_message_post(need=need, author=world.other_member, body="Bonjour")
    need_thread_mark_read(need=need, user=world.other_member)
    kept = need_message_post(need=world.need, author=world.member, body="Bonjour")

    need.delete()

    assert list(NeedMessage.objects.values_list("pk", flat=True)) == [kept.pk]
    assert list(NeedThreadRead.objects.values_list("need_id", flat=True)) == [world.need.pk]


def test_an_author_s_deleted_account_leaves_the_message_and_its_side(world):
    message = need_message_post(need=world.need, author=world.member, body="Bonjour")
    world.member.delete()
    message.refresh_from_db()
    assert (message.author, message.side, message.body) == (None, MessageSide.EMPLOYER, "Bonjour")
