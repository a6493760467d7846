"""The data step of ``matching`` 0012: presentations stored as "proposed" become "shortlisted", history included."""

import importlib

import pytest
from django.apps import apps

from matching.enums import PresentationStatus as Status
from matching.models import Presentation, PresentationTransition
from tests.accounts.factories import UserFactory
from tests.matching.presentation_world import presentation_in

pytestmark = pytest.mark.django_db

migration = importlib.import_module("matching.migrations.0012_presentation_status_shortlisted")


def test_proposed_rows_become_shortlisted_and_back():
    by = UserFactory()
    waiting = presentation_in(Status.SHORTLISTED)
    presented = presentation_in(Status.PRESENTED)
    Presentation.objects.filter(pk=waiting.pk).update(status="proposed")
    PresentationTransition.objects.create(presentation=waiting, from_status="", to_status="proposed", by=by)
    PresentationTransition.objects.create(presentation=presented, from_status="proposed", to_status="presented", by=by)

    migration.to_shortlisted(apps, None)

    assert dict(Presentation.objects.values_list("pk", "status")) == {
        waiting.pk: "shortlisted",
        presented.pk: "presented",
    }
    assert sorted(PresentationTransition.objects.values_list("from_status", "to_status")) == [
        ("", "shortlisted"),
        ("shortlisted", "presented"),
    ]

    migration.to_proposed(apps, None)

    assert Presentation.objects.get(pk=waiting.pk).status == "proposed"
    assert sorted(PresentationTransition.objects.values_list("from_status", "to_status")) == [
        ("", "proposed"),
        ("proposed", "presented"),
    ]
