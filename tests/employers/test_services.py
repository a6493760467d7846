import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from employers.enums import NeedStatus
from employers.models import NeedStatusChange, StaffingNeed
from employers.services import need_status_change
from matching.services.needs import need_cancel, need_close, need_publish
from tests.employers.factories import StaffingNeedFactory

pytestmark = pytest.mark.django_db


def history(need: StaffingNeed) -> list[tuple[str, str]]:
    return list(need.status_changes.order_by("changed_at", "pk").values_list("from_status", "to_status"))


def test_publish_opens_a_draft_and_records_who_and_when(advisor):
    need = StaffingNeedFactory()
    before = timezone.now()

    returned = need_publish(need=need, by=advisor)

    assert returned is need
    assert need.status == NeedStatus.OPEN
    assert need.status_changed_by == advisor
    assert before <= need.status_changed_at <= timezone.now()
    change = NeedStatusChange.objects.get(need=need)
    assert (change.from_status, change.to_status) == (NeedStatus.DRAFT, NeedStatus.OPEN)
    assert change.changed_by == advisor
    assert change.changed_at == need.status_changed_at
    stored = StaffingNeed.objects.get(pk=need.pk)
    assert (stored.status, stored.status_changed_by) == (NeedStatus.OPEN, advisor)


@pytest.mark.parametrize(
    ("from_status", "to_status"),
    [
        (NeedStatus.CANCELLED, NeedStatus.OPEN),
        (NeedStatus.DRAFT, NeedStatus.FILLED),
        (NeedStatus.DRAFT, NeedStatus.CLOSED),
        (NeedStatus.CLOSED, NeedStatus.CANCELLED),
    ],
)
def test_forbidden_transition_is_refused_and_records_nothing(advisor, from_status, to_status):
    need = StaffingNeedFactory(status=from_status)

    with pytest.raises(ValidationError) as raised:
        need_status_change(need=need, to_status=to_status, by=advisor)

    assert raised.value.code == "invalid_transition"
    assert not NeedStatusChange.objects.exists()
    stored = StaffingNeed.objects.get(pk=need.pk)
    assert stored.status == from_status
    assert stored.status_changed_by is None


def test_publishing_a_draft_whose_start_date_has_passed_is_refused(advisor):
    need = StaffingNeedFactory()
    past = timezone.localdate() - datetime.timedelta(days=3)
    StaffingNeed.objects.filter(pk=need.pk).update(start_date=past)

    with pytest.raises(ValidationError) as raised:
        need_publish(need=need, by=advisor)

    assert raised.value.code == "start_date_past"
    assert past.isoformat() in raised.value.messages[0]
    assert StaffingNeed.objects.get(pk=need.pk).status == NeedStatus.DRAFT
    assert not NeedStatusChange.objects.exists()


def test_publishing_a_need_without_opening_left_is_refused(advisor):
    need = StaffingNeedFactory(headcount=3, hires_count=3)
    with pytest.raises(ValidationError) as raised:
        need_publish(need=need, by=advisor)
    assert raised.value.code == "no_opening_left"
    assert not NeedStatusChange.objects.exists()


def test_close_then_reopen_keeps_the_whole_history(advisor, superuser):
    need = StaffingNeedFactory()

    need_publish(need=need, by=advisor)
    need_close(need=need, by=advisor, reason="Recrutement suspendu")
    assert need.status == NeedStatus.CLOSED
    need_publish(need=need, by=superuser)

    assert need.status == NeedStatus.OPEN
    assert need.status_changed_by == superuser
    assert history(need) == [
        (NeedStatus.DRAFT, NeedStatus.OPEN),
        (NeedStatus.OPEN, NeedStatus.CLOSED),
        (NeedStatus.CLOSED, NeedStatus.OPEN),
    ]
    assert need.status_changes.get(to_status=NeedStatus.CLOSED).reason == "Recrutement suspendu"
    assert [change.changed_by for change in need.status_changes.order_by("changed_at", "pk")] == [
        advisor,
        advisor,
        superuser,
    ]


def test_closed_need_whose_start_date_has_passed_can_be_reopened(advisor):
    """Only a draft is checked against today: a running recruitment may resume after its first start date."""
    need = StaffingNeedFactory()
    need_publish(need=need, by=advisor)
    need_close(need=need, by=advisor)
    StaffingNeed.objects.filter(pk=need.pk).update(start_date=timezone.localdate() - datetime.timedelta(days=10))

    need_publish(need=need, by=advisor)

    assert StaffingNeed.objects.get(pk=need.pk).status == NeedStatus.OPEN


def test_cancelled_need_stays_cancelled(advisor):
    need = StaffingNeedFactory()
    need_cancel(need=need, by=advisor, reason="Projet abandonné")

    with pytest.raises(ValidationError):
        need_publish(need=need, by=advisor)

    assert need.status == NeedStatus.CANCELLED
    assert history(need) == [(NeedStatus.DRAFT, NeedStatus.CANCELLED)]


def test_status_change_without_author_is_recorded_as_such():
    need = StaffingNeedFactory()
    need_publish(need=need, by=None)
    assert need.status_changed_by is None
    assert need.status_changes.get().changed_by is None
