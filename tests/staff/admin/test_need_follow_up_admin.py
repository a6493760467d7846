"""The admin of needs without activity (confirmed still open or closed through matching.services.stale_needs, with
its refusals) and of needs' threads (read by the need's platform's staff only)."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from employers.enums import NeedStatus
from employers.models import StaffingNeed
from matching.enums import MessageSide
from matching.models import NeedMessage, NeedStaleness
from tests.accounts.factories import AdvisorFactory
from tests.employers.factories import StaffingNeedFactory

pytestmark = pytest.mark.django_db

STALE = "admin:matching_needstaleness_changelist"
MESSAGES = "admin:matching_needmessage_changelist"


def shown(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def act(client, action: str, rows: list, **data):
    return client.post(reverse(STALE), {"action": action, "_selected_action": [row.pk for row in rows], **data})


@pytest.fixture
def staleness(platform):
    need = StaffingNeedFactory(open=True, employer__platform=platform, title="Téléconseil Lens")
    return NeedStaleness.objects.create(need=need, flagged_at=timezone.now())


def test_the_list_shows_the_platform_s_quiet_needs_only(client, advisor, staleness):
    NeedStaleness.objects.create(need=StaffingNeedFactory(open=True, title="Préparation Amiens"))
    client.force_login(advisor)

    page = client.get(reverse(STALE)).content.decode()

    assert "Téléconseil Lens" in page
    assert "Préparation Amiens" not in page


def test_still_open_is_recorded_through_the_service(client, advisor, staleness):
    client.force_login(advisor)

    response = act(client, "confirm_still_open", [staleness])

    assert response.status_code == 302
    staleness.refresh_from_db()
    assert staleness.confirmed_by == advisor
    assert staleness.confirmed_at is not None


def test_a_need_no_longer_open_is_not_confirmed(client, advisor, staleness):
    StaffingNeed.objects.filter(pk=staleness.need_id).update(status=NeedStatus.CLOSED)
    client.force_login(advisor)

    response = act(client, "confirm_still_open", [staleness])

    assert any("Seul un besoin ouvert peut être confirmé toujours ouvert." in text for text in shown(response))
    staleness.refresh_from_db()
    assert staleness.confirmed_at is None


def test_closing_asks_for_a_reason_then_closes_through_the_service(client, advisor, staleness):
    client.force_login(advisor)

    refused = act(client, "close_needs", [staleness], reason="  ")

    assert any("Indiquez pourquoi le besoin est clôturé." in text for text in shown(refused))
    staleness.need.refresh_from_db()
    assert staleness.need.status == NeedStatus.OPEN

    act(client, "close_needs", [staleness], reason="Poste pourvu en interne")

    staleness.need.refresh_from_db()
    assert staleness.need.status == NeedStatus.CLOSED


def test_another_platform_s_staff_neither_see_nor_close_the_need(client, staleness):
    client.force_login(AdvisorFactory())

    assert "Téléconseil Lens" not in client.get(reverse(STALE)).content.decode()
    act(client, "close_needs", [staleness], reason="Pas à nous")

    staleness.need.refresh_from_db()
    assert staleness.need.status == NeedStatus.OPEN


def test_a_thread_s_messages_are_read_by_the_need_s_platform_only(client, advisor, staleness):
    message = NeedMessage.objects.create(
        need=staleness.need, author=advisor, side=MessageSide.PLATFORM, body="Des nouvelles du recrutement ?"
    )
    client.force_login(advisor)

    assert "Des nouvelles du recrutement ?" in client.get(reverse(MESSAGES)).content.decode()
    page = client.get(reverse("admin:matching_needmessage_change", args=[message.pk])).content.decode()
    assert "Des nouvelles du recrutement ?" in page
    assert 'name="body"' not in page

    client.force_login(AdvisorFactory())
    assert "Des nouvelles du recrutement ?" not in client.get(reverse(MESSAGES)).content.decode()
    assert client.get(reverse("admin:matching_needmessage_change", args=[message.pk])).status_code == 302
