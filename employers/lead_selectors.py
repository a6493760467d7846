"""Reads of employer leads, scoped to the platforms of the user who asks (``accounts.access``): another platform's
lead is simply not found."""

import datetime

from django.db.models import Count, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from accounts.access import is_platform_staff
from accounts.models import User
from employers.leads import EmployerLead


def lead_list_for_staff(*, user: User, status: str | None = None) -> QuerySet[EmployerLead]:
    """The leads of the user's platforms (every lead for a superuser), with their commune and employer, and the
    number of needs created from each (``needs_count``); only those in ``status`` when it is given."""
    leads = EmployerLead.objects.for_platform_staff(user)
    if status:
        leads = leads.filter(status=status)
    return (
        leads.select_related("commune", "employer", "platform")
        .annotate(needs_count=Count("needs"))
        .order_by("-first_contact_on", "-pk")
    )


def leads_overdue(*, user: User, today: datetime.date | None = None) -> QuerySet[EmployerLead]:
    """The user's platforms' leads still waiting for the visit promised within ``VISIT_PROMISE_DAYS`` of the first
    contact, the longest waiting first."""
    today = today or timezone.localdate()
    return (
        EmployerLead.objects.for_platform_staff(user)
        .overdue(today=today)
        .select_related("commune")
        .order_by("first_contact_on", "pk")
    )


def lead_for_staff(*, user: User, lead_id: int) -> EmployerLead:
    """A lead of the user's platforms; not found for anyone else."""
    if not is_platform_staff(user):
        raise Http404
    return get_object_or_404(
        EmployerLead.objects.for_platform_staff(user).select_related(
            "commune", "employer", "platform", "visited_by", "created_by"
        ),
        pk=lead_id,
    )
