"""Open needs without activity: flagged once per staleness period, confirmed still open or closed, with time travel
(``now=``)."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from employers.enums import NeedStatus
from employers.models import StaffingNeed
from matching.models import NeedStaleness, PresentationTransition
from matching.services.stale_needs import need_still_open_confirm, stale_need_close, stale_needs_flag
from matching.todo_selectors import TodoScope, stale_needs
from notifications.deadline_notices import stale_need_notice_send
from notifications.models import TaskToSend
from tests.accounts.factories import AdvisorFactory
from tests.employers.factories import StaffingNeedFactory
from tests.matching.presentation_world import presentation_in

pytestmark = pytest.mark.django_db
DAY = datetime.timedelta(days=1)


def quiet_need(days: int, **fields) -> StaffingNeed:
    """An open need whose last save and status change were ``days`` ago."""
    need = StaffingNeedFactory(open=True, **fields)
    then = timezone.now() - days * DAY
    StaffingNeed.objects.filter(pk=need.pk).update(updated_at=then, status_changed_at=then)
    return need


def test_a_need_quiet_for_sixty_days_is_flagged_once_and_its_platform_told():
    need = quiet_need(61)
    recent = quiet_need(59)
    closed = quiet_need(90, status=NeedStatus.CLOSED)
    advisor = AdvisorFactory(memberships__platform=need.employer.platform)

    assert stale_needs_flag() == [need.pk]
    assert stale_needs_flag() == []  # the same period: flagged once
    assert stale_needs_flag(now=timezone.now() + 10 * DAY) == [recent.pk]
    assert closed.pk not in stale_needs_flag(now=timezone.now() + 30 * DAY)

    (promise,) = TaskToSend.objects.filter(
        task_name="notifications.tasks.stale_need_notice_send", arguments__0=need.pk
    )
    assert stale_need_notice_send(need_id=promise.arguments[0], flagged_iso=promise.arguments[1]) == 1
    assert stale_need_notice_send(need_id=promise.arguments[0], flagged_iso=promise.arguments[1]) == 0
    assert NeedStaleness.objects.get(need=need).flagged_at is not None
    assert mail.outbox[0].to == [advisor.email]


def test_a_presentation_step_is_activity():
    need = quiet_need(90)
    presentation = presentation_in("presented", need=need)
    PresentationTransition.objects.filter(presentation=presentation).delete()
    PresentationTransition.objects.create(
        presentation=presentation, from_status="shortlisted", to_status="presented", at=timezone.now() - 10 * DAY
    )

    assert stale_needs_flag() == []
    assert stale_needs_flag(now=timezone.now() + 51 * DAY) == [need.pk]


def test_confirming_still_open_keeps_the_need_off_the_list_for_sixty_days_then_it_is_flagged_again():
    need = quiet_need(61)
    advisor = AdvisorFactory(memberships__platform=need.employer.platform)
    stale_needs_flag()
    scope = TodoScope(user=advisor, mine=False)
    assert list(stale_needs(scope, now=timezone.now())) == [need]

    need_still_open_confirm(need=need, by=advisor)

    assert list(stale_needs(scope, now=timezone.now())) == []
    assert stale_needs_flag(now=timezone.now() + 59 * DAY) == []
    assert stale_needs_flag(now=timezone.now() + 61 * DAY) == [need.pk]
    assert NeedStaleness.objects.get(need=need).confirmed_by == advisor


def test_closing_needs_a_reason_and_closes_the_need():
    need = quiet_need(61)
    advisor = AdvisorFactory(memberships__platform=need.employer.platform)

    with pytest.raises(ValidationError):
        stale_need_close(need=need, by=advisor, reason=" ")
    stale_need_close(need=need, by=advisor, reason="Poste pourvu en interne")

    need.refresh_from_db()
    assert need.status == NeedStatus.CLOSED
    with pytest.raises(ValidationError):
        need_still_open_confirm(need=need, by=advisor)


def test_the_to_do_page_lists_the_need_and_its_two_actions_work(client):
    need = quiet_need(61, title="Préparateur de commandes")
    other_platform_need = quiet_need(61)
    advisor = AdvisorFactory(memberships__platform=need.employer.platform)
    client.force_login(advisor)

    page = client.get(reverse("staff:todo") + "?scope=platform")
    assert "Préparateur de commandes" in page.text
    assert reverse("staff:stale_need_confirm", args=[need.pk]) in page.text

    response = client.post(reverse("staff:stale_need_close", args=[need.pk]), {"reason": ""})
    assert response.status_code == 302
    assert StaffingNeed.objects.get(pk=need.pk).status == NeedStatus.OPEN
    response = client.post(reverse("staff:stale_need_confirm", args=[need.pk]))
    assert response.status_code == 302
    assert NeedStaleness.objects.get(need=need).confirmed_at is not None
    response = client.post(reverse("staff:stale_need_close", args=[need.pk]), {"reason": "Recrutement abandonné"})
    assert StaffingNeed.objects.get(pk=need.pk).status == NeedStatus.CLOSED
    # Another platform's need is not found.
    assert client.post(reverse("staff:stale_need_confirm", args=[other_platform_need.pk])).status_code == 404
