"""Reads of employer leads: scoped to the user's platforms, and the overdue ones (no visit 10 days after the first
contact)."""

import datetime

import pytest
from django.http import Http404
from django.utils import timezone

from employers.enums import VISIT_PROMISE_DAYS, LeadStatus
from employers.lead_selectors import lead_for_staff, lead_list_for_staff, leads_overdue
from tests.accounts.factories import AdvisorFactory
from tests.employers.factories import EmployerLeadFactory

pytestmark = pytest.mark.django_db


def _days_ago(days: int) -> datetime.date:
    return timezone.localdate() - datetime.timedelta(days=days)


def test_staff_see_their_platforms_leads_only(platform, advisor):
    own = EmployerLeadFactory(platform=platform)
    other = EmployerLeadFactory()
    assert list(lead_list_for_staff(user=advisor)) == [own]
    assert lead_for_staff(user=advisor, lead_id=own.pk) == own
    with pytest.raises(Http404):
        lead_for_staff(user=advisor, lead_id=other.pk)
    assert list(lead_list_for_staff(user=AdvisorFactory(memberships__platform=other.platform))) == [other]


def test_the_list_filters_by_status(platform, advisor):
    new = EmployerLeadFactory(platform=platform)
    visited = EmployerLeadFactory(platform=platform, visited=True)
    assert list(lead_list_for_staff(user=advisor, status=LeadStatus.VISITED)) == [visited]
    assert list(lead_list_for_staff(user=advisor, status=LeadStatus.NEW)) == [new]


def test_a_lead_is_overdue_the_day_after_the_promise(platform, advisor):
    on_the_last_day = EmployerLeadFactory(platform=platform, first_contact_on=_days_ago(VISIT_PROMISE_DAYS))
    a_day_late = EmployerLeadFactory(platform=platform, first_contact_on=_days_ago(VISIT_PROMISE_DAYS + 1))
    booked_late = EmployerLeadFactory(platform=platform, booked=True, first_contact_on=_days_ago(30))
    EmployerLeadFactory(platform=platform, first_contact_on=_days_ago(20), visited=True)
    EmployerLeadFactory(
        platform=platform, first_contact_on=_days_ago(20), status=LeadStatus.CLOSED, closed_reason="Injoignable"
    )
    EmployerLeadFactory(first_contact_on=_days_ago(20))  # another platform's
    assert list(leads_overdue(user=advisor)) == [booked_late, a_day_late]
    assert not on_the_last_day.is_overdue(timezone.localdate())
    assert a_day_late.is_overdue(timezone.localdate())
    assert a_day_late.days_since_first_contact(timezone.localdate()) == VISIT_PROMISE_DAYS + 1
