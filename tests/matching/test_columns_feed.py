"""The change feed of the candidates' columns: a row for each change that matters to matching, whoever wrote it,
and none for the rest (``matching.columns_feed``'s triggers, PostgreSQL only)."""

import datetime

import pytest
from django.db import connection

from candidates.models import Candidate, CandidateLanguage, CandidateSkill
from matching.columns_feed import child_tables, matching_columns
from matching.models import CandidateColumnsChange
from matching.models.columns_feed import REBUILD_ALL
from matching.services.columns_feed import columns_feed_prune
from tests.candidates.factories import CandidateFactory, SensitiveSituationFactory
from tests.referentials.factories import CommuneFactory, LanguageFactory, OccupationFactory, SkillFactory

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="the feed's triggers are PostgreSQL's"),
]


def fed() -> list[int]:
    """The candidates the feed names since the last call (the rows are then forgotten)."""
    ids = list(CandidateColumnsChange.objects.order_by("id").values_list("candidate_id", flat=True))
    CandidateColumnsChange.objects.all().delete()
    return ids


@pytest.fixture
def person():
    # Every contract and working time accepted: turning any one of them off still leaves a valid profile.
    accepts = {f"accepts_{name}": True for name in ("cdi", "cdd", "temporary", "full_time", "part_time")}
    person = CandidateFactory(presentable=True, **accepts)
    fed()
    return person


def _other_value(field, value, commune):
    if field.get_internal_type() == "BooleanField":
        return not value
    if field.get_internal_type() == "DateField":
        return (value or datetime.date(2026, 1, 1)) + datetime.timedelta(days=3)
    if field.is_relation:
        return commune.pk
    if field.choices:
        return next(choice for choice, _label in field.choices if choice != value)
    return (value or 0) + 1


def test_every_matching_column_of_the_profile_feeds_a_change(person):
    commune = CommuneFactory()
    fed()  # a reference table's change
    for column in matching_columns():
        field = next(field for field in Candidate._meta.concrete_fields if field.column == column)
        value = getattr(person, field.attname)
        Candidate.objects.filter(pk=person.pk).update(**{field.attname: _other_value(field, value, commune)})
        assert fed() == [person.pk], column
        Candidate.objects.filter(pk=person.pk).update(**{field.attname: value})
        fed()


def test_contact_identity_and_sensitive_changes_feed_nothing(person):
    Candidate.objects.filter(pk=person.pk).update(phone="06 12 34 56 78", first_name="Inès", travels_by_bike=True)
    person.save()  # every column written again, none changed
    SensitiveSituationFactory(candidate=person)
    assert fed() == []


def test_child_rows_feed_their_candidate_whatever_the_change(person):
    skill, language, occupation = SkillFactory(), LanguageFactory(), OccupationFactory()
    fed()  # the reference tables' own rows
    CandidateSkill.objects.create(candidate=person, skill=skill)
    CandidateLanguage.objects.create(candidate=person, language=language, level=3)
    person.desired_occupations.add(occupation)
    CandidateLanguage.objects.filter(candidate=person).update(level=5)
    CandidateSkill.objects.filter(candidate=person).delete()
    person.desired_occupations.clear()
    assert fed() == [person.pk] * 6
    assert len(child_tables()) == 4


def test_a_row_moved_to_another_candidate_feeds_both(person):
    other = CandidateFactory()
    CandidateSkill.objects.create(candidate=person, skill=SkillFactory())
    fed()
    CandidateSkill.objects.filter(candidate=person).update(candidate=other)
    assert sorted(fed()) == sorted([person.pk, other.pk])


def test_a_new_or_deleted_candidate_feeds_a_change(person):
    newcomer = CandidateFactory(commune=person.commune)
    assert fed() == [newcomer.pk]
    person_id = person.pk
    person.delete()
    assert person_id in fed()
    Candidate.objects.filter(pk=newcomer.pk).delete()
    assert newcomer.pk in fed()


def test_a_reference_table_changed_asks_every_worker_to_read_everything(person):
    SkillFactory()
    assert fed() == [REBUILD_ALL]


def test_the_feed_keeps_a_day(person):
    CandidateFactory(commune=person.commune)
    CandidateColumnsChange.objects.update(changed_at=datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC))
    CandidateFactory(commune=person.commune)
    assert columns_feed_prune(now=datetime.datetime(2026, 1, 2, 12, tzinfo=datetime.UTC)) == 1
    assert CandidateColumnsChange.objects.count() == 1
