"""A platform's deadlines for employers who do not answer: defaults, and bounds kept by the database."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from accounts.models import Platform
from tests.accounts.factories import PlatformFactory

pytestmark = pytest.mark.django_db


def test_a_new_platform_reminds_after_five_working_days_and_expires_after_fifteen_days():
    platform = PlatformFactory()
    assert (platform.employer_reminder_working_days, platform.presentation_expiry_days) == (5, 15)


@pytest.mark.parametrize(
    ("reminder", "expiry", "message"),
    [
        (0, 15, "La relance a lieu après 1 à 90 jours ouvrés."),
        (5, 91, "Une présentation expire au plus tard après 90 jours."),
        (10, 14, "Une présentation doit expirer après sa relance"),  # ten working days take fourteen days
    ],
)
def test_deadlines_out_of_bounds_are_refused_with_a_message(reminder, expiry, message):
    platform = PlatformFactory.build(employer_reminder_working_days=reminder, presentation_expiry_days=expiry)
    with pytest.raises(ValidationError) as refused:
        platform.full_clean()
    assert message in str(refused.value)
    with pytest.raises(IntegrityError), transaction.atomic():
        platform.save()
    assert not Platform.objects.filter(slug=platform.slug).exists()


def test_the_expiry_may_come_the_day_after_the_reminder_s_working_days():
    platform = PlatformFactory.build(employer_reminder_working_days=10, presentation_expiry_days=15)
    platform.full_clean()
    platform.save()
    assert Platform.objects.filter(pk=platform.pk).exists()
